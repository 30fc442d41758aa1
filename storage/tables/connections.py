"""Cal.com connections (encrypted key, webhook, poll state) and the Slack users' zone cache."""

from __future__ import annotations

import json

from storage.engine import Row
from storage.records import Connection, dumps
from storage.tables.base import Tables

_CONNECTION_SQL = (
    "SELECT c.*, u.time_zone FROM connections c "
    "LEFT JOIN users u ON u.team_id = c.team_id AND u.user_id = c.user_id "
)


class ConnectionTables(Tables):
    def save_connection(
        self, team_id: str, user_id: str, api_key: str, api_url: str | None,
        *, calcom_user_id: int | None = None, calcom_email: str | None = None,
    ) -> None:
        """Connect (or reconnect) a user; ``api_url`` None means the default Cal.com API.
        A different key or URL drops the old webhook and poll state, which belonged to the old
        Cal.com account; saving the same key and URL again keeps them (and updates who the
        key belongs to, when given)."""
        now = self._clock()
        with self._db.transaction():
            old = self.connection(team_id, user_id)
            if old is not None and old.api_key == api_key and old.api_url == api_url:
                if calcom_user_id is not None or calcom_email is not None:
                    self._db.execute(
                        "UPDATE connections SET calcom_user_id = ?, calcom_email = ? "
                        "WHERE team_id = ? AND user_id = ?",
                        (calcom_user_id, calcom_email, team_id, user_id))
                return
            self._db.execute(
                "INSERT INTO connections (team_id, user_id, api_key_enc, api_url, "
                "webhook_id, webhook_public_id, webhook_secret_enc, poll_state, connected_at, "
                "calcom_user_id, calcom_email) "
                "VALUES (?, ?, ?, ?, NULL, NULL, NULL, '{}', ?, ?, ?) "
                "ON CONFLICT (team_id, user_id) DO UPDATE SET "
                "api_key_enc = excluded.api_key_enc, api_url = excluded.api_url, "
                "webhook_id = NULL, webhook_public_id = NULL, webhook_secret_enc = NULL, "
                "poll_state = '{}', connected_at = excluded.connected_at, "
                "calcom_user_id = excluded.calcom_user_id, calcom_email = excluded.calcom_email",
                (team_id, user_id, self._secrets.encrypt(api_key), api_url, now, calcom_user_id,
                 calcom_email),
            )

    def _connection(self, row: Row) -> Connection:
        api_key = self._secrets.decrypt(row["api_key_enc"])
        assert api_key is not None
        return Connection(
            team_id=row["team_id"],
            user_id=row["user_id"],
            api_key=api_key,
            api_url=row["api_url"],
            time_zone=row["time_zone"],
            webhook_id=row["webhook_id"],
            webhook_public_id=row["webhook_public_id"],
            webhook_secret=self._secrets.decrypt(row["webhook_secret_enc"]),
            connected_at=row["connected_at"],
            calcom_user_id=row.get("calcom_user_id"),
            calcom_email=row.get("calcom_email"),
        )

    def connection(self, team_id: str, user_id: str) -> Connection | None:
        row = self._db.one(
            _CONNECTION_SQL + "WHERE c.team_id = ? AND c.user_id = ?", (team_id, user_id))
        return None if row is None else self._connection(row)

    def connection_by_webhook(self, public_id: str) -> Connection | None:
        row = self._db.one(_CONNECTION_SQL + "WHERE c.webhook_public_id = ?", (public_id,))
        return None if row is None else self._connection(row)

    def connections_to_poll(self) -> list[Connection]:
        """Connected users without a webhook, oldest connection first."""
        rows = self._db.rows(
            _CONNECTION_SQL + "WHERE c.webhook_id IS NULL ORDER BY c.connected_at, c.rowid")
        return [self._connection(r) for r in rows]

    def connections(self, team_id: str | None = None) -> list[Connection]:
        if team_id is None:
            rows = self._db.rows(_CONNECTION_SQL + "ORDER BY c.rowid")
        else:
            rows = self._db.rows(_CONNECTION_SQL + "WHERE c.team_id = ? ORDER BY c.rowid",
                                 (team_id,))
        return [self._connection(r) for r in rows]

    def count_connected(self) -> int:
        """How many Slack users (in every workspace) have a Cal.com connection."""
        row = self._db.one("SELECT count(*) AS n FROM connections")
        return 0 if row is None else int(row["n"])

    def set_webhook(
        self, team_id: str, user_id: str, webhook_id: str, public_id: str, secret: str
    ) -> bool:
        """Record the user's Cal.com webhook. False (nothing stored) if they are not connected."""
        return self._db.execute(
            "UPDATE connections SET webhook_id = ?, webhook_public_id = ?, "
            "webhook_secret_enc = ? WHERE team_id = ? AND user_id = ?",
            (str(webhook_id), public_id, self._secrets.encrypt(secret), team_id, user_id),
        ) == 1

    def clear_webhook(self, team_id: str, user_id: str) -> None:
        self._db.execute(
            "UPDATE connections SET webhook_id = NULL, webhook_public_id = NULL, "
            "webhook_secret_enc = NULL WHERE team_id = ? AND user_id = ?",
            (team_id, user_id),
        )

    def poll_state(self, team_id: str, user_id: str) -> dict:
        row = self._db.one(
            "SELECT poll_state FROM connections WHERE team_id = ? AND user_id = ?",
            (team_id, user_id),
        )
        return {} if row is None else json.loads(row["poll_state"] or "{}")

    def set_poll_state(self, team_id: str, user_id: str, state: dict) -> None:
        self._db.execute(
            "UPDATE connections SET poll_state = ? WHERE team_id = ? AND user_id = ?",
            (dumps(state), team_id, user_id),
        )

    # ---- time zone cache ------------------------------------------------------------------

    def set_time_zone(self, team_id: str, user_id: str, tz: str,
                      locale: str | None = None) -> None:
        """Cache the user's zone and Slack locale (both from one ``users.info``)."""
        self._db.execute(
            "INSERT INTO users (team_id, user_id, time_zone, time_zone_fetched_at, locale) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET "
            "time_zone = excluded.time_zone, "
            "time_zone_fetched_at = excluded.time_zone_fetched_at, locale = excluded.locale",
            (team_id, user_id, tz, self._clock(), locale),
        )

    def _fresh_user(self, team_id: str, user_id: str, max_age_s: float) -> Row | None:
        row = self._db.one(
            "SELECT time_zone, time_zone_fetched_at, locale FROM users "
            "WHERE team_id = ? AND user_id = ?",
            (team_id, user_id),
        )
        if row is None or row["time_zone"] is None or row["time_zone_fetched_at"] is None:
            return None
        if self._clock() - row["time_zone_fetched_at"] > max_age_s:
            return None
        return row

    def time_zone(self, team_id: str, user_id: str, max_age_s: float) -> str | None:
        """The cached time zone if it was fetched at most ``max_age_s`` seconds ago."""
        row = self._fresh_user(team_id, user_id, max_age_s)
        return None if row is None else str(row["time_zone"])

    def profile(self, team_id: str, user_id: str,
                max_age_s: float) -> tuple[str, str | None] | None:
        """(zone, locale) cached at most ``max_age_s`` seconds ago; None when older or unknown.
        The locale is None when Slack gave none."""
        row = self._fresh_user(team_id, user_id, max_age_s)
        if row is None:
            return None
        return str(row["time_zone"]), row["locale"]

    def user_locale(self, team_id: str, user_id: str) -> str | None:
        """The last Slack locale seen for the user, however old (a channel notice is written
        in its subscriber's language without asking Slack)."""
        row = self._db.one("SELECT locale FROM users WHERE team_id = ? AND user_id = ?",
                           (team_id, user_id))
        return None if row is None or row["locale"] is None else str(row["locale"])
