"""Booking lines, booking lists, pending approvals, slot buttons, and command results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blockkit import ids
from blockkit.details import Action, action_row, label_for, names, open_in_calcom, sentence
from blockkit.notices import approval_outcome
from blockkit.shown import clean
from blockkit.text import button, context, escape, section, when
from calcom.models import Booking, EventType
from i18n import ENGLISH, N_, Translator

DEFAULT_APP_URL = "https://cal.com"

MAX_LISTED = 15
MAX_REASON = 500
STATUS_LABEL = {
    "accepted": N_("confirmed"), "pending": N_("awaiting approval"),
    "awaiting_host": N_("awaiting host"), "cancelled": N_("cancelled"),
    "rejected": N_("declined"),
}


def who(booking: Booking, t: Translator = ENGLISH) -> str:
    names = [escape(a.name or a.email) for a in booking.attendees[:3]]
    more = len(booking.attendees) - len(names)
    text = ", ".join(names) if names else t("no attendees")
    return text + (f" +{more}" if more > 0 else "")


def booking_line(booking: Booking, t: Translator = ENGLISH) -> str:
    """Title, who, when and status; the uid goes in the small line below it (`uid_line`)."""
    label = STATUS_LABEL.get(booking.status)
    status = escape(t(label) if label else booking.status, 40)
    return (t("*{title}* with {who}", title=escape(booking.title), who=who(booking, t))
            + f"\n{when(booking.start, t=t)} · {status}")


def uid_line(booking: Booking, app_url: str = DEFAULT_APP_URL) -> dict[str, Any]:
    return open_in_calcom(booking, app_url)


def booking_actions(booking: Booking, block_id: str = ids.BOOKING_ACTIONS,
                    suffix: str = "", *, actionable: bool = True) -> dict[str, Any]:
    """Details, then the actions that fit the booking's state (confirm/decline when pending,
    reschedule/cancel): every button labelled with the booking for screen readers, at most one
    red button, the rest in an overflow menu.

    With several bookings in one message or view, `suffix` keeps every action_id unique;
    listeners match the id with or without it (`ids.matching`).
    """
    lead = [button("Details", ids.DETAILS + suffix, booking.uid,
                   accessibility_label=label_for("Details of", booking))]
    wanted: list[Action] = []
    if actionable and booking.status in ("pending", "awaiting_host"):
        wanted += [Action.CONFIRM, Action.DECLINE]
    if actionable and booking.status not in ("cancelled", "rejected"):
        wanted += [Action.RESCHEDULE, Action.CANCEL]
    return action_row(booking, wanted, block_id, lead=lead, suffix=suffix)


def booking_blocks(booking: Booking, *, actions: bool = True, now: datetime | None = None,
                   app_url: str = DEFAULT_APP_URL,
                   t: Translator = ENGLISH) -> list[dict[str, Any]]:
    actionable = actions and booking.status not in ("cancelled", "rejected") and (
        now is None or (booking.end or booking.start) > now)
    return [section(booking_line(booking, t)), uid_line(booking, app_url),
            booking_actions(booking, f"{ids.BOOKING_ACTIONS}:{booking.uid}",
                            suffix=f":{booking.uid}", actionable=actionable)]


LIST_TITLE = {"upcoming": N_("Upcoming bookings"), "unconfirmed": N_("Bookings awaiting approval"),
              "past": N_("Past bookings"), "cancelled": N_("Cancelled bookings")}
LIST_EMPTY = {"upcoming": N_("No upcoming bookings."),
              "unconfirmed": N_("Nothing is waiting for your approval."),
              "past": N_("No past bookings."), "cancelled": N_("No cancelled bookings.")}


def booking_list(bookings: list[Booking], status: str, now: datetime, *,
                 command: str = "/cal", app_url: str = DEFAULT_APP_URL,
                 t: Translator = ENGLISH) -> dict[str, Any]:
    """`/cal list [status]`: a message (text + blocks)."""
    title = t(LIST_TITLE.get(status, N_("Bookings")))
    if not bookings:
        text = t(LIST_EMPTY.get(status, N_("No bookings.")))
        nudge = (t(" Book one with `{command} book`.", command=command)
                 if status == "upcoming" else "")
        return {"text": text, "blocks": [section(f"*{title}*\n{text}{nudge}")]}
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    for booking in bookings[:MAX_LISTED]:
        blocks.extend(booking_blocks(booking, actions=status != "past", now=now,
                                     app_url=app_url, t=t))
    if len(bookings) > MAX_LISTED:
        blocks.append(context(t("…and {n} more in Cal.com.", n=len(bookings) - MAX_LISTED)))
    first = bookings[0]
    noun = {"upcoming": "upcoming booking", "unconfirmed": "booking awaiting approval",
            "past": "past booking", "cancelled": "cancelled booking"}.get(status, "booking")
    if len(bookings) != 1:
        noun = noun.replace("booking", "bookings", 1)
    count = f"{len(bookings)} {noun}"
    return {"text": f"{count} — first: {escape(first.title)} with {names(first)}, "
                    f"{when(first.start)}", "blocks": blocks[:50]}


def pending_list(bookings: list[Booking], now: datetime, *, command: str = "/cal",
                 app_url: str = DEFAULT_APP_URL, t: Translator = ENGLISH) -> dict[str, Any]:
    return booking_list(bookings, "unconfirmed", now, command=command, app_url=app_url, t=t)


def twelve_hour(zone: str) -> bool:
    """The clock style for a zone. Slack's users.info tells no clock style, so calbot uses the
    12-hour clock where most people do (the Americas' zones and `US/…`), the 24-hour clock
    elsewhere."""
    return zone.startswith(("America/", "US/", "Canada/", "Pacific/Honolulu"))


def clock_time(instant: datetime, twelve: bool) -> str:
    if twelve:
        return instant.strftime("%I:%M %p").lstrip("0")
    return instant.strftime("%H:%M")


def slots_message(event_type: EventType, day_label: str, starts: list[datetime],
                  slot_value: list[str], *, command: str = "/cal",
                  zone: str | None = None) -> dict[str, Any]:
    """Free starts as buttons; each button's value identifies (event type, start).

    Button labels are plain text, where Slack date tokens don't work: pass `starts` already in
    the reader's zone (`zone` names it); each label says the zone, in the reader's clock style.
    """
    if not starts:
        text = f"No free slots for *{escape(event_type.title)}* on {day_label}."
        return {"text": text, "blocks": [section(text + " Try another day: `"
                                                 f"{command} slots {escape(event_type.slug, 80)} "
                                                 "tomorrow`.")]}
    name = zone or str(starts[0].tzinfo)
    twelve = twelve_hour(name)
    abbrev = starts[0].tzname() or name
    header = (f"Free slots for *{escape(event_type.title)}* on {day_label}, in your zone "
              f"({escape(name)}) — press one to book it:")
    blocks: list[dict[str, Any]] = [section(header)]
    for chunk in range(0, min(len(starts), 40), 5):
        blocks.append({
            "type": "actions",
            "block_id": f"{ids.BOOK_SLOT}:{chunk}",
            "elements": [
                button(f"{clock_time(start, twelve)} {start.tzname() or ''}".strip(),
                       f"{ids.BOOK_SLOT}:{i}", value,
                       accessibility_label=f"Book {event_type.title} at "
                                           f"{clock_time(start, twelve)} {name}"[:75])
                for i, (start, value) in enumerate(
                    zip(starts[chunk:chunk + 5], slot_value[chunk:chunk + 5], strict=True),
                    start=chunk)
            ],
        })
    if len(starts) > 40:
        blocks.append(context(f"…{len(starts) - 40} later slots not shown."))
    first = clock_time(starts[0], twelve)
    plural = "slot" if len(starts) == 1 else "slots"
    return {"text": f"{len(starts)} free {plural} for {escape(event_type.title)} on {day_label}, "
                    f"from {first} {abbrev}", "blocks": blocks}


def pick_event_type(types: list[EventType], action_id: str, value_of: list[str],
                    prompt: str) -> dict[str, Any]:
    """A message asking which event type (for `/cal slots` without or with an ambiguous one)."""
    options = [
        {"text": {"type": "plain_text", "text": clean(f"{t.title} ({t.length} min)")[:75]},
         "value": v}
        for t, v in zip(types[:100], value_of[:100], strict=True)
    ]
    return {"text": prompt, "blocks": [section(prompt, accessory={
        "type": "static_select", "action_id": action_id,
        "placeholder": {"type": "plain_text", "text": "Event type"}, "options": options})]}


def booked(bookings: list[Booking], t: Translator = ENGLISH) -> dict[str, Any]:
    first = bookings[0]
    waiting = first.status in ("pending", "awaiting_host")
    status = t("It needs the host's approval before it's confirmed.") if waiting else ""
    extra = f" ({len(bookings)} occurrences)" if len(bookings) > 1 else ""
    line = booking_line(first, t)
    text = (t(":white_check_mark: Booked ({n} occurrences): {what}", n=len(bookings), what=line)
            if len(bookings) > 1 else t(":white_check_mark: Booked: {what}", what=line))
    blocks = [section(text)] + ([context(status)] if status else []) + [uid_line(first)]
    verb = "Requested (awaiting approval)" if waiting else "Booked"
    return {"text": sentence(verb + extra, first), "blocks": blocks}


def cancelled(uid: str, booking: Booking | None, reason: str | None,
              t: Translator = ENGLISH) -> dict[str, Any]:
    what = booking_line(booking, t) if booking else t("a booking Cal.com no longer shows")
    why = "\n" + t("Reason: {reason}", reason=escape(reason, MAX_REASON)) if reason else ""
    blocks = [section(t(":x: Cancelled: {what}", what=what) + why)]
    blocks.append(uid_line(booking) if booking else context(f"`{escape(uid, 80)}`"))
    return {"text": sentence("Cancelled", booking) if booking else "Cancelled the booking.",
            "blocks": blocks}


def rescheduled(old: Booking, new: Booking, t: Translator = ENGLISH) -> dict[str, Any]:
    text = (t(":arrows_counterclockwise: Rescheduled *{title}* with {who}", title=escape(new.title),
              who=who(new, t))
            + f"\n~{when(old.start, t=t)}~ → *{when(new.start, t=t)}*")
    return {"text": f"Rescheduled {escape(new.title)} with {names(new)} to {when(new.start)}",
            "blocks": [section(text), uid_line(new)]}


def decided(booking: Booking, verb: str, actor: str | None,
            reason: str | None = None, t: Translator = ENGLISH) -> dict[str, Any]:
    """A confirmed or declined booking: the same message as the approval DM's outcome (one
    builder, wherever the decision was taken)."""
    return approval_outcome(booking, verb, by=f"<@{actor}>" if actor else None, reason=reason,
                            t=t)
