"""Bookings seen through Slack (their latest snapshot), the Slack messages that show them, and
the thread root of each booking's notices in a channel."""

from __future__ import annotations

import json
from typing import Any

from storage.errors import StorageError
from storage.records import BookingMessage, dumps
from storage.tables.base import Tables


class BookingTables(Tables):
    def remember_booking(self, team_id: str, user_id: str, booking: dict) -> None:
        """Keep the latest snapshot of a booking (``booking["uid"]``) and whose key reached it."""
        uid = booking.get("uid")
        if not uid:
            raise StorageError("A booking needs a uid to be remembered.")
        self._db.execute(
            "INSERT INTO bookings (team_id, uid, user_id, snapshot, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, uid) DO UPDATE SET "
            "user_id = excluded.user_id, snapshot = excluded.snapshot, "
            "updated_at = excluded.updated_at",
            (team_id, str(uid), user_id, dumps(booking), self._clock()),
        )

    def booking(self, team_id: str, uid: str) -> dict | None:
        row = self._db.one(
            "SELECT snapshot FROM bookings WHERE team_id = ? AND uid = ?", (team_id, uid))
        return None if row is None else json.loads(row["snapshot"])

    def booking_owner(self, team_id: str, uid: str) -> str | None:
        """The Slack user whose Cal.com key last reached this booking."""
        row = self._db.one(
            "SELECT user_id FROM bookings WHERE team_id = ? AND uid = ?", (team_id, uid))
        return None if row is None else str(row["user_id"])

    def add_booking_message(
        self, team_id: str, uid: str, channel: str, ts: str, kind: str
    ) -> None:
        self._db.execute(
            "INSERT INTO booking_messages (team_id, uid, channel, ts, kind, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, uid, channel, ts) DO UPDATE SET "
            "kind = excluded.kind, created_at = excluded.created_at",
            (team_id, uid, channel, ts, kind, self._clock()),
        )

    def booking_messages(
        self, team_id: str, uid: str, kind: str | None = None
    ) -> list[BookingMessage]:
        """Messages showing the booking, oldest first."""
        sql = (
            "SELECT team_id, uid, channel, ts, kind FROM booking_messages "
            "WHERE team_id = ? AND uid = ?"
        )
        params: tuple[Any, ...] = (team_id, uid)
        if kind is not None:
            sql += " AND kind = ?"
            params += (kind,)
        rows = self._db.rows(sql + " ORDER BY created_at, rowid", params)
        return [BookingMessage(**r) for r in rows]

    def delete_booking_message(self, team_id: str, channel: str, ts: str) -> int:
        """Forget a deleted Slack message (for every booking it showed)."""
        return self._db.execute(
            "DELETE FROM booking_messages WHERE team_id = ? AND channel = ? AND ts = ?",
            (team_id, channel, ts),
        )

    # ---- notice threads -------------------------------------------------------------------

    def thread_ts(self, team_id: str, channel: str, uid: str) -> str | None:
        row = self._db.one(
            "SELECT ts FROM threads WHERE team_id = ? AND channel = ? AND uid = ?",
            (team_id, channel, uid),
        )
        return None if row is None else str(row["ts"])

    def set_thread_ts(self, team_id: str, channel: str, uid: str, ts: str) -> None:
        self._db.execute(
            "INSERT INTO threads (team_id, channel, uid, ts) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (team_id, channel, uid) DO UPDATE SET ts = excluded.ts",
            (team_id, channel, uid, ts),
        )
