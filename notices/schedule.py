"""The durable day scheduler: the workday agenda DM and the reminder before each booking.

Everything it does is in the database and driven by the clock argument, so a restart (or a
second process) picks up where the last left off and tests freeze and advance time:

* ``scan``: the booking snapshots webhooks, polls and Slack actions wrote since the last scan
  plan, move or void reminders (no Cal.com call).
* ``daily``: once a day per user with the agenda or reminders on, at the agenda time (or
  ``REFRESH_AT``) in the user's current Slack zone — DST and zone changes included — ONE
  Cal.com list: it refreshes the reminders and, on a workday with something on it, becomes the
  agenda DM. Claimed per user and local date with a lease (``store.claim_daily``).
* ``remind``: due reminders are leased, checked against what calbot heard since (cancelled,
  moved), and queued as DMs in the outbox under a unique key — once each, restarts and
  processes included. A reminder whose booking already started (calbot was down) is dropped.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from blockkit import day as bd
from calcom import errors as cal
from calcom.models import Booking
from commands.day import Day, clock_time
from commands.errors import NotConnected
from storage import StorageError, Store
from storage.tables.day import MISSED, SENT, VOID, DaySettings, Reminder

log = logging.getLogger(__name__)

TICK_S = 15.0
REFRESH_AT = "06:00"  # the daily refresh of a user with reminders but no agenda
AGENDA_GRACE = timedelta(hours=4)  # later than this after its time (calbot was down): no DM
DAILY_LEASE_S = 120.0
RETRY_DAILY_S = 300.0
REMINDER_LEASE_S = 60.0
SCAN_BACK_S = 86400.0  # at start, re-read the snapshots of the last day
SCAN_PAGE = 1000
KEEP_REMINDERS_S = 7 * 86400.0  # a reminder row outlives its booking's start this long
PRUNE_EVERY_S = 3600.0
WORKDAYS = range(0, 5)  # Monday to Friday


def zone_of(settings: DaySettings) -> ZoneInfo:
    try:
        return ZoneInfo(settings.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class DayScheduler:
    """Runs ``tick()`` every ``tick_s`` seconds in its own thread (``start``/``stop``)."""

    def __init__(self, store: Store, day: Day, *, now: Callable[[], datetime],
                 wake_outbox: Callable[[], None], tick_s: float = TICK_S, workers: int = 8,
                 owner: str | None = None):
        self.store = store
        self.day = day
        self.now = now
        self.wake_outbox = wake_outbox
        self.tick_s = tick_s
        self.workers = max(1, workers)
        self.owner = owner or f"day-{uuid.uuid4().hex[:12]}"
        self._cursor: tuple[float, str, str] = (now().timestamp() - SCAN_BACK_S, "", "")
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.agendas_sent = 0
        self.reminders_sent = 0
        self._last_prune = 0.0

    # ---- lifecycle ------------------------------------------------------------------------

    def start(self) -> DayScheduler:
        if self._thread is not None:
            return self
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self.run, name="calbot-day", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:  # the scheduler must outlive any one failure
                log.exception("day: a round failed")
            self._stop.wait(self.tick_s)

    def tick(self) -> None:
        """One round: what changed, the daily runs that are due, the reminders that are due."""
        self.scan()
        self.daily()
        self.remind()
        self._prune()

    def _prune(self) -> None:
        now = self.now().timestamp()
        if now - self._last_prune >= PRUNE_EVERY_S:
            self._last_prune = now
            self.store.prune_reminders(now - KEEP_REMINDERS_S)

    # ---- what calbot heard of -------------------------------------------------------------

    def scan(self) -> int:
        planned = 0
        while True:
            since, team, uid = self._cursor
            changed = self.store.bookings_changed_since(since, (team, uid), SCAN_PAGE)
            for known in changed:
                planned += self.day.heard(known)
                self._cursor = (known.updated_at, known.team_id, known.uid)
            if len(changed) < SCAN_PAGE:
                return planned

    # ---- the daily run --------------------------------------------------------------------

    def daily(self) -> int:
        """Start every daily run that is due now; returns how many ran."""
        now = self.now()
        due: list[tuple[DaySettings, str, bool]] = []
        for settings in self.store.day_users():
            local = now.astimezone(zone_of(settings))
            at = clock_time(settings.agenda_at or REFRESH_AT)
            today = local.date().isoformat()
            if settings.daily_done_on == today or local.time().replace(tzinfo=None) < at:
                continue
            planned = datetime.combine(local.date(), at, local.tzinfo)
            send = (settings.agenda_at is not None and local.weekday() in WORKDAYS
                    and now - planned <= AGENDA_GRACE)
            if not send and settings.remind_min is None:
                # A weekend (or a late start) with the agenda only: nothing to read or send.
                self.store.finish_daily(settings.team_id, settings.user_id, today)
                continue
            if self.store.claim_daily(settings.team_id, settings.user_id, today,
                                      DAILY_LEASE_S):
                due.append((settings, today, send))
        if not due:
            return 0
        with ThreadPoolExecutor(max_workers=min(self.workers, len(due)),
                                thread_name_prefix="calbot-day-run") as pool:
            list(pool.map(lambda job: self._run_daily(*job), due))
        self.wake_outbox()
        return len(due)

    def _run_daily(self, settings: DaySettings, today: str, send: bool) -> None:
        team, user = settings.team_id, settings.user_id
        tz = str(zone_of(settings))
        try:
            agenda = self.day.agenda(team, user, tz)
        except NotConnected:
            self.store.finish_daily(team, user, today)
            return
        except cal.CalcomError as error:
            log.info("day: could not read a user's bookings (%s); trying again later",
                     type(error).__name__)
            self.store.retry_daily(team, user, self.now().timestamp() + RETRY_DAILY_S)
            return
        except StorageError:
            log.exception("day: storage failed during a daily run")
            return
        with self.store.transaction():
            if send and not agenda.empty:
                message = bd.agenda(agenda.day, agenda.today, agenda.pending, daily=True)
                if self.store.enqueue(team, user, {"kind": "dm", "user": user,
                                                   "message": message},
                                      f"agenda:{team}:{user}:{today}", user_id=user):
                    self.agendas_sent += 1
            self.store.finish_daily(team, user, today)

    # ---- reminders ------------------------------------------------------------------------

    def remind(self) -> int:
        """Queue every due reminder as a DM; returns how many were queued."""
        queued = 0
        while True:
            claimed = self.store.claim_reminders(self.owner, REMINDER_LEASE_S)
            if not claimed:
                break
            for reminder in claimed:
                queued += self._remind(reminder)
        if queued:
            self.wake_outbox()
        return queued

    def _remind(self, reminder: Reminder) -> int:
        now = self.now().timestamp()
        if reminder.start_at <= now:
            self.store.settle_reminder(reminder, MISSED, self.owner)
            log.info("day: a reminder came due after its booking started; dropped")
            return 0
        if not self.day.still_on(reminder.team_id, reminder.uid, reminder.start_at,
                                 reminder.updated_at):
            self.store.settle_reminder(reminder, VOID, self.owner)
            return 0
        minutes = max(1, round((reminder.start_at - reminder.due_at) / 60))
        try:
            message = bd.reminder(self._booking(reminder), minutes)
        except ValueError:
            log.exception("day: a planned reminder could not be read (a bug); dropped")
            self.store.settle_reminder(reminder, VOID, self.owner)
            return 0
        team, user = reminder.team_id, reminder.user_id
        with self.store.transaction():
            if not self.store.settle_reminder(reminder, SENT, self.owner):
                return 0  # another worker took it over
            fresh = self.store.enqueue(
                team, user, {"kind": "dm", "user": user, "message": message},
                f"remind:{team}:{user}:{reminder.uid}:{int(reminder.start_at)}", user_id=user)
        self.reminders_sent += int(fresh)
        return int(fresh)

    @staticmethod
    def _booking(reminder: Reminder) -> Booking:
        return Booking.model_validate(reminder.booking)


__all__ = ["REFRESH_AT", "DayScheduler"]
