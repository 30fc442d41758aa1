"""Approval DMs and channel notices: pure builders (booking data in, Slack message out).

Times use Slack date formatting (``blockkit.text.when``) so every reader sees their own zone.
Nothing here talks to Slack or decides *whether* to post; ``notices/`` does that.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from blockkit import ids
from blockkit.details import label_for
from blockkit.text import button, context, escape, section, when
from calcom.models import Booking

# What a channel notice says happened, per change kind.
HEADLINE = {
    "created": (":calendar:", "New booking"),
    "requested": (":inbox_tray:", "Booking requested — awaiting approval"),
    "confirmed": (":white_check_mark:", "Booking confirmed"),
    "rejected": (":no_entry_sign:", "Booking declined"),
    "cancelled": (":x:", "Booking cancelled"),
    "rescheduled": (":arrows_counterclockwise:", "Booking rescheduled"),
}
OUTCOME_ICON = {"Confirmed": ":white_check_mark:", "Declined": ":no_entry_sign:",
                "Cancelled": ":x:", "Rescheduled": ":arrows_counterclockwise:"}
MAX_NOTES = 600


def actor_text(by_user: str | None, by_name: str | None) -> str | None:
    """``<@U…>`` for a Slack user, else the Cal.com side's name (escaped), else None."""
    if by_user:
        return f"<@{by_user}>"
    if by_name:
        return escape(by_name)
    return None


def attendees_text(booking: Booking, limit: int = 5, *, emails: bool = True) -> str:
    """``Jane Doe (jane@example.com), …`` — names and emails, escaped. Without ``emails``
    (channel notices: anyone in the channel reads them) names only, and "a guest" for someone
    known by their email alone."""
    parts = []
    for a in booking.attendees[:limit]:
        if not emails:
            parts.append(escape(a.name) if a.name and a.name != a.email else "a guest")
            continue
        name = escape(a.name or a.email or "someone")
        parts.append(f"{name} ({escape(a.email)})" if a.name and a.email and a.email != a.name
                     else name)
    more = len(booking.attendees) - len(parts)
    if not parts:
        return "no attendees"
    return ", ".join(parts) + (f" +{more} more" if more > 0 else "")


def _clip(text: str, limit: int = MAX_NOTES) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _title(booking: Booking) -> str:
    return escape(booking.title or "Booking")


def _sentence(what: str, booking: Booking, *, emails: bool = False) -> str:
    """The top-level text: what, to which booking, with whom, when (in the reader's zone)."""
    return (f"{what}: {_title(booking)} with {attendees_text(booking, 3, emails=emails)}, "
            f"{when(booking.start)}")


def _uid_context(booking: Booking, extra: str = "",
                 app_url: str = "https://cal.com") -> dict[str, Any]:
    return context(f"<{app_url}/booking/{booking.uid}|Open in Cal.com> · "
                   f"`{escape(booking.uid)}`{extra}")


def _details(booking: Booking, *, notes: str | None = None,
             old_start: datetime | None = None) -> str:
    lines = [f"*{_title(booking)}*", f"*With:* {attendees_text(booking)}"]
    rule = booking.recurrence
    if rule is not None and rule.count:  # a whole series, announced once
        lines[0] += f" — the whole {rule.words} series, {rule.count} occurrences"
    if old_start is not None and old_start != booking.start:
        lines.append(f"*When:* ~{when(old_start)}~ → *{when(booking.start)}*")
    else:
        lines.append(f"*When:* {when(booking.start)}")
    if notes:
        lines.append(f"*Notes:* {escape(_clip(notes), MAX_NOTES)}")
    return "\n".join(lines)


# ---- approval DMs ---------------------------------------------------------------------------


def approval_request(booking: Booking, *, notes: str | None = None,
                     old_start: datetime | None = None,
                     old_uid: str | None = None) -> dict[str, Any]:
    """The DM to the host: a booking awaits their approval, with Confirm / Decline."""
    what = ("A rescheduled booking needs your approval" if old_uid
            else "A booking needs your approval")
    blocks: list[dict[str, Any]] = [
        section(f":inbox_tray: *{what}*"),
        section(_details(booking, notes=notes, old_start=old_start)),
        _uid_context(booking, f" · moved from `{escape(old_uid)}`" if old_uid else ""),
        {
            "type": "actions",
            "block_id": ids.BOOKING_ACTIONS,
            "elements": [
                button("Confirm", ids.CONFIRM, booking.uid, "primary",
                       accessibility_label=label_for("Confirm", booking)),
                button("Decline", ids.DECLINE, booking.uid, "danger",
                       accessibility_label=label_for("Decline", booking)),
                button("Details", ids.DETAILS, booking.uid,
                       accessibility_label=label_for("Details of", booking)),
            ],
        },
    ]
    return {"text": _sentence(what, booking), "blocks": blocks}


