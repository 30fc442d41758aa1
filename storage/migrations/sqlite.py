"""The SQLite schema as named migrations, written with sqlite-utils and applied by its
:class:`sqlite_utils.migrations.Migrations` (see :mod:`storage.sqlite_engine`).

Each entry is ``(name, function)``; PostgreSQL has the same names in
:mod:`storage.migrations.postgres`. Never rename or reorder an entry that has shipped: append a
new one (to both lists) instead.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def _0001_initial(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key", not_null={"value"})
    # Any Slack user we know something about (time zone cache), connected or not.
    db.table("users").create(
        {
            "team_id": str,
            "user_id": str,
            "time_zone": str,
            "time_zone_fetched_at": float,
        },
        pk=("team_id", "user_id"),
        not_null={"team_id", "user_id"},
    )
    # A Slack user's Cal.com connection. Secrets are Fernet tokens (``*_enc``).
    db.table("connections").create(
        {
            "team_id": str,
            "user_id": str,
            "api_key_enc": str,
            "api_url": str,  # NULL: the deployment's default Cal.com API
            "webhook_id": str,
            "webhook_public_id": str,
            "webhook_secret_enc": str,
            "poll_state": str,  # JSON object
            "connected_at": float,
        },
        pk=("team_id", "user_id"),
        not_null={"team_id", "user_id", "api_key_enc", "poll_state", "connected_at"},
        defaults={"poll_state": "{}"},
    )
    db.table("connections").create_index(["webhook_public_id"], unique=True)
    # Bookings made or shown through Slack: the latest snapshot we saw.
    db.table("bookings").create(
        {
            "team_id": str,
            "uid": str,
            "user_id": str,  # the Slack user whose key reached it last
            "snapshot": str,  # JSON object
            "updated_at": float,
        },
        pk=("team_id", "uid"),
        not_null={"team_id", "uid", "user_id", "snapshot", "updated_at"},
    )
    db.table("bookings").create_index(["team_id", "user_id"])
    # Slack messages that show a booking (a 'list' message shows several).
    db.table("booking_messages").create(
        {
            "team_id": str,
            "uid": str,
            "channel": str,
            "ts": str,
            "kind": str,  # 'approval' | 'notice' | 'list' | ...
            "created_at": float,
        },
        pk=("team_id", "uid", "channel", "ts"),
        not_null={"team_id", "uid", "channel", "ts", "kind", "created_at"},
    )
    db.table("booking_messages").create_index(["team_id", "channel", "ts"])
    db.table("subscriptions").create(
        {
            "team_id": str,
            "user_id": str,
            "channel": str,
            "events": str,  # JSON array, sorted
            "created_at": float,
        },
        pk=("team_id", "user_id", "channel"),
        not_null={"team_id", "user_id", "channel", "events", "created_at"},
    )
    # Exactly-once: an id is claimed by the first INSERT that gets it in.
    db.table("delivered_events").create(
        {"key": str, "claimed_at": float}, pk="key", not_null={"key", "claimed_at"}
    )
    db.table("delivered_events").create_index(["claimed_at"])
    # Thread root of a booking's notices in a channel.
    db.table("threads").create(
        {"team_id": str, "channel": str, "uid": str, "ts": str},
        pk=("team_id", "channel", "uid"),
        not_null={"team_id", "channel", "uid", "ts"},
    )
    # Durable, paced outbox of Slack posts.
    db.table("outbox").create(
        {
            "id": int,
            "team_id": str,
            "user_id": str,  # optional: whose data this message is about
            "channel": str,
            "payload": str,  # JSON object: chat.postMessage arguments
            "key": str,
            "status": str,  # queued | sent | failed
            "attempts": int,
            "not_before": float,
            "created_at": float,
            "updated_at": float,
            "sent_ts": str,
            "error": str,
        },
        pk="id",
        not_null={
            "team_id", "channel", "payload", "key", "status", "attempts", "not_before",
            "created_at", "updated_at",
        },
        defaults={"status": "queued", "attempts": 0},
    )
    db.table("outbox").create_index(["key"], unique=True)
    db.table("outbox").create_index(["status", "not_before", "id"])
    db.table("outbox").create_index(["team_id"])
    db.table("warnings").create(
        {"key": str, "team_id": str, "created_at": float},
        pk="key",
        not_null={"key", "created_at"},
    )


def _0002_calcom_identity(db: sqlite_utils.Database) -> None:
    """Who the key belongs to in Cal.com, so approvals go to hosts, not to attendees."""
    db.table("connections").add_column("calcom_user_id", int)
    db.table("connections").add_column("calcom_email", str)


def _0003_outbox_leases(db: sqlite_utils.Database) -> None:
    """A claimed message is leased to one worker until ``lease_until``; then anyone may take it."""
    db.table("outbox").add_column("lease_owner", str)
    db.table("outbox").add_column("lease_until", float)


def _0004_ops_leases_audit(db: sqlite_utils.Database) -> None:
    """Named leases (a user's poll: one process at a time) and the audit trail of actions."""
    db.table("leases").create({"name": str, "owner": str, "until": float}, pk="name",
                              not_null={"owner", "until"})
    db.table("leases").create_index(["owner"])
    db.table("audit").create(
        {"id": int, "at": float, "team_id": str, "user_id": str, "action": str,
         "booking_uid": str, "outcome": str, "detail": str},
        pk="id", not_null={"at", "team_id", "user_id", "action", "outcome"})
    db.table("audit").create_index(["at"])


def _0005_your_day(db: sqlite_utils.Database) -> None:
    """Your day: agenda and reminder settings per user, and the durable reminder queue."""
    db.table("day_settings").create(
        {
            "team_id": str,
            "user_id": str,
            "agenda_at": str,  # 'HH:MM' in the user's zone; NULL: no daily agenda
            "remind_min": int,  # minutes before a start; NULL: no reminders
            "daily_done_on": str,  # the user's local date the daily run last finished
            "daily_lease_until": float,  # a worker runs the daily job until then
            "updated_at": float,
        },
        pk=("team_id", "user_id"),
        not_null={"team_id", "user_id", "updated_at"},
    )
    # One row per (user, booking, start): a moved booking gets a new row at its new start.
    db.table("reminders").create(
        {
            "team_id": str,
            "user_id": str,
            "uid": str,
            "start_at": float,
            "due_at": float,
            "status": str,  # queued | sent | void | missed
            "booking": str,  # JSON: the snapshot the reminder shows
            "lease_owner": str,
            "lease_until": float,
            "updated_at": float,
        },
        pk=("team_id", "user_id", "uid", "start_at"),
        not_null={"team_id", "user_id", "uid", "start_at", "due_at", "status", "booking",
                  "updated_at"},
    )
    db.table("reminders").create_index(["status", "due_at"])
    db.table("reminders").create_index(["team_id", "uid"])
    db.table("bookings").create_index(["updated_at"])


def _0006_user_locale(db: sqlite_utils.Database) -> None:
    """The Slack user's locale (``users.info`` with ``include_locale``), cached with the zone."""
    db.table("users").add_column("locale", str)


Migration = tuple[str, Callable[[sqlite_utils.Database], None]]

MIGRATIONS: list[Migration] = [
    ("0001_initial", _0001_initial),
    ("0002_calcom_identity", _0002_calcom_identity),
    ("0003_outbox_leases", _0003_outbox_leases),
    ("0004_ops_leases_audit", _0004_ops_leases_audit),
    ("0005_your_day", _0005_your_day),
    ("0006_user_locale", _0006_user_locale),
]
