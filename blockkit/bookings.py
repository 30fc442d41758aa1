"""Booking lines, booking lists, pending approvals, slot buttons, and command results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blockkit import ids
from blockkit.shown import clean
from blockkit.text import button, context, escape, section, when
from calcom.models import Booking, EventType

MAX_LISTED = 15
MAX_REASON = 500
STATUS_LABEL = {
    "accepted": "confirmed", "pending": "awaiting approval", "awaiting_host": "awaiting host",
    "cancelled": "cancelled", "rejected": "declined",
}


def who(booking: Booking) -> str:
    names = [escape(a.name or a.email) for a in booking.attendees[:3]]
    more = len(booking.attendees) - len(names)
    text = ", ".join(names) if names else "no attendees"
    return text + (f" +{more}" if more > 0 else "")


def booking_line(booking: Booking) -> str:
    status = escape(STATUS_LABEL.get(booking.status, booking.status), 40)
    return (f"*{escape(booking.title)}* with {who(booking)}\n{when(booking.start)}"
            f" · {status} · `{escape(booking.uid, 80)}`")


def booking_actions(booking: Booking, block_id: str = ids.BOOKING_ACTIONS,
                    suffix: str = "") -> dict[str, Any]:
    """The buttons that fit a booking's state: confirm/decline when pending, cancel/reschedule.

    With several bookings in one message or view, `suffix` keeps every action_id unique;
    listeners match the id with or without it (`ids.matching`).
    """
    elements: list[dict[str, Any]] = []
    if booking.status in ("pending", "awaiting_host"):
        elements.append(button("Confirm", ids.CONFIRM + suffix, booking.uid, "primary"))
        elements.append(button("Decline", ids.DECLINE + suffix, booking.uid, "danger"))
    if booking.status not in ("cancelled", "rejected"):
        elements.append(button("Reschedule", ids.RESCHEDULE + suffix, booking.uid))
        elements.append(button("Cancel", ids.CANCEL + suffix, booking.uid, "danger"))
    return {"type": "actions", "block_id": block_id, "elements": elements}


def booking_blocks(booking: Booking, *, actions: bool = True,
                   now: datetime | None = None) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [section(booking_line(booking))]
    if actions and booking.status not in ("cancelled", "rejected") and (
            now is None or (booking.end or booking.start) > now):
        row = booking_actions(booking, f"{ids.BOOKING_ACTIONS}:{booking.uid}",
                              suffix=f":{booking.uid}")
        if row["elements"]:
            blocks.append(row)
    return blocks


def booking_list(bookings: list[Booking], status: str, now: datetime) -> dict[str, Any]:
    """`/cal list [status]`: a message (text + blocks)."""
    title = {"upcoming": "Upcoming bookings", "unconfirmed": "Bookings awaiting approval",
             "past": "Past bookings", "cancelled": "Cancelled bookings"}.get(status, "Bookings")
    if not bookings:
        empty = {"upcoming": "No upcoming bookings.",
                 "unconfirmed": "Nothing is waiting for your approval.",
                 "past": "No past bookings.", "cancelled": "No cancelled bookings."}
        text = empty.get(status, "No bookings.")
        nudge = " Book one with `/cal book`." if status == "upcoming" else ""
        return {"text": text, "blocks": [section(f"*{title}*\n{text}{nudge}")]}
    blocks: list[dict[str, Any]] = [section(f"*{title}*")]
    for booking in bookings[:MAX_LISTED]:
        blocks.extend(booking_blocks(booking, actions=status != "past", now=now))
    if len(bookings) > MAX_LISTED:
        blocks.append(context(f"…and {len(bookings) - MAX_LISTED} more in Cal.com."))
    return {"text": f"{title}: {len(bookings)}", "blocks": blocks}


def pending_list(bookings: list[Booking], now: datetime) -> dict[str, Any]:
    return booking_list(bookings, "unconfirmed", now)


def slots_message(event_type: EventType, day_label: str, starts: list[datetime],
                  slot_value: list[str]) -> dict[str, Any]:
    """Free starts as buttons; each button's value identifies (event type, start).

    Button labels are plain text, where Slack date tokens don't work: pass `starts` already in
    the reader's zone.
    """
    if not starts:
        text = f"No free slots for *{escape(event_type.title)}* on {day_label}."
        return {"text": text, "blocks": [section(text + " Try another day: `/cal slots "
                                                 f"{escape(event_type.slug, 80)} tomorrow`.")]}
    header = f"Free slots for *{escape(event_type.title)}* on {day_label} — press one to book it:"
    blocks: list[dict[str, Any]] = [section(header)]
    for chunk in range(0, min(len(starts), 40), 5):
        blocks.append({
            "type": "actions",
            "block_id": f"{ids.BOOK_SLOT}:{chunk}",
            "elements": [
                button(start.strftime("%H:%M"), f"{ids.BOOK_SLOT}:{i}", value)
                for i, (start, value) in enumerate(
                    zip(starts[chunk:chunk + 5], slot_value[chunk:chunk + 5], strict=True),
                    start=chunk)
            ],
        })
    if len(starts) > 40:
        blocks.append(context(f"…{len(starts) - 40} later slots not shown."))
    return {"text": f"{len(starts)} free slots", "blocks": blocks}


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


def booked(bookings: list[Booking]) -> dict[str, Any]:
    first = bookings[0]
    status = ("It needs the host's approval before it's confirmed."
              if first.status in ("pending", "awaiting_host") else "")
    extra = f" ({len(bookings)} occurrences)" if len(bookings) > 1 else ""
    text = f":white_check_mark: Booked{extra}: {booking_line(first)}"
    return {"text": "Booked", "blocks": [section(text)] + ([context(status)] if status else [])}


def cancelled(uid: str, booking: Booking | None, reason: str | None) -> dict[str, Any]:
    what = booking_line(booking) if booking else f"`{uid}`"
    why = f"\nReason: {escape(reason, MAX_REASON)}" if reason else ""
    return {"text": "Cancelled", "blocks": [section(f":x: Cancelled: {what}{why}")]}


def rescheduled(old: Booking, new: Booking) -> dict[str, Any]:
    text = (f":arrows_counterclockwise: Rescheduled *{escape(new.title)}* with {who(new)}\n"
            f"~{when(old.start)}~ → *{when(new.start)}*\nNew uid: `{escape(new.uid, 80)}`")
    return {"text": "Rescheduled", "blocks": [section(text)]}


def decided(booking: Booking, verb: str, actor: str | None,
            reason: str | None = None) -> dict[str, Any]:
    by = f" by <@{actor}>" if actor else ""
    why = f"\nReason: {escape(reason, MAX_REASON)}" if reason else ""
    icon = {"Confirmed": ":white_check_mark:", "Declined": ":no_entry_sign:"}.get(verb, "")
    return {"text": verb, "blocks": [section(f"{icon} {verb}{by}: {booking_line(booking)}{why}")]}


