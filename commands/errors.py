"""Typed errors of the command layer, and the one table that turns any error into a sentence.

Every failure a user can meet ends here: ``user_message(error)`` gives one sentence that says what
went wrong and what to do next. Nothing else in calbot writes failure text for users.
"""

from __future__ import annotations

import logging
import re
import secrets

from blockkit.values import BadValue
from calcom import errors as cal
from commands.parse import CommandError
from i18n import ENGLISH, N_, Translator
from storage import StorageError
from timephrase import TimePhraseError

log = logging.getLogger(__name__)


class CalbotError(Exception):
    """Base of the command layer's own errors."""


class NotConnected(CalbotError):
    pass


class TeammateNotConnected(CalbotError):
    """`/cal slots @someone` for a Slack user who never connected calbot."""

    def __init__(self, user_id: str, stale: bool = False):
        self.user_id = user_id
        self.stale = stale  # connected once, but Cal.com no longer takes their key
        super().__init__(user_id)


class NoPublicEventTypes(CalbotError):
    """A teammate (or a booking page) with nothing anyone else may book."""

    def __init__(self, who: str, query: str | None = None):
        self.who = who  # "<@U123>" or a Cal.com username
        self.query = query
        super().__init__(who)


class NoEmail(CalbotError):
    """The presser's Slack profile shows no email, and a booking needs one."""


class NotInvolved(CalbotError):
    """The acting user neither hosts nor attends the booking: calbot won't touch it."""

    def __init__(self, uid: str):
        self.uid = uid
        super().__init__(uid)


class OnlyTheHost(CalbotError):
    """Cal.com refused an action only the booking's host may take (its 401 for non-hosts)."""


class AlreadyDecided(CalbotError):
    """A Confirm or Decline for a booking that is no longer waiting (a stale button)."""

    def __init__(self, status: str, title: str):
        self.status = status
        self.title = title
        super().__init__(status)


class CannotMove(CalbotError):
    """Rescheduling a booking that was cancelled or already moved."""

    def __init__(self, status: str, moved_to: str | None):
        self.status = status
        self.moved_to = moved_to
        super().__init__(status)


class NoEventTypes(CalbotError):
    pass


class UnknownEventType(CalbotError):
    def __init__(self, query: str):
        self.query = query
        super().__init__(query)


class AlreadySubmitted(CalbotError):
    """A booking form sent again (a replay, a double press): it books once."""


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
    "api_key_missing": N_("Paste your Cal.com API key — it starts with cal_ (Cal.com → Settings → "
                       "Developer → API keys)."),
    "api_url_not_a_url": N_("That isn't a URL — use the address of your Cal.com API, like "
                         "https://cal.example.com, or leave it empty."),
    "api_key_refused": N_("Cal.com didn't accept this key — check you copied all of it, or create "
                       "a new one in Cal.com → Settings → Developer."),
    "api_url_unreachable": N_("I couldn't reach Cal.com's API at this URL — check the address, or "
                           "leave it empty for cal.com."),
    "attendee_email": N_("Type the attendee's email, like jane@example.com."),
    "guest_email": N_("“{detail}” isn't an email — separate guests with commas."),
    "event_type_missing": N_("Pick an event type."),
    "cancel_reason_missing": N_("Cal.com needs a reason to cancel — say why."),
}


class NotStarted(CalbotError):
    """A no-show marked before the booking began."""


class NotRoundRobin(CalbotError):
    """Reassigning a booking whose event type isn't round-robin."""


class TooManyGuests(CalbotError):
    def __init__(self, count: int):
        self.count = count
        super().__init__(count)


class UnknownHost(CalbotError):
    """A reassignment to someone calbot can't find in Cal.com."""

    def __init__(self, who: str):
        self.who = who
        super().__init__(who)


class NotForThisBooking(CalbotError):
    """An action the booking's state doesn't allow now (``what`` says which)."""

    def __init__(self, what: str):
        self.what = what
        super().__init__(what)


class SlackFailed(CalbotError):
    """Slack answered an error we can't work around (after the ack)."""


