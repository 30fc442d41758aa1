"""Finding an event type by what people type: its slug, its title or its length."""

from __future__ import annotations

from calcom.models import EventType


def match_event_types(types: list[EventType], query: str) -> list[EventType]:
    """By slug or title (exact, then partial), or by length (`30min`, `30`)."""
    q = query.strip().lower()
    exact = [t for t in types if q in (t.slug.lower(), t.title.lower())]
    if exact:
        return exact
    digits = "".join(ch for ch in q if ch.isdigit())
    if digits and q.replace(" ", "") in (f"{digits}min", f"{digits}m", f"{digits}mins",
                                         f"{digits}minutes", digits):
        by_length = [t for t in types if t.length == int(digits)]
        if by_length:
            return by_length
    return [t for t in types if q in t.slug.lower() or q in t.title.lower()]
