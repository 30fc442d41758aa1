"""Reference data the tests and benches read, kept in the repository (see README.md here).

Every reader goes through :func:`data_path`, so a clone with nothing beside it is complete.
"""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent


def data_path(*parts: str) -> Path:
    """The path of a reference file under ``tests/data`` (it must exist)."""
    path = DATA_DIR.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"tests/data has no {'/'.join(parts)}")
    return path
