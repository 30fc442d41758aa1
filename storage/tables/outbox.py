"""The durable outbox of Slack posts, with leases so several workers (threads or processes)
share it: a worker claims a batch for ``lease_s`` seconds, acks each message (sent, retry
later, failed) or hands it back; a lease that runs out lets any worker take the message over.
On PostgreSQL the claim skips rows another transaction is claiming (``FOR UPDATE SKIP LOCKED``);
on SQLite ``BEGIN IMMEDIATE`` makes claims one at a time."""

from __future__ import annotations

import json

from storage.engine import Row
from storage.records import OutboxMessage, dumps
from storage.tables.base import Tables


def _held(owner: str | None) -> tuple[str, tuple[str, ...]]:
    """An ack may name the lease it acts under: then it acts only while that owner holds it."""
    return ("", ()) if owner is None else (" AND lease_owner = ?", (owner,))


def _outbox(row: Row) -> OutboxMessage:
    return OutboxMessage(
        id=row["id"], team_id=row["team_id"], channel=row["channel"],
        payload=json.loads(row["payload"]), key=row["key"], status=row["status"],
        attempts=row["attempts"], not_before=row["not_before"], sent_ts=row["sent_ts"],
        error=row["error"], user_id=row["user_id"], lease_owner=row.get("lease_owner"),
        lease_until=row.get("lease_until"),
    )


