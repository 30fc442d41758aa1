"""The fake Cal.com API v2: :class:`FakeCalcom` (``fake``) over the spec check (``spec``), its
state (``state``), Cal.com's answer shapes (``shapes``), the operations (``operations``),
faults (``faults``), webhook delivery (``webhooks``) and the transports (``transport``)."""

from tests.fakes.calcom.fake import (
    ALICE_KEY,
    ALL_BOOKING_TRIGGERS,
    BOB_KEY,
    FakeCalcom,
    RecordedRequest,
)
from tests.fakes.calcom.faults import Fault
from tests.fakes.calcom.shapes import ApiError, Envelope, Outcome
from tests.fakes.calcom.spec import Operation, SpecChecker, spec_checker, spec_path
from tests.fakes.calcom.state import (
    ACTIVE_STATUSES,
    FakeBooking,
    FakeEventType,
    FakeUser,
    FakeWebhook,
)
from tests.fakes.calcom.webhooks import WEBHOOK_SIGNATURE_HEADER, Delivery, sign

__all__ = [
    "ACTIVE_STATUSES", "ALICE_KEY", "ALL_BOOKING_TRIGGERS", "BOB_KEY", "WEBHOOK_SIGNATURE_HEADER",
    "ApiError", "Delivery", "Envelope", "FakeBooking", "FakeCalcom", "FakeEventType", "FakeUser",
    "FakeWebhook", "Fault", "Operation", "Outcome", "RecordedRequest", "SpecChecker", "sign",
    "spec_checker", "spec_path",
]
