"""Benchmark of the Slack path: ack latency, time to views.open, start-up, RSS, Cal.com calls.

    python -m bench.bench_slack [--quick] [--requests 400] [--warmup 40] [--books 10]

What runs, all over real HTTP on 127.0.0.1:

* calbot: ``calbot run`` as a SUBPROCESS (the production entry point: settings from the
  environment, ``bot.runtime.build``, waitress), against the fake Slack Web API and the fake
  Cal.com, both served by THIS process. ``CALBOT_POLL_SECONDS=3600`` keeps the background
  poller out of the measurements and the call counts.
* bare: a Bolt app that only acks (``app.command(re.compile("^/"))(lambda ack: ack())``),
  also a subprocess, served on the same stack: ``bot.web.Web`` router, waitress
  ``create_server`` with ``bot.runtime.HTTP_THREADS`` threads, a 64-worker listener executor
  like ``bot.app.create_app``, the same signing secret and the same signed bodies.
* load: a third process (spawned) with a thread pool of httpx clients (one keep-alive client
  per thread), so client-side work does not share a GIL with the fakes.

Measured:

1. ack latency (client-side HTTP response time of the signed request) p50/p99, concurrency 1
   and 20, ``/cal help`` and ``/cal list`` (the user is connected with ALICE_KEY, so list
   calls Cal.com after the ack), calbot beside bare. For list also the time until the reply
   reaches the response_url (includes the fake Cal.com's spec checking).
2. request → ``views.open`` for ``/cal book`` while Cal.com answers ``/v2/event-types`` after
   2 s: sequential, and a burst of 20 at once (each request by its own user, so each one
   really waits for Cal.com).
3. start-up: ``calbot run`` until ``GET /healthz`` answers 200 (3 runs, median); RSS of that
   process idle, after step 1's load, and at the end (VmRSS/VmHWM from /proc/<pid>/status).
4. Cal.com calls per Slack operation (book twice, list, pending, confirm, cancel), from the
   fake Cal.com's request log, by endpoint.

No assertions on wall-clock numbers: targets are printed beside the results.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.stats import percentile

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.clock import START  # noqa: E402

QUICK_ARGV = ["--quick"]  # what `python -m bench --quick` passes to main()

TARGET_ACK_P99_MS = 50.0
TARGET_ACK_RATIO = 1.5
TARGET_VIEWS_OPEN_MS = 200.0
TARGET_START_S = 2.0
CAL_SLOW_S = 2.0
BURST = 20
TEAM_USER = "U2147483697"  # tests.e2e.harness.USER
ROME = ZoneInfo("Europe/Rome")

Request = tuple[bytes, dict[str, str]]


# ----------------------------------------------------------------------------- helpers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def proc_memory(pid: int) -> dict[str, float]:
    """VmRSS / VmHWM of a process in MiB (Linux /proc)."""
    found: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return found


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(check: Callable[[], Any], timeout: float, what: str, poll: float = 0.002) -> Any:
    from tests.e2e.harness import wait_until  # one polling helper for tests and benches

    return wait_until(check, timeout, what, poll)


def later(days: int, hour: int) -> datetime:
    """A weekday `days` or more ahead at `hour` Rome time (alice's working hours)."""
    day = START.astimezone(ROME) + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).astimezone(UTC)


