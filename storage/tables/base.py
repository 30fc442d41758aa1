"""What every table area uses: the engine, the clock (epoch seconds) and the secrets."""

from __future__ import annotations

from collections.abc import Callable

from storage.engine import Engine
from storage.secrets import Secrets


class Tables:
    _db: Engine
    _clock: Callable[[], float]
    _secrets: Secrets
