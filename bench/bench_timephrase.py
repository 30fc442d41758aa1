"""timephrase benchmark: start-up with every language's data, latency, accuracy, per language.

Cold import + warm-up, per-call latency and accuracy on our case table, and per language
(tests/timephrase_lang_cases.py) p50/p95 and accuracy.

    python -m bench.bench_timephrase [--quick] [--rounds 20]

Every case carries its own "now" (``tests/timephrase_cases.py``,
``tests/timephrase_lang_cases.py``): nothing reads today's date.  Target: parse p95 under 2 ms
in every language.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from bench.stats import percentile
from bench.tables import table
from tests.timephrase_cases import CASES
from tests.timephrase_lang_cases import CASES as LANG_CASES
from timephrase import TimePhraseError, parse_when, warm_up

ROOT = Path(__file__).resolve().parent.parent
QUICK_ARGV = ["--rounds", "5"]  # what `python -m bench --quick` passes to main()

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
    return (statistics.median(samples), percentile(samples, 95), percentile(samples, 99),
            len(samples))


def accuracy() -> tuple[dict[int, dict[str, int]], list[str]]:
    by_rule: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    misses: list[str] = []
    for rule, tz, now_s, text, expect in CASES:
        row = by_rule[rule]
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
    return by_rule, misses


def _lang_outcome(case: tuple) -> str:
    loc, _rule, tz, now_s, text, expect = case
    refuse = isinstance(expect, str) and expect.startswith("!")
    try:
        got = parse_when(text, datetime.fromisoformat(now_s), tz, loc)
    except TimePhraseError as err:
        if not refuse:
            return "false_refusal"
        return "right" if len(expect) == 1 or err.reason == expect[1:] else "wrong"
    if refuse:
        return "false_accept"
    allowed = expect if isinstance(expect, tuple) else (expect,)
    return "right" if got.strftime("%Y-%m-%dT%H:%M:%SZ") in allowed else "wrong"


def by_language(rounds: int = 20) -> dict[str, dict[str, float]]:
    """Per language (the locale's language; zh-TW apart): p50/p95 and the outcome counts."""
    warm_up()
    groups: dict[str, list[tuple]] = defaultdict(list)
    for case in LANG_CASES:
        groups["zh-TW" if case[0] == "zh-TW" else case[0][:2]].append(case)
    out: dict[str, dict[str, float]] = {}
    for lang, cases in sorted(groups.items()):
        samples: list[float] = []
        for _ in range(rounds):
            for loc, _rule, tz, now_s, text, _expect in cases:
                now = datetime.fromisoformat(now_s)
                t0 = time.perf_counter()
                with contextlib.suppress(TimePhraseError):
                    parse_when(text, now, tz, loc)
                samples.append(time.perf_counter() - t0)
        row: dict[str, float] = defaultdict(float)
        row.update(cases=len(cases), p50=statistics.median(samples),
                   p95=percentile(samples, 95))
        for case in cases:
            row[_lang_outcome(case)] += 1
        out[lang] = row
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_timephrase")
    parser.add_argument("--rounds", type=int, default=20,
                        help="passes over the case table for the latency figures")
    args = parser.parse_args(argv)
    cold = cold_start()
    median, p95, p99, n = latency(args.rounds)
    by_rule, misses = accuracy()
    print("timephrase benchmark\n")
    table([("metric", "value"),
           ("cold import (subprocess)", f"{cold['import'] * 1000:.1f} ms"),
           ("warm_up() (all languages)", f"{cold['warm_up'] * 1000:.1f} ms"),
           ("parse median (warm)", f"{median * 1e6:.1f} µs"),
           ("parse p95 (warm)", f"{p95 * 1e6:.1f} µs"),
           ("parse p99 (warm)", f"{p99 * 1e6:.1f} µs"),
           ("calls measured", str(n))])
    print()
    keys = ("cases", "right", "wrong", "false_accept", "false_refusal")
    totals: dict[str, int] = defaultdict(int)
    rows: list[tuple[str, ...]] = [
        ("rule", "cases", "right", "wrong", "false acc", "false ref", "accuracy")]
    for rule in sorted(by_rule):
        row = by_rule[rule]
        for key in keys:
            totals[key] += row[key]
        rows.append((str(rule), *[str(row[key]) for key in keys],
                     f"{100 * row['right'] / row['cases']:.1f}%"))
    rows.append(("all", *[str(totals[key]) for key in keys],
                 f"{100 * totals['right'] / max(1, totals['cases']):.1f}%"))
    table(rows)
    for line in misses:
        print("  miss:", line)
    print("\nother languages (target p95 < 2 ms)\n")
    langs = by_language(args.rounds)
    lang_keys = ("cases", "right", "wrong", "false_accept", "false_refusal")
    lang_rows: list[tuple[str, ...]] = [
        ("lang", "cases", "right", "wrong", "false acc", "false ref", "p50", "p95")]
    for lang, row in langs.items():
        lang_rows.append((lang, *[f"{row[key]:.0f}" for key in lang_keys],
                          f"{row['p50'] * 1e6:.0f} µs", f"{row['p95'] * 1e6:.0f} µs"))
    table(lang_rows)
    slow = [lang for lang, row in langs.items() if row["p95"] >= 0.002]
    bad = sum(row["false_accept"] + row["wrong"] + row["false_refusal"] for row in langs.values())
    return 0 if not misses and not slow and not bad else 1


if __name__ == "__main__":
    raise SystemExit(main())
