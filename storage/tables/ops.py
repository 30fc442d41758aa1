"""What running several processes and operating calbot need: named leases (one process at a
time does a thing, e.g. a user's poll), the audit trail of actions, and key rotation."""

from __future__ import annotations

from dataclasses import dataclass

from storage.engine import Row
from storage.tables.base import Tables


@dataclass(frozen=True)
class AuditEntry:
    """One action taken through calbot. Never holds a secret."""

    at: float
    team_id: str
    user_id: str
    action: str  # booked, cancelled, rescheduled, confirmed, declined, connected, disconnected
    booking_uid: str | None
    outcome: str  # ok, or the error's name
    detail: str | None = None


def _entry(row: Row) -> AuditEntry:
    return AuditEntry(at=float(row["at"]), team_id=row["team_id"], user_id=row["user_id"],
                      action=row["action"], booking_uid=row["booking_uid"],
                      outcome=row["outcome"], detail=row["detail"])


class OpsTables(Tables):
    # ---- named leases ---------------------------------------------------------------------

    def take_lease(self, name: str, owner: str, lease_s: float) -> bool:
        """Hold ``name`` for ``lease_s`` seconds. True when it was free (never taken, or its
        lease ran out, or ``owner`` holds it already); False while someone else holds it."""
        now = self._clock()
        return self._db.execute(
            "INSERT INTO leases (name, owner, until) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until "
            "WHERE leases.until <= ? OR leases.owner = excluded.owner",
            (name, owner, now + lease_s, now)) == 1

    def hold_once(self, name: str, owner: str, lease_s: float) -> bool:
        """Like :meth:`take_lease`, but only when the lease ran out, even for its own owner:
        a thing done at most once per ``lease_s`` by any process (a user's poll)."""
        now = self._clock()
        return self._db.execute(
            "INSERT INTO leases (name, owner, until) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until "
            "WHERE leases.until <= ?", (name, owner, now + lease_s, now)) == 1

    def lease_holder(self, name: str) -> str | None:
        """Who holds ``name`` now (None when nobody does)."""
        row = self._db.one("SELECT owner FROM leases WHERE name = ? AND until > ?",
                           (name, self._clock()))
        return None if row is None else str(row["owner"])

    def drop_leases(self, owner: str) -> int:
        """Hand back every named lease ``owner`` holds (a process stopping)."""
        return self._db.execute("DELETE FROM leases WHERE owner = ?", (owner,))

    # ---- the audit trail ------------------------------------------------------------------

    def add_audit(self, team_id: str, user_id: str, action: str, booking_uid: str | None,
                  outcome: str, detail: str | None = None) -> None:
        self._db.execute(
            "INSERT INTO audit (at, team_id, user_id, action, booking_uid, outcome, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self._clock(), team_id, user_id, action, booking_uid, outcome, detail))

    def audit_entries(self, *, since: float | None = None,
                      users: tuple[str, ...] = ()) -> list[AuditEntry]:
        """The audit trail, oldest first; from ``since`` (epoch seconds), of ``users`` only."""
        sql = "SELECT * FROM audit WHERE at >= ?"
        params: list[object] = [since or 0.0]
        if users:
            sql += f" AND user_id IN ({', '.join('?' for _ in users)})"
            params += list(users)
        return [_entry(r) for r in self._db.rows(sql + " ORDER BY id", params)]

    # ---- key rotation ---------------------------------------------------------------------

    def rotate_secrets(self) -> int:
        """Re-encrypt every stored secret with the first key (cryptography's MultiFernet
        rotate); returns how many were rewritten. One transaction: all or nothing."""
        count = 0
        with self._db.transaction():
            for row in self._db.rows("SELECT team_id, user_id, api_key_enc, webhook_secret_enc "
                                     "FROM connections"):
                secret = row["webhook_secret_enc"]
                self._db.execute(
                    "UPDATE connections SET api_key_enc = ?, webhook_secret_enc = ? "
                    "WHERE team_id = ? AND user_id = ?",
                    (self._secrets.rotate(row["api_key_enc"]),
                     None if secret is None else self._secrets.rotate(secret),
                     row["team_id"], row["user_id"]))
                count += 1 if secret is None else 2
            for row in self._db.rows("SELECT key, value FROM meta WHERE key = ?",
                                     (self._secrets.canary_key,)):
                self._db.execute("UPDATE meta SET value = ? WHERE key = ?",
                                 (self._secrets.rotate(row["value"]), row["key"]))
        return count
