"""The whole booking: what `/cal show` shows, and the actions on it beyond cancel and
reschedule (location, guests, no-shows, reassignment).

Every action asks `Calbot.authorize` first: a user acts only on bookings they host or attend.
No Slack calls and no Block Kit here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from blockkit.details import Action, LocationKind
from calcom import errors as cal
from calcom.models import Booking, CalendarLink, EventType, Reassigned, Recording
from commands.access import Role, role_in
from commands.errors import (
    NotForThisBooking,
    NotRoundRobin,
    NotStarted,
    TooManyGuests,
    UnknownHost,
)
from commands.parse import EMAIL, CommandError
from commands.service import Calbot

log = logging.getLogger(__name__)

MAX_GUESTS = 10
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[\d\s().-]{6,20}$")
# Event-type location kinds (EventTypeOutput locations[].type) -> what a booking's location
# update takes for them (UpdateBookingLocationInput_2024_08_13).
_KIND_OF = {"link": LocationKind.LINK, "integration": LocationKind.LINK,
            "organizersDefaultApp": LocationKind.LINK, "phone": LocationKind.PHONE,
            "attendeePhone": LocationKind.ATTENDEE_PHONE, "address": LocationKind.ADDRESS,
            "attendeeAddress": LocationKind.ATTENDEE_ADDRESS,
            "attendeeDefined": LocationKind.ATTENDEE_DEFINED}
DEFAULT_KINDS = (LocationKind.LINK, LocationKind.PHONE, LocationKind.ADDRESS)


@dataclass(frozen=True)
class Whole:
    """A booking as `/cal show` shows it, and what the caller may do with it."""

    booking: Booking
    role: Role
    may: frozenset[Action]
    links: list[CalendarLink]
    recordings: list[Recording]
    transcripts: list[str]
    started: bool


def is_cal_video(booking: Booking) -> bool:
    where = f"{booking.location or ''} {booking.meeting_url or ''}".lower()
    return "integrations:daily" in where or "cal.com/video" in where


def location_body(where: str, kind: LocationKind | None = None) -> dict[str, str]:
    """What Cal.com's location update takes for `where` (a URL, a phone number or an address),
    as the given kind or the one `where` looks like."""
    text = where.strip()
    if not text:
        raise CommandError("Where should it be? Give a meeting link, a phone number or an "
                           "address.")
    if kind is None:
        kind = (LocationKind.LINK if _URL.match(text) else
                LocationKind.PHONE if _PHONE.match(text) else LocationKind.ADDRESS)
    if kind == LocationKind.LINK and not _URL.match(text):
        raise CommandError(f"“{text}” isn't a link — meeting links start with https://.")
    if kind in (LocationKind.PHONE, LocationKind.ATTENDEE_PHONE):
        if not _PHONE.match(text):
            raise CommandError(f"“{text}” isn't a phone number — write it like +1 555 010 0000.")
        text = re.sub(r"[\s().-]", "", text)
    field = {LocationKind.LINK: "link", LocationKind.PHONE: "phone",
             LocationKind.ATTENDEE_PHONE: "phone", LocationKind.ADDRESS: "address",
             LocationKind.ATTENDEE_ADDRESS: "address",
             LocationKind.ATTENDEE_DEFINED: "location"}[kind]
    return {"type": kind.value, field: text}


class Details:
    def __init__(self, calbot: Calbot, *, app_url: str = "https://cal.com"):
        self.calbot = calbot
        self.app_url = app_url.rstrip("/")

    # --- looking -----------------------------------------------------------------------
    def show(self, team_id: str, user_id: str, uid: str) -> Whole:
        booking = self.calbot.authorize(team_id, user_id, uid)
        client = self.calbot.calcom(team_id, user_id)
        role = role_in(booking, self.calbot.identity(team_id, user_id)) or Role.ATTENDEE
        started = booking.start <= self.calbot.now()
        event_type = self._event_type(team_id, user_id, booking) if role == Role.HOST else None
        links: list[CalendarLink] = []
        recordings: list[Recording] = []
        transcripts: list[str] = []
        try:
            if not booking.is_done:
                links = client.calendar_links(uid)
            if started and is_cal_video(booking):
                recordings = client.recordings(uid)
                transcripts = client.transcripts(uid)
        except (cal.NotFound, cal.Rejected, cal.Forbidden, cal.Unavailable) as error:
            log.info("booking extras unavailable (%s)", type(error).__name__)
        return Whole(booking, role, self.may(booking, role, event_type, started), links,
                     recordings, transcripts, started)

    def may(self, booking: Booking, role: Role, event_type: EventType | None,
            started: bool) -> frozenset[Action]:
        """What the caller may do next with the booking, by its state and their part in it."""
        if booking.is_done or booking.rescheduled_to_uid:
            return frozenset()
        ended = (booking.end or booking.start) <= self.calbot.now()
        found: set[Action] = set()
        if not ended:
            found |= {Action.CANCEL, Action.RESCHEDULE}
        if role != Role.HOST:
            return frozenset(found)
        if booking.is_pending and not ended:
            found |= {Action.CONFIRM, Action.DECLINE}
        if not ended:
            found |= {Action.LOCATION, Action.GUESTS}
        if started and booking.is_accepted:
            found.add(Action.NOSHOW)
        if not ended and event_type is not None and event_type.is_round_robin:
            found.add(Action.REASSIGN)
        return frozenset(found)

    def _event_type(self, team_id: str, user_id: str, booking: Booking) -> EventType | None:
        if booking.event_type_id is None:
            return None
        try:
            return self.calbot.calcom(team_id, user_id).event_type(booking.event_type_id)
        except (cal.NotFound, cal.Forbidden) as error:
            log.info("booking's event type unavailable (%s)", type(error).__name__)
            return None

    def location_kinds(self, team_id: str, user_id: str, uid: str) -> tuple[Booking,
                                                                            list[LocationKind]]:
        """The booking, and the kinds of place its event type allows."""
        booking = self.calbot.authorize(team_id, user_id, uid)
        event_type = self._event_type(team_id, user_id, booking)
        kinds: list[LocationKind] = []
        for location in (event_type.locations if event_type else []):
            kind = _KIND_OF.get(str(location.get("type")))
            if kind is not None and kind not in kinds:
                kinds.append(kind)
        return booking, kinds or list(DEFAULT_KINDS)

    # --- acting ------------------------------------------------------------------------
    def _open(self, team_id: str, user_id: str, uid: str, what: str) -> Booking:
        booking = self.calbot.authorize(team_id, user_id, uid)
        if booking.is_done or booking.rescheduled_to_uid:
            raise NotForThisBooking(what)
        return booking

    def move(self, team_id: str, user_id: str, uid: str, where: str,
             kind: LocationKind | None = None) -> Booking:
        body = location_body(where, kind)
        self._open(team_id, user_id, uid, "change place")
        after = self.calbot.calcom(team_id, user_id).update_location(uid, body)
        self.calbot.remember(team_id, user_id, after)
        return after

    def add_guests(self, team_id: str, user_id: str, uid: str,
                   emails: Iterable[str]) -> tuple[Booking, list[str]]:
        wanted = list(dict.fromkeys(e.strip() for e in emails if e.strip()))
        if not wanted:
            raise CommandError("Whom should I add? Give their emails, like "
                               "`bob@example.com eve@example.com`.")
        bad = [e for e in wanted if not EMAIL.fullmatch(e)]
        if bad:
            raise CommandError(f"“{bad[0]}” isn't an email — separate guests with spaces.")
        if len(wanted) > MAX_GUESTS:
            raise TooManyGuests(len(wanted))
        booking = self._open(team_id, user_id, uid, "take guests")
        known = set(booking.attendee_emails) | {g.lower() for g in booking.guests}
        fresh = [e for e in wanted if e.lower() not in known]
        if not fresh:
            return booking, []
        after = self.calbot.calcom(team_id, user_id).add_guests(uid, fresh)
        self.calbot.remember(team_id, user_id, after)
        return after, fresh

    def _started(self, team_id: str, user_id: str, uid: str) -> Booking:
        booking = self._open(team_id, user_id, uid, "take no-shows")
        if booking.start > self.calbot.now():
            raise NotStarted()
        return booking

    def people(self, booking: Booking) -> list[tuple[str, str, bool]]:
        """(email, name, absent) of everyone who was to attend, guests included, once each."""
        seen: set[str] = set()
        found: list[tuple[str, str, bool]] = []
        for a in booking.attendees:
            if a.email and a.email.lower() not in seen:
                seen.add(a.email.lower())
                found.append((a.email, a.name or a.email, a.absent))
        for g in booking.guests:
            if g.lower() not in seen:
                seen.add(g.lower())
                found.append((g, g, False))
        return found

    def noshow_form(self, team_id: str, user_id: str, uid: str) -> Booking:
        """The booking, for the checklist (refused before it starts)."""
        return self._started(team_id, user_id, uid)

    def mark_absent(self, team_id: str, user_id: str, uid: str, emails: Iterable[str],
                    host: bool = False) -> Booking:
        """`/cal noshow <booking> <email>… | host`: these are marked absent."""
        booking = self._started(team_id, user_id, uid)
        known = {e.lower(): e for e, _, _ in self.people(booking)}
        marked: dict[str, bool] = {}
        for email in emails:
            if email.lower() not in known:
                raise CommandError(f"{email} isn't on that booking — name one of: "
                                   f"{', '.join(known.values()) or 'nobody'}.")
            marked[known[email.lower()]] = True
        if not marked and not host:
            raise CommandError("Who didn't come? Name their emails, or `host`.")
        after = self.calbot.calcom(team_id, user_id).mark_absent(
            uid, host=True if host else None, attendees=marked or None)
        self.calbot.remember(team_id, user_id, after)
        return after

    def set_absence(self, team_id: str, user_id: str, uid: str, absent: Iterable[str],
                    host: bool) -> Booking:
        """From the checklist: ticked ones absent, unticked present again."""
        booking = self._started(team_id, user_id, uid)
        ticked = {e.lower() for e in absent}
        marks = {email: email.lower() in ticked for email, _, _ in self.people(booking)}
        after = self.calbot.calcom(team_id, user_id).mark_absent(uid, host=host,
                                                                 attendees=marks or None)
        self.calbot.remember(team_id, user_id, after)
        return after

    def reassign(self, team_id: str, user_id: str, uid: str, *, slack_user: str | None = None,
                 email: str | None = None,
                 reason: str | None = None) -> tuple[Booking, Reassigned]:
        booking = self._open(team_id, user_id, uid, "be reassigned")
        event_type = self._event_type(team_id, user_id, booking)
        if event_type is None or not event_type.is_round_robin:
            raise NotRoundRobin()
        to = self._host_id(team_id, slack_user, email)
        done = self.calbot.calcom(team_id, user_id).reassign(uid, to, reason)
        return booking, done

    def _host_id(self, team_id: str, slack_user: str | None, email: str | None) -> int | None:
        store = self.calbot.store
        if slack_user:
            conn = store.connection(team_id, slack_user)
            if conn is None or conn.calcom_user_id is None:
                raise UnknownHost(f"<@{slack_user}>")
            return conn.calcom_user_id
        if email:
            for conn in store.connections(team_id):
                if (conn.calcom_email or "").lower() == email.lower() and conn.calcom_user_id:
                    return conn.calcom_user_id
            raise UnknownHost(email)
        return None

    def booking_url(self, uid: str) -> str:
        return f"{self.app_url}/booking/{uid}"
