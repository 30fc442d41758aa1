"""Your day on a frozen clock: the workday agenda DM and reminders, advanced through days.

The scheduler runs in-process (``tick()``) against the fake Cal.com (in-process transport)
and a real SQLite store; what it sends is what it queues in the outbox (sent by the outbox
worker, tested on its own). Changes arrive the way calbot hears of them: webhook bodies the fake
Cal.com would send, recorded through ``Notices.record``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cryptography.fernet import Fernet
from slack_sdk import WebClient

from calcom import new_http_client
from commands.day import Day
from commands.service import Calbot
from notices import Notices
from notices.changes import change_from_webhook
from notices.schedule import DayScheduler
from storage import OutboxMessage, Store
from tests.clock import TestClock
from tests.fakes.calcom import ALICE_KEY, BOB_KEY, FakeCalcom

TEAM = "T1"
NY, KOLKATA = "America/New_York", "Asia/Kolkata"
ALICE, BOB = "UALICE", "UBOB"  # Alice works in New York, Bob in Kolkata
API = "https://api.cal.com"


@dataclass
class World:
    clock: TestClock
    cal: FakeCalcom
    store: Store
    day: Day
    scheduler: DayScheduler
    notices: Notices
    path: Path
    key: str

    def restart(self) -> None:
        """A new process on the same database (in-memory state gone)."""
        self.store.close()
        self.store = Store(self.path, self.key, now=self.clock)
        self._build()

    def _build(self) -> None:
        http = new_http_client(transport=self.cal.transport())
        calbot = Calbot(self.store, http, default_api_url=API, now=self.clock)
        self.day = Day(calbot, self.store, now=self.clock)
        self.scheduler = DayScheduler(self.store, self.day, now=self.clock,
                                      wake_outbox=lambda: None)
        self.notices = Notices(store=self.store, http=http, default_api_url=API,
                               slack_for=lambda team: WebClient(token="xoxb-unused"),
                               now=self.clock)

    def hear(self, user: str, trigger: str, uid: str) -> None:
        """Cal.com's webhook for the booking, as calbot records it."""
        raw, _ = self.cal.webhook_body(trigger, uid)
        change = change_from_webhook(json.loads(raw))
        assert change is not None
        self.notices.record(TEAM, user, change)

    def run_until(self, until: datetime, step: timedelta = timedelta(minutes=5)) -> None:
        while self.clock() < until:
            self.clock.advance(min(step, until - self.clock()))
            self.scheduler.tick()

    def sent(self, prefix: str) -> list[OutboxMessage]:
        return [m for m in self.store.due_messages(float("inf"), 10_000)
                if m.key.startswith(prefix)]


def make_world(tmp_path: Path, start: datetime) -> World:
    clock = TestClock(start, ticking=False)
    cal = FakeCalcom(clock=clock)
    key = Fernet.generate_key().decode()
    path = tmp_path / "calbot.db"
    world = World(clock, cal, Store(path, key, now=clock), None, None, None,  # type: ignore
                  path, key)
    world._build()
    for user, api_key, tz in ((ALICE, ALICE_KEY, NY), (BOB, BOB_KEY, KOLKATA)):
        world.store.save_connection(TEAM, user, api_key, None)
        world.store.set_time_zone(TEAM, user, tz)
    return world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    made = make_world(tmp_path, datetime(2026, 11, 23, 0, 0, tzinfo=UTC))  # Monday
    yield made
    made.store.close()
    made.cal.assert_no_violations()


def local(day: int, hour: int, minute: int, tz: str, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=ZoneInfo(tz))


def lists(world: World) -> int:
    return world.cal.count("getBookings")


# ---- the workday agenda -------------------------------------------------------------------


