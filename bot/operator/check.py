"""``calbot check``: a deployment checked without starting it, one line per check (``ok`` or
the problem and its fix); all must pass for exit status 0. Read-only but for the secret key's
check row, which ``calbot run`` writes on its first start anyway."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.oauth import BOT_SCOPES
from bot.settings import Settings
from storage import StorageError
from storage.secrets import Secrets
from storage.urls import engine_for


@dataclass(frozen=True)
class Result:
    name: str
    ok: bool
    said: str

    def line(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.name}: {self.said}"


def check_database(settings: Settings) -> list[Result]:
    """Reachable and migrated; then the secret key opens every stored secret."""
    try:
        engine = engine_for(settings.CALBOT_DATABASE)
    except StorageError as error:
        return [Result("database", False, str(error))]
    try:
        with engine.opening():
            pending = engine.pending_migrations() if not engine.is_fresh() else ["all"]
        if pending:
            return [Result("database", False, f"{engine.describe()} lacks migrations "
                           f"({', '.join(pending)}): `calbot run` applies them at start "
                           "(with a backup first; see the README's upgrades).")]
        results = [Result("database", True, f"{engine.describe()}, every migration applied")]
        try:
            secrets = Secrets.open(engine, settings.secret("CALBOT_SECRET_KEY"))
            rows = engine.rows("SELECT api_key_enc, webhook_secret_enc FROM connections")
            for row in rows:
                secrets.decrypt(row["api_key_enc"])
                secrets.decrypt(row["webhook_secret_enc"])
        except StorageError as error:
            return [*results, Result("secret key", False, str(error))]
        return [*results, Result("secret key", True, f"opens the {len(rows)} stored key(s)")]
    except StorageError as error:
        return [Result("database", False, str(error))]
    finally:
        engine.close()


def check_slack(settings: Settings) -> Result:
    if settings.multi_workspace:
        return Result("slack", True, "multi-workspace mode: each install brings its own token")
    client = WebClient(token=settings.secret("SLACK_BOT_TOKEN"),
                       base_url=settings.SLACK_API_URL, timeout=10)
    try:
        answer = client.auth_test()
    except SlackApiError as error:
        return Result("slack", False, f"Slack refused SLACK_BOT_TOKEN "
                      f"({error.response.get('error')}): copy the Bot User OAuth Token again "
                      "and check that the app is installed.")
    except (SlackClientError, OSError) as error:
        return Result("slack", False, f"Slack can't be reached at {settings.SLACK_API_URL} "
                      f"({type(error).__name__}): check SLACK_API_URL and the network.")
    headers = {k.lower(): v for k, v in (answer.headers or {}).items()}
    raw = headers.get("x-oauth-scopes")
    granted = {s.strip() for s in str(raw[0] if isinstance(raw, list) else raw or "").split(",")
               if s.strip()}
    missing = [s for s in BOT_SCOPES if s not in granted]
    if missing:
        return Result("slack", False, f"the token lacks scopes {', '.join(missing)}: add "
                      "them (`calbot manifest` prints them) and reinstall the app.")
    return Result("slack", True, f"token of {answer.get('team')} ({answer.get('team_id')}), "
                  "every scope granted")


def check_url(name: str, url: str | None, http: httpx.Client, *, fix: str) -> Result:
    if url is None:
        return Result(name, True, "not set")
    try:
        answer = http.get(url)
    except httpx.HTTPError as error:
        return Result(name, False, f"{url} can't be reached ({type(error).__name__}): {fix}")
    return Result(name, True, f"{url} answers (HTTP {answer.status_code})")


def run_checks(settings: Settings, *, http: httpx.Client,
               slack: Callable[[Settings], Result] = check_slack) -> list[Result]:
    results = [Result("settings", True, f"{'Socket Mode' if settings.socket_mode else 'HTTP'} "
                      "mode, every setting readable")]
    results += check_database(settings)
    results.append(slack(settings))
    results.append(check_url("cal.com", settings.CALCOM_API_URL, http,
                             fix="check CALCOM_API_URL and this machine's network."))
    public = settings.CALBOT_PUBLIC_URL
    results.append(check_url("public url", f"{public}/healthz" if public else None, http,
                             fix="check CALBOT_PUBLIC_URL, its DNS, TLS and the proxy in front."))
    return results
