"""Multi-workspace mode: Slack's OAuth install flow, its installations and its one-use `state`
values kept in calbot's own database, with slack_sdk's stores for that engine.

* SQLite: ``SQLite3InstallationStore`` and ``SQLite3OAuthStateStore`` on the database file.
* PostgreSQL: ``SQLAlchemyInstallationStore`` and ``SQLAlchemyOAuthStateStore`` on the same
  database (psycopg), their tables created at start under an advisory lock.

A state is issued per install attempt, consumed once by the callback and expires after
:data:`STATE_EXPIRATION_S`. slack_sdk's state stores read the wall clock themselves (no clock
argument).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from slack_sdk.oauth.state_store.sqlite3 import SQLite3OAuthStateStore

from storage import Store

if TYPE_CHECKING:
    from bot.oauth_postgres import PostgresInstallations

# Keep equal to manifest.yml's bot scopes (a test checks).
# *:history: after a process died mid-post, the one that takes its message over looks for it
# in the conversation (by its metadata) before posting it again (notices.outbox).
BOT_SCOPES = ["commands", "chat:write", "chat:write.public", "im:write", "users:read",
              "users:read.email", "channels:read", "groups:read", "links:read", "links:write",
              "channels:history", "groups:history", "im:history"]
STATE_EXPIRATION_S = 600


class SqliteInstallations(SQLite3InstallationStore):
    def find_bot_for_team(self, team_id: str) -> Bot | None:
        with self.connect() as conn:
            row = conn.execute(
                "SELECT enterprise_id FROM slack_bots WHERE client_id = ? AND team_id = ? "
                "ORDER BY installed_at DESC LIMIT 1", (self.client_id, team_id)).fetchone()
        if row is None:
            return None
        return self.find_bot(enterprise_id=row[0] or None, team_id=team_id)


#: slack_sdk's installation store, plus finding a workspace's bot by its team id alone: a
#: workspace of an Enterprise Grid org is stored under its org id too, which background
#: senders (notices) don't have.
Installations: TypeAlias = "SqliteInstallations | PostgresInstallations"


def oauth_stores(store: Store, client_id: str) -> tuple[Installations, OAuthStateStore]:
    """The installation store and the one-use state store, in ``store``'s database."""
    sqlite_path = store.sqlite_path
    if sqlite_path is not None:
        return (SqliteInstallations(database=str(sqlite_path), client_id=client_id),
                SQLite3OAuthStateStore(database=str(sqlite_path),
                                       expiration_seconds=STATE_EXPIRATION_S))
    url = store.postgres_url
    assert url is not None
    from bot.oauth_postgres import postgres_stores  # SQLAlchemy only when it is used

    return postgres_stores(url, client_id, STATE_EXPIRATION_S)


def oauth_flow(*, client_id: str, client_secret: str, store: Store,
               api_url: str) -> tuple[OAuthFlow, Installations]:
    installations, states = oauth_stores(store, client_id)
    settings = OAuthSettings(
        client_id=client_id, client_secret=client_secret, scopes=BOT_SCOPES,
        installation_store=installations, state_store=states,
        state_expiration_seconds=STATE_EXPIRATION_S,
        install_path="/slack/install", redirect_uri_path="/slack/oauth_redirect",
    )
    return OAuthFlow(client=WebClient(base_url=api_url), settings=settings), installations
