"""Your day: each user's agenda and reminder settings, the daily run's claim, and the durable
reminder queue.

Exactly once, across restarts and processes:

* The daily run (the agenda, and the one Cal.com list that refreshes reminders) is claimed per
  user and local date with a lease (``claim_daily``); ``finish_daily`` records the date, so a
  second worker or a restart finds it done.
* A reminder is one row per (user, booking, start). Workers lease due rows (``claim_reminders``,
  ``FOR UPDATE SKIP LOCKED`` on PostgreSQL); ``settle_reminder`` marks one sent (or void) only
  while the lease is held. The outbox key of the DM it queues is unique too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.engine import Row
from storage.records import dumps
from storage.tables.base import Tables

QUEUED, SENT, VOID, MISSED = "queued", "sent", "void", "missed"


@dataclass(frozen=True)
class DaySettings:
    team_id: str
    user_id: str
    agenda_at: str | None  # 'HH:MM' in the user's zone; None: no daily agenda
    remind_min: int | None  # None: no reminders
    daily_done_on: str | None = None
    time_zone: str | None = None  # the Slack zone calbot last read for the user


@dataclass(frozen=True)
class Reminder:
    team_id: str
    user_id: str
    uid: str
    start_at: float
    due_at: float
    status: str
    booking: dict[str, Any]
    updated_at: float


@dataclass(frozen=True)
class KnownBooking:
    """A row of the bookings table: the latest snapshot calbot heard of."""

    team_id: str
    uid: str
    user_id: str
    snapshot: dict[str, Any]
    updated_at: float


_SETTINGS_SQL = (
    "SELECT d.*, u.time_zone FROM day_settings d "
    "LEFT JOIN users u ON u.team_id = d.team_id AND u.user_id = d.user_id ")


def _settings(row: Row) -> DaySettings:
    return DaySettings(row["team_id"], row["user_id"], row["agenda_at"], row["remind_min"],
                       row["daily_done_on"], row.get("time_zone"))


def _reminder(row: Row) -> Reminder:
    return Reminder(row["team_id"], row["user_id"], row["uid"], float(row["start_at"]),
                    float(row["due_at"]), row["status"], json.loads(row["booking"]),
                    float(row["updated_at"]))


class DayTables(Tables):
    # ---- settings -------------------------------------------------------------------------

    def day_settings(self, team_id: str, user_id: str) -> DaySettings:
        row = self._db.one(_SETTINGS_SQL + "WHERE d.team_id = ? AND d.user_id = ?",
                           (team_id, user_id))
        return _settings(row) if row is not None else DaySettings(team_id, user_id, None, None)

    def set_agenda(self, team_id: str, user_id: str, at: str | None) -> None:
        """The daily agenda at ``at`` ('HH:MM', the user's zone), or off (None)."""
        self._db.execute(
            "INSERT INTO day_settings (team_id, user_id, agenda_at, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET "
            "agenda_at = excluded.agenda_at, updated_at = excluded.updated_at",
            (team_id, user_id, at, self._clock()))

    def set_remind(self, team_id: str, user_id: str, minutes: int | None) -> None:
        """Reminders ``minutes`` before each start, or off (None). Queued reminders move to
        the new lead time (off: they are dropped)."""
        now = self._clock()
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO day_settings (team_id, user_id, remind_min, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET "
                "remind_min = excluded.remind_min, updated_at = excluded.updated_at",
                (team_id, user_id, minutes, now))
            if minutes is None:
                self._db.execute(
                    "UPDATE reminders SET status = 'void', updated_at = ? "
                    "WHERE team_id = ? AND user_id = ? AND status = 'queued'",
                    (now, team_id, user_id))
            else:
                self._db.execute(
                    "UPDATE reminders SET due_at = start_at - ?, updated_at = ? "
                    "WHERE team_id = ? AND user_id = ? AND status = 'queued'",
                    (minutes * 60.0, now, team_id, user_id))

    def day_users(self) -> list[DaySettings]:
        """Users with a daily agenda or reminders on (the daily run's candidates)."""
        rows = self._db.rows(
            _SETTINGS_SQL + "WHERE d.agenda_at IS NOT NULL OR d.remind_min IS NOT NULL "
            "ORDER BY d.team_id, d.user_id")
        return [_settings(r) for r in rows]

    def reminding(self, team_id: str, user_id: str) -> int | None:
        row = self._db.one(
            "SELECT remind_min FROM day_settings WHERE team_id = ? AND user_id = ?",
            (team_id, user_id))
        return None if row is None or row["remind_min"] is None else int(row["remind_min"])

    # ---- the daily run --------------------------------------------------------------------

    def claim_daily(self, team_id: str, user_id: str, local_date: str, lease_s: float) -> bool:
        """Take the user's daily run for ``local_date``: False if it is done for that date or
        another worker holds it (until its lease runs out)."""
        now = self._clock()
        return self._db.execute(
            "UPDATE day_settings SET daily_lease_until = ? WHERE team_id = ? AND user_id = ? "
            "AND (daily_done_on IS NULL OR daily_done_on != ?) "
            "AND (daily_lease_until IS NULL OR daily_lease_until <= ?)",
            (now + lease_s, team_id, user_id, local_date, now)) == 1

    def finish_daily(self, team_id: str, user_id: str, local_date: str) -> None:
        self._db.execute(
            "UPDATE day_settings SET daily_done_on = ?, daily_lease_until = NULL "
            "WHERE team_id = ? AND user_id = ?", (local_date, team_id, user_id))

    def retry_daily(self, team_id: str, user_id: str, at: float) -> None:
        """The run failed (Cal.com refused or was down): anyone may try again at ``at``."""
        self._db.execute(
            "UPDATE day_settings SET daily_lease_until = ? WHERE team_id = ? AND user_id = ?",
            (at, team_id, user_id))

    # ---- reminders ------------------------------------------------------------------------

    def plan_reminder(self, team_id: str, user_id: str, uid: str, start_at: float,
                      due_at: float, booking: dict[str, Any]) -> bool:
        """Queue a reminder of the booking at this start (True when new or revived). A
        reminder already sent for this start stays sent; others of the booking are voided."""
        now = self._clock()
        with self._db.transaction():
            self._db.execute(
                "UPDATE reminders SET status = 'void', updated_at = ? WHERE team_id = ? "
                "AND uid = ? AND status = 'queued' AND start_at != ?",
                (now, team_id, uid, start_at))
            return self._db.execute(
                "INSERT INTO reminders (team_id, user_id, uid, start_at, due_at, status, "
                "booking, updated_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?) "
                "ON CONFLICT (team_id, user_id, uid, start_at) DO UPDATE SET "
                "status = 'queued', due_at = excluded.due_at, booking = excluded.booking, "
                "updated_at = excluded.updated_at WHERE reminders.status = 'void' "
                "OR (reminders.status = 'queued' AND reminders.booking != excluded.booking)",
                (team_id, user_id, uid, start_at, due_at, dumps(booking), now)) == 1

    def void_reminders(self, team_id: str, uid: str) -> int:
        """The booking was cancelled, declined or moved away: no reminder of it is sent."""
        return self._db.execute(
            "UPDATE reminders SET status = 'void', updated_at = ? WHERE team_id = ? AND uid = ? "
            "AND status = 'queued'", (self._clock(), team_id, uid))

    def claim_reminders(self, owner: str, lease_s: float, limit: int = 200) -> list[Reminder]:
        """Lease up to ``limit`` due queued reminders nobody holds, earliest first."""
        now = self._clock()
        with self._db.transaction():
            rows = self._db.rows(
                "UPDATE reminders SET lease_owner = ?, lease_until = ? WHERE "
                "(team_id, user_id, uid, start_at) IN (SELECT team_id, user_id, uid, start_at "
                "FROM reminders WHERE status = 'queued' AND due_at <= ? "
                "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY due_at LIMIT ?"
                + self._db.skip_locked + ") RETURNING *",
                (owner, now + lease_s, now, now, limit))
        return sorted((_reminder(r) for r in rows), key=lambda r: (r.due_at, r.uid))

    def settle_reminder(self, reminder: Reminder, status: str, owner: str) -> bool:
        """Mark a leased reminder sent / void / missed; False when the lease was lost."""
        return self._db.execute(
            "UPDATE reminders SET status = ?, lease_owner = NULL, lease_until = NULL, "
            "updated_at = ? WHERE team_id = ? AND user_id = ? AND uid = ? AND start_at = ? "
            "AND status = 'queued' AND lease_owner = ?",
            (status, self._clock(), reminder.team_id, reminder.user_id, reminder.uid,
             reminder.start_at, owner)) == 1

    def reminders_of(self, team_id: str, user_id: str | None = None) -> list[Reminder]:
        sql = "SELECT * FROM reminders WHERE team_id = ?"
        params: tuple[str, ...] = (team_id,)
        if user_id is not None:
            sql, params = sql + " AND user_id = ?", (team_id, user_id)
        return [_reminder(r) for r in self._db.rows(sql + " ORDER BY start_at, uid", params)]

    def prune_reminders(self, older_than: float) -> int:
        """Forget reminders of bookings that started before ``older_than`` (sent or not)."""
        return self._db.execute("DELETE FROM reminders WHERE start_at < ?", (older_than,))

    def next_reminder_at(self) -> float | None:
        row = self._db.one("SELECT min(due_at) AS t FROM reminders WHERE status = 'queued'")
        return None if row is None or row["t"] is None else float(row["t"])

    # ---- what calbot heard of -------------------------------------------------------------

    def known_booking(self, team_id: str, uid: str) -> KnownBooking | None:
        row = self._db.one("SELECT * FROM bookings WHERE team_id = ? AND uid = ?",
                           (team_id, uid))
        return None if row is None else KnownBooking(
            row["team_id"], row["uid"], row["user_id"], json.loads(row["snapshot"]),
            float(row["updated_at"]))

    def bookings_changed_since(self, since: float, after: tuple[str, str] = ("", ""),
                               limit: int = 1000) -> list[KnownBooking]:
        """Snapshots written after (``since``, team, uid) — webhooks, polls, Slack actions —
        in that order (a keyset: page on with the last row's values)."""
        team, uid = after
        rows = self._db.rows(
            "SELECT * FROM bookings WHERE updated_at > ? OR (updated_at = ? AND "
            "(team_id > ? OR (team_id = ? AND uid > ?))) "
            "ORDER BY updated_at, team_id, uid LIMIT ?",
            (since, since, team, team, uid, limit))
        return [KnownBooking(r["team_id"], r["uid"], r["user_id"], json.loads(r["snapshot"]),
                             float(r["updated_at"])) for r in rows]
