"""Run every benchmark: each ``bench/bench_*.py`` module's ``main()`` in turn.

    python -m bench [--quick] [--only slack,notices]

``--quick`` passes smaller sizes to the modules whose ``main(argv)`` takes arguments: a
module's own ``QUICK_ARGV`` if it has one, else the entry in ``QUICK`` below; a ``main()``
without parameters is called as is. One module failing does not stop the others.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ORDER = ("timephrase", "notices", "slack")  # known modules first, then any others by name
QUICK: dict[str, list[str]] = {
    "notices": ["--cancellations", "60"],
}


def modules() -> list[str]:
    found = sorted(p.stem.removeprefix("bench_") for p in (ROOT / "bench").glob("bench_*.py"))
    return [n for n in ORDER if n in found] + [n for n in found if n not in ORDER]


def run_one(name: str, quick: bool) -> tuple[int, float]:
    started = time.perf_counter()
    module = importlib.import_module(f"bench.bench_{name}")
    takes_argv = bool(inspect.signature(module.main).parameters)
    if takes_argv:
        argv = list(getattr(module, "QUICK_ARGV", QUICK.get(name, []))) if quick else []
        code = module.main(argv)
    else:
        code = module.main()
    return int(code or 0), time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true",
                        help="smaller iteration counts where a benchmark supports it")
    parser.add_argument("--only", default="",
                        help=f"comma-separated subset of: {', '.join(modules())}")
    args = parser.parse_args(argv)
    names = modules()
    if args.only:
        wanted = [n.strip().removeprefix("bench_") for n in args.only.split(",") if n.strip()]
        unknown = [n for n in wanted if n not in names]
        if unknown:
            parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
        names = [n for n in names if n in wanted]
    started = time.perf_counter()
    summary: list[tuple[str, str, float]] = []
    for name in names:
        print(f"\n{'=' * 30} bench_{name}{' (quick)' if args.quick else ''} {'=' * 30}\n",
              flush=True)
        try:
            code, seconds = run_one(name, args.quick)
            summary.append((name, "ok" if code == 0 else f"exit {code}", seconds))
        except Exception:
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
