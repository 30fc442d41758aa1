"""Benchmark of the HTTP hardening: memory and log growth under big unsigned requests.

    python -m bench.bench_hardening [--requests 20] [--mb 20] [--forms 50]

What runs: the production wiring (``bot.runtime.build``) on 127.0.0.1 with the fake Slack and
fake Cal.com, logging at production's level (INFO) to a file. ``--requests`` clients at once
each send an unsigned ``--mb`` MB body to ``/slack/events`` over raw sockets, in three ways:
with a Content-Length, chunked, and (under the limit) 900 KB bodies that reach the signature
check. The clients' bodies are one shared 64 KB block sent again and again, so their memory
does not count.

Then one booking form, its time shown back, is submitted ``--forms`` times at once (signed, as
Slack re-sending it or a user pressing Book again would), and the bookings Cal.com made are
counted. Target: exactly 1 booking, every other submission told it was already sent.

Measured: this process's RSS before and at its peak during each attack (sampled every 5 ms),
the log's growth in bytes and lines, and the answers. Targets: under 10 MB growth, at most one
log line per request.
"""

from __future__ import annotations

import argparse
import json
import logging
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tests.clock import TestClock
from tests.e2e.harness import CalbotUnderTest
from tests.e2e.test_hardening_forms import booking_form_at_the_last_press
from tests.fakes.calcom import FakeCalcom
from tests.fakes.slack import FakeSlack

BLOCK = b"A" * (1 << 16)
QUICK_ARGV = ["--requests", "10", "--mb", "5"]


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


class Peak:
    """Samples RSS in the background; ``peak`` is the highest seen."""

    def __init__(self) -> None:
        self.peak = rss_bytes()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


def send(port: int, size: int, chunked: bool) -> str:
    """One unsigned POST of ``size`` bytes; the status line's code, or what broke."""
    head = [b"POST /slack/events HTTP/1.1", b"Host: 127.0.0.1",
            b"Content-Type: application/x-www-form-urlencoded",
            b"X-Slack-Request-Timestamp: 1", b"X-Slack-Signature: v0=" + b"0" * 64]
    head.append(b"Transfer-Encoding: chunked" if chunked else b"Content-Length: %d" % size)
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        try:
            sock.sendall(b"\r\n".join(head) + b"\r\n\r\n")
            left = size
            while left > 0:
                block = BLOCK[: min(left, len(BLOCK))]
                sock.sendall(b"%x\r\n%s\r\n" % (len(block), block) if chunked else block)
                left -= len(block)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server answered and closed before the whole body was sent
        try:
            answer = sock.recv(4096)
        except OSError as error:
            return type(error).__name__
    return answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "no answer"


