"""Encryption at rest: Cal.com API keys and webhook secrets are Fernet tokens.

The key is given (``CALBOT_SECRET_KEY``; several comma-separated keys: the first encrypts, any
decrypts), or generated once into ``<db>.key`` (mode 0600) beside a SQLite file. An encrypted
canary in ``meta`` proves at open that the key is the one the database was written with.
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from storage.engine import Engine
from storage.errors import BadSecretKey, MissingSecretKey, SecretKeyMismatch

log = logging.getLogger(__name__)

CANARY_KEY = "secret_key_check"
_CANARY_PLAIN = b"calbot: the secret key matches this database"
_GENERATE = ("generate one with `python3 -c 'from cryptography.fernet import Fernet; "
             "print(Fernet.generate_key().decode())'`")
_MISMATCH_ADVICE = (
    "set CALBOT_SECRET_KEY to the key this database was created with{key_file}; if that key is "
    "lost, move the database away and have every user connect again")


class Secrets:
    """Encrypts and decrypts the stored secrets of one database."""

    def __init__(self, fernet: MultiFernet, *, where: str, key_file: Path | None):
        self._fernet = fernet
        self._where = where
        self._key_file = key_file

    @classmethod
    def open(cls, engine: Engine, secret_key: str | None) -> Secrets:
        """The key given, the key file's, or a new key file; then the canary check."""
        where, key_file = engine.location, engine.key_file
        if secret_key is not None:
            fernet = _parse(secret_key)
        elif key_file is None:
            raise MissingSecretKey(
                f"CALBOT_SECRET_KEY is not set, and with the database {where} it must be (every "
                f"process needs the same key): {_GENERATE}.")
        elif key_file.exists():
            fernet = _read_key_file(key_file)
        elif engine.one("SELECT 1 AS x FROM meta WHERE key = ?", (CANARY_KEY,)) is not None:
            raise _mismatch(where, key_file, "No secret key was given and the key file "
                            f"{key_file} is missing")
        else:
            fernet = _generate_key_file(key_file)
        secrets = cls(fernet, where=where, key_file=key_file)
        secrets._check_canary(engine)
        return secrets

    def _check_canary(self, engine: Engine) -> None:
        with engine.transaction():
            engine.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                           (CANARY_KEY, self.encrypt(_CANARY_PLAIN.decode())))
            row = engine.one("SELECT value FROM meta WHERE key = ?", (CANARY_KEY,))
        assert row is not None
        try:
            ok = self._fernet.decrypt(row["value"].encode()) == _CANARY_PLAIN
        except InvalidToken:
            ok = False
        if not ok:
            raise _mismatch(self._where, self._key_file,
                            "The secret key does not match the one used")

    def shared_key(self, engine: Engine, name: str) -> bytes:
        """A random 32-byte server key kept (encrypted) in ``meta`` under ``name``: made by the
        first process to ask, the same for every process and restart afterwards."""
        with engine.transaction():
            engine.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                           (name, self.encrypt(secrets.token_hex(32))))
            row = engine.one("SELECT value FROM meta WHERE key = ?", (name,))
        assert row is not None
        return bytes.fromhex(self.decrypt(row["value"]) or "")

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    canary_key = CANARY_KEY

    def rotate(self, token: str) -> str:
        """The same secret, encrypted with the first key (any key may have encrypted it)."""
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken:
            raise _mismatch(self._where, self._key_file,
                            "A stored secret cannot be decrypted with these keys") from None

    def decrypt(self, token: str | None) -> str | None:
        if token is None:
            return None
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken:
            raise _mismatch(self._where, self._key_file,
                            "A stored secret cannot be decrypted with this key") from None


def _mismatch(where: str, key_file: Path | None, what: str) -> SecretKeyMismatch:
    restore = f" (or restore its key file {key_file})" if key_file is not None else ""
    advice = _MISMATCH_ADVICE.format(key_file=restore)
    return SecretKeyMismatch(f"{what} for the database {where}: {advice}.")


def _parse(secret_key: str) -> MultiFernet:
    keys = [k.strip() for k in secret_key.split(",") if k.strip()]
    try:
        if not keys:
            raise ValueError("empty")
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except (ValueError, TypeError):
        raise BadSecretKey(
            "The secret key is not a Fernet key (32 url-safe base64 bytes); " + _GENERATE + "."
        ) from None


def _read_key_file(key_file: Path) -> MultiFernet:
    mode = key_file.stat().st_mode & 0o777
    if mode & 0o077:
        log.warning("storage: key file %s is readable by others (mode %o); run chmod 600 on it",
                    key_file, mode)
    try:
        return MultiFernet([Fernet(key_file.read_bytes().strip())])
    except (ValueError, TypeError):
        raise BadSecretKey(
            f"The key file {key_file} does not hold a Fernet key; restore it from a backup or "
            "set CALBOT_SECRET_KEY.") from None


def _generate_key_file(key_file: Path) -> MultiFernet:
    key = Fernet.generate_key()
    tmp = key_file.with_name(f"{key_file.name}.{os.getpid()}.{threading.get_ident()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, key_file)  # atomic, and fails if another process won the race
    except FileExistsError:
        return _read_key_file(key_file)
    finally:
        tmp.unlink()
    log.warning(
        "storage: no CALBOT_SECRET_KEY set; generated a new encryption key in %s (mode 0600). "
        "Back it up: without it the stored Cal.com API keys cannot be read.", key_file)
    return MultiFernet([Fernet(key)])