STATUS_WORDS = {"accepted": N_("confirmed"), "rejected": N_("declined"),
                "cancelled": N_("cancelled"), "pending": N_("awaiting approval")}

UNKNOWN = N_(
    "Something went wrong on calbot's side — try again, and ask your Slack admin to check "
    "calbot's log if it keeps happening."
)


def reference() -> str:
    """A short id that ties what a user was told to the log line about it."""
    return secrets.token_hex(3)


def _unknown(ref: str, t: Translator = ENGLISH) -> str:
    return t("{unknown} (reference `{ref}`).", unknown=t(UNKNOWN)[:-1], ref=ref)


_UID_IN_MESSAGE = re.compile(r"uid=([A-Za-z0-9_-]{6,})")


def _rejected(error: cal.Rejected, t: Translator) -> str:
    """Cal.com's refusal in one sentence. Its messages come in several shapes (the error
    envelope, NestJS's bare ``{statusCode, message}``, validation lists) and are long or
    generic at times: keep what matters, say what to do."""
    message = " ".join((error.message or "").split()).rstrip(".")
    lowered = message.lower()
    if error.status == 409 or (error.code or "").lower() == "booking_conflict_error":
        return t("That slot was just taken — pick another, or see free ones with `/cal slots`.")
    if "already has booking" in lowered or "not available" in lowered or (
            "no available" in lowered):
        # Cal.com says this for a taken slot, outside working hours and inside the minimum
        # notice alike: it isn't available, whichever it is.
        return t("That time isn't available — it may be taken, outside working hours or too "
                 "soon. See free times with `/cal slots`.")
    if "cancel" in lowered and "reason" in lowered:
        return t("Cal.com needs a reason to cancel — add one, e.g. "
                 "`/cal cancel <uid> running late`.")
    if "in the past" in lowered:
        return t("Cal.com won't book a time in the past — pick a time ahead.")
    if "rescheduled already" in lowered:
        return t("That booking was already moved — reschedule its new booking instead.")
    if "cancelled" in lowered and "reschedule" in lowered:
        return t("That booking was cancelled, so it can't be moved — book a new time instead.")
    if "bad request: please check" in lowered:
        return t("Cal.com refused that for this booking as it is now — check it with "
                 "`/cal list`.")
    if message and "{" not in message:
        short = message if len(message) <= 200 else message[:197].rsplit(" ", 1)[0] + "…"
        return t("Cal.com refused that: {reason}. Change it and try again.", reason=short)
    return t("Cal.com refused that request — check the details and try again.")


