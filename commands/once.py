"""A booking form books at most once, whatever Slack or a user re-sends.

Each form has a key (its workspace and Slack view id), claimed in the database
(``Store.claim_event``, shared by every worker and process and kept across restarts) BEFORE the
Cal.com call: a replay of the final submission, a double press, or the same modal submitted 50
times at once make one booking; every repeat is answered with :class:`AlreadySubmitted`.

A claim is given back only when Cal.com certainly made nothing (it refused, the key was
rejected, nothing was sent), so the user can fix the form and press Book again. When the outcome
is unknown (a timeout, a 5xx), the claim stays: the booking may exist, and a second one must not.
"""

from __future__ import annotations

import logging
from datetime import datetime

from calcom import errors as cal
from calcom.models import Booking
from commands.errors import AlreadySubmitted, NotConnected
from commands.service import Calbot
from storage import StorageError

log = logging.getLogger(__name__)

#: Errors after which Cal.com certainly made no booking: the form may be sent again.
NOTHING_BOOKED: tuple[type[BaseException], ...] = (
    NotConnected, cal.Rejected, cal.Unauthorized, cal.Forbidden, cal.NotFound,
    cal.RateLimited, cal.Busy, cal.UnsafeUrl, StorageError,
)


def form_key(team_id: str, view_id: str) -> str:
    return f"form:{team_id}:{view_id}"


class OncePerForm:
    """``book`` through a form's key: the first submission books, the repeats are refused."""

    def __init__(self, calbot: Calbot):
        self.calbot = calbot

    def book(self, form: str, team_id: str, user_id: str, *, event_type_id: int,
             start: datetime, attendee_name: str, attendee_email: str, attendee_tz: str,
             guests: tuple[str, ...] = (), notes: str | None = None) -> list[Booking]:
        store = self.calbot.store
        if not store.claim_event(form):
            log.info("a booking form was sent again; it books once")
            raise AlreadySubmitted()
        try:
            return self.calbot.book(
                team_id, user_id, event_type_id=event_type_id, start=start,
                attendee_name=attendee_name, attendee_email=attendee_email,
                attendee_tz=attendee_tz, guests=guests, notes=notes)
        except NOTHING_BOOKED:
            self._give_back(form)
            raise

    def _give_back(self, form: str) -> None:
        try:
            self.calbot.store.release_event(form)
        except StorageError as error:  # the form stays claimed: a new form books instead
            log.warning("could not release a booking form's claim (%s)", type(error).__name__)


__all__ = ["NOTHING_BOOKED", "OncePerForm", "form_key"]