class OutboxTables(Tables):
    def enqueue(
        self,
        team_id: str,
        channel: str,
        payload: dict,
        key: str,
        *,
        not_before: float | None = None,
        user_id: str | None = None,
    ) -> bool:
        """Queue a Slack post. False (and nothing changes) if ``key`` was ever enqueued."""
        now = self._clock()
        return self._db.execute(
            "INSERT INTO outbox (team_id, user_id, channel, payload, key, status, "
            "attempts, not_before, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?) ON CONFLICT DO NOTHING",
            (team_id, user_id, channel, dumps(payload), key,
             now if not_before is None else not_before, now, now),
        ) == 1

    def due_messages(self, now: float, limit: int = 100) -> list[OutboxMessage]:
        """Queued messages whose ``not_before`` has come, in enqueue order (leased or not)."""
        rows = self._db.rows(
            "SELECT * FROM outbox WHERE status = 'queued' AND not_before <= ? ORDER BY id LIMIT ?",
            (now, limit),
        )
        return [_outbox(r) for r in rows]

    def claim_due(self, owner: str, lease_s: float, limit: int = 100) -> list[OutboxMessage]:
        """Lease up to ``limit`` due messages nobody holds (or whose lease ran out) to
        ``owner`` for ``lease_s`` seconds; in enqueue order. No two owners get one message
        while its lease runs."""
        now = self._clock()
        with self._db.transaction():
            rows = self._db.rows(
                "UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id IN ("
                "SELECT id FROM outbox WHERE status = 'queued' AND not_before <= ? "
                "AND (lease_until IS NULL OR lease_until <= ?) ORDER BY id LIMIT ?"
                + self._db.skip_locked + ") RETURNING *",
                (owner, now + lease_s, now, now, limit),
            )
        return sorted((_outbox(r) for r in rows), key=lambda m: m.id)

    def renew_leases(self, owner: str, lease_s: float) -> int:
        """Extend every lease ``owner`` still holds (a worker that is alive but slow)."""
        now = self._clock()
        return self._db.execute(
            "UPDATE outbox SET lease_until = ? WHERE lease_owner = ? AND status = 'queued' "
            "AND lease_until > ?", (now + lease_s, owner, now))

    def release(self, id: int, owner: str) -> bool:
        """Hand one message back unsent (it is due again at once for any worker)."""
        return self._db.execute(
            "UPDATE outbox SET lease_owner = NULL, lease_until = NULL "
            "WHERE id = ? AND lease_owner = ?", (id, owner)) == 1

    def release_all(self, owner: str) -> int:
        """Hand back every lease ``owner`` holds (a worker stopping)."""
        return self._db.execute(
            "UPDATE outbox SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?",
            (owner,))

    def outbox_message(self, id: int) -> OutboxMessage | None:
        row = self._db.one("SELECT * FROM outbox WHERE id = ?", (id,))
        return None if row is None else _outbox(row)

    def next_due_at(self) -> float | None:
        """When the earliest queued message becomes due (None if nothing is queued)."""
        row = self._db.one("SELECT min(not_before) AS t FROM outbox WHERE status = 'queued'")
        return None if row is None or row["t"] is None else float(row["t"])

    def mark_sent(self, id: int, ts: str | None, *, owner: str | None = None) -> bool:
        """Acknowledge a post. With ``owner``: only while it holds the lease (False if not)."""
        held, param = _held(owner)
        return self._db.execute(
            "UPDATE outbox SET status = 'sent', sent_ts = ?, error = NULL, "
            "attempts = attempts + 1, updated_at = ?, lease_owner = NULL, lease_until = NULL "
            "WHERE id = ?" + held,
            (ts, self._clock(), id, *param),
        ) == 1

    def retry_later(self, id: int, not_before: float, error: str | None = None,
                    *, owner: str | None = None) -> bool:
        held, param = _held(owner)
        return self._db.execute(
            "UPDATE outbox SET attempts = attempts + 1, not_before = ?, "
            "error = coalesce(?, error), updated_at = ?, lease_owner = NULL, lease_until = NULL "
            "WHERE id = ? AND status = 'queued'" + held,
            (not_before, error, self._clock(), id, *param),
        ) == 1

    def mark_failed(self, id: int, error: str, *, owner: str | None = None) -> bool:
        held, param = _held(owner)
        return self._db.execute(
            "UPDATE outbox SET status = 'failed', error = ?, attempts = attempts + 1, "
            "updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE id = ?" + held,
            (error, self._clock(), id, *param),
        ) == 1

    def prune_outbox(self, older_than: float) -> int:
        """Delete sent and failed messages last touched before ``older_than``. Their keys can
        then be enqueued again, so keep them at least as long as a duplicate could arrive."""
        return self._db.execute(
            "DELETE FROM outbox WHERE status != 'queued' AND updated_at < ?", (older_than,))

    def claim_message(self, id: int, owner: str, lease_s: float) -> OutboxMessage | None:
        """Lease one queued message to ``owner`` for ``lease_s`` seconds, only while it is the
        oldest queued message of its lane (workspace, channel) and nobody else holds it: with
        several processes a lane's messages still go one at a time, in order. The message as
        it was before the claim (``lease_owner`` says who held it last), or None."""
        now = self._clock()
        with self._db.transaction():
            before = self._db.one(
                "SELECT * FROM outbox WHERE id = ? AND status = 'queued' "
                "AND (lease_until IS NULL OR lease_until <= ? OR lease_owner = ?)"
                + self._db.skip_locked, (id, now, owner))
            if before is None:
                return None
            if self._db.one(
                    "SELECT id FROM outbox WHERE team_id = ? AND channel = ? "
                    "AND status = 'queued' AND id < ? LIMIT 1",
                    (before["team_id"], before["channel"], id)) is not None:
                return None  # an older message of the lane goes first
            self._db.execute("UPDATE outbox SET lease_owner = ?, lease_until = ? WHERE id = ?",
                             (owner, now + lease_s, id))
        return _outbox(before)

    def outbox_stats(self) -> tuple[dict[str, int], float | None]:
        """How many messages are in each status, and when the oldest queued one was queued."""
        counts = {str(r["status"]): int(r["n"]) for r in self._db.rows(
            "SELECT status, count(*) AS n FROM outbox GROUP BY status")}
        row = self._db.one("SELECT min(created_at) AS t FROM outbox WHERE status = 'queued'")
        return counts, None if row is None or row["t"] is None else float(row["t"])
