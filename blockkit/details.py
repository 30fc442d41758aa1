"""The whole booking (`/cal show`, the Details button) and the forms for its actions:
change location, add guests, mark no-shows, reassign. Pure builders."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from blockkit import ids
from blockkit.text import button, context, escape, plain, section, when
from blockkit.values import BookingChoice
from calcom.models import Booking, CalendarLink, Recording

STATUS_WORDS = {"accepted": "Confirmed", "pending": "Awaiting approval",
                "awaiting_host": "Awaiting host", "cancelled": "Cancelled",
                "rejected": "Declined"}
MAX_BUTTONS = 5  # per row before the rest go in an overflow menu


class Action(StrEnum):
    """What can be done next with a booking (the buttons of its details)."""

    CONFIRM = "confirm"
    DECLINE = "decline"
    RESCHEDULE = "reschedule"
    LOCATION = "location"
    GUESTS = "guests"
    NOSHOW = "noshow"
    REASSIGN = "reassign"
    CANCEL = "cancel"


class LocationKind(StrEnum):
    """The kinds of place Cal.com's location update takes (UpdateBookingLocationInput)."""

    LINK = "link"
    PHONE = "phone"
    ADDRESS = "address"
    ATTENDEE_ADDRESS = "attendeeAddress"
    ATTENDEE_PHONE = "attendeePhone"
    ATTENDEE_DEFINED = "attendeeDefined"


KIND_LABELS = {
    LocationKind.LINK: "Meeting link", LocationKind.PHONE: "Phone call (host's number)",
    LocationKind.ADDRESS: "In person (address)",
    LocationKind.ATTENDEE_ADDRESS: "In person (attendee's address)",
    LocationKind.ATTENDEE_PHONE: "Phone call (attendee's number)",
    LocationKind.ATTENDEE_DEFINED: "Somewhere the attendee names",
}
ACTION_LABELS = {
    Action.CONFIRM: "Confirm", Action.DECLINE: "Decline", Action.RESCHEDULE: "Reschedule",
    Action.LOCATION: "Change location", Action.GUESTS: "Add guests",
    Action.NOSHOW: "Mark no-show", Action.REASSIGN: "Reassign", Action.CANCEL: "Cancel",
}
ACTION_IDS = {
    Action.CONFIRM: ids.CONFIRM, Action.DECLINE: ids.DECLINE, Action.RESCHEDULE: ids.RESCHEDULE,
    Action.LOCATION: ids.CHANGE_LOCATION, Action.GUESTS: ids.ADD_GUESTS,
    Action.NOSHOW: ids.MARK_NOSHOW, Action.REASSIGN: ids.REASSIGN, Action.CANCEL: ids.CANCEL,
}
_ORDER = (Action.RESCHEDULE, Action.LOCATION, Action.GUESTS, Action.NOSHOW, Action.REASSIGN,
          Action.CANCEL)


def short_time(instant: datetime) -> str:
    """A plain-text time for labels and fallbacks (date tokens work only in mrkdwn)."""
    return instant.strftime("%a %d %b %H:%M UTC")


def label_for(verb: str, booking: Booking) -> str:
    """An accessibility label naming the booking: "Cancel Intro call, Tue 03 Mar 10:00 UTC"."""
    return f"{verb} {booking.title or 'booking'}, {short_time(booking.start)}"[:75]


def is_link(value: str | None) -> bool:
    return bool(value) and str(value).lower().startswith(("https://", "http://"))


def join_url(booking: Booking) -> str | None:
    """The meeting link, if there is one (Cal.com writes `integrations:daily` and the like for
    an app whose room isn't made yet: that is not a link)."""
    for candidate in (booking.meeting_url, booking.location):
        if is_link(candidate):
            return candidate
    return None


def where_text(booking: Booking) -> str:
    where = booking.location or booking.meeting_url or ""
    if not where:
        return "not set"
    if where.startswith("integrations:"):
        app = where.split(":", 1)[1]
        return {"daily": "Cal Video"}.get(app, app.replace("_", " ").title())
    return escape(where)


