"""What Cal.com's API v2 answers look like: the ``{"status": "success", "data": ...}`` envelope,
its error envelope, and the serialisers of bookings, event types, the user, webhooks and the
webhook payloads Cal.com POSTs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tests.fakes.calcom.state import CalcomState, FakeBooking, FakeEventType, FakeUser, FakeWebhook

ERROR_CODES = {
    400: "BadRequestException", 401: "UnauthorizedException", 403: "ForbiddenException",
    404: "NotFoundException", 409: "ConflictException", 429: "ThrottlerException",
}


class Envelope(dict[str, Any]):
    """A handler result that is already a whole response body (not wrapped in data)."""


class ApiError(Exception):
    """Raised by an operation to answer Cal.com's error envelope."""

    def __init__(self, status: int, message: str, code: str | None = None, *,
                 bare: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.bare = bare  # Cal.com's own handlers answer NestJS's bare {statusCode, message}


@dataclass
class Outcome:
    """What the fake does with one request: answer it, or drop / time out the connection."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    action: str = "respond"  # respond | drop | timeout
    seconds: float = 0.0


def iso_ms(instant: datetime) -> str:
    instant = instant.astimezone(UTC)
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def iso_s(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def json_outcome(status: int, body: Any, headers: dict[str, str] | None = None) -> Outcome:
    return Outcome(status=status, body=json.dumps(body).encode(),
                   headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})})


def server_error(message: str = "Internal server error") -> Outcome:
    """Cal.com's bare 500 (no envelope)."""
    return json_outcome(500, {"statusCode": 500, "message": message})


def error_outcome(now: datetime, path: str, status: int, message: str, code: str | None = None,
                  headers: dict[str, str] | None = None) -> Outcome:
    """Cal.com's error envelope."""
    return json_outcome(status, {
        "status": "error", "timestamp": iso_ms(now), "path": path,
        "error": {"code": code or ERROR_CODES.get(status, "HttpException"), "message": message,
                  "details": {}},
    }, headers)


def booking_out(state: CalcomState, b: FakeBooking) -> dict[str, Any]:
    owner = state.owner(b.owner_key)
    et = state.event_types[b.event_type_id]
    out: dict[str, Any] = {
        "id": b.id,
        "uid": b.uid,
        "title": b.title,
        "description": b.description,
        "hosts": [{
            "id": owner.id, "name": owner.name, "email": owner.email,
            "displayEmail": owner.email, "username": owner.username,
            "timeZone": owner.time_zone,
        }],
        "status": b.status,
        "start": iso_ms(b.start),
        "end": iso_ms(b.end),
        "duration": int((b.end - b.start).total_seconds() // 60),
        "eventTypeId": et.id,
        "eventType": {"id": et.id, "slug": et.slug},
        "meetingUrl": b.video_url if state.video_app and b.location.startswith(
            "integrations:") else b.location,
        "location": b.video_url if state.video_app and b.location.startswith(
            "integrations:") else b.location,
        "absentHost": b.absent_host,
        "createdAt": iso_ms(b.created_at),
        "updatedAt": iso_ms(b.updated_at),
        "metadata": dict(b.metadata),
        "icsUid": f"{b.uid}@Cal.com",
        # Like the real server: guests are listed among the attendees too, with no name.
        "attendees": [{
            "name": a["name"], "email": a["email"], "displayEmail": a["email"],
            "timeZone": a.get("timeZone", "UTC"), "language": a.get("language") or "en",
            "absent": a["email"].lower() in b.absent,
        } for a in [*b.attendees, *({"name": "", "email": g, "timeZone": b.attendees[0].get(
            "timeZone", "UTC")} for g in b.guests)]],
        "guests": list(b.guests),
        "bookingFieldsResponses": {
            "name": b.attendees[0]["name"], "email": b.attendees[0]["email"],
            **({"notes": b.notes} if b.notes else {}),
            **({"guests": list(b.guests)} if b.guests else {}),
        },
    }
    optional = {
        "cancellationReason": b.cancellation_reason,
        "cancelledByEmail": b.cancelled_by,
        "reschedulingReason": b.rescheduling_reason,
        "rescheduledByEmail": b.rescheduled_by,
        "rescheduledFromUid": b.rescheduled_from_uid,
        "rescheduledToUid": b.rescheduled_to_uid,
        "recurringBookingUid": b.recurring_booking_uid,
    }
    out.update({k: v for k, v in optional.items() if v})
    return out


def event_type_out(state: CalcomState, et: FakeEventType) -> dict[str, Any]:
    owner = state.owner(et.owner_key)
    out: dict[str, Any] = {
        "id": et.id, "lengthInMinutes": et.length, "title": et.title, "slug": et.slug,
        "description": et.description,
        "locations": [dict(location) for location in et.locations],
        "bookingFields": [], "disableGuests": False,
        "recurrence": (
            {"frequency": "weekly", "interval": 1, "occurrences": et.recurrence_count}
            if et.recurrence_count else None
        ),
        "metadata": {}, "price": 0, "currency": "usd",
        "lockTimeZoneToggleOnBookingPage": False, "forwardParamsSuccessRedirect": None,
        "successRedirectUrl": None, "isInstantEvent": False, "scheduleId": None,
        "hidden": et.hidden, "bookingRequiresAuthentication": False,
        "ownerId": owner.id, "users": [owner.username],
        "bookingUrl": f"https://cal.com/{owner.username}/{et.slug}",
        "minimumBookingNotice": 0, "beforeEventBuffer": 0, "afterEventBuffer": 0,
    }
    if et.scheduling_type:  # a team event type (TeamEventTypeOutput_2024_06_14)
        del out["ownerId"], out["users"], out["bookingUrl"]
        out.update({
            "teamId": 77, "schedulingType": et.scheduling_type,
            "hosts": [state.owner(key).username for key in et.hosts],
            "team": {"id": 77, "slug": "team", "bannerUrl": "", "name": "Team", "logoUrl": "",
                     "weekStart": "Monday", "brandColor": "#292929",
                     "darkBrandColor": "#fafafa", "theme": "light"},
        })
    if et.requires_confirmation:
        out["confirmationPolicy"] = {"type": "always", "blockUnconfirmedBookingsInBooker": True}
    return out


def me_out(user: FakeUser) -> dict[str, Any]:
    return {  # the real /v2/me has no name
        "id": user.id, "username": user.username, "email": user.email,
        "avatarUrl": None, "bio": None, "timeFormat": 24, "defaultScheduleId": user.id * 10,
        "weekStart": "Monday", "timeZone": user.time_zone, "organizationId": None,
    }


def webhook_out(state: CalcomState, hook: FakeWebhook) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": hook.id, "userId": state.owner(hook.owner_key).id,
        "subscriberUrl": hook.subscriber_url, "triggers": list(hook.triggers),
        "active": hook.active, "payloadTemplate": hook.payload_template,
    }
    if hook.secret:
        out["secret"] = hook.secret
    return out


def webhook_payload(state: CalcomState, trigger: str, b: FakeBooking) -> dict[str, Any]:
    owner = state.owner(b.owner_key)
    et = state.event_types[b.event_type_id]

    def offset(tz: str) -> int:
        try:
            delta = b.start.astimezone(ZoneInfo(tz)).utcoffset()
        except (ZoneInfoNotFoundError, ValueError):
            return 0
        return int(delta.total_seconds() // 60) if delta else 0

    attendees = []
    for a in [*b.attendees, *({"name": "", "email": g, "timeZone": b.attendees[0].get(
            "timeZone", "UTC")} for g in b.guests)]:
        first, _, last = a["name"].partition(" ")
        attendees.append({
            "email": a["email"], "name": a["name"], "firstName": first, "lastName": last,
            "timeZone": a.get("timeZone", "UTC"), "phoneNumber": None,
            "language": {"locale": a.get("language") or "en"},
            "utcOffset": offset(a.get("timeZone", "UTC")),
        })
    payload: dict[str, Any] = {
        "type": et.slug,
        "title": b.title,
        "description": b.notes or "",
        "additionalNotes": b.notes or "",
        "customInputs": {},
        "startTime": iso_s(b.start),
        "endTime": iso_s(b.end),
        "organizer": {
            "id": owner.id, "name": owner.name, "email": owner.email,
            "username": owner.username, "timeZone": owner.time_zone,
            "language": {"locale": "en"}, "timeFormat": "h:mma",
            "utcOffset": offset(owner.time_zone), "usernameInOrg": None,
        },
        "responses": {
            "name": {"label": "your_name", "value": b.attendees[0]["name"],
                     "isHidden": False},
            "email": {"label": "email_address", "value": b.attendees[0]["email"],
                      "isHidden": False},
            "location": {"label": "location",
                         "value": {"optionValue": "", "value": "integrations:daily"},
                         "isHidden": False},
            "notes": {"label": "additional_notes", "value": b.notes or "",
                      "isHidden": False},
            "guests": {"label": "additional_guests", "value": list(b.guests),
                       "isHidden": False},
            "rescheduleReason": {"label": "reason_for_reschedule", "isHidden": False},
        },
        "userFieldsResponses": {},
        "attendees": attendees,
        "location": b.location,
        "destinationCalendar": None,
        "hideCalendarNotes": False,
        "requiresConfirmation": et.requires_confirmation,
        "eventTypeId": et.id,
        "seatsShowAttendees": True,
        "seatsPerTimeSlot": None,
        "seatsShowAvailabilityCount": True,
        "schedulingType": None,
        "iCalUID": f"{b.rescheduled_from_uid or b.uid}@Cal.com",
        "iCalSequence": b.ical_sequence,
        "uid": b.uid,
        "conferenceData": None,
        "hashedLink": None,
        "videoCallData": {"type": "daily_video", "id": b.uid[:11], "password": "",
                          "url": b.video_url if state.video_app else None},
        "eventTitle": et.title,
        "eventDescription": et.description,
        "price": 0,
        "currency": "usd",
        "length": et.length,
        "bookingId": b.id,
        "assignmentReason": None,
        "metadata": dict(b.metadata),
        "status": b.status.upper(),
        "bookerUrl": "https://cal.com", "customReplyToEmail": None,
        "disableCancelling": False, "disableRescheduling": False,
        "hideCalendarEventDetails": False, "hideOrganizerEmail": False, "oneTimePassword": None,
    }
    if trigger == "BOOKING_CANCELLED":
        payload["cancellationReason"] = b.cancellation_reason or ""  # no cancelledBy
    if trigger == "BOOKING_REJECTED":
        payload["rejectionReason"] = b.rejection_reason
    if b.recurring_booking_uid:  # no series id: only the rule (with its count on a cancel)
        payload["recurringEvent"] = {"freq": 2, "interval": 1, **(
            {"count": len(state.series(b.recurring_booking_uid))}
            if trigger == "BOOKING_CANCELLED" else {})}
    if b.rescheduled_from_uid and trigger in ("BOOKING_RESCHEDULED", "BOOKING_REQUESTED"):
        old = state.bookings.get(b.rescheduled_from_uid)
        if old is not None:
            payload["rescheduleId"] = old.id
            payload["rescheduleUid"] = old.uid
            payload["rescheduleStartTime"] = iso_s(old.start)
            payload["rescheduleEndTime"] = iso_s(old.end)
    return {"triggerEvent": trigger, "createdAt": iso_ms(state.now()),
            "payload": payload}
