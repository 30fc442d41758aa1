"""Every `/cal` command and modal, end to end over real HTTP, against both fakes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from blockkit import ids
from blockkit.values import FormState
from tests.clock import START
from tests.e2e.harness import OTHER_USER, USER, make_tomorrow_a_workday, wait_until
from tests.fakes.calcom import ALICE_KEY, BOB_KEY

ROME = ZoneInfo("Europe/Rome")  # alice's Cal.com zone: her working hours are 09-17 there


def later(days: int = 2, hour: int = 10) -> datetime:
    """A weekday `days` or more ahead at `hour` Rome time (inside alice's working hours)."""
    day = START.astimezone(ROME) + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0).astimezone(UTC)


def opened_view(slack, count: int = 1) -> dict:
    """The modal calbot opened, as the fake Slack holds it after any updates."""
    call = slack.wait_for("views.open", count)[count - 1]
    view_id = call.response["view"]["id"]
    return slack.views[view_id]


def wait_view(slack, view_id: str, callback_id: str) -> dict:
    return wait_until(lambda: slack.views[view_id]["callback_id"] == callback_id
                      and slack.views[view_id], what=f"view {callback_id}")


def all_slack_text(slack) -> str:
    return json.dumps([c.params for c in slack.calls]) + json.dumps(
        [r.body for r in slack.responses])


# --- connect / disconnect ------------------------------------------------------------------

def test_connect_checks_the_key_shows_errors_inline_and_masks_it(calbot, slack, cal):
    answer, _ = calbot.side.command("connect")
    assert answer.status_code == 200
    view = opened_view(slack)
    assert view["callback_id"] == ids.CONNECT_VIEW

    bad = calbot.side.submit(view, {ids.API_KEY: "cal_live_wrongwrongwrong"})
    assert bad.json()["response_action"] == "errors"
    assert ids.API_KEY in bad.json()["errors"]
    assert calbot.store.connection(calbot.team, USER) is None

    good = calbot.side.submit(view, {ids.API_KEY: ALICE_KEY})
    assert good.json()["response_action"] == "update"
    shown = json.dumps(good.json()["view"])
    assert "alice@example.com" in shown and ALICE_KEY[-4:] in shown and ALICE_KEY not in shown
    assert calbot.store.connection(calbot.team, USER).api_key == ALICE_KEY
    assert cal.count("getMe") == 2  # bad key, good key
    assert ALICE_KEY not in all_slack_text(slack)

    # Reconnecting shows only the masked key.
    calbot.side.command("connect")
    again = opened_view(slack, 2)
    shown_again = json.dumps(again, ensure_ascii=False)
    assert f"…{ALICE_KEY[-4:]}" in shown_again and ALICE_KEY not in shown_again


def test_connect_with_an_unreachable_self_hosted_url_points_at_the_url(calbot, slack):
    calbot.side.command("connect")
    view = opened_view(slack)
    answer = calbot.side.submit(view, {ids.API_KEY: ALICE_KEY,
                                       ids.API_URL: "http://127.0.0.1:9"})
    assert answer.json()["response_action"] == "errors"
    assert ids.API_URL in answer.json()["errors"]


def test_disconnect_forgets_everything(calbot):
    calbot.connect(ALICE_KEY)
    calbot.store.subscribe(calbot.team, USER, "C0NOTIFY1", {"cancelled"})
    _, token = calbot.side.command("disconnect")
    assert "gone" in calbot.side.reply(token)["text"]
    assert calbot.store.connection(calbot.team, USER) is None
    assert calbot.store.subscriptions(calbot.team, USER) == []
    _, token = calbot.side.command("disconnect")
    assert "weren't connected" in calbot.side.reply(token)["text"]


# --- book ----------------------------------------------------------------------------------

