"""Who may act on a booking. Cal.com lets any key act on any booking by its uid (and some
calls need no key at all), so calbot decides itself, before it calls: a user acts only on
bookings they host or attend, by their Cal.com identity from ``GET /v2/me``."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from calcom.models import Booking


@dataclass(frozen=True)
class Identity:
    """A connected user's Cal.com account: its user id and email (either may be unknown)."""

    user_id: int | None
    email: str | None

    @property
    def known(self) -> bool:
        return self.user_id is not None or bool(self.email)


class Role(StrEnum):
    HOST = "host"
    ATTENDEE = "attendee"


def role_in(booking: Booking, who: Identity) -> Role | None:
    """The user's part in the booking, or None when they have none."""
    email = (who.email or "").lower()
    for host in booking.hosts:
        if (who.user_id is not None and host.id == who.user_id) or (
                email and (host.email or "").lower() == email):
            return Role.HOST
    if email and (email in booking.attendee_emails
                  or email in (g.lower() for g in booking.guests)):
        return Role.ATTENDEE
    return None
