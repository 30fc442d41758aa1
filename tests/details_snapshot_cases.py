"""Snapshot cases of the whole-booking builders (blockkit/details.py), read by
tests/test_blockkit_snapshots.py into its CASES."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from blockkit import details as dk
from calcom.models import Attendee, Booking, CalendarLink, Host, Recording

Case = tuple[str, Callable[[], Any]]
START = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
ALL = frozenset(dk.Action)
HOST = Host(id=1, name="Alice Host", email="alice@example.com")


def _booking(uid: str, status: str = "accepted", **extra: Any) -> Booking:
    people = extra.pop("attendees", [
        Attendee(name="Jane Doe", email="jane@example.com", absent=True),
        Attendee(name="", email="bob@example.com")])
    return Booking(uid=uid, title="Intro call <b>", status=status, start=START,
                   end=START + timedelta(minutes=30), hosts=[HOST], attendees=people,
                   guests=["bob@example.com"], **extra)


LINKED = _booking("bk_linked_00001", location="https://meet.example.com/abc",
                  meeting_url="https://meet.example.com/abc")
DAILY = _booking("bk_daily_000002", location="integrations:daily",
                 meeting_url="integrations:daily")
PENDING = _booking("bk_pending_0003", "pending", location="+15550100000")
CANCELLED = _booking("bk_cancel_00004", "cancelled", location="Via Roma 1, Milano")
LINKS = [CalendarLink(label="Google", link="https://calendar.google.com/x"),
         CalendarLink(label="Microsoft Outlook", link="https://outlook.live.com/x"),
         CalendarLink(label="ICS", link="data:text/calendar,x")]
RECORDINGS = [Recording(id="r1", status="completed", duration=1800,
                        download_link="https://recordings.example.com/r1")]


def cases() -> dict[str, Case]:
    return {
        "details.linked.everything": ("message", lambda: dk.details(
            LINKED, may=ALL - {dk.Action.CONFIRM, dk.Action.DECLINE}, links=LINKS,
            recordings=[], transcripts=[])),
        "details.cal_video.recorded": ("message", lambda: dk.details(
            DAILY, may=frozenset({dk.Action.NOSHOW}), links=LINKS, recordings=RECORDINGS,
            transcripts=["https://transcripts.example.com/t1"],
            app_url="https://app.cal.example")),
        "details.pending.attendee_view": ("message", lambda: dk.details(
            PENDING, may=frozenset({dk.Action.CANCEL, dk.Action.RESCHEDULE}), links=[],
            recordings=[], transcripts=[])),
        "details.pending.host": ("message", lambda: dk.details(
            PENDING, may=ALL - {dk.Action.NOSHOW}, links=LINKS, recordings=[],
            transcripts=[])),
        "details.cancelled": ("message", lambda: dk.details(
            CANCELLED, may=frozenset(), links=[], recordings=[], transcripts=[])),
        "details.location_form": ("view", lambda: dk.location_form(
            LINKED, [dk.LocationKind.LINK, dk.LocationKind.PHONE, dk.LocationKind.ADDRESS],
            metadata='{"uid":"bk_linked_00001"}')),
        "details.guests_form": ("view", lambda: dk.guests_form(LINKED, metadata="{}")),
        "details.noshow_form": ("view", lambda: dk.noshow_form(
            DAILY, [("jane@example.com", "Jane Doe", True), ("bob@example.com",
                                                            "bob@example.com", False)],
            metadata="{}")),
        "details.reassign_form": ("view", lambda: dk.reassign_form(LINKED, metadata="{}")),
        "details.moved": ("message", lambda: dk.moved(LINKED)),
        "details.guests_added": ("message", lambda: dk.guests_added(
            LINKED, ["eve@example.com"])),
        "details.guests_added.nothing_new": ("message", lambda: dk.guests_added(LINKED, [])),
        "details.absence_marked": ("message", lambda: dk.absence_marked(DAILY)),
        "details.reassigned": ("message", lambda: dk.reassigned(LINKED, "Dana <Wu>")),
    }
