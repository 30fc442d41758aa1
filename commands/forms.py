"""Checking what people typed into calbot's forms, before anything is sent anywhere.

Each check returns inline errors for the modal: ``{input block id: sentence}``. The sentences
come from the one error table (``commands.errors.user_message``) through :class:`FormProblem`.
"""

from __future__ import annotations

import re

from blockkit import ids
from calcom import errors as cal
from commands.errors import FormProblem, user_message
from commands.parse import EMAIL
from i18n import ENGLISH, Translator
from timephrase import TimePhraseError

InlineErrors = dict[str, str]
_URL = re.compile(r"^https?://[^\s/]+")


def is_email(text: str) -> bool:
    return EMAIL.fullmatch(text) is not None


def _inline(*problems: FormProblem, t: Translator = ENGLISH) -> InlineErrors:
    return {p.field: user_message(p, t) for p in problems}


def connect_problems(key: str, url: str | None, t: Translator = ENGLISH) -> InlineErrors:
    found = []
    if not key or " " in key:
        found.append(FormProblem(ids.API_KEY, "api_key_missing"))
    if url and not _URL.match(url):
        found.append(FormProblem(ids.API_URL, "api_url_not_a_url"))
    return _inline(*found, t=t)


def connect_refusal(error: BaseException, url: str | None,
                    t: Translator = ENGLISH) -> InlineErrors | None:
    """Cal.com's answer to the key check as inline errors; None when it is not the form's
    fault (an outage, a bug): then the user gets a message, not a field to fix."""
    if isinstance(error, cal.Unauthorized | cal.Forbidden):
        return _inline(FormProblem(ids.API_KEY, "api_key_refused"), t=t)
    if isinstance(error, cal.UnsafeUrl):
        return {ids.API_URL: user_message(error, t)}
    if url and isinstance(error, cal.Unavailable | cal.NotFound):
        return _inline(FormProblem(ids.API_URL, "api_url_unreachable"), t=t)
    if isinstance(error, cal.CalcomError):
        return {ids.API_KEY: user_message(error, t)}
    return None


def booking_problems(email: str, guests: tuple[str, ...], event_type: str | None,
                     when_error: TimePhraseError | None,
                     t: Translator = ENGLISH) -> InlineErrors:
    found = []
    if not is_email(email):
        found.append(FormProblem(ids.ATTENDEE_EMAIL, "attendee_email"))
    bad = [g for g in guests if not is_email(g)]
    if bad:
        found.append(FormProblem(ids.GUESTS, "guest_email", bad[0]))
    if not event_type:
        found.append(FormProblem(ids.EVENT_TYPE, "event_type_missing"))
    errors = _inline(*found, t=t)
    if when_error is not None:
        errors[ids.WHEN] = user_message(when_error, t)
    return errors


def when_refusal(error: BaseException, t: Translator = ENGLISH) -> InlineErrors | None:
    """Cal.com refusing the time (taken, outside hours) belongs next to the time."""
    if isinstance(error, cal.Rejected):
        return {ids.WHEN: user_message(error, t)}
    return None


def reason_problems(reason: str | None, *, required: bool,
                    t: Translator = ENGLISH) -> InlineErrors:
    if required and not reason:
        return _inline(FormProblem(ids.REASON, "cancel_reason_missing"), t=t)
    return {}


def split_guests(text: str | None) -> tuple[str, ...]:
    return tuple(g for g in re.split(r"[\s,;]+", text or "") if g)
