"""Your day over REAL HTTP: `/cal agenda`, `/cal agenda on|off`, `/cal remind`, `/cal notify me`,
the reminder DM, and the Home tab's Today section and settings controls."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from datetime import time as dtime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from blockkit import ids
from tests.clock import TestClock
from tests.e2e.harness import PAYLOADS, USER, CalbotUnderTest, wait_until
from tests.fakes.calcom import ALICE_KEY
from tests.fakes.slack import FakeSlack

TZ = "America/New_York"


@pytest.fixture
def app(calbot: CalbotUnderTest, slack: FakeSlack, clock: TestClock) -> CalbotUnderTest:
    # 09:00 in New York on the tests' start date: "today" has room for the bookings below.
    day = clock().astimezone(ZoneInfo(TZ)).date()
    clock.set(datetime.combine(day, dtime(9, 0), ZoneInfo(TZ)))
    slack.set_user(USER, tz=TZ)
    calbot.connect(ALICE_KEY)
    return calbot


def soon(app: CalbotUnderTest, minutes: int) -> datetime:
    return (app.clock() + timedelta(minutes=minutes)).replace(second=0, microsecond=0)


def said(app: CalbotUnderTest, text: str) -> str:
    """`/cal <text>` answered at once (the ack only the caller sees)."""
    response, _ = app.side.command(text)
    assert response.status_code == 200
    return str(response.json()["text"])


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for b in message.get("blocks") or [] if b.get("type") == "actions"
            for e in b["elements"]]


def home_action(app: CalbotUnderTest, action: dict[str, Any]) -> httpx.Response:
    """A control on the Home tab (timepicker, select or button) changed by the user."""
    payload = json.loads((PAYLOADS / "block_actions.message_button.json").read_text())
    for name in ("channel", "response_url", "message"):
        payload.pop(name, None)
    payload["user"] = {"id": USER, "username": "alice", "name": "alice", "team_id": app.team}
    payload["team"] = {"id": app.team, "domain": "example"}
    payload["trigger_id"] = app.slack.trigger_id(app.team)
    payload["view"] = {"id": "VHOME0001", "type": "home", "blocks": [], "private_metadata": "",
                       "hash": "h1"}
    payload["container"] = {"type": "view", "view_id": "VHOME0001"}
    payload["actions"] = [{"block_id": "day_settings", "action_ts": f"{time.time():.6f}",
                           **action}]
    return app.side._interactive(payload)


def test_agenda_shows_today_in_order_with_join_and_details_then_approvals(app, slack, cal):
    later = cal.add_booking(ALICE_KEY, soon(app, 180), attendee_name="Late Larry", notify=False)
    first = cal.add_booking(ALICE_KEY, soon(app, 60), attendee_name="Early Erin", notify=False)
    phone = cal.add_booking(ALICE_KEY, soon(app, 120), attendee_name="Phone Pat", notify=False)
    for uid in (later, first):
        cal.booking(uid).location = f"https://meet.example.com/{uid}"
    cal.booking(phone).location = "javascript:alert(1)"  # not a link to join
    asking = cal.add_booking(ALICE_KEY, soon(app, 60 * 24 * 3), event_type="intro-call",
                             status="pending", attendee_name="Asking Ada", notify=False)
    response, token = app.side.command("agenda")
    assert response.status_code == 200
    answer = app.side.reply(token)
    text = json.dumps(answer["blocks"])
    assert text.index("Early Erin") < text.index("Phone Pat") < text.index("Late Larry")
    assert text.index("Late Larry") < text.index("Awaiting your approval") < text.index(
        "Asking Ada")
    assert answer["text"].startswith("Your agenda for ") and "3 bookings" in answer["text"]
    joins = [b for b in buttons(answer) if b["action_id"].startswith(ids.JOIN)]
    assert {b["value"] for b in joins} == {first, later}  # the phone call has no Join
    assert all(b["url"].startswith("https://") for b in joins)
    details = {b["value"] for b in buttons(answer) if b["action_id"].startswith(ids.DETAILS)}
    assert details == {first, phone, later, asking}
    assert all(b.get("accessibility_label") for b in buttons(answer))
    assert cal.count("getBookings") == 1
    # Pressing Join only opens the link: the press is acked, nothing else happens.
    pressed, _ = app.side.click(f"{ids.JOIN}:day:{first}", first, where="ephemeral")
    assert pressed.status_code == 200


def test_agenda_on_at_a_time_off_and_a_bad_time(app):
    assert "every workday at 07:45 (America/New_York)" in said(app, "agenda on 7:45")
    assert app.store.day_settings(app.team, USER).agenda_at == "07:45"
    assert "08:30" in said(app, "agenda on")
    assert "off" in said(app, "agenda off")
    assert app.store.day_settings(app.team, USER).agenda_at is None
    assert "isn't a time of day" in said(app, "agenda on 25:00")


def test_agenda_needs_a_connection(calbot, slack):
    assert "connect" in said(calbot, "agenda").lower()


def test_remind_sends_a_dm_with_who_and_join_before_the_start(app, slack, cal):
    cal.state.video_app = True
    uid = cal.add_booking(ALICE_KEY, soon(app, 30), attendee_name="Remy Guest", notify=False)
    assert "10 minutes before" in said(app, "remind")
    wait_until(lambda: [r.uid for r in app.store.reminders_of(app.team, USER)] == [uid],
               what="the reminder planned")
    assert cal.count("getBookings") == 1  # the one list that planned it
    app.clock.advance(timedelta(minutes=21))
    app.runtime.day_scheduler.tick()
    posted = wait_until(lambda: [c for c in slack.calls_to("chat.postMessage")
                                 if "Remy Guest" in c.params.get("text", "")],
                        what="the reminder DM")
    assert len(posted) == 1
    dm = posted[0].params
    assert dm["text"].startswith("Starting in 10 minutes: ")
    assert [b["value"] for b in buttons(dm) if b.get("url")] == [uid]
    app.runtime.day_scheduler.tick()  # again: still once
    assert len([c for c in slack.calls_to("chat.postMessage")
                if "Remy Guest" in c.params.get("text", "")]) == 1


def test_remind_minutes_off_and_nonsense(app):
    assert "5 minutes before" in said(app, "remind 5")
    assert app.store.day_settings(app.team, USER).remind_min == 5
    assert "off" in said(app, "remind off")
    assert app.store.day_settings(app.team, USER).remind_min is None
    assert "isn't a number of minutes" in said(app, "remind soon")


def test_notify_me_sends_notices_to_my_dm(app, slack, cal):
    assert "DM you cancelled, created" in said(app, "notify me cancelled,created")
    subs = app.store.subscriptions(app.team, USER)
    assert len(subs) == 1 and subs[0].channel.startswith("D")
    assert subs[0].events == {"cancelled", "created"}
    # A cancellation heard by webhook reaches the DM as a notice.
    hook = cal.add_webhook(ALICE_KEY, f"{app.url}/calcom/webhooks/day-hook", "day-secret")
    assert app.store.set_webhook(app.team, USER, str(hook), "day-hook", "day-secret")
    uid = cal.add_booking(ALICE_KEY, soon(app, 60 * 24), notify=False)
    cal.cancel_elsewhere(uid, reason="Off sick")
    wait_until(lambda: any(uid in json.dumps(m.get("blocks")) + m.get("text", "")
                           for m in slack.messages_in(subs[0].channel)), what="the DM notice")
    assert "your DMs: cancelled, created" in said(app, "notify")
    assert "Stopped" in said(app, "notify off me")
    assert app.store.subscriptions(app.team, USER) == []


def test_home_shows_today_and_settings_and_its_controls_change_them(app, slack, cal):
    uid = cal.add_booking(ALICE_KEY, soon(app, 90), attendee_name="Today Tess", notify=False)
    app.side.event({"type": "app_home_opened", "user": USER, "channel": "D0HOME",
                    "tab": "home", "event_ts": "1.2"})
    home = wait_until(lambda: "Today Tess" in json.dumps(slack.home_views.get(USER))
                      and slack.home_views[USER], what="home with today")
    text = json.dumps(home)
    assert "*Today*" in text and "*Your settings*" in text and uid in text
    assert text.index("*Today*") < text.index("*Your settings*")
    publishes = len(slack.calls_to("views.publish"))

    def published(check: str) -> dict[str, Any]:
        return wait_until(lambda: len(slack.calls_to("views.publish")) > publishes
                          and check in json.dumps(slack.home_views[USER])
                          and slack.home_views[USER], what=f"home showing {check}")

    home_action(app, {"action_id": ids.DAY_AGENDA_TIME, "type": "timepicker",
                      "selected_time": "07:15"})
    published("every workday at 07:15")
    assert app.store.day_settings(app.team, USER).agenda_at == "07:15"

    publishes = len(slack.calls_to("views.publish"))
    home_action(app, {"action_id": ids.DAY_REMIND, "type": "static_select",
                      "selected_option": {"value": "15",
                                          "text": {"type": "plain_text", "text": "15"}}})
    published("15 minutes before")
    assert app.store.day_settings(app.team, USER).remind_min == 15
    wait_until(lambda: [r.uid for r in app.store.reminders_of(app.team, USER)] == [uid],
               what="the reminder planned")

    publishes = len(slack.calls_to("views.publish"))
    home_action(app, {"action_id": ids.DAY_AGENDA_TOGGLE, "type": "button", "value": "off"})
    published("*Daily agenda*: off")
    assert app.store.day_settings(app.team, USER).agenda_at is None

    publishes = len(slack.calls_to("views.publish"))
    home_action(app, {"action_id": ids.DAY_NOTIFY_ME, "type": "button", "value": "all"})
    published("Your DMs")
    dm = app.store.subscriptions(app.team, USER)[0].channel
    assert dm.startswith("D")

    publishes = len(slack.calls_to("views.publish"))
    home_action(app, {"action_id": f"{ids.DAY_NOTIFY_OFF}:{dm}", "type": "button",
                      "value": dm})
    published("*Notifications*: none")
    assert app.store.subscriptions(app.team, USER) == []


def test_a_zone_change_in_slack_reaches_the_schedule(app, slack):
    app.side.event({"type": "user_change", "user": {"id": USER, "tz": "Asia/Kolkata"},
                    "event_ts": "1.5"})
    wait_until(lambda: app.store.time_zone(app.team, USER, 3600) == "Asia/Kolkata",
               what="the new zone stored")