def test_agenda_once_each_workday_at_the_set_time_in_new_york_and_kolkata(world):
    cal = world.cal
    cal.add_booking(ALICE_KEY, local(23, 10, 0, NY), attendee_name="Nia Client")
    cal.add_booking(ALICE_KEY, local(23, 9, 0, NY), attendee_name="Early Bird")
    cal.add_booking(BOB_KEY, local(23, 11, 0, KOLKATA), attendee_name="Ravi Partner")
    cal.add_booking(ALICE_KEY, local(28, 10, 0, NY))  # a Saturday: no agenda on weekends
    world.day.set_agenda(TEAM, ALICE, "08:30")
    world.day.set_agenda(TEAM, BOB, "08:30")

    world.run_until(local(25, 18, 0, KOLKATA))  # Wednesday evening in Kolkata
    # A request awaiting Bob's approval arrives: Thursday's agenda has only that.
    cal.add_booking(BOB_KEY, local(26, 16, 0, KOLKATA), event_type="intro-call",
                    status="pending", attendee_name="Asha Lead")
    world.run_until(datetime(2026, 11, 30, 0, 0, tzinfo=UTC))  # through the weekend

    sent = {m.key: m for m in world.sent("agenda:")}
    assert sorted(sent) == [f"agenda:{TEAM}:{ALICE}:2026-11-23", f"agenda:{TEAM}:{BOB}:2026-11-23",
                            f"agenda:{TEAM}:{BOB}:2026-11-26"]
    # At 08:30 where each of them is: 13:30 UTC in New York, 03:00 UTC in Kolkata.
    monday_alice = sent[f"agenda:{TEAM}:{ALICE}:2026-11-23"]
    assert monday_alice.not_before == local(23, 8, 30, NY).timestamp()
    assert sent[f"agenda:{TEAM}:{BOB}:2026-11-23"].not_before == local(
        23, 8, 30, KOLKATA).timestamp()
    # In order, the earliest first; Thursday's is the approval only.
    text = json.dumps(monday_alice.payload["message"]["blocks"])
    assert text.index("Early Bird") < text.index("Nia Client")
    assert monday_alice.payload["message"]["text"].startswith("Your agenda for Mon 23 Nov: 2 "
                                                              "bookings")
    thursday = sent[f"agenda:{TEAM}:{BOB}:2026-11-26"].payload["message"]
    assert "1 awaiting your approval" in thursday["text"] and "Asha Lead" in json.dumps(
        thursday["blocks"])
    # One Cal.com list per user per workday, none at the weekend (agenda only, no reminders).
    assert lists(world) == 2 * 5


def test_agenda_follows_dst_and_a_zone_change(tmp_path):
    world = make_world(tmp_path, datetime(2026, 10, 30, 0, 0, tzinfo=UTC))  # Fri, EDT
    try:
        cal = world.cal
        for day, month in ((30, 10), (2, 11), (3, 11), (4, 11)):
            cal.add_booking(ALICE_KEY, local(day, 11, 0, NY, month))
        world.day.set_agenda(TEAM, ALICE, "08:30")
        world.run_until(datetime(2026, 11, 3, 0, 0, tzinfo=UTC))  # DST ended Sun 1 Nov
        friday, monday = (m.not_before for m in world.sent("agenda:"))
        assert friday == datetime(2026, 10, 30, 12, 30, tzinfo=UTC).timestamp()  # EDT
        assert monday == datetime(2026, 11, 2, 13, 30, tzinfo=UTC).timestamp()  # EST
        # Alice travels to Kolkata: Slack tells calbot her new zone; Wednesday's agenda comes
        # at 08:30 there (03:00 UTC), not at 08:30 in New York.
        world.run_until(datetime(2026, 11, 3, 20, 0, tzinfo=UTC))
        world.store.set_time_zone(TEAM, ALICE, KOLKATA)
        world.run_until(datetime(2026, 11, 5, 0, 0, tzinfo=UTC))
        times = [m.not_before for m in world.sent("agenda:")]
        assert times[2] == datetime(2026, 11, 3, 13, 30, tzinfo=UTC).timestamp()
        assert times[3] == local(4, 8, 30, KOLKATA).timestamp()
        assert len(times) == 4
    finally:
        world.store.close()


