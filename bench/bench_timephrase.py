"""timephrase benchmark: cold import + warm-up, per-call latency, accuracy on our case table.

    python -m bench.bench_timephrase
"""

from __future__ import annotations

import contextlib
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.timephrase_cases import CASES  # noqa: E402
from timephrase import TimePhraseError, parse_when, warm_up  # noqa: E402

_COLD = (
    "import json, time\n"
    "t0 = time.perf_counter()\n"
    "import timephrase\n"
    "t1 = time.perf_counter()\n"
    "timephrase.warm_up()\n"
    "t2 = time.perf_counter()\n"
    "print(json.dumps({'import': t1 - t0, 'warm_up': t2 - t1}))\n"
)


def cold_start(runs: int = 3) -> dict[str, float]:
    seen: dict[str, list[float]] = defaultdict(list)
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _COLD], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
        for key, value in json.loads(out.strip().splitlines()[-1]).items():
            seen[key].append(value)
    return {key: statistics.median(values) for key, values in seen.items()}


def latency(rounds: int = 20) -> tuple[float, float, float, int]:
    warm_up()
    inputs = [(text, datetime.fromisoformat(now), tz) for _, tz, now, text, _ in CASES]
    samples: list[float] = []
    for _ in range(rounds):
        for text, now, tz in inputs:
            t0 = time.perf_counter()
            with contextlib.suppress(TimePhraseError):
                parse_when(text, now, tz)
            samples.append(time.perf_counter() - t0)
    samples.sort()
    return (statistics.median(samples), samples[int(0.95 * len(samples))],
            samples[int(0.99 * len(samples))], len(samples))


def accuracy() -> tuple[dict[int, dict[str, int]], list[str]]:
    table: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[str] = []
    for rule, tz, now_s, text, expect in CASES:
        row = table[rule]
        row["cases"] += 1
        refuse = isinstance(expect, str) and expect.startswith("!")
        try:
            got = parse_when(text, datetime.fromisoformat(now_s), tz)
        except TimePhraseError as err:
            if refuse:
                row["right"] += 1
            else:
                row["false_refusal"] += 1
                misses.append(f"rule {rule} {tz} {now_s} {text!r}: refused ({err.message})")
            continue
        stamp = got.strftime("%Y-%m-%dT%H:%M:%SZ")
        if refuse:
            row["false_accept"] += 1
            misses.append(f"rule {rule} {tz} {now_s} {text!r}: accepted {stamp}")
        elif stamp in (expect if isinstance(expect, tuple) else (expect,)):
            row["right"] += 1
        else:
            row["wrong"] += 1
            misses.append(f"rule {rule} {tz} {now_s} {text!r}: {stamp}, expected {expect}")
    return table, misses


def main() -> None:
    cold = cold_start()
    median, p95, p99, n = latency()
    table, misses = accuracy()
    print("timephrase benchmark")
    print()
    print(f"  cold import (subprocess)   {cold['import'] * 1000:8.1f} ms")
    print(f"  warm_up()                  {cold['warm_up'] * 1000:8.1f} ms")
    print(f"  parse median (warm)        {median * 1e6:8.1f} µs")
    print(f"  parse p95 (warm)           {p95 * 1e6:8.1f} µs")
    print(f"  parse p99 (warm)           {p99 * 1e6:8.1f} µs   over {n} calls")
    print()
    print(f"  {'rule':>4}  {'cases':>5}  {'right':>5}  {'wrong':>5}  {'false acc':>9}  "
          f"{'false ref':>9}  {'accuracy':>8}")
    totals: dict[str, int] = defaultdict(int)
    for rule in sorted(table):
        row = table[rule]
        for key in ("cases", "right", "wrong", "false_accept", "false_refusal"):
            totals[key] += row[key]
        print(f"  {rule:>4}  {row['cases']:>5}  {row['right']:>5}  {row['wrong']:>5}  "
              f"{row['false_accept']:>9}  {row['false_refusal']:>9}  "
              f"{100 * row['right'] / row['cases']:>7.1f}%")
    print(f"  {'all':>4}  {totals['cases']:>5}  {totals['right']:>5}  {totals['wrong']:>5}  "
          f"{totals['false_accept']:>9}  {totals['false_refusal']:>9}  "
          f"{100 * totals['right'] / max(1, totals['cases']):>7.1f}%")
    for line in misses:
        print("  miss:", line)


if __name__ == "__main__":
    main()