def names(booking: Booking, limit: int = 3) -> str:
    """Who it's with, by name (never emails: this text may reach a channel)."""
    shown = [escape(a.name) for a in booking.attendees[:limit]]
    more = len(booking.attendees) - len(shown)
    text = ", ".join(shown) if shown else "nobody yet"
    return text + (f" and {more} more" if more > 0 else "")


def sentence(what: str, booking: Booking) -> str:
    """A top-level `text` that stands alone: what, with whom, when (the reader's zone)."""
    title = escape(booking.title or "booking")
    return f"{what}: {title} with {names(booking)}, {when(booking.start)}"


def open_in_calcom(booking: Booking, app_url: str) -> dict[str, Any]:
    """The small line with the uid and a link to the booking in Cal.com."""
    return context(f"<{app_url.rstrip('/')}/booking/{booking.uid}|Open in Cal.com> · "
                   f"`{escape(booking.uid)}`")


def _button(action: Action, booking: Booking, suffix: str = "") -> dict[str, Any]:
    style = {Action.CONFIRM: "primary", Action.CANCEL: "danger",
             Action.DECLINE: "danger"}.get(action)
    return button(ACTION_LABELS[action], ACTION_IDS[action] + suffix, booking.uid, style,
                  accessibility_label=label_for(ACTION_LABELS[action], booking))


def overflow(booking: Booking, actions: list[Action], suffix: str = "") -> dict[str, Any]:
    return {"type": "overflow", "action_id": ids.MORE + suffix, "options": [
        {"text": plain(ACTION_LABELS[a]), "value": BookingChoice(a.value, booking.uid).encode()}
        for a in actions[:5]]}


def action_row(booking: Booking, actions: list[Action], block_id: str, *,
               lead: list[dict[str, Any]] | None = None, suffix: str = "") -> dict[str, Any]:
    """One row of a booking's actions: at most one red button and at most MAX_BUTTONS
    elements; what doesn't fit goes in an overflow menu at the end."""
    lead = list(lead or [])
    kept: list[tuple[Action, dict[str, Any]]] = []
    spilled: list[Action] = []
    danger = any(e.get("style") == "danger" for e in lead)
    for action in actions:
        element = _button(action, booking, suffix)
        if element.get("style") == "danger":
            if danger:
                spilled.append(action)
                continue
            danger = True
        kept.append((action, element))
    room = MAX_BUTTONS - len(lead)
    if len(kept) > room:
        cut = max(0, room - 1)
        spilled = [a for a, _ in kept[cut:]] + spilled
        kept = kept[:cut]
    elements = lead + [e for _, e in kept]
    if spilled:
        elements.append(overflow(booking, spilled, suffix))
    return {"type": "actions", "block_id": block_id, "elements": elements}


def _people(booking: Booking) -> str:
    lines = []
    for a in booking.attendees:
        mark = " — _absent_" if a.absent else ""
        email = f" ({escape(a.email)})" if a.email and a.email != a.name else ""
        lines.append(f"• {escape(a.name)}{email}{mark}")
    for g in booking.guests:
        lines.append(f"• {escape(g)} _(guest)_")
    return "\n".join(lines) or "• nobody yet"