def user_message(error: BaseException, t: Translator = ENGLISH) -> str:
    """One sentence for the user, in their language (`t`): what went wrong and what to do
    next. Never raw bodies."""
    match error:
        case TimePhraseError():
            return error.message
        case CommandError():
            return t(error.template, **error.params)
        case FormProblem():
            return t(FORM_TEXTS[error.kind], detail=error.detail)
        case NotConnected():
            return t("You haven't connected Cal.com yet — run `/cal connect` to add your API "
                     "key.")
        case TeammateNotConnected(stale=True):
            return t("<@{user}>'s Cal.com connection no longer works, so I can't see "
                     "their free time — they can run `/cal connect` again to fix it.",
                     user=error.user_id)
        case TeammateNotConnected():
            return t("<@{user}> hasn't connected calbot to Cal.com, so I can't see "
                     "their free time — they can run `/cal connect` to set it up.",
                     user=error.user_id)
        case NoPublicEventTypes(query=str()):
            return t("{who} has no public event type called “{query}” — run the "
                     "command without it to pick from their list.", who=error.who,
                     query=error.query)
        case NoPublicEventTypes():
            return t("{who} has no public event types anyone can book — they can add one "
                     "in Cal.com (or unhide one), then try again.", who=error.who)
        case NoEmail():
            return t("Your Slack profile shows no email, and Cal.com needs one to book — ask "
                     "your Slack admin to show emails, or book from the Cal.com page instead.")
        case NotInvolved():
            return t("That booking isn't one you host or attend, so calbot won't touch it — "
                     "nothing was changed. Use `/cal list` to act on your own bookings.")
        case OnlyTheHost():
            return t("Only the booking's host can do that — nothing was changed. Your Cal.com "
                     "key still works.")
        case AlreadyDecided():
            status = STATUS_WORDS.get(error.status)
            return t("“{title}” is already {status} — nothing was changed.", title=error.title,
                     status=t(status) if status else error.status)
        case CannotMove(moved_to=str()):
            return t("That booking was already moved (now `{uid}`) — reschedule that one "
                     "instead.", uid=error.moved_to)
        case CannotMove():
            return t("That booking was cancelled, so it can't be moved — book a new time "
                     "instead.")
        case NoEventTypes():
            return t("Your Cal.com account has no event types yet — create one in Cal.com, "
                     "then try again.")
        case UnknownEventType():
            return t("None of your event types is called “{query}” — run `/cal slots` "
                     "without it to pick from your list.", query=error.query)
        case ChannelUnreachable(private=True):
            return t("I can't post in <#{channel}> because it's private and I'm not in it — "
                     "type `/invite @calbot` there, then run the command again.",
                     channel=error.channel)
        case ChannelUnreachable():
            return t("I can't post in <#{channel}> — check that the channel exists and "
                     "isn't archived, then run the command again.", channel=error.channel)
        case cal.Unauthorized():
            return t("Cal.com didn't accept your API key — it may have been revoked or "
                     "expired. Run `/cal connect` with a new key.")
        case cal.Forbidden():
            return t("Your Cal.com key isn't allowed to do that — only the booking's host can, "
                     "or the key lacks the permission in Cal.com.")
        case cal.NotFound():
            return t("Cal.com can't find that booking with your key — check the uid, or pick "
                     "it from `/cal list`.")
        case cal.RateLimited():
            wait = int(error.retry_after or 60) + 1
            return t("Cal.com is limiting how fast your key can make requests — try again in "
                     "{seconds} seconds.", seconds=wait)
        case cal.Unavailable():
            return t("Cal.com isn't answering right now — try again in a few minutes.")
        case cal.Rejected():
            return _rejected(error, t)
        case cal.Busy():
            return t("That Cal.com server is already handling several requests from calbot — "
                     "nothing was sent; try again in a minute.")
        case cal.UnsafeUrl():
            return t("calbot won't send your key to that API URL: {reason} — use your "
                     "Cal.com's public https address, or leave it empty for cal.com.",
                     reason=error.message)
        case cal.CalcomError():
            return t("Cal.com couldn't do that just now — try again in a few minutes.")
        case StorageError():
            ref = reference()
            log.error("storage failure: %s (reference %s)", type(error).__name__, ref)
            return _unknown(ref, t)
        case AlreadySubmitted():
            return t("This form was already sent, and calbot books it only once — see the "
                     "booking with `/cal list`; if it isn't there, open a new form with "
                     "`/cal book`.")
        case BadValue():
            return t("That form or button wasn't made by calbot (or is from an older calbot) — "
                     "nothing was done; run the command again.")
        case SlackFailed():
            return t("Slack didn't accept calbot's reply — try the command again.")
        case NotStarted():
            return t("That booking hasn't started yet — you can mark who didn't come once it "
                     "has begun.")
        case NotRoundRobin():
            return t("Only round-robin bookings can be handed to another host — this one's "
                     "event type isn't round-robin, so nothing was changed.")
        case TooManyGuests():
            return t("Cal.com adds at most 10 guests at once and you named {count} — "
                     "add them in two goes.", count=error.count)
        case UnknownHost():
            return t("I can't find {who} among Cal.com users connected to calbot — name "
                     "a teammate who has connected, or leave it out and Cal.com picks a host.",
                     who=error.who)
        case NotForThisBooking():
            return t("That booking can't {what} now — nothing was changed.", what=error.what)
    ref = reference()
    log.error("unexpected error reached a user (reference %s)", ref, exc_info=error)
    return _unknown(ref, t)