def table(rows: list[tuple[str, ...]], out: Any = None) -> None:
    out = out or sys.stdout
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        out.write("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                  .rstrip() + "\n")
        if n == 0:
            out.write("  " + "  ".join("-" * w for w in widths) + "\n")


# ----------------------------------------------------------------------------- processes

def serve_bare(api_url: str, signing_secret: str, bot_token: str) -> None:
    """The bare app (run in a subprocess): a Bolt app that only acks, on calbot's stack."""
    from concurrent.futures import ThreadPoolExecutor as Pool

    from slack_bolt import App
    from slack_sdk import WebClient
    from waitress.server import create_server

    from bot.runtime import HTTP_THREADS
    from bot.web import Web

    app = App(client=WebClient(token=bot_token, base_url=api_url, timeout=10),
              signing_secret=signing_secret,
              listener_executor=Pool(max_workers=64, thread_name_prefix="bare-listener"))
    app.command(re.compile("^/"))(lambda ack: ack())
    web = Web(app, None, mode="http")
    # the same server settings as bot.runtime.build
    server = create_server(web, host="127.0.0.1", port=0, threads=HTTP_THREADS, ident="bare",
                           asyncore_loop_timeout=1)
    web.ready.set()
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    print(server.effective_port, flush=True)
    server.run()


_BARE = ("import sys; sys.path.insert(0, sys.argv[1]); from bench.bench_slack import serve_bare;"
         " serve_bare(*sys.argv[2:])")


def fire(url: str, warm: list[Request], measured: list[Request],
         concurrency: int) -> dict[str, Any]:
    """Runs in the load process: POST every request with `concurrency` threads, one keep-alive
    httpx client per thread. Returns per-request (send wall time, seconds, status), in order."""
    local = threading.local()
    clients: list[httpx.Client] = []
    lock = threading.Lock()

    def one(request: Request) -> tuple[float, float, int]:
        client = getattr(local, "client", None)
        if client is None:
            client = local.client = httpx.Client(base_url=url, timeout=30)
            with lock:
                clients.append(client)
        body, headers = request
        sent = time.time()
        t0 = time.perf_counter()
        answer = client.post("/slack/events", content=body, headers=headers)
        return sent, time.perf_counter() - t0, answer.status_code

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, warm))
        started = time.perf_counter()
        results = list(pool.map(one, measured))
        wall = time.perf_counter() - started
    for client in clients:
        client.close()
    return {"results": results, "wall": wall}


