"""Cal.com API v2 client (httpx), pydantic models and typed errors."""

from calcom.client import (
    DEFAULT_BASE_URL,
    VERSION_BOOKINGS,
    VERSION_EVENT_TYPES,
    VERSION_SLOTS,
    CalcomClient,
    iso_z,
    mask_key,
    new_http_client,
)
from calcom.errors import (
    Busy,
    CalcomError,
    Forbidden,
    NotFound,
    RateLimited,
    Rejected,
    Unauthorized,
    Unavailable,
    UnsafeUrl,
)
from calcom.models import Attendee, Booking, EventType, Host, Me, Webhook

__all__ = [
    "DEFAULT_BASE_URL",
    "VERSION_BOOKINGS",
    "VERSION_EVENT_TYPES",
    "VERSION_SLOTS",
    "Attendee",
    "Booking",
    "Busy",
    "CalcomClient",
    "CalcomError",
    "EventType",
    "Forbidden",
    "Host",
    "Me",
    "NotFound",
    "RateLimited",
    "Rejected",
    "Unauthorized",
    "Unavailable",
    "UnsafeUrl",
    "Webhook",
    "iso_z",
    "mask_key",
    "new_http_client",
]