def details(booking: Booking, *, may: frozenset[Action], links: list[CalendarLink],
            recordings: list[Recording], transcripts: list[str],
            app_url: str = "https://cal.com") -> dict[str, Any]:
    """`/cal show`: the booking whole, with what the caller may do next."""
    status = STATUS_WORDS.get(booking.status, booking.status.replace("_", " ").title())
    period = when(booking.start, "{date_long_pretty} at {time}")
    if booking.end:
        period += f" – {when(booking.end, '{time}')}"
    hosts = ", ".join(escape(h.name or h.email) for h in booking.hosts) or "unknown"
    if booking.absent_host:
        hosts += " — _absent_"
    blocks: list[dict[str, Any]] = [
        section(f":calendar: *{escape(booking.title or 'Booking')}*\n{period}\n*Status:* "
                f"{status}"),
        section(f"*Host:* {hosts}\n*Attendees:*\n{_people(booking)}"),
    ]
    url = join_url(booking)
    where = section(f"*Where:* {where_text(booking)}", block_id=ids.DETAILS_WHERE)
    if url and not booking.is_done:
        where["accessory"] = button("Join", ids.OPEN_LINK + ":join", url=url, style="primary",
                                    accessibility_label=label_for("Join", booking))
    blocks.append(where)
    calendars = [link for link in links
                 if link.label.lower().startswith(("google", "microsoft outlook", "outlook"))
                 and is_link(link.link)]
    if calendars:
        blocks.append({"type": "actions", "block_id": ids.DETAILS_CALENDAR, "elements": [
            button(f"Add to {'Google' if link.label.lower().startswith('google') else 'Outlook'}"
                   " Calendar", f"{ids.OPEN_LINK}:cal{i}", url=link.link[:3000],
                   accessibility_label=label_for("Add to calendar:", booking))
            for i, link in enumerate(calendars[:2])]})
    media = [f"<{r.download_link}|Recording {i}>" for i, r in enumerate(recordings, start=1)
             if is_link(r.download_link)]
    media += [f"<{t}|Transcript {i}>" for i, t in enumerate(transcripts, start=1) if is_link(t)]
    if media:
        blocks.append(section("*Cal Video:* " + " · ".join(media[:10])))
    if booking.is_pending and Action.CONFIRM in may:
        blocks.append(action_row(booking, [Action.CONFIRM, Action.DECLINE], ids.DETAILS_DECIDE))
    rest = [a for a in _ORDER if a in may]
    if rest:
        blocks.append(action_row(booking, rest, ids.DETAILS_ACTIONS))
    blocks.append(open_in_calcom(booking, app_url))
    return {"text": sentence(status, booking), "blocks": blocks}


# ---- the forms ----------------------------------------------------------------------------

def _modal(callback_id: str, title: str, blocks: list[dict[str, Any]], submit: str,
           metadata: str) -> dict[str, Any]:
    return {"type": "modal", "callback_id": callback_id, "title": plain(title[:24]),
            "submit": plain(submit), "close": plain("Back"), "blocks": blocks,
            "private_metadata": metadata}


def _about(booking: Booking) -> dict[str, Any]:
    return section(f"*{escape(booking.title or 'Booking')}* on {when(booking.start)}")


def location_form(booking: Booking, kinds: list[LocationKind], *,
                  metadata: str) -> dict[str, Any]:
    options = [{"text": plain(KIND_LABELS[k]), "value": k.value} for k in kinds]
    select: dict[str, Any] = {"type": "static_select", "action_id": ids.LOCATION_KIND,
                              "options": options, "initial_option": options[0]}
    blocks = [
        _about(booking), context(f"Now: {where_text(booking)}"),
        {"type": "input", "block_id": ids.LOCATION_KIND, "label": plain("Kind"),
         "element": select},
        {"type": "input", "block_id": ids.LOCATION_VALUE, "label": plain("Where"),
         "element": {"type": "plain_text_input", "action_id": ids.LOCATION_VALUE,
                     "placeholder": plain("https://meet.example.com/abc, +1 555 010 0000 or "
                                          "an address")}},
    ]
    return _modal(ids.LOCATION_VIEW, "Change location", blocks, "Change", metadata)


def guests_form(booking: Booking, *, metadata: str) -> dict[str, Any]:
    blocks = [
        _about(booking),
        {"type": "input", "block_id": ids.GUEST_EMAILS, "label": plain("Guests' emails"),
         "hint": plain("Up to 10, separated by commas or spaces."),
         "element": {"type": "plain_text_input", "action_id": ids.GUEST_EMAILS,
                     "placeholder": plain("bob@example.com, eve@example.com")}},
    ]
    return _modal(ids.GUESTS_VIEW, "Add guests", blocks, "Add", metadata)


