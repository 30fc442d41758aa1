"""Your day, independent of Slack: the agenda (one Cal.com list), the agenda and reminder
settings, and planning reminders from what calbot knows of each booking.

Reminders are planned from two sources, both without extra Cal.com calls: the agenda's own list
(``agenda``), and the booking snapshots webhooks, polls and Slack actions keep in the bookings
table (``heard``). A cancelled or moved booking voids its queued reminder; a moved one is
planned again at its new start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from calcom.models import Booking
from commands.access import Identity, Role, role_in
from commands.service import Calbot
from storage import Store
from storage.tables.day import DaySettings, KnownBooking

log = logging.getLogger(__name__)

AGENDA_PAGE = 100  # one page: the agenda is ONE Cal.com request


def clock_time(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


@dataclass(frozen=True)
class Agenda:
    day: date
    time_zone: str
    today: list[Booking]  # confirmed bookings of the day, in order
    pending: list[Booking]  # awaiting the user's approval (any day ahead)

    @property
    def empty(self) -> bool:
        return not self.today and not self.pending


def day_bounds(now: datetime, tz: str) -> tuple[date, datetime, datetime]:
    """The user's local date and its start and end as aware instants (DST-safe)."""
    zone = ZoneInfo(tz)
    day = now.astimezone(zone).date()
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    return day, start, end


def _start_epoch(booking: Booking) -> float:
    return float(int(booking.start.timestamp()))


class Day:
    """The agenda, the settings, and reminder planning for every user."""

    def __init__(self, calbot: Calbot, store: Store, *, now: Callable[[], datetime]):
        self.calbot = calbot
        self.store = store
        self.now = now
        self.lists = 0  # Cal.com lists made (for the bench and the log)

    # ---- the agenda -----------------------------------------------------------------------

    def agenda(self, team: str, user: str, tz: str) -> Agenda:
        """Today's bookings in ``tz`` and what awaits approval: ONE Cal.com list (every status,
        from the start of today on). The same list refreshes the user's reminders."""
        now = self.now()
        day, start, end = day_bounds(now, tz)
        conn = self.calbot.connection(team, user)
        client = self.calbot.client_for(conn)
        self.lists += 1
        listed = client.bookings(after_start=start, take=AGENDA_PAGE, limit=AGENDA_PAGE)
        self.observe(team, user, listed)
        who = Identity(conn.calcom_user_id, conn.calcom_email)
        today = sorted((b for b in listed if b.is_accepted and start <= b.start < end),
                       key=lambda b: (b.start, b.uid))
        # Awaiting THEIR approval: requests they host (a request they made waits on others).
        pending = sorted((b for b in listed if b.is_pending and (b.end or b.start) > now
                          and (not who.known or not b.hosts
                               or role_in(b, who) is Role.HOST)),
                         key=lambda b: (b.start, b.uid))
        return Agenda(day, tz, today, pending)

    # ---- settings -------------------------------------------------------------------------

    def settings(self, team: str, user: str) -> DaySettings:
        return self.store.day_settings(team, user)

    def set_agenda(self, team: str, user: str, at: str | None) -> None:
        """The agenda at ``at`` from the next time it comes round: set after today's time has
        passed, the first one is tomorrow's (not one straight away)."""
        self.store.set_agenda(team, user, at)
        if at is None:
            return
        zone = self.store.day_settings(team, user).time_zone or "UTC"
        try:
            local = self.now().astimezone(ZoneInfo(zone))
        except (ZoneInfoNotFoundError, ValueError):
            local = self.now()
        if local.time().replace(tzinfo=None) >= clock_time(at):
            self.store.finish_daily(team, user, local.date().isoformat())

    def set_remind(self, team: str, user: str, minutes: int | None) -> None:
        self.store.set_remind(team, user, minutes)

    # ---- reminders ------------------------------------------------------------------------

    def observe(self, team: str, user: str, bookings: list[Booking]) -> int:
        """Plan (or void) the user's reminders from bookings just read. Returns how many were
        planned anew."""
        minutes = self.store.reminding(team, user)
        planned = 0
        for booking in bookings:
            planned += self._plan(team, user, booking, minutes)
        return planned

    def heard(self, known: KnownBooking) -> int:
        """A snapshot in the bookings table changed (webhook, poll, Slack action)."""
        try:
            booking = Booking.model_validate(known.snapshot)
        except ValueError:
            log.info("day: a stored booking could not be read; no reminder from it")
            return 0
        minutes = self.store.reminding(known.team_id, known.user_id)
        return self._plan(known.team_id, known.user_id, booking, minutes)

    def _plan(self, team: str, user: str, booking: Booking, minutes: int | None) -> int:
        if booking.rescheduled_from_uid and booking.rescheduled_from_uid != booking.uid:
            self.store.void_reminders(team, booking.rescheduled_from_uid)  # moved from there
        if booking.is_done or booking.rescheduled_to_uid or not booking.is_accepted:
            self.store.void_reminders(team, booking.uid)
            return 0
        if minutes is None or booking.start <= self.now():
            return 0
        start = _start_epoch(booking)
        return int(self.store.plan_reminder(team, user, booking.uid, start,
                                            start - minutes * 60.0,
                                            booking.model_dump(mode="json")))

    def still_on(self, team: str, uid: str, start_at: float, planned_at: float) -> bool:
        """At send time: does what calbot heard since planning still have it at this start?"""
        known = self.store.known_booking(team, uid)
        if known is None or known.updated_at < planned_at:
            return True
        try:
            booking = Booking.model_validate(known.snapshot)
        except ValueError:
            return True
        return (booking.is_accepted and not booking.rescheduled_to_uid
                and _start_epoch(booking) == start_at)


__all__ = ["Agenda", "Day", "clock_time", "day_bounds"]
