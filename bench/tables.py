"""How the benches print: a plain-text table with a rule under its header row."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO


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
