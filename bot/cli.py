"""The `calbot` command: `calbot run`, `calbot parse-time` and the operator's commands
(`check`, `manifest`, `backup`, `rotate-key`, `audit`: bot/operator/)."""

from __future__ import annotations

import argparse
import sys

from bot import __version__


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="calbot", description="Cal.com bookings from Slack.")
    parser.add_argument("--version", action="version", version=f"calbot {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="start the Slack app (Socket Mode or HTTP) and its HTTP server")
    sub.add_parser("check", help="check settings, database, key, Slack, Cal.com and the "
                   "public URL without starting")
    manifest = sub.add_parser("manifest", help="print a ready Slack app manifest.yml")
    manifest.add_argument("--url", help="this server's public base URL (default "
                          "CALBOT_PUBLIC_URL)")
    manifest.add_argument("--socket", action="store_true", help="for Socket Mode (no URLs)")
    backup = sub.add_parser("backup", help="copy the SQLite database while calbot runs")
    backup.add_argument("file", help="the new file to write the copy to")
    sub.add_parser("rotate-key", help="re-encrypt every stored secret with the first key of "
                   "CALBOT_SECRET_KEY")
    audit = sub.add_parser("audit", help="what people did through calbot")
    audit.add_argument("--since", default="7d", help="a span (7d, 12h, 30m) or a date")
    audit.add_argument("--user", nargs="+", default=[], help="only these Slack user ids")
    audit.add_argument("--json", action="store_true", help="one JSON object a line")
    sub.add_parser("parse-time", help="read a typed time, e.g. calbot parse-time 'tomorrow 3pm' "
                   "--tz Europe/Rome", add_help=False)
    if argv and argv[0] == "parse-time":
        from timephrase.cli import main as parse_time_main

        return parse_time_main(argv[1:], sys.stdin, sys.stdout)
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
    from bot.operator import commands

    if args.command == "check":
        return commands.check()
    if args.command == "manifest":
        return commands.manifest(args)
    if args.command == "backup":
        return commands.backup(args)
    if args.command == "rotate-key":
        return commands.rotate_key()
    if args.command == "audit":
        from bot.runtime import wall_clock

        return commands.audit(args, wall_clock())
    return 2


def run() -> int:
    from bot.settings import SettingsProblem, load_settings

    try:
        settings = load_settings()
    except SettingsProblem as problem:
        print(problem.render(), file=sys.stderr)
        return 2
    from bot.runtime import serve

    return serve(settings)


if __name__ == "__main__":
    raise SystemExit(main())