def noshow_form(booking: Booking, people: list[tuple[str, str, bool]], *,
                metadata: str) -> dict[str, Any]:
    """Everyone who was to attend, ticked when absent; the host too. Unticking marks present."""
    options = [{"text": plain(name[:75]), "value": email[:150],
                **({"description": plain(email[:75])} if name != email else {})}
               for email, name, _ in people[:9]]
    host = {"text": plain("The host"), "value": "host"}
    options.append(host)
    ticked = [o for o, (_, _, absent) in zip(options, people[:9], strict=False) if absent]
    if booking.absent_host:
        ticked.append(host)
    element: dict[str, Any] = {"type": "checkboxes", "action_id": ids.ABSENT,
                               "options": options}
    if ticked:
        element["initial_options"] = ticked
    blocks = [
        _about(booking),
        {"type": "input", "block_id": ids.ABSENT, "label": plain("Who didn't come?"),
         "optional": True, "element": element,
         "hint": plain("Untick someone to mark them present again.")},
    ]
    return _modal(ids.NOSHOW_VIEW, "Mark no-shows", blocks, "Save", metadata)


def reassign_form(booking: Booking, *, metadata: str) -> dict[str, Any]:
    blocks = [
        _about(booking),
        {"type": "input", "block_id": ids.NEW_HOST, "label": plain("New host's email"),
         "optional": True, "hint": plain("Leave empty and Cal.com picks the next host."),
         "element": {"type": "plain_text_input", "action_id": ids.NEW_HOST,
                     "placeholder": plain("dana@example.com")}},
        {"type": "input", "block_id": ids.REASON, "label": plain("Reason"), "optional": True,
         "element": {"type": "plain_text_input", "action_id": ids.REASON}},
    ]
    return _modal(ids.REASSIGN_VIEW, "Reassign", blocks, "Reassign", metadata)


# ---- outcomes -----------------------------------------------------------------------------

def moved(booking: Booking, app_url: str = "https://cal.com") -> dict[str, Any]:
    text = f":round_pushpin: *{escape(booking.title)}* now happens at: {where_text(booking)}"
    return {"text": sentence("Location changed", booking),
            "blocks": [section(text), open_in_calcom(booking, app_url)]}


def guests_added(booking: Booking, added: list[str],
                 app_url: str = "https://cal.com") -> dict[str, Any]:
    who = ", ".join(escape(e) for e in added)
    text = (f":busts_in_silhouette: Added {who} to *{escape(booking.title)}*." if added
            else f"Everyone you named is already on *{escape(booking.title)}* — nothing to add.")
    return {"text": sentence(f"Guests added ({len(added)})" if added else "No new guests",
                             booking),
            "blocks": [section(text), open_in_calcom(booking, app_url)]}


def absence_marked(booking: Booking, app_url: str = "https://cal.com") -> dict[str, Any]:
    absent = [escape(a.name) for a in booking.attendees if a.absent]
    if booking.absent_host:
        absent.append("the host")
    text = (f":no_entry: Marked absent from *{escape(booking.title)}*: {', '.join(absent)}."
            if absent else f":white_check_mark: Everyone is marked present at "
                           f"*{escape(booking.title)}*.")
    return {"text": sentence("No-shows saved", booking),
            "blocks": [section(text), open_in_calcom(booking, app_url)]}


def reassigned(booking: Booking, to_name: str | None,
               app_url: str = "https://cal.com") -> dict[str, Any]:
    who = escape(to_name) if to_name else "another host"
    text = f":arrows_clockwise: *{escape(booking.title)}* is now hosted by {who}."
    return {"text": sentence(f"Reassigned to {who}", booking),
            "blocks": [section(text), open_in_calcom(booking, app_url)]}


__all__ = ["Action", "LocationKind", "absence_marked", "action_row", "details",
           "guests_added", "guests_form", "join_url", "label_for", "location_form", "moved",
           "noshow_form", "open_in_calcom", "reassign_form", "reassigned", "sentence"]
