"""What each operator command does, given its parsed arguments; each returns the exit status."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TextIO

import httpx

from bot.settings import ManifestSettings, Settings, SettingsProblem, load_settings


def _settings(err: TextIO) -> Settings | None:
    try:
        return load_settings()
    except SettingsProblem as problem:
        print(problem.render(), file=err)
        return None


def check(out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from bot.operator.check import run_checks

    try:
        settings = load_settings()
    except SettingsProblem as problem:
        print("FAIL  settings: " + "; ".join(problem.problems), file=out)
        return 1
    with httpx.Client(timeout=10, follow_redirects=False) as http:
        results = run_checks(settings, http=http)
    for result in results:
        print(result.line(), file=out)
    return 0 if all(r.ok for r in results) else 1


def manifest(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from bot.operator.manifest import render

    given = ManifestSettings()
    url = args.url or given.CALBOT_PUBLIC_URL
    out.write(render(url, socket=args.socket, calcom_app_url=given.CALCOM_APP_URL))
    return 0


def backup(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from bot.operator.backup import BackupRefused
    from bot.operator.backup import backup as copy

    settings = _settings(err)
    if settings is None:
        return 2
    try:
        pages = copy(settings.CALBOT_DATABASE, Path(args.file))
    except BackupRefused as refused:
        print(refused, file=err)
        return 1
    key = ("" if settings.CALBOT_SECRET_KEY is not None else
           f" Keep the key file {Path(settings.CALBOT_DATABASE).resolve()}.key with it: the "
           "stored keys can't be read without it.")
    print(f"Backed up {settings.CALBOT_DATABASE} to {args.file} ({pages} pages).{key}",
          file=out)
    return 0


def rotate_key(out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from storage import StorageError, Store

    settings = _settings(err)
    if settings is None:
        return 2
    keys = [k for k in (settings.secret("CALBOT_SECRET_KEY") or "").split(",") if k.strip()]
    if len(keys) < 2:
        print("Put the new key first and the old one after it: CALBOT_SECRET_KEY=NEW,OLD "
              "(generate NEW with `python3 -c 'from cryptography.fernet import Fernet; "
              "print(Fernet.generate_key().decode())'`), then run calbot rotate-key again.",
              file=err)
        return 2
    try:
        with Store(settings.CALBOT_DATABASE, settings.secret("CALBOT_SECRET_KEY")) as store:
            count = store.rotate_secrets()
    except StorageError as error:
        print(error, file=err)
        return 1
    print(f"Re-encrypted {count} stored secret(s) with the first key. Restart every calbot "
          "process with CALBOT_SECRET_KEY set to the new key alone once they all run with "
          "both.", file=out)
    return 0


def audit(args: argparse.Namespace, now: datetime, out: TextIO | None = None,
          err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from bot.operator.audit_report import BadSince, render, since_instant
    from storage import StorageError, Store

    try:
        since = since_instant(args.since, now)
    except BadSince as bad:
        print(bad, file=err)
        return 2
    settings = _settings(err)
    if settings is None:
        return 2
    try:
        with Store(settings.CALBOT_DATABASE, settings.secret("CALBOT_SECRET_KEY")) as store:
            entries = store.audit_entries(since=since.timestamp(), users=tuple(args.user))
    except StorageError as error:
        print(error, file=err)
        return 1
    out.write(render(entries, as_json=args.json))
    return 0
