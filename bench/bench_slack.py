"""Benchmark of the Slack path: ack latency, time to views.open, start-up, RSS, Cal.com calls.

    python -m bench.bench_slack [--quick] [--requests 400] [--warmup 40] [--books 10]

What runs, all over real HTTP on 127.0.0.1 (the processes: ``bench/procs.py``, the load:
``bench/load.py``):

* calbot: ``calbot run`` as a SUBPROCESS, against the fake Slack Web API and the fake Cal.com,
  both served by THIS process. ``CALBOT_POLL_SECONDS=3600`` keeps the background poller out of
  the measurements and the call counts.
* bare: a Bolt app that only acks, also a subprocess, on the same stack and signing secret,
  sent the same signed bodies.
* load: a third process (spawned) with a thread pool of httpx clients.

Measured (the phases below, printed by ``bench/slack_report.py``):

1. ack latency (client-side HTTP response time of the signed request) p50/p99, concurrency 1
   and 20, ``/cal help`` and ``/cal list`` (the user is connected with ALICE_KEY, so list
   calls Cal.com after the ack), calbot beside bare. For list also the time until the reply
   reaches the response_url.
2. request → ``views.open`` for ``/cal book`` while Cal.com answers ``/v2/event-types`` after
   2 s: sequential, and a burst of 20 at once (each by its own user); the book ack itself.
3. start-up: ``calbot run`` until ``GET /healthz`` answers 200 (3 runs, median); RSS idle,
   after step 1's load, and at the end.
4. Cal.com calls per Slack operation (book twice, list, pending, confirm, cancel), from the
   fake Cal.com's request log, by endpoint.

Dates: ``calbot run`` reads the real clock (a subprocess takes no clock argument), so here the
fake Cal.com runs on the real clock too and bookings are placed days ahead of it
(:func:`later`); everything in-process elsewhere runs on ``tests.clock.START``.

No assertions on wall-clock numbers: targets are printed beside the results. The exit code is
1 only when a behavioural check fails (a booking not made, extra Cal.com calls, spec
violations).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from cryptography.fernet import Fernet

from bench.load import LoadProcess, Request, Result, post_all
from bench.procs import BareProcess, CalbotProcess, proc_cpu
from bench.slack_report import report
from bench.stats import percentile
from bench.waits import settle
from blockkit import ids
from storage import Store
from tests.e2e.harness import SIGNING_SECRET, USER, SlackSide, wait_until
from tests.fakes.calcom import ALICE_KEY, FakeCalcom
from tests.fakes.slack import FakeSlack

QUICK_ARGV = ["--quick"]  # what `python -m bench --quick` passes to main()

CAL_SLOW_S = 2.0
BURST = 20
ROME = ZoneInfo("Europe/Rome")  # alice's Cal.com zone: her working hours are 09-17 there

Built = tuple[Request, str, str]  # (signed request, response_url token, trigger_id)


def wall_clock() -> datetime:
    """The clock ``calbot run`` reads; the fake Cal.com is given it so the two agree."""
    return datetime.now(UTC)


def later(weekdays: int, hour: int) -> datetime:
    """The `weekdays`-th weekday after the real clock's today, at `hour` Rome time (alice's
    working hours): ahead of ``calbot run``'s clock whatever the date, and a different day for
    each count (so bookings made for different counts never collide)."""
    day = wall_clock().astimezone(ROME)
    while weekdays > 0:
        day += timedelta(days=1)
        weekdays -= day.weekday() < 5
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).astimezone(UTC)


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.tmp = tempfile.TemporaryDirectory(prefix="calbot-bench-")
        self.dir = Path(self.tmp.name)
        self.log = self.dir / "calbot.log"
        self.slack = FakeSlack().start()
        self.cal = FakeCalcom(auto_deliver=False, check_responses=False, clock=wall_clock)
        self._cal_serving = self.cal.serve()
        self.cal_url = self._cal_serving.__enter__()
        self.secret_key = Fernet.generate_key().decode()
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.dir),
            "LANG": os.environ.get("LANG", "C.UTF-8"),
            "SLACK_BOT_TOKEN": self.slack.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": self.slack.api_url, "CALCOM_API_URL": self.cal_url,
            "CALBOT_DATABASE": str(self.dir / "calbot.db"),
            "CALBOT_SECRET_KEY": self.secret_key, "CALBOT_POLL_SECONDS": "3600",
        }
        self.team = self.slack.team_id
        self.results: dict[str, Any] = {}
        self.started: list[Callable[[], None]] = []  # what close() stops, last first
        self.calbot: CalbotProcess
        self.bare: BareProcess
        self.loader: LoadProcess
        self.store: Store
        self.side: SlackSide

    # -- lifecycle --------------------------------------------------------------------------
    def close(self) -> None:
        for stop in reversed(self.started):
            stop()
        self._cal_serving.__exit__(None, None, None)
        self.slack.stop()
        self.tmp.cleanup()

    def connect(self, user: str, tz: str = "Europe/Rome") -> None:
        self.store.save_connection(self.team, user, ALICE_KEY, None)
        self.slack.set_user(user, tz=tz)

    def command(self, text: str, user: str = USER) -> Built:
        """A signed `/cal <text>` as Slack sends it (the harness's payload and signing)."""
        body, token, trigger = self.side.command_body(text, user=user)
        return (body, self.side.headers(body)), token, trigger

    def requests(self, text: str, n: int) -> list[Built]:
        return [self.command(text) for _ in range(n)]

    # -- 3. start-up ------------------------------------------------------------------------
    def startup(self, runs: int = 3) -> None:
        times = []
        for n in range(runs):
            app = CalbotProcess(self.env, self.dir, self.log)
            times.append(app.start_s)
            if n < runs - 1:
                app.stop()
        self.calbot = app
        self.started.append(app.stop)
        time.sleep(1.0)  # idle: let start-up garbage settle
        self.results["start"] = times
        self.results["rss_idle"] = self.calbot.memory()
        self.store = Store(self.dir / "calbot.db", self.secret_key)
        self.side = SlackSide(self.calbot.url, self.slack, self.team)
        self.started.append(self.side.http.close)
        self.connect(USER)

    # -- 1. ack latency ---------------------------------------------------------------------
    def ack_chunk(self, target: CalbotProcess | BareProcess, text: str, concurrency: int,
                  n: int, warmup: int) -> dict[str, Any]:
        # calbot's /cal list keeps working after the ack (Cal.com call, response_url reply):
        # that is waited for after the warm-up and after the measured requests, so the next
        # chunk (maybe the bare app's) is not measured under calbot's backlog; the CPU figure
        # then includes that work.
        replies = text == "list" and target is self.calbot
        warm = self.requests(text, warmup)
        built = self.requests(text, n)
        out = self.loader.fire(target.url, [request for request, _, _ in warm], concurrency)
        if replies:
            self.replies(warm, out["results"])
        cpu = proc_cpu(target.pid)
        out = self.loader.fire(target.url, [request for request, _, _ in built], concurrency)
        chunk: dict[str, Any] = {"results": out["results"], "wall": out["wall"]}
        if replies:
            chunk["replies"] = self.replies(built, out["results"])
        chunk["cpu_s"] = proc_cpu(target.pid) - cpu
        return chunk

    def replies(self, built: list[Built], results: list[Result]) -> dict[str, Any]:
        """Wait for every list reply on its response_url; time from send to reply."""
        wanted = {token: sent for (_, token, _), (sent, _, _) in zip(built, results,
                                                                     strict=True)}
        started = time.monotonic()

        def arrived() -> dict[str, float]:
            return {r.token: r.time for r in list(self.slack.responses) if r.token in wanted}

        try:
            seen = wait_until(lambda: (got := arrived()) and len(got) == len(wanted) and got,
                              timeout=180, what="list replies", poll=0.02)
        except AssertionError:  # gave up: report the replies that came
            seen = arrived()
        return {"reply_ms": [(seen[t] - sent) * 1000 for t, sent in wanted.items() if t in seen],
                "drain_s": time.monotonic() - started}

    def ack_latency(self) -> None:
        """Each cell is split into rounds, calbot and bare alternating (who goes first
        alternates too), so load from outside the bench hits both alike."""
        rounds = self.args.rounds
        per_round = max(1, self.args.requests // rounds)
        warm = max(5, self.args.warmup // rounds)
        cells: dict[tuple[str, str, int], dict[str, Any]] = {}
        # The fake Cal.com's spec check costs CPU on the same cores as the app under test;
        # it is off while latency is measured (on again for steps 2 and 4).
        self.cal.check_requests = False
        targets: list[tuple[str, CalbotProcess | BareProcess]] = [("calbot", self.calbot),
                                                                  ("bare", self.bare)]
        for text in ("help", "list"):
            for concurrency in (1, 20):
                chunks: dict[str, list[dict[str, Any]]] = {"calbot": [], "bare": []}
                for n in range(rounds):
                    for name, target in targets if n % 2 == 0 else targets[::-1]:
                        chunks[name].append(self.ack_chunk(target, text, concurrency,
                                                           per_round, warm))
                for name, got in chunks.items():
                    cells[(name, text, concurrency)] = self.ack_cell(got)
        self.results["ack"] = dict(sorted(cells.items(), key=lambda kv: (
            kv[0][1] != "help", kv[0][2], kv[0][0] != "calbot")))
        self.results["rss_load"] = self.calbot.memory()

    @staticmethod
    def ack_cell(chunks: list[dict[str, Any]]) -> dict[str, Any]:
        results = [row for chunk in chunks for row in chunk["results"]]
        lat = [seconds * 1000 for _, seconds, _ in results]
        cell = {"p50": percentile(lat, 50), "p99": percentile(lat, 99), "max": max(lat),
                "n": len(lat), "statuses": Counter(status for _, _, status in results),
                "rps": len(lat) / sum(chunk["wall"] for chunk in chunks),
                "cpu_ms": 1000 * sum(c["cpu_s"] for c in chunks) / len(lat)}
        if "replies" in chunks[0]:
            reply = [ms for chunk in chunks for ms in chunk["replies"]["reply_ms"]]
            cell.update(reply_p50=percentile(reply, 50), reply_p99=percentile(reply, 99),
                        replies=len(reply),
                        drain_s=max(chunk["replies"]["drain_s"] for chunk in chunks))
        return cell

    # -- 2. views.open under a slow Cal.com ----------------------------------------------------
    def views_open(self) -> None:
        n = self.args.books
        users = [f"U0BOOK{i:04d}" for i in range(n + BURST)]
        for user in users:
            self.connect(user)
        self.cal.check_requests = True
        fault = self.cal.slow(CAL_SLOW_S, path="/v2/event-types")
        opened = len(self.slack.calls_to("views.open"))
        updated = len(self.slack.calls_to("views.update"))

        def opened_at(trigger: str) -> float:
            call = wait_until(lambda: next((c for c in self.slack.calls_to("views.open")[opened:]
                                            if c.params.get("trigger_id") == trigger), None),
                              10, "views.open")
            return float(call.time)

        sequential, acks = [], []
        with httpx.Client(base_url=self.calbot.url, timeout=30) as http:
            for user in users[:n]:
                (body, headers), _, trigger = self.command("book", user)
                sent = time.time()  # the fake Slack stamps calls with time.time() too
                t0 = time.perf_counter()
                answer = http.post("/slack/events", content=body, headers=headers)
                acks.append(time.perf_counter() - t0)
                assert answer.status_code == 200, answer.text
                sequential.append(opened_at(trigger) - sent)

        burst_built = [self.command("book", user) for user in users[n:]]
        results, _ = post_all(self.calbot.url, [request for request, _, _ in burst_built], BURST)
        burst = [opened_at(trigger) - sent
                 for (_, _, trigger), (sent, _, _) in zip(burst_built, results, strict=True)]
        with_update: set[str] = set()

        def all_updated() -> bool:
            for call in self.slack.calls_to("views.update")[updated:]:
                with_update.add(str(call.params.get("view_id")))
            return len(with_update) >= len(users)

        with contextlib.suppress(AssertionError):  # gave up: reported as still "loading"
            wait_until(all_updated, CAL_SLOW_S * 4 + 30, "views.update", poll=0.05)
        update_calls = self.slack.calls_to("views.update")[updated:]
        first_sent = min(sent for sent, _, _ in results)
        done = max((c.time for c in update_calls), default=float("nan")) - first_sent
        fault.times = 0
        self.cal.clear_faults()
        self.results["views_open"] = {
            "sequential": sequential, "burst": burst, "acks": acks,
            "burst_statuses": Counter(status for _, _, status in results),
            "burst_updates_done_s": done, "updated": len(with_update), "books": len(users),
            "cal_slow_s": CAL_SLOW_S,
        }

    # -- 4. Cal.com calls per operation -------------------------------------------------------
    def _counted(self, run: Callable[[], str]) -> dict[str, Any]:
        def progress() -> tuple[int, int]:
            return len(self.cal.requests), len(self.slack.calls)

        settle(progress)
        cal_from, slack_from = progress()
        outcome = run()
        settle(progress)
        cal = Counter(r.operation or f"{r.method} {r.path}" for r in
                      self.cal.requests[cal_from:])
        slack = Counter(c.method for c in self.slack.calls[slack_from:])
        return {"cal": cal, "slack": slack, "outcome": outcome}

    def calls_per_op(self) -> None:
        user = "U0CALLS0001"
        self.connect(user)
        side = self.side

        def reply(token: str) -> dict[str, Any]:
            return dict(wait_until(lambda: side.replies(token), 15, "a response_url reply")[0])

        def book(day: int, hour: int) -> str:
            when = later(day, hour).astimezone(ROME).strftime("%a %d %b %-I%p").lower()
            (body, headers), _, trigger = self.command(
                f"book 30min {when} with jane@example.com", user)
            side.http.post("/slack/events", content=body, headers=headers)
            call = wait_until(lambda: next((c for c in self.slack.calls_to("views.open")
                                            if c.params.get("trigger_id") == trigger), None),
                              15, "views.open")
            view_id = call.response["view"]["id"]
            view = wait_until(lambda: self.slack.views[view_id]["callback_id"] == ids.BOOK_VIEW
                              and self.slack.views[view_id], 15, "the book modal")
            answer = side.submit(view, {}, user=user).json()
            text = str(answer.get("view", answer))
            return "booked" if "Booked" in text else f"not booked: {text[:120]}"

        def command(text: str) -> Callable[[], str]:
            def run() -> str:
                (body, headers), token, _ = self.command(text, user)
                side.http.post("/slack/events", content=body, headers=headers)
                return str(reply(token).get("text", ""))[:60]
            return run

        pending_uid = self.cal.add_booking(ALICE_KEY, later(6, 10), event_type="intro-call",
                                           status="pending", notify=False)
        cancel_uid = self.cal.add_booking(ALICE_KEY, later(6, 12), notify=False)

        def confirm() -> str:
            _, token = side.click(ids.CONFIRM, pending_uid, user=user, where="ephemeral")
            return str(reply(token).get("text", ""))[:60]

        ops: list[tuple[str, Callable[[], str]]] = [
            ("book (1st: modal + submit)", lambda: book(5, 10)),
            ("book (2nd, same user)", lambda: book(5, 11)),
            ("list", command("list")),
            ("pending", command("pending")),
            ("confirm (button)", confirm),
            ("cancel <uid> <reason>", command(f"cancel {cancel_uid} bench reason")),
        ]
        self.results["calls"] = [(name, self._counted(run)) for name, run in ops]

    # -- the whole run ----------------------------------------------------------------------
    def run(self) -> None:
        timings: dict[str, float] = {}
        self.results["loadavg_before"] = os.getloadavg()
        t0 = time.perf_counter()
        self.startup()
        timings["start-up"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.bare = BareProcess(self.slack.api_url, SIGNING_SECRET, self.slack.bot_token,
                                self.dir)
        self.started.append(self.bare.stop)
        self.loader = LoadProcess()
        self.started.append(self.loader.close)
        self.ack_latency()
        timings["ack latency"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.views_open()
        timings["views.open"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.calls_per_op()
        timings["calls per op"] = time.perf_counter() - t0
        self.results["rss_end"] = self.calbot.memory()
        self.results["getme_total"] = self.cal.calls["getMe"]
        self.results["violations"] = list(self.cal.violations)
        self.results["slack_violations"] = list(self.slack.violations)
        self.results["timings"] = timings
        self.results["loadavg_after"] = os.getloadavg()
        logged = self.log.read_text(errors="replace").splitlines()
        self.results["log_problems"] = [line for line in logged
                                        if " ERROR " in line or " WARNING " in line
                                        or line.startswith("Traceback")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_slack")
    parser.add_argument("--quick", action="store_true", help="fewer requests per cell")
    parser.add_argument("--requests", type=int, default=None,
                        help="measured requests per cell (default 400, quick 150)")
    parser.add_argument("--warmup", type=int, default=None,
                        help="warm-up requests per cell (default 40, quick 20)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="calbot/bare alternations per cell (default 4, quick 2)")
    parser.add_argument("--books", type=int, default=None,
                        help="sequential /cal book requests (default 10, quick 5)")
    args = parser.parse_args(argv)
    args.requests = args.requests or (150 if args.quick else 400)
    args.warmup = args.warmup or (20 if args.quick else 40)
    args.books = args.books or (5 if args.quick else 10)
    args.rounds = args.rounds or (2 if args.quick else 4)
    started = time.perf_counter()
    bench = Bench(args)
    try:
        bench.run()
        targets_met, checks_passed = report(bench)
    finally:
        bench.close()
    print(f"\n  bench_slack total {time.perf_counter() - started:.1f} s; timing targets "
          f"{'met' if targets_met else 'NOT all met (see OVER above)'}; behaviour checks "
          f"{'passed' if checks_passed else 'FAILED (see NO above)'}")
    return 0 if checks_passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
