"""The `calbot` command: `calbot run` and `calbot parse-time`."""

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
    sub.add_parser("parse-time", help="read a typed time, e.g. calbot parse-time 'tomorrow 3pm' "
                   "--tz Europe/Rome", add_help=False)
    if argv and argv[0] == "parse-time":
        from timephrase.cli import main as parse_time_main

        return parse_time_main(argv[1:], sys.stdin, sys.stdout)
    args = parser.parse_args(argv)
    if args.command == "run":
        return run()
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
