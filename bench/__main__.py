"""Run every benchmark and print its tables: each ``bench/bench_*.py`` module's ``main(argv)``.

    python -m bench [--quick] [--only slack,notices] [--list]

``--quick`` passes each module its ``QUICK_ARGV`` (smaller sizes); ``--only`` runs a subset
(names without the ``bench_`` prefix, comma-separated or repeated). One module failing does not
stop the others; the summary says which did, and the exit code is 1 if any did.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# known first, then the others by name
ORDER = ("timephrase", "notices", "slack", "hardening", "scale", "day")


def modules() -> list[str]:
    found = sorted(p.stem.removeprefix("bench_") for p in BENCH.glob("bench_*.py"))
    return [n for n in ORDER if n in found] + [n for n in found if n not in ORDER]


def describe(name: str) -> str:
    """The first line of a module's docstring."""
    doc = importlib.import_module(f"bench.bench_{name}").__doc__ or ""
    return doc.strip().splitlines()[0] if doc.strip() else ""


def run_one(name: str, quick: bool) -> tuple[int, float]:
    started = time.perf_counter()
    module = importlib.import_module(f"bench.bench_{name}")
    code = module.main(list(getattr(module, "QUICK_ARGV", [])) if quick else [])
    return int(code or 0), time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    names = modules()
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes (each module's QUICK_ARGV)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help=f"run only these (comma-separated or repeated): {', '.join(names)}")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    if args.list:
        for name in names:
            print(f"  {name:<12} {describe(name)}")
        return 0
    if args.only:
        wanted = [n.strip().removeprefix("bench_") for arg in args.only for n in arg.split(",")
                  if n.strip()]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}")
        names = [n for n in names if n in wanted]
    started = time.perf_counter()
    summary: list[tuple[str, str, float]] = []
    for name in names:
        print(f"\n{'=' * 30} bench_{name}{' (quick)' if args.quick else ''} {'=' * 30}\n",
              flush=True)
        try:
            code, seconds = run_one(name, args.quick)
            summary.append((name, "ok" if code == 0 else f"exit {code}", seconds))
        except Exception:  # one bench crashing must not hide the others' tables
            traceback.print_exc()
            summary.append((name, "crashed", float("nan")))
        sys.stdout.flush()
    total = time.perf_counter() - started
    print(f"\n{'=' * 30} summary {'=' * 30}\n")
    for name, status, seconds in summary:
        print(f"  bench_{name:<12} {status:<8} {seconds:7.1f} s")
    print(f"  {'total':<18} {'':<8} {total:7.1f} s")
    return 0 if all(status == "ok" for _, status, _ in summary) else 1


if __name__ == "__main__":
    raise SystemExit(main())