def approval_outcome(booking: Booking, outcome: str, *, by: str | None = None,
                     reason: str | None = None, new_start: datetime | None = None,
                     new_uid: str | None = None) -> dict[str, Any]:
    """The approval DM after the request was settled: what happened, who did it, no buttons.

    ``outcome`` is Confirmed, Declined, Cancelled or Rescheduled; ``by`` is mrkdwn (a mention or
    an escaped name, see :func:`actor_text`).
    """
    icon = OUTCOME_ICON.get(outcome, ":information_source:")
    head = f"{icon} *{escape(outcome)}*" + (f" by {by}" if by else "")
    if outcome == "Rescheduled" and new_start is not None:
        head += f" — moved to *{when(new_start)}*"
    blocks: list[dict[str, Any]] = [section(head), section(_details(booking))]
    if reason:
        blocks.append(section(f"*Reason:* {escape(_clip(reason), MAX_NOTES)}"))
    moved = f" · new booking `{escape(new_uid)}`" if new_uid and new_uid != booking.uid else ""
    blocks.append(_uid_context(booking, moved))
    blocks.append({"type": "actions", "block_id": ids.BOOKING_ACTIONS, "elements": [
        button("Details", ids.DETAILS, new_uid or booking.uid,
               accessibility_label=label_for("Details of", booking))]})
    return {"text": _sentence(escape(outcome) + (f" by {by}" if by else ""), booking),
            "blocks": blocks}


# ---- channel notices ------------------------------------------------------------------------


def notice(kind: str, booking: Booking, *, by: str | None = None, reason: str | None = None,
           old_start: datetime | None = None, old_uid: str | None = None) -> dict[str, Any]:
    """A channel notice: what happened, to which booking, when, who did it and why.

    ``kind``: created, requested, confirmed, rejected, cancelled or rescheduled. A ``requested``
    change with ``old_uid`` is a reschedule that awaits approval.
    """
    icon, headline = HEADLINE.get(kind, (":information_source:", "Booking changed"))
    if kind == "requested" and old_uid:
        icon, headline = ":arrows_counterclockwise:", "Reschedule requested — awaiting approval"
    head = f"{icon} *{headline}*" + (f" by {by}" if by else "")
    lines = [f"*{_title(booking)}*", f"*With:* {attendees_text(booking, emails=False)}"]
    rule = booking.recurrence
    if rule is not None and rule.count:  # a whole series, announced once
        lines[0] += f" — the whole {rule.words} series, {rule.count} occurrences"
    if old_start is not None and old_start != booking.start:
        lines.append(f"*When:* ~{when(old_start)}~ → *{when(booking.start)}*")
    else:
        lines.append(f"*When:* {when(booking.start)}")
    if reason:
        label = "Reason for rescheduling" if kind == "rescheduled" else "Reason"
        lines.append(f"*{label}:* {escape(_clip(reason, 500), 500)}")
    was = f" (was `{escape(old_uid)}`)" if old_uid and old_uid != booking.uid else ""
    blocks = [section(head), section("\n".join(lines)), _uid_context(booking, was)]
    return {"text": _sentence(headline, booking), "blocks": blocks}


def invite_warning(channel: str) -> dict[str, Any]:
    """Told once to a subscriber whose channel calbot can't post in."""
    text = (f":warning: I couldn't post your booking notifications in <#{channel}> — it's "
            f"private (or I was removed). Type `/invite @calbot` in that channel and I'll post "
            f"the next ones there, or stop them with `/cal notify off <#{channel}>`.")
    return {"text": text, "blocks": [section(text)]}


def archived_warning(channel: str) -> dict[str, Any]:
    text = (f":warning: I couldn't post your booking notifications in <#{channel}> because "
            f"it's archived. Pick another channel with `/cal notify #channel`.")
    return {"text": text, "blocks": [section(text)]}


__all__ = ["actor_text", "approval_outcome", "approval_request", "archived_warning",
           "attendees_text", "invite_warning", "notice"]
