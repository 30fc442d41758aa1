"""Your day: the agenda, the reminder before a booking, and the Home tab's Today section and
settings with their controls."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from blockkit import ids
from blockkit.bookings import who
from blockkit.text import button, context, divider, escape, plain, section, when
from calcom.models import Booking

MAX_AGENDA = 20
REMIND_CHOICES = (5, 10, 15, 30, 60)
MAX_LABEL = 75


def meeting_link(booking: Booking) -> str | None:
    """The booking's meeting link, only when it is an http(s) URL (never a phone number or an
    address, never another scheme)."""
    for candidate in (booking.meeting_url, booking.location):
        text = (candidate or "").strip()
        if not text or len(text) > 3000 or any(c.isspace() for c in text):
            continue
        parts = urlsplit(text)
        if parts.scheme in ("http", "https") and parts.netloc:
            return text
    return None


def _label(verb: str, booking: Booking) -> str:
    return f"{verb} {booking.title or 'booking'}"[:MAX_LABEL]


def booking_buttons(booking: Booking, *, details: bool = True) -> dict[str, Any] | None:
    """Join (a URL button, only for an http(s) link) and Details, unique per booking."""
    elements: list[dict[str, Any]] = []
    link = meeting_link(booking)
    if link:
        elements.append(button("Join", f"{ids.JOIN}:day:{booking.uid}", booking.uid, "primary",
                               url=link, accessibility_label=_label("Join", booking)))
    if details:
        elements.append(button("Details", f"{ids.DETAILS}:day:{booking.uid}", booking.uid,
                               accessibility_label=_label("Details of", booking)))
    if not elements:
        return None
    return {"type": "actions", "block_id": f"day:{booking.uid}", "elements": elements}


def _line(booking: Booking) -> str:
    start = when(booking.start, "{time}")
    end = f"–{when(booking.end, '{time}')}" if booking.end else ""
    return f"*{start}{end}* {escape(booking.title)} with {who(booking)}"


def _day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _booking_rows(bookings: list[Booking], most: int) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    for booking in bookings[:most]:
        blocks.append(section(_line(booking)))
        row = booking_buttons(booking)
        if row:
            blocks.append(row)
    if len(bookings) > most:
        blocks.append(context(f"…and {len(bookings) - most} more."))
    return blocks


def agenda_text(day: date, today: list[Booking], pending: list[Booking]) -> str:
    """The top-level text: it stands alone (notifications, screen readers)."""
    count = {0: "no bookings", 1: "1 booking"}.get(len(today), f"{len(today)} bookings")
    text = f"Your agenda for {_day_label(day)}: {count}"
    if today:
        first = today[0]
        text += f", the first {escape(first.title or 'booking')} at {when(first.start, '{time}')}"
    if pending:
        text += f"; {len(pending)} awaiting your approval"
    return text + "."


def agenda(day: date, today: list[Booking], pending: list[Booking], *,
           command: str = "/cal", daily: bool = False) -> dict[str, Any]:
    """`/cal agenda` and the workday DM: today's bookings in order, then what awaits approval."""
    blocks: list[dict[str, Any]] = [section(f"*Your agenda for {_day_label(day)}*")]
    if today:
        blocks += _booking_rows(today, MAX_AGENDA)
    else:
        blocks.append(context("No bookings today."))
    if pending:
        blocks.append(divider())
        blocks.append(section(f"*Awaiting your approval* ({len(pending)})"))
        blocks += _booking_rows(pending, 10)
        blocks.append(context(f"Confirm or decline them with `{command} pending`."))
    if daily:
        blocks.append(context(f"Sent every workday. Change it with `{command} agenda on HH:MM`"
                              f" or stop it with `{command} agenda off`."))
    return {"text": agenda_text(day, today, pending), "blocks": blocks[:50]}


def reminder(booking: Booking, minutes: int) -> dict[str, Any]:
    """The DM before a booking starts: what, when, with whom, and Join."""
    lead = "1 minute" if minutes == 1 else f"{minutes} minutes"
    title = escape(booking.title or "Your booking")
    text = (f"Starting in {lead}: {title} with {who(booking)} at "
            f"{when(booking.start, '{time}')}.")
    blocks: list[dict[str, Any]] = [
        section(f":alarm_clock: *{title}* starts in {lead} — "
                f"{when(booking.start, '{date_short_pretty} at {time}')}\nWith {who(booking)}")]
    row = booking_buttons(booking)
    if row:
        blocks.append(row)
    if not meeting_link(booking):
        blocks.append(context("No meeting link in the booking."))
    return {"text": text, "blocks": blocks}


# ---- Home tab ------------------------------------------------------------------------------