def test_book_prefilled_shows_the_time_then_books_once(calbot, slack, cal, clock):
    make_tomorrow_a_workday(clock)
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="Europe/Rome")
    answer, token = calbot.side.command("book 30min tomorrow 3pm with jane@example.com")
    assert answer.status_code == 200 and answer.text == ""
    open_call = slack.wait_for("views.open")[0]
    view_id = open_call.response["view"]["id"]
    # The modal is opened before Cal.com is asked anything.
    first_cal = min(r.time for r in cal.requests) if cal.requests else float("inf")
    assert open_call.time <= first_cal
    view = wait_view(slack, view_id, ids.BOOK_VIEW)
    text = json.dumps(view)
    assert "jane@example.com" in text and ":calendar:" in text
    select = next(b for b in view["blocks"] if b["block_id"] == ids.EVENT_TYPE)["element"]
    assert select["initial_option"]["value"] == str(cal.event_type_id(ALICE_KEY, "30min"))

    done = calbot.side.submit(view, {})
    assert done.json()["response_action"] == "update", done.json()
    assert "Booked" in json.dumps(done.json()["view"])
    assert cal.count("createBooking") == 1
    # …and a record stays in the conversation, only for the caller, once the modal closes.
    record = calbot.side.reply(token)
    assert record["response_type"] == "ephemeral" and "Booked" in record["text"]
    sent = cal.requests_for("createBooking")[0].body
    assert sent["start"].endswith("Z")
    rome_tomorrow = (clock().astimezone(__import__("zoneinfo").ZoneInfo("Europe/Rome"))
                     + timedelta(days=1)).date()
    local = datetime.fromisoformat(sent["start"].replace("Z", "+00:00")).astimezone(
        __import__("zoneinfo").ZoneInfo("Europe/Rome"))
    assert (local.date(), local.hour, local.minute) == (rome_tomorrow, 15, 0)
    assert sent["attendee"]["email"] == "jane@example.com"


def test_book_shows_a_typed_time_back_before_booking(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="Europe/Rome")
    calbot.side.command("book")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    view = wait_view(slack, view_id, ids.BOOK_VIEW)
    et = str(cal.event_type_id(ALICE_KEY, "30min"))
    when = later(3, 11).astimezone(ROME).strftime("%a %d %b 11am")
    values = {ids.EVENT_TYPE: et, ids.WHEN: when, ids.ATTENDEE_EMAIL: "bob@example.com"}
    first = calbot.side.submit(view, values)
    assert first.json()["response_action"] == "update"
    assert "press Book to confirm" in json.dumps(first.json()["view"])
    assert cal.count("createBooking") == 0
    second = calbot.side.submit({**first.json()["view"], "id": view["id"]}, values)
    assert "Booked" in json.dumps(second.json()["view"])
    assert cal.count("createBooking") == 1


def test_book_refusals_are_inline_and_nothing_is_booked(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    calbot.side.command("book")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    view = wait_view(slack, view_id, ids.BOOK_VIEW)
    et = str(cal.event_type_id(ALICE_KEY, "30min"))
    for when, email in (("tomorrow", "jane@example.com"), ("yesterday 3pm", "jane@example.com"),
                        ("tomorrow 3pm", "not-an-email")):
        answer = calbot.side.submit(view, {ids.EVENT_TYPE: et, ids.WHEN: when,
                                           ids.ATTENDEE_EMAIL: email})
        body = answer.json()
        assert body["response_action"] == "errors", body
        assert set(body["errors"]) <= {ids.WHEN, ids.ATTENDEE_EMAIL}
    assert cal.count("createBooking") == 0


def book_a_taken_slot_up_to_the_last_press(calbot, slack, cal) -> tuple[str, dict, dict]:
    """Open the booking modal, type a time that is already booked and see it shown back.
    Returns (view id, the form as shown, its values) for the press that books."""
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="UTC")
    start = later(3, 10)
    cal.add_booking(ALICE_KEY, start, notify=False)
    calbot.side.command("book")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    view = wait_view(slack, view_id, ids.BOOK_VIEW)
    values = {ids.EVENT_TYPE: str(cal.event_type_id(ALICE_KEY, "30min")),
              ids.WHEN: start.strftime("%Y-%m-%d %H:%M"), ids.ATTENDEE_EMAIL: "jane@example.com"}
    preview = calbot.side.submit(view, values).json()["view"]
    return view_id, {**preview, "id": view_id}, values


def test_book_a_taken_slot_is_an_inline_error(calbot, slack, cal):
    _, shown, values = book_a_taken_slot_up_to_the_last_press(calbot, slack, cal)
    answer = calbot.side.submit(shown, values).json()
    assert answer["response_action"] == "errors"
    assert "That time isn't available" in answer["errors"][ids.WHEN]


def test_book_when_not_connected_opens_nothing(calbot, slack):
    answer, _ = calbot.side.command("book tomorrow 3pm")
    assert "/cal connect" in answer.json()["text"]
    assert slack.calls_to("views.open") == []


