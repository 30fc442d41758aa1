"""Exactly-once: claims of delivered events and one-time warnings. The first ``INSERT`` of a key
wins (``ON CONFLICT DO NOTHING``), across threads, processes and restarts."""

from __future__ import annotations

from storage.tables.base import Tables


class DeliveryTables(Tables):
    def claim_event(self, key: str) -> bool:
        """True only for the first caller ever to claim ``key`` (across threads and restarts)."""
        return self._db.execute(
            "INSERT INTO delivered_events (key, claimed_at) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING", (key, self._clock())) == 1

    def release_event(self, key: str) -> bool:
        """Give a claim back (the work it guarded certainly did not happen): the next
        ``claim_event(key)`` wins again. True when there was a claim."""
        return self._db.execute("DELETE FROM delivered_events WHERE key = ?", (key,)) == 1

    def prune_events(self, older_than: float) -> int:
        """Drop claims made before the instant ``older_than`` (keeps the table small)."""
        return self._db.execute(
            "DELETE FROM delivered_events WHERE claimed_at < ?", (older_than,))

    def warn_once(self, key: str, team_id: str | None = None) -> bool:
        """True the first time ``key`` is seen. Give ``team_id`` so forget_team drops it."""
        return self._db.execute(
            "INSERT INTO warnings (key, team_id, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT DO NOTHING", (key, team_id, self._clock())) == 1
