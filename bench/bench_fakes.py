"""Benchmark of the fakes' injected delays: do ``slow()`` and ``delay()`` cost what they say?

    python -m bench.bench_fakes [--runs 5]

The e2e tests and the Slack bench rely on the fakes' latency faults (``FakeCalcom.slow`` makes
Cal.com answer late, ``FakeSlack.delay`` makes a Web API method answer late). Here each is
measured client-side, per call: the delayed call (target: at least the delay), the call right
after a one-time Cal.com delay (target: back to fast, under the delay). These were wall-clock
assertions in ``tests/test_fake_calcom.py`` and ``tests/test_fake_slack.py``; the tests keep
checking the behaviour (the fault is used up, the calls still answer). Fakes on
``tests.clock.TestClock``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import httpx
from slack_sdk import WebClient

from bench.tables import MS_HEADER, ms_cells, table, verdict
from tests.clock import TestClock
from tests.fakes.calcom import ALICE_KEY, FakeCalcom
from tests.fakes.slack import FakeSlack

QUICK_ARGV = ["--runs", "3"]  # what `python -m bench --quick` passes to main()
CAL_SLOW_S = 0.15
SLACK_DELAY_S = 0.2


def timed(call: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    call()
    return time.perf_counter() - t0


def calcom(runs: int) -> tuple[list[float], list[float]]:
    """(the call slowed once, the call after it) seconds, over the fake's in-process transport."""
    slowed, after = [], []
    fake = FakeCalcom(clock=TestClock())
    with httpx.Client(transport=fake.transport(), base_url="https://api.cal.com",
                      headers={"Authorization": f"Bearer {ALICE_KEY}"}) as raw:
        raw.get("/v2/me")  # warm
        for _ in range(runs):
            fake.slow(CAL_SLOW_S, path="^/v2/me$", times=1)
            slowed.append(timed(lambda: raw.get("/v2/me").raise_for_status()))
            after.append(timed(lambda: raw.get("/v2/me").raise_for_status()))
    return slowed, after


def slack(runs: int) -> tuple[list[float], list[float]]:
    """(users.info delayed, auth.test beside it) seconds, over the fake's HTTP server."""
    delayed, other = [], []
    with FakeSlack() as fake:
        fake.set_user("U1")  # the fake Slack knows only users it was given
        client = WebClient(token=fake.bot_token, base_url=fake.api_url, timeout=5)
        client.auth_test()  # warm
        fake.delay("users.info", SLACK_DELAY_S)
        for _ in range(runs):
            delayed.append(timed(lambda: client.users_info(user="U1")))
            other.append(timed(client.auth_test))
    return delayed, other


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_fakes")
    parser.add_argument("--runs", type=int, default=5, help="calls measured per row")
    args = parser.parse_args(argv)
    slowed, after = calcom(args.runs)
    delayed, other = slack(args.runs)

    def row(label: str, values: list[float], target: str, good: bool) -> tuple[str, ...]:
        return (label, *ms_cells(values), f"{target} {verdict(good)}")

    print("The fakes' latency faults, measured per call (client-side)\n")
    table([("call", *MS_HEADER, "target"),
           row(f"Cal.com GET /v2/me, slow({CAL_SLOW_S:g}, times=1)", slowed,
               f"min ≥ {CAL_SLOW_S * 1000:.0f} ms", min(slowed) >= CAL_SLOW_S),
           row("Cal.com GET /v2/me, the call after", after,
               f"max < {CAL_SLOW_S * 1000:.0f} ms", max(after) < CAL_SLOW_S),
           row(f"Slack users.info, delay({SLACK_DELAY_S:g})", delayed,
               f"min ≥ {SLACK_DELAY_S * 1000:.0f} ms", min(delayed) >= SLACK_DELAY_S),
           row("Slack auth.test beside it (not delayed)", other,
               f"max < {SLACK_DELAY_S * 1000:.0f} ms", max(other) < SLACK_DELAY_S)])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
