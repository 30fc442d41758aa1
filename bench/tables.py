"""How the benches print: a plain-text table with a rule under its header row."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from bench.stats import percentile


def table(rows: Sequence[Sequence[str]], out: TextIO | None = None, indent: str = "  ") -> None:
    """``rows[0]`` is the header; every row has the same number of cells."""
    out = out or sys.stdout
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        out.write(indent + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
                  .rstrip() + "\n")
        if n == 0:
            out.write(indent + "  ".join("-" * w for w in widths) + "\n")


def verdict(good: bool) -> str:
    """A target's column: met or not."""
    return "ok" if good else "OVER"


def ms_cells(seconds: Sequence[float]) -> tuple[str, str, str, str, str]:
    """n, min, p50, p99 and max of durations in seconds, as milliseconds."""
    ms = [s * 1000 for s in seconds]
    return (str(len(ms)), f"{min(ms):.1f}", f"{percentile(ms, 50):.1f}",
            f"{percentile(ms, 99):.1f}", f"{max(ms):.1f}")


MS_HEADER = ("n", "min ms", "p50 ms", "p99 ms", "max ms")
