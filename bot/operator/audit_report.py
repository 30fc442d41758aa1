"""``calbot audit [--since 7d] [--user U…] [--json]``: what people did through calbot."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from storage.tables.ops import AuditEntry

_SPAN = re.compile(r"^(\d+)\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class BadSince(ValueError):
    pass


def since_instant(text: str, now: datetime) -> datetime:
    """``7d``, ``12h``, ``30m``, ``2w`` before ``now``, or an ISO date/time (UTC if naive)."""
    found = _SPAN.match(text.strip().lower())
    if found:
        return now - timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})
    try:
        instant = datetime.fromisoformat(text.strip())
    except ValueError:
        raise BadSince(f"--since {text!r}: write a span like 7d, 12h, 30m, 2w, or a date like "
                       "2026-01-31") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def as_dict(entry: AuditEntry) -> dict[str, object]:
    return {"at": datetime.fromtimestamp(entry.at, UTC).isoformat(timespec="seconds"),
            "team": entry.team_id, "user": entry.user_id, "action": entry.action,
            "booking": entry.booking_uid, "outcome": entry.outcome, "detail": entry.detail}


def render(entries: list[AuditEntry], *, as_json: bool) -> str:
    """One line per action: JSON objects, or aligned text."""
    if as_json:
        return "".join(json.dumps(as_dict(e), ensure_ascii=False) + "\n" for e in entries)
    if not entries:
        return "No actions recorded in that time.\n"
    lines = []
    for e in entries:
        at = datetime.fromtimestamp(e.at, UTC).strftime("%Y-%m-%d %H:%M:%SZ")
        extra = f"  ({e.detail})" if e.detail else ""
        lines.append(f"{at}  {e.team_id}/{e.user_id}  {e.action:<12} "
                     f"{e.booking_uid or '-':<24} {e.outcome}{extra}")
    return "\n".join(lines) + "\n"
