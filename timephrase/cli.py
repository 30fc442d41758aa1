"""`calbot parse-time`: read a typed time from the command line, or many as JSON lines.

    calbot parse-time "tomorrow 3pm" --tz Europe/Rome [--now 2026-03-10T14:00:00Z] [--locale it-IT]
    calbot parse-time --jsonl  < lines of {"id", "text", "now", "tz", "locale"?}

Exit codes: 0 parsed, 1 refused, 2 usage error (bad flags, unknown --tz, bad --now).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from timephrase import TimePhraseError, describe, parse_when


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


def _parser() -> _Parser:
    p = _Parser(prog="calbot parse-time", add_help=False,
                description="Read a typed time the way /cal book does.")
    p.add_argument("text", nargs="*", help="the phrase, e.g. 'tomorrow 3pm'")
    p.add_argument("--tz", required=False, metavar="ZONE",
                   help="(required) the user's IANA time zone, e.g. Europe/Rome")
    p.add_argument("--now", help="ISO-8601 moment the phrase was typed (default: the clock)")
    p.add_argument("--locale", metavar="LOCALE",
                   help="the user's Slack locale, e.g. de-DE, es-LA, pt-BR, ja-JP: the phrase may "
                        "be in that language, and a refusal is written in it")
    p.add_argument("--jsonl", action="store_true",
                   help='read {"id","text","now","tz","locale"?} lines from stdin, write one '
                        'result each')
    p.add_argument("-h", "--help", action="store_true")
    return p


def utc_stamp(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise _Usage(f"unknown time zone {name!r} (use an IANA name like Europe/Rome)") from None


def _moment(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(text.strip().replace("z", "Z"))
    except ValueError:
        raise _Usage(f"--now {text!r} isn't an ISO-8601 time like 2026-03-10T14:00:00Z") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def main(argv: list[str], stdin: IO[str], stdout: IO[str]) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if args.help:
            stdout.write(parser.format_help())
            return 0
        if args.jsonl:
            if args.text:
                raise _Usage("--jsonl reads phrases from stdin; don't also give TEXT")
            return _jsonl(stdin, stdout, args.tz, args.now, args.locale)
        if not args.tz:
            raise _Usage("--tz is required, e.g. --tz Europe/Rome")
        zone = _zone(args.tz)
        now = _moment(args.now)
    except _Usage as problem:
        print(f"calbot parse-time: {problem}", file=sys.stderr)
        print("usage: calbot parse-time TEXT --tz ZONE [--now ISO] [--locale LOCALE] | --jsonl",
              file=sys.stderr)
        return 2
    try:
        instant = parse_when(" ".join(args.text), now, zone, args.locale)
    except TimePhraseError as refusal:
        stdout.write(refusal.message + "\n")
        return 1
    stdout.write(f"{utc_stamp(instant)}  {describe(instant, zone)}\n")
    return 0


def _jsonl(stdin: IO[str], stdout: IO[str], default_tz: str | None,
           default_now: str | None, default_locale: str | None) -> int:
    if default_tz:
        _zone(default_tz)
    base_now = _moment(default_now) if default_now else None
    for line in stdin:
        if not line.strip():
            continue
        row = _one(line, default_tz, base_now, default_locale)
        stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def _one(line: str, default_tz: str | None, base_now: datetime | None,
         default_locale: str | None) -> dict[str, Any]:
    ident: Any = None
    try:
        row = json.loads(line)
    except ValueError:
        return {"id": None, "start": None, "error": "not a JSON object"}
    if not isinstance(row, dict):
        return {"id": None, "start": None, "error": "not a JSON object"}
    ident = row.get("id")
    text = row.get("text")
    tz = row.get("tz", default_tz)
    now_s = row.get("now")
    locale = row.get("locale", default_locale)
    if not isinstance(text, str):
        return {"id": ident, "start": None, "error": "missing \"text\" (a string)"}
    if not isinstance(tz, str):
        return {"id": ident, "start": None, "error": "missing \"tz\" (an IANA zone name)"}
    if locale is not None and not isinstance(locale, str):
        return {"id": ident, "start": None, "error": "\"locale\" must be a string like \"de-DE\""}
    try:
        zone = _zone(tz)
        if now_s is None:
            now = base_now or datetime.now(UTC)
        elif isinstance(now_s, str):
            now = _moment(now_s)
        else:
            raise _Usage("\"now\" must be an ISO-8601 string")
    except _Usage as problem:
        return {"id": ident, "start": None, "error": str(problem)}
    try:
        start = utc_stamp(parse_when(text, now, zone, locale))
        return {"id": ident, "start": start, "error": None}
    except TimePhraseError as refusal:
        return {"id": ident, "start": None, "error": refusal.message}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:], sys.stdin, sys.stdout))
