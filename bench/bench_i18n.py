"""i18n benchmark: start-up with every catalog and Babel's data; per language, a message, a
preview time and a whole booking modal.

    python -m bench.bench_i18n [--rounds 2000]

The catalogs load in ``i18n.warm_up()`` at start-up; after it, writing to a user in their
language must cost next to nothing beside the Slack and Cal.com round trips.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.stats import percentile
from bench.tables import table
from blockkit import modals
from calcom.models import EventType
from i18n import translator_for, warm_up

ROOT = Path(__file__).resolve().parent.parent
QUICK_ARGV = ["--rounds", "200"]
LOCALES = ("en-US", "de-DE", "es-LA", "fr-FR", "it-IT", "pt-BR", "ja-JP")
_COLD = (
    "import json, time\n"
    "t0 = time.perf_counter()\n"
    "import i18n\n"
    "t1 = time.perf_counter()\n"
    "i18n.warm_up()\n"
    "t2 = time.perf_counter()\n"
    "print(json.dumps({'import': t1 - t0, 'warm_up': t2 - t1}))\n"
)


def cold_start(runs: int = 3) -> dict[str, float]:
    seen: dict[str, list[float]] = {"import": [], "warm_up": []}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _COLD], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
        for key, value in json.loads(out.strip().splitlines()[-1]).items():
            seen[key].append(value)
    return {key: statistics.median(values) for key, values in seen.items()}


def timed(call, rounds: int) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        call()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), percentile(samples, 95)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_i18n")
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args(argv)
    cold = cold_start()
    warm_up()
    instant, zone = datetime(2026, 3, 10, 14, 0, tzinfo=UTC), ZoneInfo("Europe/Berlin")
    types = [EventType(id=i, slug=f"t{i}", title=f"Type {i}", length=30) for i in range(5)]
    print("i18n benchmark\n")
    table([("metric", "value"),
           ("cold import (subprocess)", f"{cold['import'] * 1000:.1f} ms"),
           ("warm_up() (6 catalogs + Babel data)", f"{cold['warm_up'] * 1000:.1f} ms")])
    print()
    rows: list[tuple[str, ...]] = [("locale", "t() p50", "t() p95", "format_when p50",
                                    "format_when p95", "book modal p50", "book modal p95")]
    worst = 0.0
    for locale in LOCALES:
        t = translator_for(locale)
        msg = timed(lambda t=t: t("Connected as {email}.", email="a@b.c"), args.rounds)
        when = timed(lambda t=t: t.format_when(instant, zone), args.rounds)
        modal = timed(lambda t=t: modals.book(types, metadata="{}", t=t), args.rounds)
        worst = max(worst, msg[1], when[1], modal[1])
        rows.append((locale, *[f"{v * 1e6:.1f} µs" for v in (*msg, *when, *modal)]))
    table(rows)
    return 0 if worst < 0.002 else 1


if __name__ == "__main__":
    raise SystemExit(main())
