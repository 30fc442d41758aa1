"""Which Slack user made a booking through calbot, in a form nobody else can forge.

Anyone can book a public event type and put any metadata on it, so ``calbot_slack_user`` alone
proves nothing. calbot also writes ``calbot_sig``: an HMAC of the workspace, the Slack user and
the event type, keyed with that user's own Cal.com API key (which only calbot and the user
hold). A booking whose signature doesn't check is treated as not made through calbot.
"""

from __future__ import annotations

import hashlib
import hmac

from calcom.models import SLACK_USER_KEY, Booking

SIGNATURE_KEY = "calbot_sig"


def signature(api_key: str, team_id: str, user_id: str, event_type_id: int | None) -> str:
    message = f"{team_id}:{user_id}:{event_type_id if event_type_id is not None else ''}"
    return hmac.new(api_key.encode(), message.encode(), hashlib.sha256).hexdigest()[:32]


def booking_metadata(api_key: str, team_id: str, user_id: str,
                     event_type_id: int) -> dict[str, str]:
    """What calbot puts in the metadata of a booking it makes."""
    return {SLACK_USER_KEY: user_id,
            SIGNATURE_KEY: signature(api_key, team_id, user_id, event_type_id)}


def verified_booker(booking: Booking, team_id: str, api_key_of: dict[str, str]) -> str | None:
    """The Slack user who booked it through calbot, if the signature checks with that user's
    key (``api_key_of``: Slack user id → their Cal.com key); else None."""
    claimed = booking.slack_user
    given = booking.metadata.get(SIGNATURE_KEY)
    key = api_key_of.get(claimed) if claimed else None
    if not claimed or not key or not isinstance(given, str):
        return None
    want = signature(key, team_id, claimed, booking.event_type_id)
    return claimed if hmac.compare_digest(want, given) else None
