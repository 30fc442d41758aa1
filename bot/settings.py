"""One typed Settings object, read once from the environment and `.env`.

This is the only module that reads the environment. A missing or malformed setting is reported
all at once by :func:`load_settings` as a :class:`SettingsProblem` listing every problem and how
to fix it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

HOW_TO_FIX: dict[str, str] = {
    "SLACK_BOT_TOKEN": "copy the Bot User OAuth Token (xoxb-…) from your Slack app's "
    "OAuth & Permissions page",
    "SLACK_SIGNING_SECRET": "copy the Signing Secret from your Slack app's Basic Information page",
    "SLACK_APP_TOKEN": "create an app-level token (xapp-…) with connections:write on the Basic "
    "Information page, or unset it to use HTTP mode",
    "SLACK_CLIENT_ID": "copy the Client ID from your Slack app's Basic Information page",
    "SLACK_CLIENT_SECRET": "copy the Client Secret from your Slack app's Basic Information page",
    "SLACK_STATE_SECRET": "set any long random string, e.g. `python3 -c 'import secrets; "
    "print(secrets.token_hex(32))'`",
    "SLACK_API_URL": "use an https URL ending in `/`, e.g. https://slack.com/api/",
    "CALCOM_API_URL": "use the origin of your Cal.com API, e.g. https://api.cal.com",
    "CALCOM_APP_URL": "use the address of your Cal.com booking pages, e.g. https://cal.com",
    "CALBOT_DATABASE": "use a writable file path, e.g. calbot.db, or a PostgreSQL URL "
    "postgresql://user:password@host:5432/db",
    "CALBOT_SECRET_KEY": "use a Fernet key: `python3 -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'`, or unset it to have one generated",
    "CALBOT_PUBLIC_URL": "use the public https URL of this server, e.g. https://calbot.example.com",
    "CALBOT_POLL_SECONDS": "use a whole number of seconds, at least 10",
    "PORT": "use a port number between 1 and 65535",
    "CALBOT_ALLOW_PRIVATE_URLS": "use true or false",
    "CALBOT_LOG_FORMAT": "use text or json",
    "CALBOT_LOG_LEVEL": "use DEBUG, INFO, WARNING or ERROR",
    "CALBOT_LEASE_SECONDS": "use a whole number of seconds between 5 and 60",
    "HOST": "use an address of this machine, e.g. 0.0.0.0 or 127.0.0.1",
}


class SettingsProblem(Exception):
    """Start-up cannot go on: ``problems`` lists every bad setting with its fix."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        lines = ["calbot can't start; fix these settings (environment or .env):"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True
    )

    SLACK_BOT_TOKEN: SecretStr | None = None
    SLACK_SIGNING_SECRET: SecretStr | None = None
    SLACK_APP_TOKEN: SecretStr | None = None
    SLACK_CLIENT_ID: str | None = None
    SLACK_CLIENT_SECRET: SecretStr | None = None
    SLACK_STATE_SECRET: SecretStr | None = None
    SLACK_API_URL: str = "https://slack.com/api/"
    CALCOM_API_URL: str = "https://api.cal.com"
    CALCOM_APP_URL: str = "https://cal.com"  # booking pages and "Open in Cal.com" links
    CALBOT_DATABASE: str = "calbot.db"  # a SQLite file, or a postgresql:// URL (not a Path)
    CALBOT_SECRET_KEY: SecretStr | None = None
    CALBOT_PUBLIC_URL: str | None = None
    CALBOT_POLL_SECONDS: int = Field(default=60, ge=10)
    # true: users may give a plain-http or private-network Cal.com API URL (a Cal.com on the
    # same network); otherwise such URLs are refused. CALCOM_API_URL is trusted either way.
    CALBOT_ALLOW_PRIVATE_URLS: bool = False
    PORT: int = Field(default=3000, ge=1, le=65535)
    HOST: str = "0.0.0.0"
    CALBOT_LOG_FORMAT: Literal["text", "json"] = "text"
    CALBOT_LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # How long a process holds a claimed outbox message: a dead process's messages are sent
    # by another one after at most this long (the spec's bound is 60 s).
    CALBOT_LEASE_SECONDS: int = Field(default=30, ge=5, le=60)

    @field_validator("CALBOT_LOG_FORMAT", "CALBOT_LOG_LEVEL", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        return value.strip().upper() if value.strip().upper() in (
            "DEBUG", "INFO", "WARNING", "ERROR") else value.strip().lower()

    @field_validator(
        "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_SECRET",
        "SLACK_STATE_SECRET", "CALBOT_SECRET_KEY", mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("SLACK_CLIENT_ID", "CALBOT_PUBLIC_URL", mode="before")
    @classmethod
    def _blank_str_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("SLACK_BOT_TOKEN")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must start with xoxb-")
        return value

    @field_validator("SLACK_APP_TOKEN")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must start with xapp-")
        return value

    @field_validator("SLACK_API_URL")
    @classmethod
    def _slack_url_shape(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")) or not value.endswith("/"):
            raise ValueError("must be an http(s) URL ending in /")
        return value

    @field_validator("CALCOM_API_URL", "CALCOM_APP_URL", "CALBOT_PUBLIC_URL")
    @classmethod
    def _origin_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return value.rstrip("/")

    @field_validator("CALBOT_SECRET_KEY")
    @classmethod
    def _fernet_key_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        from cryptography.fernet import Fernet

        keys = [k.strip() for k in value.get_secret_value().split(",") if k.strip()]
        try:
            if not keys:
                raise ValueError("no key")
            for key in keys:  # several, comma-separated: the first encrypts, any decrypts
                Fernet(key.encode())
        except (ValueError, TypeError):
            raise ValueError("is not a valid Fernet key (32 url-safe base64 bytes), or a "
                             "comma-separated list of them") from None
        return value

    @model_validator(mode="after")
    def _mode_is_complete(self) -> Settings:
        problems: list[str] = []
        if self.SLACK_BOT_TOKEN is None and not self.multi_workspace:
            partial = [
                n for n in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")
                if getattr(self, n) is None
            ]
            if len(partial) == 3:
                problems.append(
                    "SLACK_BOT_TOKEN: missing (or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and "
                    "SLACK_STATE_SECRET for multi-workspace mode)"
                )
            else:
                problems += [f"{n}: missing (needed for multi-workspace mode)" for n in partial]
        if not self.socket_mode and self.SLACK_SIGNING_SECRET is None:
            problems.append("SLACK_SIGNING_SECRET: missing (needed in HTTP mode)")
        if problems:
            raise ValueError("\n".join(problems))
        return self

    @property
    def socket_mode(self) -> bool:
        return self.SLACK_APP_TOKEN is not None

    @property
    def multi_workspace(self) -> bool:
        return self.SLACK_BOT_TOKEN is None and all(
            getattr(self, n) is not None
            for n in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET")
        )

    def secret(self, name: str) -> str | None:
        value = getattr(self, name)
        return value.get_secret_value() if isinstance(value, SecretStr) else value


class ManifestSettings(BaseSettings):
    """What ``calbot manifest`` reads: no tokens needed to print the app's manifest."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True
    )

    CALCOM_APP_URL: str | None = None
    CALBOT_PUBLIC_URL: str | None = None


def _describe(error: ValidationError) -> list[str]:
    problems: list[str] = []
    for item in error.errors():
        loc = item.get("loc") or ()
        name = str(loc[0]) if loc else ""
        message = str(item.get("msg", "")).removeprefix("Value error, ")
        if not name:  # model-level: one problem per line, already "NAME: what"
            for line in message.splitlines():
                field, _, what = line.partition(": ")
                fix = HOW_TO_FIX.get(field)
                problems.append(f"{field}: {what}; {fix}" if fix else line)
            continue
        fix = HOW_TO_FIX.get(name, "")
        problems.append(f"{name}: {message.lower()}; {fix}" if fix else f"{name}: {message}")
    return problems


def load_settings(*, env_file: str | None = ".env", **overrides: object) -> Settings:
    """Read settings once. Raises :class:`SettingsProblem` naming every problem."""
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg, arg-type]
    except ValidationError as error:
        problems = _describe(error)
        bad = {str(e["loc"][0]) for e in error.errors() if e.get("loc")}
        if bad:  # field errors hide the whole-model checks: run those too, bad fields reset
            reset = {name: Settings.model_fields[name].default for name in bad}
            try:
                Settings(_env_file=env_file, **{**overrides, **reset})  # type: ignore[call-arg, arg-type]
            except ValidationError as more:
                problems += [p for p in _describe(more) if p.split(":")[0] not in bad]
        raise SettingsProblem(problems) from None
