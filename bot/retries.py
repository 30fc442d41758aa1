"""Each Slack event is handled once, however often Slack delivers it.

Slack re-sends an event (`X-Slack-Retry-Num`) when it thinks the first delivery failed: slow,
or lost on the way back. The event's `event_id` is claimed in the database
(`Store.claim_event`, shared by every worker and kept across restarts); a delivery whose id is
already claimed is acknowledged and does nothing else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltRequest, BoltResponse

from storage import StorageError, Store

log = logging.getLogger(__name__)

Middleware = Callable[..., BoltResponse | None]


def event_key(body: dict[str, Any]) -> str | None:
    """The claim key of an Events API delivery; None for anything else."""
    if body.get("type") != "event_callback":
        return None
    event_id = body.get("event_id")
    if not isinstance(event_id, str) or not event_id:
        return None
    team = body.get("team_id") or body.get("enterprise_id") or ""
    return f"slack-event:{team}:{event_id}"


def once_per_event(store: Store) -> Middleware:
    """A Bolt global middleware: the first delivery of an event goes on, repeats are acked."""

    def handle_once(req: BoltRequest, body: dict[str, Any],
                    next: Callable[[], BoltResponse]) -> BoltResponse | None:
        key = event_key(body)
        if key is None:
            return next()
        try:
            first = store.claim_event(key)
        except StorageError as error:  # can't tell: handle it (a repeat beats a loss)
            log.warning("slack: could not claim event %s (%s); handling it", body["event_id"],
                        type(error).__name__)
            return next()
        if first:
            return next()
        retry = (req.headers.get("x-slack-retry-num") or ["?"])[0]
        log.info("slack: event %s delivered again (retry %s); already handled",
                 body["event_id"], retry)
        return BoltResponse(status=200, body="")

    return handle_once
