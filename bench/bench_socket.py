"""Benchmark of Socket Mode: connect, ack over the websocket, stop, and a refused app token.

    python -m bench.bench_socket [--runs 5] [--commands 50]

What runs: the production wiring (``bot.runtime.build`` + ``Runtime.start``) in this process
with SLACK_APP_TOKEN set, slack_sdk's builtin Socket Mode client, the fake Slack Web API with
``apps.connections.open`` and the websocket server playing Slack's side of the socket (both
from ``tests/e2e/test_socket_mode.py``), the fake Cal.com over HTTP; app and fakes on the
``tests.clock.TestClock``.

Measured, per run (a fresh app each time):

* ``start()`` → the websocket is connected;
* ``/cal help`` envelope sent → its ack read back (``--commands`` per run);
* ``stop()`` → returned, and → the websocket closed (target ≤ 2.5 s: was asserted in
  ``tests/e2e/test_socket_mode.py``);
* ``start()`` with an app token Slack refuses → ``SlackApiError`` raised (target ≤ 2.5 s: was
  asserted there too).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from cryptography.fernet import Fernet
from slack_sdk.errors import SlackApiError

from bench.tables import MS_HEADER, ms_cells, table, verdict
from bot.runtime import build
from bot.settings import load_settings
from tests.clock import TestClock
from tests.e2e.harness import CalbotUnderTest, wait_until
from tests.e2e.test_socket_mode import (
    APP_TOKEN,
    FakeSocketModeServer,
    SocketFakeSlack,
    envelope,
)
from tests.fakes.calcom import FakeCalcom

QUICK_ARGV = ["--runs", "3", "--commands", "20"]  # what `python -m bench --quick` passes
TARGET_STOP_S = 2.5
TARGET_REFUSED_S = 2.5


@contextlib.contextmanager
def socket_slack() -> Iterator[tuple[FakeSocketModeServer, SocketFakeSlack]]:
    """Slack's side: the websocket server and the Web API pointing at it."""
    server = FakeSocketModeServer()
    slack = SocketFakeSlack()
    slack.ws_url = server.url
    try:
        with slack:
            yield server, slack
    finally:
        server.close()


def one_run(tmp: Path, cal: FakeCalcom, cal_url: str, commands: int) -> dict[str, list[float]]:
    seen: dict[str, list[float]] = {"connect": [], "ack": [], "stop": [], "closed": []}
    with socket_slack() as (server, slack):
        started = time.perf_counter()
        app = CalbotUnderTest(tmp, slack, cal, cal_url, clock=cal.now,
                              SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None)
        try:
            wait_until(server.connected.is_set, 10, "the websocket", poll=0.001)
            seen["connect"].append(time.perf_counter() - started)
            for n in range(commands):
                sent = envelope(slack, "help", token=f"help{n}")
                t0 = time.perf_counter()
                server.send(sent)
                server.ack_for(sent["envelope_id"])
                seen["ack"].append(time.perf_counter() - t0)
        finally:
            t0 = time.perf_counter()
            app.stop()
            seen["stop"].append(time.perf_counter() - t0)
            wait_until(lambda: not server.connected.is_set(), 10, "the websocket to close",
                       poll=0.001)
            seen["closed"].append(time.perf_counter() - t0)
    return seen


def refused_start(tmp: Path, cal_url: str) -> float:
    """How long ``start()`` takes to raise when Slack refuses the app token (slack_sdk's own
    "Failed to retrieve WSS URL" log line, expected here, is kept out of the output)."""
    with socket_slack() as (_, slack):
        slack.fail_next("apps.connections.open", "invalid_auth")
        settings = load_settings(
            env_file=None, SLACK_BOT_TOKEN=slack.bot_token, SLACK_APP_TOKEN=APP_TOKEN,
            SLACK_API_URL=slack.api_url, CALCOM_API_URL=cal_url,
            CALBOT_DATABASE=str(tmp / "refused.db"),
            CALBOT_SECRET_KEY=Fernet.generate_key().decode())
        runtime = build(settings, host="127.0.0.1", port=0, now=TestClock())
        assert runtime.socket_handler is not None
        sdk_log = runtime.socket_handler.client.logger
        level = sdk_log.level
        sdk_log.setLevel(logging.CRITICAL)
        started = time.perf_counter()
        try:
            runtime.start()
            raise AssertionError("start() accepted a refused app token")
        except SlackApiError:
            return time.perf_counter() - started
        finally:
            sdk_log.setLevel(level)
            runtime.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_socket")
    parser.add_argument("--runs", type=int, default=5, help="fresh apps started and stopped")
    parser.add_argument("--commands", type=int, default=50, help="/cal help envelopes per run")
    args = parser.parse_args(argv)
    seen: dict[str, list[float]] = {"connect": [], "ack": [], "stop": [], "closed": []}
    refused: list[float] = []
    cal = FakeCalcom(clock=TestClock())
    with cal.serve() as cal_url:
        for n in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="calbot-bench-socket-") as tmp:
                for key, values in one_run(Path(tmp), cal, cal_url, args.commands).items():
                    seen[key].extend(values)
                refused.append(refused_start(Path(tmp), cal_url))
            print(f"  run {n + 1}/{args.runs} done", flush=True)

    def row(label: str, values: list[float], target: float | None = None) -> tuple[str, ...]:
        good = "" if target is None else f"≤ {target:g} s {verdict(max(values) <= target)}"
        return (label, *ms_cells(values), good)

    print("\ncalbot Socket Mode benchmark (in-process app, websocket on 127.0.0.1)\n")
    table([("step", *MS_HEADER, "target (max)"),
           row("start() → websocket connected", seen["connect"]),
           row("/cal help envelope → ack", seen["ack"]),
           row("stop() returns", seen["stop"], TARGET_STOP_S),
           row("stop() → websocket closed", seen["closed"], TARGET_STOP_S),
           row("start(), refused app token → raises", refused, TARGET_REFUSED_S)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
