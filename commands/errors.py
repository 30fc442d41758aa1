"""Typed errors of the command layer, and the one table that turns any error into a sentence.

Every failure a user can meet ends here: ``user_message(error)`` gives one sentence that says what
went wrong and what to do next. Nothing else in calbot writes failure text for users.
"""

from __future__ import annotations

import logging

from calcom import errors as cal
from commands.parse import CommandError
from storage import StorageError
from timephrase import TimePhraseError

log = logging.getLogger(__name__)


class CalbotError(Exception):
    """Base of the command layer's own errors."""


class NotConnected(CalbotError):
    pass


class NotYours(CalbotError):
    def __init__(self, owner_user_id: str):
        self.owner_user_id = owner_user_id
        super().__init__(owner_user_id)


class NoEventTypes(CalbotError):
    pass


class UnknownEventType(CalbotError):
    def __init__(self, query: str):
        self.query = query
        super().__init__(query)


class ChannelUnreachable(CalbotError):
    def __init__(self, channel: str, private: bool):
        self.channel = channel
        self.private = private
        super().__init__(channel)


class FormProblem(CalbotError):
    """Something typed into a form that can't be used; ``field`` is the input's block id."""

    def __init__(self, field: str, kind: str, detail: str = ""):
        self.field = field
        self.kind = kind
        self.detail = detail
        super().__init__(kind)


FORM_TEXTS = {
    "api_key_missing": "Paste your Cal.com API key — it starts with cal_ (Cal.com → Settings → "
                       "Developer → API keys).",
    "api_url_not_a_url": "That isn't a URL — use the address of your Cal.com API, like "
                         "https://cal.example.com, or leave it empty.",
    "api_key_refused": "Cal.com didn't accept this key — check you copied all of it, or create "
                       "a new one in Cal.com → Settings → Developer.",
    "api_url_unreachable": "I couldn't reach Cal.com's API at this URL — check the address, or "
                           "leave it empty for cal.com.",
    "attendee_email": "Type the attendee's email, like jane@example.com.",
    "guest_email": "“{detail}” isn't an email — separate guests with commas.",
    "event_type_missing": "Pick an event type.",
    "cancel_reason_missing": "Cal.com needs a reason to cancel — say why.",
}


class SlackFailed(CalbotError):
    """Slack answered an error we can't work around (after the ack)."""


UNKNOWN = (
    "Something went wrong on calbot's side — try again, and ask your Slack admin to check "
    "calbot's log if it keeps happening."
)


def _rejected(error: cal.Rejected) -> str:
    message = (error.message or "").strip().rstrip(".")
    lowered = message.lower()
    if any(w in lowered for w in ("already has booking", "not available", "no available",
                                  "slot", "taken", "booked")):
        return ("That time is no longer free — pick another time, or see free ones with "
                "`/cal slots`.")
    if "cancel" in lowered and "reason" in lowered:
        return "Cal.com needs a reason to cancel — add one, e.g. `/cal cancel <uid> running late`."
    if "past" in lowered:
        return "Cal.com won't book a time in the past — pick a time ahead."
    if message and len(message) <= 200 and "{" not in message:
        return f"Cal.com refused that: {message}. Change it and try again."
    return "Cal.com refused that request — check the details and try again."


def user_message(error: BaseException) -> str:
    """One sentence for the user: what went wrong and what to do next. Never raw bodies."""
    match error:
        case TimePhraseError():
            return error.message
        case CommandError():
            return error.message
        case FormProblem():
            return FORM_TEXTS[error.kind].format(detail=error.detail)
        case NotConnected():
            return "You haven't connected Cal.com yet — run `/cal connect` to add your API key."
        case NotYours():
            return (f"That button is for <@{error.owner_user_id}> — nothing was changed. "
                    "Use `/cal list` to act on your own bookings.")
        case NoEventTypes():
            return ("Your Cal.com account has no event types yet — create one in Cal.com, "
                    "then try again.")
        case UnknownEventType():
            return (f"None of your event types is called “{error.query}” — run `/cal slots` "
                    "without it to pick from your list.")
        case ChannelUnreachable(private=True):
            return (f"I can't post in <#{error.channel}> because it's private and I'm not in it — "
                    f"type `/invite @calbot` there, then run the command again.")
        case ChannelUnreachable():
            return (f"I can't post in <#{error.channel}> — check that the channel exists and "
                    "isn't archived, then run the command again.")
        case cal.Unauthorized():
            return ("Cal.com didn't accept your API key — it may have been revoked or expired. "
                    "Run `/cal connect` with a new key.")
        case cal.Forbidden():
            return ("Your Cal.com key isn't allowed to do that — only the booking's host can, "
                    "or the key lacks the permission in Cal.com.")
        case cal.NotFound():
            return ("Cal.com can't find that booking with your key — check the uid, or pick it "
                    "from `/cal list`.")
        case cal.RateLimited():
            return ("Cal.com is limiting how fast your key can make requests — wait a minute "
                    "and try again.")
        case cal.Unavailable():
            return "Cal.com isn't answering right now — try again in a few minutes."
        case cal.Rejected():
            return _rejected(error)
        case cal.CalcomError():
            return "Cal.com couldn't do that just now — try again in a few minutes."
        case StorageError():
            log.error("storage failure: %s", type(error).__name__)
            return UNKNOWN
        case SlackFailed():
            return "Slack didn't accept calbot's reply — try the command again."
    log.error("unexpected error reached a user", exc_info=error)
    return UNKNOWN
