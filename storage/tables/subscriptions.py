"""Channel subscriptions: which of a user's booking events go to which channel."""

from __future__ import annotations

import json

from storage.records import Subscription
from storage.tables.base import Tables


class SubscriptionTables(Tables):
    def subscribe(self, team_id: str, user_id: str, channel: str, events: set[str]) -> None:
        """Post the user's ``events`` to ``channel``; replaces the events of an existing one."""
        self._db.execute(
            "INSERT INTO subscriptions (team_id, user_id, channel, events, created_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, user_id, channel) "
            "DO UPDATE SET events = excluded.events",
            (team_id, user_id, channel, json.dumps(sorted(set(events))), self._clock()),
        )

    def unsubscribe(self, team_id: str, user_id: str, channel: str | None = None) -> int:
        """Remove one subscription, or all of the user's; returns how many were removed."""
        if channel is None:
            return self._db.execute(
                "DELETE FROM subscriptions WHERE team_id = ? AND user_id = ?",
                (team_id, user_id))
        return self._db.execute(
            "DELETE FROM subscriptions WHERE team_id = ? AND user_id = ? AND channel = ?",
            (team_id, user_id, channel))

    def subscriptions(self, team_id: str, user_id: str | None = None) -> list[Subscription]:
        sql = "SELECT team_id, user_id, channel, events FROM subscriptions WHERE team_id = ?"
        params: tuple[str, ...] = (team_id,)
        if user_id is not None:
            sql += " AND user_id = ?"
            params += (user_id,)
        rows = self._db.rows(sql + " ORDER BY created_at, rowid", params)
        return [
            Subscription(r["team_id"], r["user_id"], r["channel"],
                         frozenset(json.loads(r["events"])))
            for r in rows
        ]