class Calbot:
    """`calbot run` as a subprocess."""

    def __init__(self, env: dict[str, str], cwd: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        exe = Path(sys.executable).parent / "calbot"
        self.argv = [str(exe), "run"] if exe.exists() else [sys.executable, "-m", "bot.cli",
                                                             "run"]
        self.env = {**env, "PORT": str(self.port)}
        started = time.perf_counter()
        self.log = log.open("ab")
        self.proc = subprocess.Popen(self.argv, env=self.env, cwd=cwd, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        with httpx.Client(timeout=1) as http:
            def healthy() -> bool:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"calbot exited with {self.proc.returncode}; see {log}")
                try:
                    return http.get(f"{self.url}/healthz").status_code == 200
                except httpx.HTTPError:
                    return False

            wait_for(healthy, 30, "calbot /healthz", poll=0.005)
        self.start_s = time.perf_counter() - started

    def memory(self) -> dict[str, float]:
        return proc_memory(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


# ----------------------------------------------------------------------------- the bench

class Bench:
    def __init__(self, args: argparse.Namespace):
        from cryptography.fernet import Fernet

        from storage import Store
        from tests.e2e.harness import SIGNING_SECRET, SlackSide
        from tests.fakes.calcom import FakeCalcom
        from tests.fakes.slack import FakeSlack

        self.args = args
        self.tmp = tempfile.TemporaryDirectory(prefix="calbot-bench-")
        self.dir = Path(self.tmp.name)
        self.log = self.dir / "calbot.log"
        self.slack = FakeSlack().start()
        self.cal = FakeCalcom(auto_deliver=False, check_responses=False)
        self._cal_serving = self.cal.serve()
        self.cal_url = self._cal_serving.__enter__()
        self.secret_key = Fernet.generate_key().decode()
        self.signing_secret = SIGNING_SECRET
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.dir),
            "LANG": os.environ.get("LANG", "C.UTF-8"), "PYTHONPATH": str(ROOT),
            "SLACK_BOT_TOKEN": self.slack.bot_token, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": self.slack.api_url, "CALCOM_API_URL": self.cal_url,
            "CALBOT_DATABASE": str(self.dir / "calbot.db"),
            "CALBOT_SECRET_KEY": self.secret_key, "CALBOT_POLL_SECONDS": "3600",
        }
        self.team = self.slack.team_id
        self.calbot: Calbot | None = None
        self.bare: subprocess.Popen[str] | None = None
        self.bare_url = ""
        self.store: Store | None = None
        self.side: SlackSide | None = None
        self.loader: ProcessPoolExecutor | None = None
        self._store_cls = Store
        self._side_cls = SlackSide
        self.results: dict[str, Any] = {}

    # -- lifecycle --------------------------------------------------------------------------
    def close(self) -> None:
        if self.loader is not None:
            self.loader.shutdown(wait=True, cancel_futures=True)
        if self.side is not None:
            self.side.http.close()
        if self.calbot is not None:
            self.calbot.stop()
        if self.bare is not None and self.bare.poll() is None:
            self.bare.send_signal(signal.SIGTERM)
            try:
                self.bare.wait(10)
            except subprocess.TimeoutExpired:
                self.bare.kill()
        self._cal_serving.__exit__(None, None, None)
        self.slack.stop()
        self.tmp.cleanup()

    def connect(self, user: str, tz: str = "Europe/Rome") -> None:
        from tests.fakes.calcom import ALICE_KEY

        assert self.store is not None
        self.store.save_connection(self.team, user, ALICE_KEY, None)
        self.slack.set_user(user, tz=tz)

    def signed(self, body: bytes) -> dict[str, str]:
        from tests.e2e.harness import signature

        ts = str(int(time.time()))
        return {"Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": signature(self.signing_secret, ts, body),
                "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)"}

    def command(self, text: str, user: str = TEAM_USER) -> tuple[Request, str, str]:
        assert self.side is not None
        body, token, trigger = self.side.command_body(text, user=user)
        return (body, self.signed(body)), token, trigger

    # -- 3. start-up ------------------------------------------------------------------------
    def startup(self, runs: int = 3) -> None:
        times = []
        for n in range(runs):
            app = Calbot(self.env, self.dir, self.log)
            times.append(app.start_s)
            if n < runs - 1:
                app.stop()
            else:
                self.calbot = app
        assert self.calbot is not None
        time.sleep(1.0)  # idle: let start-up garbage settle
        self.results["start"] = times
        self.results["rss_idle"] = self.calbot.memory()
        self.store = self._store_cls(self.dir / "calbot.db", self.secret_key)
        self.side = self._side_cls(self.calbot.url, self.slack, self.team)
        self.connect(TEAM_USER)

    def start_bare(self) -> None:
        self.bare = subprocess.Popen(
            [sys.executable, "-c", _BARE, str(ROOT), self.slack.api_url, self.signing_secret,
             self.slack.bot_token], stdout=subprocess.PIPE, text=True, cwd=self.dir)
        assert self.bare.stdout is not None
        self.bare_url = f"http://127.0.0.1:{int(self.bare.stdout.readline())}"

    # -- 1. ack latency ---------------------------------------------------------------------
    def ack_chunk(self, url: str, text: str, concurrency: int, n: int,
                  warmup: int) -> dict[str, Any]:
        assert self.loader is not None
        from bench import bench_slack as module  # a by-name reference for the spawned process

        assert self.calbot is not None and self.bare is not None
        pid = self.calbot.proc.pid if url == self.calbot_url else self.bare.pid
        warm = [self.command(text)[0] for _ in range(warmup)]
        built = [self.command(text) for _ in range(n)]
        if text == "list" and url == self.calbot_url:
            warm_built = [self.command(text) for _ in range(warmup)]
            warm = [request for request, _, _ in warm_built]
        out = self.loader.submit(module.fire, url, [], warm, concurrency).result()
        if text == "list" and url == self.calbot_url:
            self.replies(warm_built, out["results"])  # warm-up's post-ack work done first
        cpu = proc_cpu(pid)
        out = self.loader.submit(module.fire, url, [], [request for request, _, _ in built],
                                 concurrency).result()
        chunk: dict[str, Any] = {"results": out["results"], "wall": out["wall"]}
        if text == "list" and url == self.calbot_url:
            # let calbot's post-ack work (Cal.com call, response_url reply) finish before the
            # next chunk, so the bare app is not measured under calbot's backlog; the CPU
            # figure then includes that work
            chunk["replies"] = self.replies(built, out["results"])
        chunk["cpu_s"] = proc_cpu(pid) - cpu
        return chunk

    @property
    def calbot_url(self) -> str:
        assert self.calbot is not None
        return self.calbot.url

    def replies(self, built: list[tuple[Request, str, str]],
                results: list[tuple[float, float, int]]) -> dict[str, Any]:
        """Wait for every list reply on its response_url; time from send to reply."""
        wanted = {token: sent for (_, token, _), (sent, _, _) in zip(built, results,
                                                                     strict=True)}
        started = time.monotonic()

        def arrived() -> dict[str, float]:
            with self.slack._lock:
                return {r.token: r.time for r in self.slack.responses if r.token in wanted}

        try:
            seen = wait_for(lambda: (got := arrived()) and len(got) == len(wanted) and got,
                            timeout=180, what="list replies", poll=0.02)
        except AssertionError:  # wait_until gives up this way
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
        # The fake Cal.com's spec check costs CPU on the same 2 cores as the app under test;
        # it is off while latency is measured (on again for the calls-per-operation step).
        self.cal.check_requests = False
        for text in ("help", "list"):
            for concurrency in (1, 20):
                chunks: dict[str, list[dict[str, Any]]] = {"calbot": [], "bare": []}
                for n in range(rounds):
                    order = [("calbot", self.calbot_url), ("bare", self.bare_url)]
                    for name, url in order if n % 2 == 0 else order[::-1]:
                        chunks[name].append(self.ack_chunk(url, text, concurrency, per_round,
                                                           warm))
                for name, got in chunks.items():
                    results = [row for chunk in got for row in chunk["results"]]
                    lat = [dt * 1000 for _, dt, _ in results]
                    cell = {"p50": percentile(lat, 50), "p99": percentile(lat, 99),
                            "max": max(lat), "n": len(lat),
                            "statuses": Counter(status for _, _, status in results),
                            "rps": len(lat) / sum(chunk["wall"] for chunk in got),
                            "cpu_ms": 1000 * sum(c["cpu_s"] for c in got) / len(lat)}
                    if "replies" in got[0]:
                        reply = [ms for chunk in got for ms in chunk["replies"]["reply_ms"]]
                        cell.update(reply_p50=percentile(reply, 50),
                                    reply_p99=percentile(reply, 99), replies=len(reply),
                                    drain_s=max(chunk["replies"]["drain_s"] for chunk in got))
                    cells[(name, text, concurrency)] = cell
        self.results["ack"] = dict(sorted(cells.items(), key=lambda kv: (
            kv[0][1] != "help", kv[0][2], kv[0][0] != "calbot")))
        assert self.calbot is not None
        self.results["rss_load"] = self.calbot.memory()

    # -- 2. views.open under a slow Cal.com ----------------------------------------------------
    def views_open(self) -> None:
        assert self.side is not None
        n = self.args.books
        users = [f"U0BOOK{i:04d}" for i in range(n + BURST)]
        for user in users:
            self.connect(user)
        self.cal.check_requests = True
        fault = self.cal.slow(CAL_SLOW_S, path="/v2/event-types")
        opened = len(self.slack.calls_to("views.open"))
        updated = len(self.slack.calls_to("views.update"))

        def opened_for(trigger: str) -> Any:
            for call in self.slack.calls_to("views.open")[opened:]:
                if call.params.get("trigger_id") == trigger:
                    return call
            return None

        sequential, acks = [], []
        with httpx.Client(base_url=self.calbot_url, timeout=30) as http:
            for user in users[:n]:
                (body, headers), _, trigger = self.command("book", user)
                sent = time.time()
                t0 = time.perf_counter()
                answer = http.post("/slack/events", content=body, headers=headers)
                acks.append((time.perf_counter() - t0) * 1000)
                assert answer.status_code == 200, answer.text
                call = wait_for(lambda t=trigger: opened_for(t), 10, "views.open")
                sequential.append((call.time - sent) * 1000)

        burst_built = [self.command("book", user) for user in users[n:]]
        sends: list[float] = [0.0] * len(burst_built)
        local = threading.local()
        clients: list[httpx.Client] = []

        def send(index: int) -> int:
            if getattr(local, "http", None) is None:
                local.http = httpx.Client(base_url=self.calbot_url, timeout=30)
                clients.append(local.http)
            (body, headers), _, _ = burst_built[index]
            sends[index] = time.time()
            return local.http.post("/slack/events", content=body, headers=headers).status_code

        with ThreadPoolExecutor(max_workers=BURST) as pool:
            statuses = list(pool.map(send, range(len(burst_built))))
        for client in clients:
            client.close()
        burst = []
        for index, (_, _, trigger) in enumerate(burst_built):
            call = wait_for(lambda t=trigger: opened_for(t), 10, "views.open")
            burst.append((call.time - sends[index]) * 1000)
        with_update: set[str] = set()

        def all_updated() -> bool:
            for call in self.slack.calls_to("views.update")[updated:]:
                with_update.add(call.params.get("view_id"))
            return len(with_update) >= len(users)

        with contextlib.suppress(TimeoutError):  # reported: modals still "loading"
            wait_for(all_updated, CAL_SLOW_S * 4 + 30, "views.update", poll=0.05)
        update_calls = self.slack.calls_to("views.update")[updated:]
        done = max((c.time for c in update_calls), default=float("nan")) - min(sends)
        fault.times = 0
        self.cal.clear_faults()
        self.results["views_open"] = {
            "sequential": sequential, "burst": burst, "acks": acks,
            "burst_statuses": Counter(statuses), "burst_updates_done_s": done,
            "updated": len(with_update), "books": len(users),
        }

    # -- 4. Cal.com calls per operation -------------------------------------------------------
    def _settle(self, quiet: float = 0.4, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        last = (len(self.cal.requests), len(self.slack.calls))
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = (len(self.cal.requests), len(self.slack.calls))
            if now == last:
                return
            last = now

    def _counted(self, run: Callable[[], str]) -> dict[str, Any]:
        self._settle()
        cal_from, slack_from = len(self.cal.requests), len(self.slack.calls)
        outcome = run()
        self._settle()
        cal = Counter(r.operation or f"{r.method} {r.path}" for r in
                      self.cal.requests[cal_from:])
        slack = Counter(c.method for c in self.slack.calls[slack_from:])
        return {"cal": cal, "slack": slack, "outcome": outcome}

    def calls_per_op(self) -> None:
        from blockkit import ids
        from tests.fakes.calcom import ALICE_KEY

        assert self.side is not None
        user = "U0CALLS0001"
        self.connect(user)
        side = self.side

        def reply(token: str) -> dict[str, Any]:
            return wait_for(lambda: side.replies(token), 15, "a response_url reply")[0]

        def book(day: int, hour: int) -> str:
            when = later(day, hour).astimezone(ROME).strftime("%a %d %b %-I%p").lower()
            (body, headers), _, trigger = self.command(
                f"book 30min {when} with jane@example.com", user)
            side.http.post("/slack/events", content=body, headers=headers)
            call = wait_for(lambda: next((c for c in self.slack.calls_to("views.open")
                                          if c.params.get("trigger_id") == trigger), None),
                            15, "views.open")
            view_id = call.response["view"]["id"]
            view = wait_for(lambda: self.slack.views[view_id]["callback_id"] == ids.BOOK_VIEW
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
        self.start_bare()
        self.loader = ProcessPoolExecutor(max_workers=1,
                                          mp_context=multiprocessing.get_context("spawn"))
        self.loader.submit(time.sleep, 0).result()  # pay the spawn before measuring
        self.ack_latency()
        timings["ack latency"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.views_open()
        timings["views.open"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        self.calls_per_op()
        timings["calls per op"] = time.perf_counter() - t0
        assert self.calbot is not None
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


# ----------------------------------------------------------------------------- report

def _ok(good: bool) -> str:
    return "ok" if good else "OVER"


def report(bench: Bench, out: Any = None) -> bool:
    out = out or sys.stdout
    r = bench.results
    args = bench.args
    cores = os.cpu_count()
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    assert bench.calbot is not None
    all_ok = True
    out.write("calbot Slack-path benchmark\n\n")
    out.write(f"  machine     {usable} usable cores ({cores} online), {platform.system()} "
              f"{platform.release()}, Python {platform.python_version()}\n")
    out.write(f"  calbot      SUBPROCESS `{' '.join(Path(a).name for a in bench.calbot.argv)}`"
              f" (pid {bench.calbot.proc.pid}), production wiring, waitress; "
              "CALBOT_POLL_SECONDS=3600 (poller kept out)\n")
    out.write("  bare        SUBPROCESS: Bolt app that only acks, same bot.web.Web + waitress "
              "threads + 64-worker listener executor + signing\n")
    out.write("  fakes       FakeSlack + FakeCalcom over HTTP on 127.0.0.1, in the bench process "
              "(Cal.com requests spec-checked, except during step 1)\n")
    out.write("  load        a spawned process: thread pool of httpx clients (1 keep-alive "
              "client per thread); latency = client-side HTTP response time\n")
    out.write(f"  sizes       {args.requests} measured + {args.warmup} warm-up requests per "
              f"cell, in {args.rounds} rounds alternating calbot/bare; {args.books} sequential "
              f"+ {BURST} burst books\n")
    before, after = r["loadavg_before"][0], r["loadavg_after"][0]
    out.write(f"  machine load average (1 min) {before:.2f} before, {after:.2f} after "
              "(includes the bench itself; other work on the machine shows up here)\n")
    out.write("  note        all processes share the same cores; numbers are loopback, "
              "no TLS, no network\n\n")

    # 1
    out.write("1. Ack latency (signed POST /slack/events → HTTP response)\n\n")
    rows: list[tuple[str, ...]] = [("command", "conc", "app", "p50 ms", "p99 ms", "max ms",
                                    "req/s", "CPU ms/req", "HTTP", "p99 ≤ 50",
                                    "≤ 1.5× bare")]
    for (name, text, conc), cell in r["ack"].items():
        bare = r["ack"][("bare", text, conc)]
        ratio = cell["p99"] / bare["p99"] if bare["p99"] else float("nan")
        target_abs = target_ratio = ""
        if name == "calbot":
            good_abs = conc != 20 or cell["p99"] <= TARGET_ACK_P99_MS
            good_ratio = ratio <= TARGET_ACK_RATIO
            target_abs = (_ok(good_abs) if conc == 20 else
                          f"({_ok(cell['p99'] <= TARGET_ACK_P99_MS)})")
            target_ratio = f"{ratio:.2f}× {_ok(good_ratio)}"
            all_ok &= good_abs and good_ratio
        statuses = ",".join(f"{k}×{v}" for k, v in sorted(cell["statuses"].items()))
        rows.append((f"/cal {text}", str(conc), name, f"{cell['p50']:.1f}", f"{cell['p99']:.1f}",
                     f"{cell['max']:.1f}", f"{cell['rps']:.0f}", f"{cell['cpu_ms']:.2f}",
                     statuses, target_abs,
                     target_ratio))
    table(rows, out)
    out.write("  (target ≤ 50 ms applies at concurrency 20; at concurrency 1 shown in brackets)\n"
              "  CPU ms/req: the server process's user+system CPU per measured request "
              "(/proc/<pid>/stat, 10 ms ticks);\n  for calbot /cal list it includes the "
              "post-ack work (Cal.com call, reply), waited for before the next round\n")
    for conc in (1, 20):
        cell = r["ack"][("calbot", "list", conc)]
        out.write(f"  /cal list, concurrency {conc}: reply on response_url p50 "
                  f"{cell['reply_p50']:.0f} ms, p99 {cell['reply_p99']:.0f} ms "
                  f"({cell['replies']}/{cell['n']} replies; backlog drained "
                  f"{cell['drain_s']:.1f} s after a round's last ack)\n")
    out.write("\n")

    # 2
    v = r["views_open"]
    out.write(f"2. /cal book → views.open while Cal.com answers /v2/event-types after "
              f"{CAL_SLOW_S:g} s (request sent → fake Slack receives views.open)\n\n")
    rows = [("run", "n", "p50 ms", "p99 ms", "max ms", f"target ≤ {TARGET_VIEWS_OPEN_MS:.0f} ms")]
    for label, values in (("sequential", v["sequential"]), (f"burst of {BURST}", v["burst"])):
        good = max(values) <= TARGET_VIEWS_OPEN_MS
        all_ok &= good
        rows.append((label, str(len(values)), f"{percentile(values, 50):.1f}",
                     f"{percentile(values, 99):.1f}", f"{max(values):.1f}",
                     f"{_ok(good)} (max)"))
    table(rows, out)
    out.write(f"  book ack (sequential): p50 {percentile(v['acks'], 50):.1f} ms, max "
              f"{max(v['acks']):.1f} ms; burst HTTP {dict(v['burst_statuses'])}; "
              f"{v['updated']}/{v['books']} modals updated, the last "
              f"{v['burst_updates_done_s']:.2f} s after the first burst request\n\n")

    # 3
    starts = r["start"]
    median = statistics.median(starts)
    all_ok &= median <= TARGET_START_S
    out.write("3. Start-up and memory of the `calbot run` subprocess\n\n")
    rows = [("metric", "value", "target")]
    rows.append(("start → /healthz 200, median of 3", f"{median:.2f} s",
                 f"≤ {TARGET_START_S:g} s {_ok(median <= TARGET_START_S)}"))
    rows.append(("  runs (1st creates the database)", ", ".join(f"{s:.2f}" for s in starts),
                 ""))
    for label, key in (("RSS idle (1 s after healthy)", "rss_idle"),
                       ("RSS after step 1's load", "rss_load"),
                       ("RSS at the end (after steps 2, 4)", "rss_end")):
        mem = r[key]
        rows.append((label, f"{mem.get('VmRSS', float('nan')):.1f} MiB "
                     f"(peak {mem.get('VmHWM', float('nan')):.1f})", ""))
    table(rows, out)
    out.write("\n")

    # 4
    out.write("4. Cal.com calls per Slack operation (fake Cal.com request log, by operation)\n\n")
    ops = sorted({op for _, c in r["calls"] for op in c["cal"]} | {"getMe", "createBooking"})
    rows = [("operation", *ops, "Slack Web API calls", "outcome")]
    for name, counted in r["calls"]:
        slack = ", ".join(f"{m}×{n}" for m, n in sorted(counted["slack"].items())) or "-"
        rows.append((name, *[str(counted["cal"].get(op, 0)) for op in ops], slack,
                     counted["outcome"].replace("\n", " ")[:48]))
    table(rows, out)
    calls = dict(r["calls"])
    first, second = calls["book (1st: modal + submit)"], calls["book (2nd, same user)"]
    checks = [
        ("book makes exactly one createBooking",
         first["cal"]["createBooking"] == 1 and second["cal"]["createBooking"] == 1),
        ("event types fetched once, then cached",
         first["cal"]["getEventTypes"] == 1 and second["cal"]["getEventTypes"] == 0),
        ("no GET /v2/me per request", all(c["cal"]["getMe"] == 0 for c in calls.values())),
    ]
    for label, good in checks:
        all_ok &= good
        out.write(f"  {label}: {_ok(good) if good else 'NO'}\n")
    out.write(f"  GET /v2/me over the whole bench: {r['getme_total']}\n")
    out.write(f"  fake Cal.com spec violations: {len(r['violations'])}; "
              f"fake Slack violations: {len(r['slack_violations'])}\n")
    for line in (r["violations"] + [str(x) for x in r["slack_violations"]])[:5]:
        out.write(f"    {line}\n")
    problems = r["log_problems"]
    out.write(f"  calbot log: {len(problems)} ERROR/WARNING/Traceback lines\n")
    for line in problems[:5]:
        out.write(f"    {line[:150]}\n")
    out.write("\n  phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in r["timings"].items())
              + "\n")
    return all_ok


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
        good = report(bench)
    finally:
        bench.close()
    print(f"\n  bench_slack total {time.perf_counter() - started:.1f} s; all targets "
          f"{'met' if good else 'NOT met (see OVER/NO above)'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
