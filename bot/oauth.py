"""Multi-workspace mode: Slack's OAuth install flow with installations in calbot's database."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from pathlib import Path

from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.installation_store.sqlite3 import SQLite3InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

# Keep equal to manifest.yml's bot scopes (a test checks).
BOT_SCOPES = ["commands", "chat:write", "chat:write.public", "im:write", "users:read",
              "channels:read", "groups:read"]


class Installations(SQLite3InstallationStore):
    """slack_sdk's SQLite installation store, plus finding a workspace's bot by its team id
    alone: a workspace of an Enterprise Grid org is stored under its org id too, which
    background senders (notices) don't have."""

    def find_bot_for_team(self, team_id: str) -> Bot | None:
        with self.connect() as conn:
            row = conn.execute(
                "SELECT enterprise_id FROM slack_bots WHERE client_id = ? AND team_id = ? "
                "ORDER BY installed_at DESC LIMIT 1", (self.client_id, team_id)).fetchone()
        if row is None:
            return None
        return self.find_bot(enterprise_id=row[0] or None, team_id=team_id)


class SignedStateStore(OAuthStateStore):
    """Stateless OAuth `state`: a timestamp and nonce signed with SLACK_STATE_SECRET."""

    def __init__(self, secret: str, expiration_seconds: int = 600):
        self._secret = secret.encode()
        self.expiration_seconds = expiration_seconds

    @property
    def logger(self):
        import logging

        return logging.getLogger(__name__)

    def _sign(self, payload: str) -> str:
        return hmac.new(self._secret, payload.encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self, *args: object, **kwargs: object) -> str:
        payload = f"{int(time.time())}.{secrets.token_urlsafe(12)}"
        return f"{payload}.{self._sign(payload)}"

    def consume(self, state: str) -> bool:
        payload, _, signature = state.rpartition(".")
        if not payload or not hmac.compare_digest(signature, self._sign(payload)):
            return False
        issued = int(payload.split(".", 1)[0]) if payload.split(".", 1)[0].isdigit() else 0
        return time.time() - issued <= self.expiration_seconds


def oauth_flow(*, client_id: str, client_secret: str, state_secret: str, database: Path,
               api_url: str) -> tuple[OAuthFlow, Installations]:
    installations = Installations(database=str(database), client_id=client_id)
    settings = OAuthSettings(
        client_id=client_id, client_secret=client_secret, scopes=BOT_SCOPES,
        installation_store=installations, state_store=SignedStateStore(state_secret),
        install_path="/slack/install", redirect_uri_path="/slack/oauth_redirect",
    )
    return OAuthFlow(client=WebClient(base_url=api_url), settings=settings), installations