def test_no_agenda_on_an_empty_workday_and_none_after_off(world):
    world.day.set_agenda(TEAM, ALICE, "08:30")
    world.run_until(local(23, 12, 0, NY))
    assert world.sent("agenda:") == []
    assert lists(world) == 1  # it looked, once
    world.cal.add_booking(ALICE_KEY, local(24, 9, 0, NY))
    world.day.set_agenda(TEAM, ALICE, None)
    world.run_until(local(24, 12, 0, NY))
    assert world.sent("agenda:") == [] and lists(world) == 1


def test_the_agenda_is_not_lost_or_doubled_across_a_restart(world):
    world.cal.add_booking(ALICE_KEY, local(23, 11, 0, NY))
    world.day.set_agenda(TEAM, ALICE, "09:00")
    world.run_until(local(23, 8, 55, NY))
    # calbot is down from 08:55 to 09:40: the agenda goes out when it is back, once.
    world.clock.set(local(23, 9, 40, NY))
    world.restart()
    world.scheduler.tick()
    world.restart()
    world.run_until(local(23, 12, 0, NY))
    assert [m.not_before for m in world.sent("agenda:")] == [local(23, 9, 40, NY).timestamp()]
    assert lists(world) == 1


def test_cal_com_down_at_agenda_time_is_tried_again(world):
    world.cal.add_booking(ALICE_KEY, local(23, 11, 0, NY))
    world.day.set_agenda(TEAM, ALICE, "08:30")
    world.run_until(local(23, 8, 25, NY))
    world.cal.fail_next(5, status=503)  # more than the client retries a read
    world.run_until(local(23, 8, 30, NY))
    assert world.sent("agenda:") == []
    world.run_until(local(23, 8, 50, NY))
    assert len(world.sent("agenda:")) == 1


# ---- reminders ------------------------------------------------------------------------------


def reminded(world: World) -> dict[str, float]:
    return {m.key.split(":")[3]: m.not_before for m in world.sent("remind:")}


def test_reminders_once_each_none_for_cancelled_and_the_new_time_for_moved(world):
    cal = world.cal
    world.clock.set(local(23, 5, 0, NY))  # Monday morning in New York
    kept = cal.add_booking(ALICE_KEY, local(23, 10, 0, NY), attendee_name="Kim Kept")
    cal.booking(kept).location = "https://meet.example.com/kim"
    dropped = cal.add_booking(ALICE_KEY, local(23, 11, 0, NY))
    moved = cal.add_booking(ALICE_KEY, local(23, 12, 0, NY))
    world.day.set_remind(TEAM, ALICE, 10)
    world.day.set_agenda(TEAM, ALICE, "08:30")  # its list plans the reminders
    world.run_until(local(23, 9, 0, NY))
    assert lists(world) == 1

    cal.cancel_elsewhere(dropped, reason="No longer needed")
    world.hear(ALICE, "BOOKING_CANCELLED", dropped)
    new = cal.reschedule_elsewhere(moved, local(23, 14, 0, NY))
    world.hear(ALICE, "BOOKING_RESCHEDULED", new)
    # Booked after the agenda, heard of by webhook: reminded too, with no Cal.com call.
    later = cal.add_booking(ALICE_KEY, local(23, 16, 0, NY))
    world.hear(ALICE, "BOOKING_CREATED", later)

    world.run_until(local(23, 12, 0, NY), step=timedelta(minutes=1))
    world.restart()  # mid-day restart: nothing lost, nothing doubled
    world.run_until(local(24, 0, 0, NY), step=timedelta(minutes=1))

    assert reminded(world) == {kept: local(23, 9, 50, NY).timestamp(),
                               new: local(23, 13, 50, NY).timestamp(),
                               later: local(23, 15, 50, NY).timestamp()}
    assert lists(world) == 1
    message = next(m for m in world.sent("remind:") if kept in m.key).payload["message"]
    assert message["text"].startswith("Starting in 10 minutes: ") and "Kim Kept" in (
        message["text"])
    join = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
            if e.get("url")]
    assert [e["url"] for e in join] == ["https://meet.example.com/kim"]


