"""``GET /readyz``: may this process take traffic? The database answers, every migration this
calbot knows is applied and, in Socket Mode, the socket is connected. Anything else is named."""

from __future__ import annotations

import logging
from collections.abc import Callable

from storage import StorageError, Store

log = logging.getLogger(__name__)


class Readiness:
    def __init__(self, store: Store, *, socket_connected: Callable[[], bool] | None = None,
                 accepting: Callable[[], bool] = lambda: True):
        """``socket_connected`` in Socket Mode only; ``accepting`` False once stopping."""
        self.store = store
        self.socket_connected = socket_connected
        self.accepting = accepting

    def problems(self) -> list[str]:
        """What is not ready, one short phrase each; empty when ready."""
        found: list[str] = []
        if not self.accepting():
            found.append("stopping")
        try:
            self.store.ping()
            pending = self.store.pending_migrations()
        except StorageError as error:
            found.append(f"database: {error}")
        except Exception as error:  # the driver's own errors (psycopg, sqlite3): not ready
            log.warning("readyz: the database did not answer (%s)", type(error).__name__)
            found.append(f"database: not answering ({type(error).__name__})")
        else:
            if pending:
                found.append("migrations: not applied: " + ", ".join(pending))
        if self.socket_connected is not None and not self.socket_connected():
            found.append("socket mode: not connected")
        return found