def attack(port: int, requests: int, size: int, chunked: bool) -> Counter[str]:
    answers: Counter[str] = Counter()
    lock = threading.Lock()

    def one() -> None:
        code = send(port, size, chunked)
        with lock:
            answers[code] += 1

    threads = [threading.Thread(target=one) for _ in range(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def form_storm(app: CalbotUnderTest, view: dict[str, Any], values: dict[str, Any],
               times: int) -> Counter[str]:
    """The same booking form submitted ``times`` times at once: each answer, by what it says."""
    def one(_: int) -> str:
        answer = app.side.submit(view, values)
        text = json.dumps(answer.json()) if answer.status_code == 200 else ""
        if "Booked" in text:
            return "Booked"
        return "already sent" if "already sent" in text else f"HTTP {answer.status_code}"

    with ThreadPoolExecutor(times) as pool:
        return Counter(pool.map(one, range(times)))


def measure(log_path: Path, handler: logging.Handler,
            run: Callable[[], Counter[str]]) -> dict[str, Any]:
    handler.flush()
    size0 = log_path.stat().st_size
    lines0 = log_path.read_text().count("\n")
    before = rss_bytes()
    started = time.perf_counter()
    with Peak() as peak:
        answers = run()
    elapsed = time.perf_counter() - started
    handler.flush()
    text = log_path.read_text()
    return {"answers": dict(answers), "rss_before": before, "rss_peak": peak.peak,
            "log_bytes": log_path.stat().st_size - size0,
            "log_lines": text.count("\n") - lines0, "seconds": elapsed,
            "body_in_log": "AAAAAAAA" in text}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_hardening")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--forms", type=int, default=50)
    args = parser.parse_args(argv)
    size = int(args.mb * (1 << 20))

    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as slack:
        log_path = Path(tmp) / "calbot.log"
        handler = logging.FileHandler(log_path)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: "
                                               "%(message)s"))
        root = logging.getLogger()
        old_level = root.level
        root.setLevel(logging.INFO)  # production's level (bot.runtime.serve)
        root.addHandler(handler)
        cal = FakeCalcom(clock=TestClock())
        try:
            with cal.serve() as cal_url:
                app = CalbotUnderTest(Path(tmp), slack, cal, cal_url)
                try:
                    port = app.runtime.port
                    runs = [
                        (f"{args.requests} × {args.mb:g} MB, Content-Length",
                         args.requests, measure(log_path, handler, lambda: attack(
                             port, args.requests, size, chunked=False))),
                        (f"{args.requests} × {args.mb:g} MB, chunked",
                         args.requests, measure(log_path, handler, lambda: attack(
                             port, args.requests, size, chunked=True))),
                        (f"{args.requests} × 0.9 MB (under the limit)",
                         args.requests, measure(log_path, handler, lambda: attack(
                             port, args.requests, 900 << 10, chunked=False))),
                    ]
                    unsigned = cal.count("createBooking")
                    _, view, values = booking_form_at_the_last_press(app, slack, cal)
                    storm = measure(log_path, handler, lambda: form_storm(
                        app, view, values, args.forms))
                    storm["bookings"] = cal.count("createBooking") - unsigned
                finally:
                    app.stop()
        finally:
            root.removeHandler(handler)
            root.setLevel(old_level)
            handler.close()

    mb = 1 << 20
    rows = [("attack (at once)", "answers", "RSS before", "RSS peak", "growth",
             "log growth", "log lines", "lines/req", "time")]
    ok = True
    for name, count, r in runs:
        growth = r["rss_peak"] - r["rss_before"]
        per = r["log_lines"] / count
        ok &= growth < 10 * mb and per <= 1 and not r["body_in_log"]
        rows.append((name, " ".join(f"{k}×{v}" for k, v in sorted(r["answers"].items())),
                     f"{r['rss_before'] / mb:.1f} MB", f"{r['rss_peak'] / mb:.1f} MB",
                     f"{growth / mb:+.1f} MB", f"{r['log_bytes'] / 1024:.1f} KB",
                     str(r["log_lines"]), f"{per:.2f}", f"{r['seconds']:.2f} s"))
    form_name = f"1 booking form × {args.forms} at once"
    answers = storm["answers"]
    rows.append((form_name, " ".join(f"{k}×{v}" for k, v in sorted(answers.items())),
                 f"{storm['rss_before'] / mb:.1f} MB", f"{storm['rss_peak'] / mb:.1f} MB",
                 f"{(storm['rss_peak'] - storm['rss_before']) / mb:+.1f} MB",
                 f"{storm['log_bytes'] / 1024:.1f} KB", str(storm["log_lines"]),
                 f"{storm['log_lines'] / args.forms:.2f}", f"{storm['seconds']:.2f} s"))
    ok &= storm["bookings"] == 1 and answers.get("already sent", 0) == args.forms - 1
    booked_once = (f"Booking form sent {args.forms} times at once: {storm['bookings']} "
                   f"booking{'s' if storm['bookings'] != 1 else ''} made (target: 1).")
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = sys.stdout
    for n, row in enumerate(rows):
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + "\n")
        if n == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")
    out.write(f"\n{booked_once}")
    out.write(
        "\nTargets: RSS growth under 10 MB, at most one log line per request, no body in the "
        "log (unsigned attacks); 1 booking per form. RSS is this process's (app, fakes and "
        "clients); the log is everything logged at INFO while each attack ran. Result: "
        f"{'met' if ok else 'MISSED'}.\n")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