def test_expired_trigger_id_tells_the_user_to_try_again(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    body, token, trigger = calbot.side.command_body("book")
    slack.expire_trigger(trigger)
    calbot.side.post(body, "application/x-www-form-urlencoded")
    assert "again" in calbot.side.reply(token)["text"]
    assert cal.count("getEventTypes") == 0


def test_slow_calcom_still_acks_fast_and_opens_the_modal_first(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    cal.slow(2.5, path="/v2/event-types")
    answer, _ = calbot.side.command("book")
    assert answer.status_code == 200  # how fast: bench/bench_slack.py, step 2
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    assert slack.views[view_id]["callback_id"] == ids.LOADING_VIEW
    wait_view(slack, view_id, ids.BOOK_VIEW)


# --- list / pending / confirm / decline ----------------------------------------------------

def test_pending_confirm_from_the_list_edits_it_in_place(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(4), event_type="intro-call", status="pending",
                          attendee_name="John Doe", notify=False)
    _, token = calbot.side.command("pending")
    reply = calbot.side.reply(token)
    actions = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {(e["action_id"].split(":")[0], e["value"]) for e in actions if "value" in e} >= {
        (ids.CONFIRM, uid), (ids.DECLINE, uid), (ids.DETAILS, uid)}
    # One red button per row: Cancel waits in the row's overflow menu.
    assert sum(e.get("style") == "danger" for e in actions) == 1
    answer, click_token = calbot.side.click(ids.CONFIRM, uid, where="ephemeral")
    assert answer.status_code == 200
    edited = calbot.side.reply(click_token)
    assert edited["replace_original"] is True and "Confirmed" in edited["text"]
    assert f"<@{USER}>" in json.dumps(edited["blocks"])
    assert cal.booking(uid).status == "accepted"
    # A second click (double click, or a stale list) is harmless: it shows the same outcome.
    _, again = calbot.side.click(ids.CONFIRM, uid, where="ephemeral")
    assert "Confirmed" in calbot.side.reply(again)["text"]
    assert cal.booking(uid).status == "accepted"


def test_decline_asks_an_optional_reason(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(4), event_type="intro-call", status="pending",
                          notify=False)
    calbot.side.click(ids.DECLINE, uid, where="ephemeral")
    view = opened_view(slack)
    assert view["callback_id"] == ids.DECLINE_VIEW
    answer = calbot.side.submit(view, {ids.REASON: None})
    assert answer.json()["response_action"] == "update"
    assert cal.booking(uid).status == "rejected"


def test_a_booking_the_presser_has_no_part_in_is_not_touched(calbot, slack, cal):
    """Cal.com would let bob's key confirm alice's booking by its uid; calbot checks first."""
    calbot.connect(ALICE_KEY)
    calbot.store.save_connection(calbot.team, OTHER_USER, BOB_KEY, None, calcom_user_id=2,
                                 calcom_email="bob@example.com")
    uid = cal.add_booking(ALICE_KEY, later(4), event_type="intro-call", status="pending",
                          notify=False)
    _, token = calbot.side.click(ids.CONFIRM, uid, user=OTHER_USER)
    said = calbot.side.reply(token)
    assert "isn't one you host or attend" in said["text"] and "nothing was changed" in said[
        "text"]
    assert cal.count("confirmBooking") == 0
    assert cal.booking(uid).status == "pending"


# --- cancel / reschedule -------------------------------------------------------------------

def test_cancel_with_a_reason(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(5), notify=False)
    _, token = calbot.side.command(f"cancel {uid} sick today")
    reply = calbot.side.reply(token)
    assert "Cancelled" in reply["text"] and "sick today" in json.dumps(reply["blocks"])
    assert cal.booking(uid).status == "cancelled"
    assert cal.requests_for("cancelBooking")[0].body["cancellationReason"] == "sick today"


def test_cancel_without_a_reason_asks_for_one(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(5), notify=False)
    calbot.side.command(f"cancel {uid}")
    view = opened_view(slack)
    assert view["callback_id"] == ids.CANCEL_VIEW
    # Opened at once with the uid; then named from Cal.com (title and time).
    named = wait_until(lambda: "30 Min Meeting" in json.dumps(slack.views[view["id"]])
                       and slack.views[view["id"]], what="the modal names the booking")
    assert "<!date^" in json.dumps(named)
    missing = calbot.side.submit(view, {ids.REASON: None})
    assert missing.json()["response_action"] == "errors"
    assert cal.count("cancelBooking") == 0
    done = calbot.side.submit(view, {ids.REASON: "conflict"})
    assert done.json()["response_action"] == "update"
    assert cal.booking(uid).status == "cancelled"


def test_cancel_an_unknown_booking_is_one_sentence(calbot, cal):
    calbot.connect(ALICE_KEY)
    _, token = calbot.side.command("cancel bk_doesnotexist reason")
    text = calbot.side.reply(token)["text"]
    assert "can't find that booking" in text and "{" not in text
    assert text.endswith("> `/cal cancel bk_doesnotexist reason`")  # what was typed is kept


def test_reschedule_shows_old_and_new(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="UTC")
    start = later(3, 10)
    uid = cal.add_booking(ALICE_KEY, start, notify=False)
    new_day = later(5, 14)
    when = new_day.strftime("%Y-%m-%d %H:%M")
    _, token = calbot.side.command(f"reschedule {uid} {when}")
    reply = calbot.side.reply(token)
    text = json.dumps(reply["blocks"], ensure_ascii=False)
    assert "Rescheduled" in reply["text"] and "→" in text
    assert f"<!date^{int(start.timestamp())}^" in text
    assert f"<!date^{int(new_day.timestamp())}^" in text
    assert cal.booking(uid).status == "cancelled"


# --- slots ---------------------------------------------------------------------------------

def test_slots_are_buttons_that_open_a_prefilled_booking(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="Europe/Rome")
    day = later(1).astimezone(ROME)
    _, token = calbot.side.command(f"slots 30min {day.strftime('%b %d')}")
    reply = calbot.side.reply(token)
    buttons = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons and all(e["action_id"].startswith(ids.BOOK_SLOT) for e in buttons)
    # working hours in the user's zone, which the label names (24-hour clock in Rome)
    assert buttons[0]["text"]["text"] == f"09:00 {day.replace(hour=9).tzname()}"
    assert "Europe/Rome" in json.dumps(reply["blocks"]) and "free slots" in reply["text"]
    calbot.side.click(buttons[0]["action_id"], buttons[0]["value"], where="ephemeral")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    view = wait_view(slack, view_id, ids.BOOK_VIEW)
    assert ":calendar:" in json.dumps(view)


def test_slots_without_an_event_type_asks_which(calbot, cal):
    calbot.connect(ALICE_KEY)
    _, token = calbot.side.command("slots")
    reply = calbot.side.reply(token)
    accessory = reply["blocks"][0]["accessory"]
    assert accessory["action_id"] == ids.SLOTS_EVENT_TYPE
    assert len(accessory["options"]) == 3


# --- notify ---------------------------------------------------------------------------------

def test_notify_subscribe_list_and_off(calbot, slack):
    calbot.connect(ALICE_KEY)
    slack.set_channel("C0TEAM0001", name="team", is_private=False, is_member=False)
    _, token = calbot.side.command("notify <#C0TEAM0001|team> cancelled,rescheduled")
    assert "<#C0TEAM0001>" in calbot.side.reply(token)["text"]
    subs = calbot.store.subscriptions(calbot.team, USER)
    assert [(s.channel, set(s.events)) for s in subs] == [
        ("C0TEAM0001", {"cancelled", "rescheduled"})]
    listed, _ = calbot.side.command("notify")
    assert "C0TEAM0001" in listed.json()["text"]
    off, _ = calbot.side.command("notify off <#C0TEAM0001|team>")
    assert "Stopped" in off.json()["text"]
    assert calbot.store.subscriptions(calbot.team, USER) == []


def test_notify_a_private_channel_asks_for_an_invite(calbot, slack):
    calbot.connect(ALICE_KEY)
    slack.set_channel("G0SECRET01", name="secret", is_private=True, is_member=False)
    _, token = calbot.side.command("notify <#G0SECRET01|secret>")
    assert "/invite" in calbot.side.reply(token)["text"]
    assert calbot.store.subscriptions(calbot.team, USER) == []


# --- Home tab, failures ---------------------------------------------------------------------

def test_home_tab_connect_button_then_approvals_first(calbot, slack, cal):
    calbot.side.event({"type": "app_home_opened", "user": USER, "channel": "D0HOME",
                       "tab": "home", "event_ts": "1.2"})
    home = wait_until(lambda: slack.home_views.get(USER), what="home view")
    assert ids.OPEN_CONNECT in json.dumps(home)
    calbot.connect(ALICE_KEY)
    pending = cal.add_booking(ALICE_KEY, later(6), event_type="intro-call", status="pending",
                              notify=False)
    upcoming = cal.add_booking(ALICE_KEY, later(2), notify=False)
    calbot.side.event({"type": "app_home_opened", "user": USER, "channel": "D0HOME",
                       "tab": "home", "event_ts": "1.3"})
    home = wait_until(lambda: upcoming in json.dumps(slack.home_views.get(USER))
                      and slack.home_views[USER], what="home with bookings")
    text = json.dumps(home)
    assert text.index(pending) < text.index(upcoming)
    assert ids.OPEN_BOOK in text


@pytest.mark.parametrize(("fault", "sentence"), [
    ("500", "isn't answering"), ("429", "limiting"),
])
def test_calcom_failures_become_one_sentence(calbot, cal, fault, sentence):
    calbot.connect(ALICE_KEY)
    if fault == "500":
        cal.fail_next(5, status=500, path="/v2/bookings")
    else:
        cal.rate_limit_next(5, reset=0, path="/v2/bookings")
    answer, token = calbot.side.command("list")
    assert answer.status_code == 200
    text = calbot.side.reply(token)["text"]
    assert sentence in text and "statusCode" not in text and "Traceback" not in text


def test_revoked_key_says_to_reconnect(calbot, cal):
    calbot.connect(ALICE_KEY)
    cal.revoke_key(ALICE_KEY)
    _, token = calbot.side.command("pending")
    assert "/cal connect" in calbot.side.reply(token)["text"]


def test_healthz(calbot):
    import httpx

    answer = httpx.get(f"{calbot.url}/healthz")
    assert answer.status_code == 200 and answer.json()["ok"] is True




def test_enter_in_the_when_field_shows_the_time_in_the_users_zone(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="Asia/Kolkata")
    calbot.side.command("book")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    view = wait_view(slack, view_id, ids.BOOK_VIEW)
    day = (START + timedelta(days=8)).date()  # a date ahead, whatever START is
    when = f"{day:%Y-%m-%d} 15:00"
    typed = {**view, "state": {"values": {ids.WHEN: {ids.WHEN: {
        "type": "plain_text_input", "value": when}}}}}
    answer, _ = calbot.side.click(ids.WHEN, "", where="modal", view=typed)
    assert answer.status_code == 200
    update = slack.wait_for("views.update", 2)[1]  # 1: loading → form, 2: the preview
    assert update.params["view_id"] == view_id
    preview = json.dumps(update.params["view"], ensure_ascii=False).replace("\u202f", " ")
    # US English (Slack's default locale): "Tue, Dec 1, 3:00 PM IST"
    assert f"{day:%a}, {day:%b} {day.day}, 3:00 PM IST" in preview
    assert calbot.meta(update.params["view"]["private_metadata"]).p == when

    typed["state"]["values"][ids.WHEN][ids.WHEN]["value"] = "whenever"
    calbot.side.click(ids.WHEN, "", where="modal", view=typed)
    refused = json.dumps(slack.wait_for("views.update", 3)[2].params["view"])
    assert "too vague" in refused and cal.count("createBooking") == 0


def test_a_slow_refusal_shows_the_form_again_with_the_reason(calbot, slack, cal):
    """Cal.com answers after Slack's window for inline errors: the form comes back, kept."""
    view_id, shown, values = book_a_taken_slot_up_to_the_last_press(calbot, slack, cal)
    cal.slow(2.5, path="^/v2/bookings$")
    answer = calbot.side.submit(shown, values)
    assert answer.json()["response_action"] == "update"
    assert "Still waiting" in json.dumps(answer.json()["view"])
    again = wait_until(lambda: slack.views[view_id]["callback_id"] == ids.BOOK_VIEW
                       and "isn't available" in json.dumps(slack.views[view_id])
                       and slack.views[view_id], timeout=8, what="the form again")
    assert calbot.meta(again["private_metadata"]).p is None  # next Book re-checks


def test_notify_subscribes_when_slack_cannot_say_whether_the_channel_is_reachable(calbot,
                                                                                 slack):
    calbot.connect(ALICE_KEY)
    slack.fail_next("conversations.info", error="missing_scope")
    _, token = calbot.side.command("notify <#C0TEAM0002|team2>")
    assert "<#C0TEAM0002>" in calbot.side.reply(token)["text"]
    assert [s.channel for s in calbot.store.subscriptions(calbot.team, USER)] == ["C0TEAM0002"]


def test_connecting_from_the_home_tab_refreshes_it(calbot, slack, cal):
    calbot.side.event({"type": "app_home_opened", "user": USER, "channel": "D0HOME",
                       "tab": "home", "event_ts": "1.2"})
    home = wait_until(lambda: slack.home_views.get(USER), what="home view")
    calbot.side.click(ids.OPEN_CONNECT, "", where="home", view=home)
    view = opened_view(slack)
    assert calbot.meta(view["private_metadata"]) == FormState(home=True)
    calbot.side.submit(view, {ids.API_KEY: ALICE_KEY})
    wait_until(lambda: ids.OPEN_BOOK in json.dumps(slack.home_views.get(USER)),
               what="the home tab shows the connected state")
    assert "alice@example.com" in json.dumps(slack.home_views[USER])