def test_a_reminder_claimed_by_a_process_that_died_is_sent_by_another_once(world):
    uid = world.cal.add_booking(ALICE_KEY, local(23, 10, 0, NY))
    world.day.set_remind(TEAM, ALICE, 15)
    world.day.agenda(TEAM, ALICE, NY)  # plans it (the `/cal remind` seed)
    world.clock.set(local(23, 9, 45, NY))
    dead = world.store.claim_reminders("process-that-died", 60.0)
    assert [r.uid for r in dead] == [uid]
    world.restart()
    world.scheduler.tick()
    assert reminded(world) == {}  # its lease still runs
    world.run_until(local(23, 9, 47, NY), step=timedelta(seconds=30))
    assert reminded(world) == {uid: local(23, 9, 46, NY).timestamp()}
    other = DayScheduler(world.store, world.day, now=world.clock, wake_outbox=lambda: None)
    other.tick()
    world.run_until(local(23, 11, 0, NY))
    assert len(world.sent("remind:")) == 1


def test_remind_off_and_a_new_lead_time(world):
    first = world.cal.add_booking(ALICE_KEY, local(23, 10, 0, NY))
    second = world.cal.add_booking(ALICE_KEY, local(23, 11, 0, NY))
    world.day.set_remind(TEAM, ALICE, 10)
    world.day.agenda(TEAM, ALICE, NY)
    world.day.set_remind(TEAM, ALICE, 30)
    world.run_until(local(23, 10, 5, NY), step=timedelta(minutes=1))
    world.day.set_remind(TEAM, ALICE, None)
    world.run_until(local(23, 12, 0, NY), step=timedelta(minutes=1))
    assert reminded(world) == {first: local(23, 9, 30, NY).timestamp()}
    assert second not in reminded(world)


def test_a_pending_booking_is_reminded_once_confirmed(world):
    uid = world.cal.add_booking(ALICE_KEY, local(23, 10, 0, NY), event_type="intro-call",
                                status="pending")
    world.day.set_remind(TEAM, ALICE, 10)
    world.day.agenda(TEAM, ALICE, NY)
    world.run_until(local(23, 9, 0, NY))
    assert world.store.reminders_of(TEAM, ALICE) == []
    world.cal.confirm_elsewhere(uid)
    world.hear(ALICE, "BOOKING_CREATED", uid)
    world.run_until(local(23, 11, 0, NY), step=timedelta(minutes=1))
    assert reminded(world) == {uid: local(23, 9, 50, NY).timestamp()}


def test_awaiting_approval_lists_only_requests_the_user_hosts(world):
    cal = world.cal
    cal.add_booking(ALICE_KEY, local(24, 10, 0, NY), event_type="intro-call", status="pending",
                    attendee_name="Hopeful Hal")
    alice = cal.user(ALICE_KEY)
    world.store.save_connection(TEAM, ALICE, ALICE_KEY, None, calcom_user_id=alice.id,
                                calcom_email=alice.email)
    assert [b.attendees[0].name for b in world.day.agenda(TEAM, ALICE, NY).pending] == [
        "Hopeful Hal"]
    # The same key as seen by someone who only attends that booking: nothing awaits THEM.
    world.store.save_connection(TEAM, ALICE, ALICE_KEY, None, calcom_user_id=999_999,
                                calcom_email="attendee.only@example.com")
    assert world.day.agenda(TEAM, ALICE, NY).pending == []


def test_an_agenda_set_after_its_time_starts_tomorrow(world):
    world.cal.add_booking(ALICE_KEY, local(23, 15, 0, NY))
    world.cal.add_booking(ALICE_KEY, local(24, 15, 0, NY))
    world.clock.set(local(23, 9, 0, NY))
    world.day.set_agenda(TEAM, ALICE, "08:30")
    world.run_until(local(24, 12, 0, NY))
    assert [m.key for m in world.sent("agenda:")] == [f"agenda:{TEAM}:{ALICE}:2026-11-24"]
