"""Scale: notices/s, ack p99 and polls/user/min; 1-2 processes on PostgreSQL vs 1 on SQLite.

Notices/s and ack p99 with 1 and 2 `calbot run` processes on PostgreSQL vs 1 on SQLite; poll
requests per user per minute with 1,000 connected users.

    python -m bench.bench_scale [--notices 400] [--acks 300] [--users 1000] [--window 60]

What runs: real ``calbot run`` subprocesses (tests/e2e/processes.py) against the fake Slack
(real clock) and a throwaway PostgreSQL (tests/pg.py; skipped when PostgreSQL is missing).
* Notices: ``--notices`` rows enqueued at once, one per channel (no per-channel pacing in the
  way), timed from the enqueue to the last post in Slack; lost and duplicated are counted.
* Acks: ``--acks`` signed ``/cal help`` requests from 8 threads, spread over the processes,
  during the burst; the HTTP answer is the ack.
* Polling: ``--users`` users connected without a webhook, CALBOT_POLL_SECONDS=10 (the least),
  a stand-in Cal.com that answers GET /v2/bookings with an empty page; requests counted over
  ``--window`` seconds. The budget is 3 requests per poll: 18/min per user at 10 s, however
  many processes run (each user's poll is leased to one).
"""

from __future__ import annotations

import argparse
import collections
import http.server
import json
import socket
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from cryptography.fernet import Fernet

from bench.stats import percentile
from bench.tables import table
from storage import Store
from tests.e2e.harness import SlackSide, wait_until
from tests.e2e.processes import CalbotProcess, calbot_env
from tests.fakes.slack import FakeSlack
from tests.pg import PostgresServer, _bin_dir

QUICK_ARGV = ["--notices", "200", "--acks", "100", "--users", "1000", "--window", "30"]
POLL_SECONDS = 10
BUDGET_PER_MIN = 3 * 60 / POLL_SECONDS


class StandInCalcom:
    """Answers every GET /v2/bookings with an empty page; counts them per API key."""

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()  # headers and body are two writes: no Nagle wait between
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self) -> None:
                with outer.lock:
                    outer.counts[self.headers.get("Authorization", "")] += 1
                body = json.dumps({"status": "success", "data": [],
                                   "pagination": {"totalItems": 0}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def total(self) -> int:
        with self.lock:
            return sum(self.counts.values())

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def run_config(label: str, database: str, processes: int, args: argparse.Namespace,
               tmp: Path) -> list[str]:
    slack = FakeSlack(clock=lambda: datetime.now(UTC)).start()
    cal = StandInCalcom()
    procs: list[CalbotProcess] = []
    try:
        key = Fernet.generate_key().decode()
        env = calbot_env(slack, database, CALBOT_SECRET_KEY=key, CALCOM_API_URL=cal.url,
                         CALBOT_POLL_SECONDS=str(POLL_SECONDS))
        procs = [CalbotProcess(env, tmp, tmp / f"{label}-{n}.log".replace(" ", "_"),
                               wait=False) for n in range(processes)]
        for proc in procs:
            proc.wait_healthy(60)
        sides = [SlackSide(p.url, slack, slack.team_id) for p in procs]
        sides[0].present("U2147483697", "C2147483705")
        for n in range(args.notices):
            slack.set_channel(f"CS{n:07d}", name=f"scale-{n}")
        with Store(database, key) as store:
            started = time.perf_counter()
            with store.transaction():
                for n in range(args.notices):
                    store.enqueue(slack.team_id, f"CS{n:07d}", {
                        "kind": "notice", "thread_uids": [], "message": {"text": f"s{n}"}},
                        f"scale:{n}")
            acks: list[float] = []

            def ack(n: int) -> None:
                began = time.perf_counter()
                answer, _ = sides[n % len(sides)].command("help")
                acks.append(time.perf_counter() - began)
                assert answer.status_code == 200

            with ThreadPoolExecutor(8) as pool:
                list(pool.map(ack, range(args.acks)))

            def posted() -> int:
                return sum(len(slack.messages_in(f"CS{n:07d}")) for n in range(args.notices))

            wait_until(lambda: posted() >= args.notices, 300, "every notice", poll=0.05)
            seconds = time.perf_counter() - started
            texts = collections.Counter(str(m.get("text")) for n in range(args.notices)
                                        for m in slack.messages_in(f"CS{n:07d}"))
            lost = args.notices - len(texts)
            duplicated = sum(v - 1 for v in texts.values() if v > 1)
            with store.transaction():
                for n in range(args.users):
                    store.save_connection(slack.team_id, f"UP{n:07d}", f"cal_live_scale{n:07d}",
                                          None)
            before = cal.total()
            time.sleep(args.window)  # polling runs on its own clock: count what it makes
            made = cal.total() - before
        per_user_min = made / args.users / (args.window / 60)
        return [label, str(processes), f"{args.notices / seconds:.0f}", str(lost),
                str(duplicated), f"{percentile([a * 1000 for a in acks], 50):.1f}",
                f"{percentile([a * 1000 for a in acks], 99):.1f}", f"{per_user_min:.1f}",
                f"{BUDGET_PER_MIN:.0f}"]
    finally:
        for proc in procs:
            proc.terminate()
        cal.stop()
        slack.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_scale")
    parser.add_argument("--notices", type=int, default=400)
    parser.add_argument("--acks", type=int, default=300)
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--window", type=float, default=60.0)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="calbot-bench-scale-"))
    rows = [["engine", "procs", "notices/s", "lost", "dup", "ack p50 ms", "ack p99 ms",
             "poll req/user/min", "budget"]]
    rows.append(run_config("SQLite", str(tmp / "calbot.db"), 1, args, tmp))
    bin_dir = _bin_dir()
    if bin_dir is None:
        print("  PostgreSQL is not installed: the PostgreSQL rows are skipped")
    else:
        server = PostgresServer(bin_dir)
        server.start()
        try:
            for processes in (1, 2):
                rows.append(run_config("PostgreSQL", server.new_database(), processes, args,
                                       tmp))
        finally:
            server.stop()
    print(f"  {args.notices} notices (one per channel), {args.acks} /cal help acks from 8 "
          f"threads, {args.users} users polled every {POLL_SECONDS} s over {args.window:.0f} s")
    table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