def today_section(today: list[Booking] | None, day: date) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [divider(),
                                    section(f"*Today* — {_day_label(day)} ({len(today or [])})")]
    if today is None:
        blocks.append(context("Today's bookings couldn't be read from Cal.com just now."))
    elif not today:
        blocks.append(context("Nothing booked today."))
    else:
        blocks += _booking_rows(today, 10)
    return blocks


def _remind_option(minutes: int | None) -> dict[str, Any]:
    if minutes is None:
        return {"text": plain("Off"), "value": "off"}
    return {"text": plain(f"{minutes} minutes before"), "value": str(minutes)}


def settings_section(*, agenda_at: str | None, remind_min: int | None,
                     channels: list[tuple[str, str]], default_at: str) -> list[dict[str, Any]]:
    """The user's settings with controls that change them in place. ``channels`` are
    (channel id, what it gets) — a DM channel (``D…``) is the user's own DM."""
    choices = [None, *REMIND_CHOICES]
    if remind_min is not None and remind_min not in REMIND_CHOICES:
        choices.append(remind_min)
    agenda_text = (f"*Daily agenda*: every workday at {agenda_at}" if agenda_at
                   else "*Daily agenda*: off")
    blocks: list[dict[str, Any]] = [
        divider(), section("*Your settings*"),
        section(agenda_text, block_id=f"{ids.DAY_SETTINGS}:agenda", accessory={
            "type": "timepicker", "action_id": ids.DAY_AGENDA_TIME,
            "initial_time": agenda_at or default_at,
            "placeholder": plain("Agenda time")}),
        {"type": "actions", "block_id": f"{ids.DAY_SETTINGS}:agenda_toggle", "elements": [
            button("Turn the agenda off", ids.DAY_AGENDA_TOGGLE, "off") if agenda_at else
            button("Send me the agenda", ids.DAY_AGENDA_TOGGLE, "on", "primary")]},
        section("*Reminders* before each booking", block_id=f"{ids.DAY_SETTINGS}:remind",
                accessory={"type": "static_select", "action_id": ids.DAY_REMIND,
                           "placeholder": plain("Reminders"),
                           "options": [_remind_option(m) for m in choices],
                           "initial_option": _remind_option(remind_min)}),
    ]
    if channels:
        blocks.append(section("*Notifications*"))
        for channel, events in channels[:10]:
            dm = channel.startswith("D")
            where = "Your DMs" if dm else f"<#{channel}>"
            label = "Stop notices in your DMs" if dm else f"Stop notices in {channel}"
            blocks.append(section(f"{where}: {escape(events)}",
                                  block_id=f"{ids.DAY_SETTINGS}:notify:{channel}",
                                  accessory=button("Stop", f"{ids.DAY_NOTIFY_OFF}:{channel}",
                                                   channel, accessibility_label=label)))
    else:
        blocks.append(section("*Notifications*: none"))
    if not any(channel.startswith("D") for channel, _ in channels):
        blocks.append({"type": "actions", "block_id": f"{ids.DAY_SETTINGS}:notify_me",
                       "elements": [button("Notify me by DM", ids.DAY_NOTIFY_ME, "all")]})
    return blocks


def with_day(view: dict[str, Any], today: list[dict[str, Any]],
             settings: list[dict[str, Any]]) -> dict[str, Any]:
    """The Home view with Today after its header (connection and actions), before the
    approvals and upcoming lists, and the settings last; the lists give way to stay within
    Slack's 100 blocks."""
    blocks = list(view.get("blocks") or [])
    at = next((i for i, b in enumerate(blocks) if b.get("type") == "divider"), len(blocks))
    head, lists = blocks[:at], blocks[at:]
    room = max(0, 100 - len(head) - len(today) - len(settings))
    return {**view, "blocks": head + today + lists[:room] + settings}


def settings_text(*, agenda_at: str | None, remind_min: int | None) -> str:
    agenda_part = f"agenda every workday at {agenda_at}" if agenda_at else "no daily agenda"
    remind_part = (f"reminders {remind_min} minutes before each booking" if remind_min
                   else "no reminders")
    return f"Your day: {agenda_part}; {remind_part}."


def remind_reply(minutes: int | None) -> str:
    if minutes is None:
        return "Reminders are off. Turn them on with `/cal remind 10`."
    return (f"I'll DM you {minutes} minutes before each of your bookings starts, with a Join "
            "button. Stop with `/cal remind off`.")


def agenda_reply(at: str | None, tz: str) -> str:
    if at is None:
        return "The daily agenda is off. Turn it on with `/cal agenda on 08:30`."
    return (f"I'll DM you your agenda every workday at {at} ({tz}), when there is something "
            "on it. Stop with `/cal agenda off`.")


__all__ = [
    "agenda",
    "agenda_reply",
    "agenda_text",
    "booking_buttons",
    "meeting_link",
    "remind_reply",
    "reminder",
    "settings_section",
    "settings_text",
    "today_section",
    "with_day",
]
