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
from i18n import ENGLISH, N_, Translator

# What a channel notice says happened, per change kind.
HEADLINE = {
    "created": (":calendar:", N_("New booking")),
    "requested": (":inbox_tray:", N_("Booking requested — awaiting approval")),
    "confirmed": (":white_check_mark:", N_("Booking confirmed")),
    "rejected": (":no_entry_sign:", N_("Booking declined")),
    "cancelled": (":x:", N_("Booking cancelled")),
    "rescheduled": (":arrows_counterclockwise:", N_("Booking rescheduled")),
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


OUTCOME_WORD = {"Confirmed": N_("Confirmed"), "Declined": N_("Declined"),
                "Cancelled": N_("Cancelled"), "Rescheduled": N_("Rescheduled")}


def _title(booking: Booking, t: Translator = ENGLISH) -> str:
    return escape(booking.title or t("Booking"))


def _labelled(t: Translator, label: str, value: str) -> str:
    """``*With:* value`` — the label translated, its colon as the language writes it."""
    return t("*{label}:* {value}", label=t(label), value=value)


def _series(booking: Booking, t: Translator) -> str:
    """A whole series, announced once: " — the whole weekly series, 4 occurrences"."""
    rule = booking.recurrence
    if rule is None or not rule.count:
        return ""
    return t(" — the whole {rule} series, {n} occurrences", rule=rule.words, n=rule.count)


def _when_lines(booking: Booking, old_start: datetime | None, t: Translator) -> str:
    if old_start is not None and old_start != booking.start:
        return _labelled(t, N_("When"), f"~{when(old_start, t=t)}~ → *{when(booking.start, t=t)}*")
    return _labelled(t, N_("When"), when(booking.start, t=t))


def _sentence(what: str, booking: Booking, *, emails: bool = False) -> str:
    """The top-level text: what, to which booking, with whom, when (in the reader's zone)."""
    return (f"{what}: {_title(booking)} with {attendees_text(booking, 3, emails=emails)}, "
            f"{when(booking.start)}")


def _uid_context(booking: Booking, extra: str = "",
                 app_url: str = "https://cal.com") -> dict[str, Any]:
    return context(f"<{app_url}/booking/{booking.uid}|Open in Cal.com> · "
                   f"`{escape(booking.uid)}`{extra}")


def _details(booking: Booking, *, notes: str | None = None,
             old_start: datetime | None = None, t: Translator = ENGLISH) -> str:
    lines = [f"*{_title(booking, t)}*" + _series(booking, t),
             _labelled(t, N_("With"), attendees_text(booking)), _when_lines(booking, old_start, t)]
    if notes:
        lines.append(_labelled(t, N_("Notes"), escape(_clip(notes), MAX_NOTES)))
    return "\n".join(lines)


# ---- approval DMs ---------------------------------------------------------------------------


def approval_request(booking: Booking, *, notes: str | None = None,
                     old_start: datetime | None = None,
                     old_uid: str | None = None, t: Translator = ENGLISH) -> dict[str, Any]:
    """The DM to the host: a booking awaits their approval, with Confirm / Decline."""
    what = (t("A rescheduled booking needs your approval") if old_uid
            else t("A booking needs your approval"))
    blocks: list[dict[str, Any]] = [
        section(f":inbox_tray: *{what}*"),
        section(_details(booking, notes=notes, old_start=old_start, t=t)),
        _uid_context(booking, f" · moved from `{escape(old_uid)}`" if old_uid else ""),
        {
            "type": "actions",
            "block_id": ids.BOOKING_ACTIONS,
            "elements": [
                button(t("Confirm"), ids.CONFIRM, booking.uid, "primary",
                       accessibility_label=label_for("Confirm", booking)),
                button(t("Decline"), ids.DECLINE, booking.uid, "danger",
                       accessibility_label=label_for("Decline", booking)),
                button(t("Details"), ids.DETAILS, booking.uid,
                       accessibility_label=label_for("Details of", booking)),
            ],
        },
    ]
    return {"text": _sentence(what, booking), "blocks": blocks}


def approval_outcome(booking: Booking, outcome: str, *, by: str | None = None,
                     reason: str | None = None, new_start: datetime | None = None,
                     new_uid: str | None = None, t: Translator = ENGLISH) -> dict[str, Any]:
    """The approval DM after the request was settled: what happened, who did it, no buttons.

    ``outcome`` is Confirmed, Declined, Cancelled or Rescheduled; ``by`` is mrkdwn (a mention or
    an escaped name, see :func:`actor_text`).
    """
    icon = OUTCOME_ICON.get(outcome, ":information_source:")
    word = escape(t(OUTCOME_WORD[outcome]) if outcome in OUTCOME_WORD else outcome)
    head = f"{icon} *{word}*" + (t(" by {who}", who=by) if by else "")
    if outcome == "Rescheduled" and new_start is not None:
        head += t(" — moved to *{when}*", when=when(new_start, t=t))
    blocks: list[dict[str, Any]] = [section(head), section(_details(booking, t=t))]
    if reason:
        blocks.append(section(_labelled(t, N_("Reason"), escape(_clip(reason), MAX_NOTES))))
    moved = f" · new booking `{escape(new_uid)}`" if new_uid and new_uid != booking.uid else ""
    blocks.append(_uid_context(booking, moved))
    blocks.append({"type": "actions", "block_id": ids.BOOKING_ACTIONS, "elements": [
        button(t("Details"), ids.DETAILS, new_uid or booking.uid,
               accessibility_label=label_for("Details of", booking))]})
    return {"text": _sentence(escape(outcome) + (f" by {by}" if by else ""), booking),
            "blocks": blocks}


# ---- channel notices ------------------------------------------------------------------------


def notice(kind: str, booking: Booking, *, by: str | None = None, reason: str | None = None,
           old_start: datetime | None = None, old_uid: str | None = None,
           t: Translator = ENGLISH) -> dict[str, Any]:
    """A channel notice: what happened, to which booking, when, who did it and why.

    ``kind``: created, requested, confirmed, rejected, cancelled or rescheduled. A ``requested``
    change with ``old_uid`` is a reschedule that awaits approval.
    """
    icon, headline = HEADLINE.get(kind, (":information_source:", N_("Booking changed")))
    if kind == "requested" and old_uid:
        icon, headline = (":arrows_counterclockwise:",
                          N_("Reschedule requested — awaiting approval"))
    headline = t(headline)
    head = f"{icon} *{headline}*" + (t(" by {who}", who=by) if by else "")
    lines = [f"*{_title(booking, t)}*" + _series(booking, t),
             _labelled(t, N_("With"), attendees_text(booking, emails=False)),
             _when_lines(booking, old_start, t)]
    if reason:
        label = N_("Reason for rescheduling") if kind == "rescheduled" else N_("Reason")
        lines.append(_labelled(t, label, escape(_clip(reason, 500), 500)))
    was = f" (was `{escape(old_uid)}`)" if old_uid and old_uid != booking.uid else ""
    blocks = [section(head), section("\n".join(lines)), _uid_context(booking, was)]
    return {"text": _sentence(headline, booking), "blocks": blocks}


def invite_warning(channel: str, t: Translator = ENGLISH) -> dict[str, Any]:
    """Told once to a subscriber whose channel calbot can't post in."""
    text = t(":warning: I couldn't post your booking notifications in <#{channel}> — it's "
             "private (or I was removed). Type `/invite @calbot` in that channel and I'll post "
             "the next ones there, or stop them with `/cal notify off <#{channel}>`.",
             channel=channel)
    return {"text": text, "blocks": [section(text)]}


def archived_warning(channel: str, t: Translator = ENGLISH) -> dict[str, Any]:
    text = t(":warning: I couldn't post your booking notifications in <#{channel}> because "
             "it's archived. Pick another channel with `/cal notify #channel`.",
             channel=channel)
    return {"text": text, "blocks": [section(text)]}


__all__ = ["actor_text", "approval_outcome", "approval_request", "archived_warning",
           "attendees_text", "invite_warning", "notice"]
