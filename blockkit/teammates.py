"""Booking someone else's page: their slots, the booking form for the presser, the shared link
and the unfurl of a pasted booking page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blockkit import ids
from blockkit.modals import _input, _modal, _problem, _text
from blockkit.text import button, context, escape, mrkdwn, section, when
from calcom.models import Booking, EventType

MAX_SLOT_BUTTONS = 40
MAX_UNFURL_SLOTS = 5


def _label(event_type: EventType) -> str:
    return f"*{escape(event_type.title)}* ({event_type.length} min)"


def host_slots(host: str, event_type: EventType, day_label: str, starts: list[datetime],
               values: list[str]) -> dict[str, Any]:
    """A host's free starts as buttons, for the caller only: labels in the caller's zone
    (``starts`` already there), each button opening the booking form for the presser."""
    if not starts:
        text = f"{host} has no free slots for {_label(event_type)} on {day_label}."
        return {"text": f"No free slots for {escape(event_type.title)} on {day_label}.",
                "blocks": [section(text + " Try another day.")]}
    header = (f"{host}'s free slots for {_label(event_type)} on {day_label}, in your time "
              "zone — press one to book it with you as the attendee:")
    blocks: list[dict[str, Any]] = [section(header)]
    shown = starts[:MAX_SLOT_BUTTONS]
    for chunk in range(0, len(shown), 5):
        blocks.append({
            "type": "actions", "block_id": f"{ids.TEAM_SLOT}:{chunk}",
            "elements": [
                button(start.strftime("%H:%M"), f"{ids.TEAM_SLOT}:{i}", value)
                for i, (start, value) in enumerate(
                    zip(shown[chunk:chunk + 5], values[chunk:chunk + 5], strict=True),
                    start=chunk)
            ],
        })
    if len(starts) > MAX_SLOT_BUTTONS:
        blocks.append(context(f"…{len(starts) - MAX_SLOT_BUTTONS} later slots not shown."))
    return {"text": f"{len(starts)} free slots for {escape(event_type.title)} on {day_label}",
            "blocks": blocks}


def host_book(host: str, types: list[EventType], *, attendee: str, metadata: str,
              event_type_id: int | None = None, when_text: str | None = None,
              preview: str | None = None, problem: str | None = None) -> dict[str, Any]:
    """The booking form for someone else's page: the presser is the attendee (``attendee``:
    how they are named, from their Slack profile), the time is read in their zone."""
    options = [{"text": {"type": "plain_text", "text": f"{t.title} ({t.length} min)"[:75]},
                "value": str(t.id)} for t in types[:100]]
    select: dict[str, Any] = {"type": "static_select", "options": options,
                              "placeholder": {"type": "plain_text", "text": "Pick one"}}
    chosen = next((o for o in options if o["value"] == str(event_type_id)), None)
    if chosen:
        select["initial_option"] = chosen
    blocks: list[dict[str, Any]] = [section(f"Book time with {host}."),
                                    context(f"You're the attendee: {escape(attendee)}")]
    if problem:
        blocks.append(_problem(problem))
    blocks.append(_input(ids.TEAM_EVENT_TYPE, "Event type", select))
    blocks.append(_input(ids.TEAM_WHEN, "When", _text(when_text, "tomorrow 3pm"),
                         hint="Plain language, in your time zone."))
    shown = (f":calendar: *{escape(preview)}*" if preview
             else "_The time is shown back in your zone before anything is booked._")
    blocks.append({"type": "context", "block_id": ids.WHEN_PREVIEW, "elements": [mrkdwn(shown)]})
    blocks.append(_input(ids.GUESTS, "Guests", _text(None, "bob@example.com"), optional=True))
    blocks.append(_input(ids.NOTES, "Notes", _text(multiline=True), optional=True))
    return _modal(ids.TEAM_BOOK_VIEW, "Book a meeting", blocks, submit="Book",
                  metadata=metadata)


def host_booked(host: str, bookings: list[Booking]) -> dict[str, Any]:
    first = bookings[0]
    pending = first.status in ("pending", "awaiting_host")
    extra = f" ({len(bookings)} occurrences)" if len(bookings) > 1 else ""
    line = f"*{escape(first.title)}* with {host}, {when(first.start)} · `{first.uid}`"
    text = (f":hourglass: Requested{extra}: {line}" if pending
            else f":white_check_mark: Booked{extra}: {line}")
    note = (f"{host} has to approve it; Cal.com emails you when they do." if pending
            else "Cal.com emails you the invitation.")
    verb = "Requested" if pending else "Booked"
    return {"text": f"{verb} {escape(first.title)} with {host} on {when(first.start)}",
            "blocks": [section(text), context(note)]}


def link_message(url: str, owner: str, event_type: EventType | None,
                 book_value: str) -> dict[str, Any]:
    """`/cal link`: the caller's booking page, for everyone in the conversation."""
    what = f"{_label(event_type)} with {owner}" if event_type else f"a meeting with {owner}"
    text = f"Book {what}: <{url}>"
    blocks: list[dict[str, Any]] = [
        section(text, accessory=button("Book", ids.TEAM_BOOK, book_value, "primary")),
        context("Press Book to pick a time in your own zone — you'll be the attendee."),
    ]
    plain_what = f"{escape(event_type.title)} with" if event_type else "a meeting with"
    return {"text": f"Book {plain_what} {owner}: {url}", "blocks": blocks}


def unfurl(username: str, event_type: EventType | None, types: list[EventType],
           starts: list[datetime], slot_values: list[str],
           book_value: str) -> dict[str, Any]:
    """A pasted booking page: title, length, description, the next free slots (each reader
    sees them in their own zone; each button books for whoever presses it)."""
    blocks: list[dict[str, Any]] = []
    if event_type is None:
        names = ", ".join(_label(t) for t in types[:5]) or "no public event types"
        blocks.append(section(f"*{escape(username)}*'s booking page: {names}",
                              accessory=button("Book", ids.TEAM_BOOK, book_value, "primary")))
        return {"blocks": blocks}
    head = f"{_label(event_type)} · {escape(username)}"
    if event_type.description:
        head += "\n" + escape(event_type.description[:500])
    blocks.append(section(head, accessory=button("Book", ids.TEAM_BOOK, book_value)))
    if starts:
        blocks.append(context("Next free times (in your zone) — press one to book it:"))
        for i, (start, value) in enumerate(
                zip(starts[:MAX_UNFURL_SLOTS], slot_values[:MAX_UNFURL_SLOTS], strict=True)):
            blocks.append(section(when(start, "{date_short_pretty} at {time}"),
                                  accessory=button("Book this", f"{ids.TEAM_SLOT}:{i}", value)))
    else:
        blocks.append(context("No free times in the next two weeks."))
    return {"blocks": blocks}
