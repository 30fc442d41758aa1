"""Scheduling with teammates over real HTTP: a teammate's slots and form, `/cal link`, unfurls of
pasted booking pages, and the two shortcuts. Whoever books is the attendee, from their own Slack
profile, and the booking reaches Cal.com without any key."""

from __future__ import annotations

import json
import secrets
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from blockkit import ids
from tests.clock import START
from tests.e2e.harness import CHANNEL, OTHER_USER, PAYLOADS, USER, wait_until
from tests.fakes.calcom import ALICE_KEY

TEAMMATE = "U0TEAMMATE1"
THIRD = "U0THIRD0001"
NEW_YORK = ZoneInfo("America/New_York")
ROME = ZoneInfo("Europe/Rome")


def day_ahead(days: int = 3) -> datetime:
    """A weekday at least `days` ahead (alice works 09-17 Rome time on weekdays)."""
    day = START.astimezone(ROME) + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day.replace(minute=0, second=0, microsecond=0)


def day_words(day: datetime) -> str:
    return day.strftime("%b ") + str(day.day)  # "Dec 7"


def buttons(message: dict, prefix: str) -> list[tuple[str, str]]:
    found = []
    for block in message.get("blocks", []):
        elements = block.get("elements", []) if block["type"] == "actions" else [
            block.get("accessory") or {}]
        found += [(e["action_id"], e.get("value", "")) for e in elements
                  if e.get("action_id", "").startswith(prefix)]
    return found


def opened(slack, count: int = 1) -> str:
    return slack.wait_for("views.open", count)[count - 1].response["view"]["id"]


def view_named(slack, view_id: str, callback_id: str) -> dict:
    return wait_until(lambda: slack.views[view_id]["callback_id"] == callback_id
                      and slack.views[view_id], what=f"view {callback_id}")


def settled_view(slack, view_id: str) -> dict:
    return wait_until(lambda: "Talking to Cal.com" not in json.dumps(slack.views[view_id])
                      and slack.views[view_id], what="the modal's content")


def caller(slack, user: str = USER, *, tz: str = "America/New_York",
           name: str = "Carol Caller", email: str = "carol@example.com") -> None:
    slack.set_user(user, tz=tz, real_name=name, email=email)


def booked_request(cal):
    found = cal.requests_for("createBooking")
    assert len(found) == 1, [r.body for r in found]
    return found[0]


def shortcut(calbot, slack, kind: str, **fields) -> None:
    name = "message_action.json" if kind == "message" else "shortcut.global.json"
    payload = json.loads((PAYLOADS / name).read_text())
    payload.update(team={"id": calbot.team, "domain": "example"},
                   user={"id": USER, "username": "someone", "team_id": calbot.team},
                   trigger_id=slack.trigger_id(calbot.team),
                   callback_id=ids.SCHEDULE_SHORTCUT if kind == "message" else ids.BOOK_SHORTCUT,
                   action_ts=f"{time.time():.6f}", **fields)
    payload.pop("enterprise", None)
    payload["is_enterprise_install"] = False
    if kind == "message":
        payload["channel"] = {"id": CHANNEL, "name": "bookings"}
        payload["response_url"] = slack.response_url(f"sc{time.monotonic_ns()}")
    answer = calbot.side._interactive(payload)
    assert answer.status_code == 200, answer.text


# --- a teammate's slots, booked by someone with no Cal.com account ----------------------------

def test_a_never_connected_user_books_a_connected_teammates_slot(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=TEAMMATE)
    caller(slack)
    assert calbot.store.connection(calbot.team, USER) is None
    day = day_ahead()
    _, token = calbot.side.command(f"slots <@{TEAMMATE}|alice> 30min {day_words(day)}")
    listed = wait_until(lambda: [r for r in calbot.side.replies(token)
                                 if buttons(r, ids.TEAM_SLOT)], what="slot buttons")[0]
    assert listed["response_type"] == "ephemeral"
    slots = buttons(listed, ids.TEAM_SLOT)
    # Times are shown in the caller's zone: alice's 09:00 Rome is 03:00 in New York.
    labels = [e["text"]["text"] for b in listed["blocks"] if b["type"] == "actions"
              for e in b["elements"]]
    assert labels[0] == "03:00", labels[:3]
    # Her event types and slots came from Cal.com by her username, without any key.
    assert all(r.user is None for r in cal.requests_for("getEventTypes"))
    assert cal.requests_for("getEventTypes")[0].query["username"] == ["alice"]
    assert all(r.user is None for r in cal.requests_for("getAvailableSlots"))

    action, value = slots[2]
    _, pressed = calbot.side.click(action, value, where="ephemeral")
    view = view_named(slack, opened(slack), ids.TEAM_BOOK_VIEW)
    shown = json.dumps(view)
    assert "Carol Caller" in shown and "carol@example.com" in shown
    select = next(b for b in view["blocks"] if b.get("block_id") == ids.TEAM_EVENT_TYPE)["element"]
    assert select["initial_option"]["value"] == str(cal.event_type_id(ALICE_KEY, "30min"))
    assert ":calendar:" in shown  # the time is shown back, in the caller's zone, before booking

    done = calbot.side.submit(view, {})
    assert done.json()["response_action"] == "update", done.json()
    assert "Booked" in json.dumps(done.json()["view"])
    sent = booked_request(cal)
    assert sent.user is None  # an attendee's booking: no key at all
    assert sent.status == 201
    assert sent.body["eventTypeId"] == cal.event_type_id(ALICE_KEY, "30min")
    assert sent.body["attendee"] == {"name": "Carol Caller", "email": "carol@example.com",
                                     "timeZone": "America/New_York"}
    start = datetime.fromisoformat(sent.body["start"].replace("Z", "+00:00"))
    assert start.astimezone(ROME).replace(tzinfo=None) == day.replace(
        hour=10, minute=0, second=0, microsecond=0, tzinfo=None)  # the third slot: 10:00 Rome
    record = calbot.side.reply(pressed)
    assert record["response_type"] == "ephemeral" and "Booked" in record["text"]
    # The caller still has no connection; nothing was stored for them.
    assert calbot.store.connection(calbot.team, USER) is None


def test_a_teammate_with_several_event_types_asks_which(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=TEAMMATE)
    caller(slack)
    day = day_ahead()
    _, token = calbot.side.command(f"slots <@{TEAMMATE}|alice> {day_words(day)}")
    asked = calbot.side.reply(token)
    select = asked["blocks"][0]["accessory"]
    assert select["action_id"] == ids.TEAM_SLOTS_TYPE
    labels = {o["text"]["text"]: o["value"] for o in select["options"]}
    assert set(labels) == {"30 Min Meeting (30 min)", "Intro call (30 min)",
                           "Weekly sync (30 min)"}
    _, picked = calbot.side.click(ids.TEAM_SLOTS_TYPE, labels["Intro call (30 min)"],
                                  where="ephemeral")
    slots = wait_until(lambda: [r for r in calbot.side.replies(picked)
                                if buttons(r, ids.TEAM_SLOT)], what="slot buttons")[0]
    assert "Intro call" in slots["text"]
    first = buttons(slots, ids.TEAM_SLOT)[0][1]
    assert first.split("|")[:2] == [TEAMMATE, str(cal.event_type_id(ALICE_KEY, "intro-call"))]


def test_the_teammates_own_approvals_follow(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=TEAMMATE)
    public_id, secret = secrets.token_urlsafe(12), secrets.token_hex(16)
    hook = cal.add_webhook(ALICE_KEY, f"{calbot.url}/calcom/webhooks/{public_id}", secret)
    assert calbot.store.set_webhook(calbot.team, TEAMMATE, str(hook), public_id, secret)
    caller(slack)
    when = day_ahead().replace(hour=11, minute=0).astimezone(NEW_YORK)
    calbot.side.command(f"book <@{TEAMMATE}|alice> intro-call {when:%b} {when.day} "
                        f"{when:%H:%M}")
    view = view_named(slack, opened(slack), ids.TEAM_BOOK_VIEW)
    assert calbot.side.submit(view, {}).json()["response_action"] == "update"
    sent = booked_request(cal)
    assert sent.body["eventTypeId"] == cal.event_type_id(ALICE_KEY, "intro-call")
    approvals = wait_until(lambda: [
        m for m in slack.messages_in(slack.workspace().dm_with(TEAMMATE))
        if any(a == ids.CONFIRM or a.startswith(ids.CONFIRM + ":")
               for a, _ in buttons(m, ids.CONFIRM))], what="the teammate's approval DM")
    assert "Carol Caller" in json.dumps(approvals[0])


def test_book_at_a_teammate_shows_the_time_back_then_books(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=TEAMMATE)
    caller(slack, tz="Asia/Tokyo", name="Kenji", email="kenji@example.com")
    calbot.side.command(f"book <@{TEAMMATE}|alice>")
    view = view_named(slack, opened(slack), ids.TEAM_BOOK_VIEW)
    when = day_ahead().replace(hour=10).astimezone(ZoneInfo("Asia/Tokyo"))
    values = {ids.TEAM_EVENT_TYPE: str(cal.event_type_id(ALICE_KEY, "30min")),
              ids.TEAM_WHEN: f"{when:%b} {when.day} {when:%H:%M}"}
    first = calbot.side.submit(view, values)
    assert first.json()["response_action"] == "update"
    assert "press Book to confirm" in json.dumps(first.json()["view"])
    assert cal.count("createBooking") == 0
    second = calbot.side.submit({**first.json()["view"], "id": view["id"]}, values)
    assert "Booked" in json.dumps(second.json().get("view")), second.json()
    assert booked_request(cal).body["attendee"]["timeZone"] == "Asia/Tokyo"


def test_a_teammate_who_never_connected_is_named_with_how_to(calbot, slack, cal):
    answer, _ = calbot.side.command("slots <@U0NOBODY01|nobody> 30min")
    said = answer.json()["text"]  # said at once, in the ack
    assert "<@U0NOBODY01> hasn't connected calbot" in said and "/cal connect" in said
    answer, _ = calbot.side.command("book <@U0NOBODY01|nobody> tomorrow 3pm")
    assert "hasn't connected" in answer.json()["text"]
    assert cal.requests == []
    assert slack.calls_to("views.open") == []


def test_a_teammate_whose_key_died_is_named_not_the_caller(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=TEAMMATE)
    cal.revoke_key(ALICE_KEY)
    _, token = calbot.side.command(f"slots <@{TEAMMATE}|alice>")
    said = calbot.side.reply(token)["text"]
    assert f"<@{TEAMMATE}>'s Cal.com connection no longer works" in said
    assert "/cal connect" in said and "your API key" not in said


def test_hidden_event_types_are_not_offered(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=TEAMMATE)
    cal.add_event_type(ALICE_KEY, "secret-chat", title="Secret chat", hidden=True)
    caller(slack)
    calbot.side.command(f"book <@{TEAMMATE}|alice>")
    view = settled_view(slack, opened(slack))
    assert view["callback_id"] == ids.TEAM_BOOK_VIEW
    assert "Secret chat" not in json.dumps(view) and "30 Min Meeting" in json.dumps(view)
    # …and a forged value naming it opens nothing bookable.
    hidden = cal.event_type_id(ALICE_KEY, "secret-chat")
    calbot.side.click(ids.TEAM_BOOK, f"{TEAMMATE}|{hidden}|")
    forged = settled_view(slack, opened(slack, 2))
    select = next(b for b in forged["blocks"] if b.get("block_id") == ids.TEAM_EVENT_TYPE)
    assert "initial_option" not in select["element"]


# --- /cal link ---------------------------------------------------------------------------------

def test_link_is_posted_for_everyone_and_books_for_whoever_presses(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=USER)
    answer, token = calbot.side.command("link 30min")
    assert answer.status_code == 200
    posted = calbot.side.reply(token)
    assert posted["response_type"] == "in_channel"
    assert "https://cal.com/alice/30min" in posted["text"]
    (action, value), = buttons(posted, ids.TEAM_BOOK)

    caller(slack, THIRD, tz="Europe/London", name="Tess Third", email="tess@example.com")
    before = calbot.store.connection(calbot.team, USER)
    calbot.side.click(action, value, user=THIRD)
    view = view_named(slack, opened(slack), ids.TEAM_BOOK_VIEW)
    assert "tess@example.com" in json.dumps(view)
    when = day_ahead().replace(hour=14).astimezone(ZoneInfo("Europe/London"))
    values = {ids.TEAM_WHEN: f"{when:%b} {when.day} {when:%H:%M}"}
    first = calbot.side.submit(view, values, user=THIRD)
    second = calbot.side.submit({**first.json()["view"], "id": view["id"]}, values, user=THIRD)
    assert "Booked" in json.dumps(second.json().get("view")), second.json()
    sent = booked_request(cal)
    assert sent.user is None  # not with alice's key
    assert sent.body["attendee"]["email"] == "tess@example.com"
    assert sent.body["eventTypeId"] == cal.event_type_id(ALICE_KEY, "30min")
    # The presser touched nothing of the link's owner.
    assert calbot.store.connection(calbot.team, USER) == before
    assert calbot.store.connection(calbot.team, THIRD) is None


def test_link_needs_a_connection(calbot, cal):
    answer, _ = calbot.side.command("link")
    assert "/cal connect" in answer.json()["text"]
    assert answer.json().get("response_type") == "ephemeral"


# --- unfurls -----------------------------------------------------------------------------------

def test_a_pasted_booking_page_unfurls_with_its_next_slots(calbot, slack, cal):
    et = cal.event_type_id(ALICE_KEY, "30min")
    cal.state.event_types[et].description = "A quick <b>chat</b> & hello"
    calbot.side.event({
        "type": "link_shared", "channel": CHANNEL, "is_bot_user_member": True,
        "user": OTHER_USER, "message_ts": "1700000000.000100",
        "unfurl_id": "C123456.1700000000.000100.abc", "source": "conversations_history",
        "event_ts": "1700000000.000200",
        "links": [{"domain": "cal.com", "url": "https://cal.com/alice/30min"},
                  {"domain": "cal.com", "url": "https://cal.com/settings/my-account"},
                  {"domain": "cal.com", "url": "https://cal.com/nobody-here"}],
    })
    call = slack.wait_for("chat.unfurl")[0]
    unfurls = call.params["unfurls"]
    assert list(unfurls) == ["https://cal.com/alice/30min"]
    shown = json.dumps(unfurls)
    assert "30 Min Meeting" in shown and "30 min" in shown
    assert "A quick &lt;b&gt;chat&lt;/b&gt; &amp; hello" in shown
    slots = buttons(unfurls["https://cal.com/alice/30min"], ids.TEAM_SLOT)
    assert len(slots) == 5
    assert all(r.user is None for r in cal.requests)  # a public page: no key used
    # the app's own pages are not asked about; an unknown user's page is, once
    assert [r.query["username"] for r in cal.requests_for("getEventTypes")] == [
        ["alice"], ["nobody-here"]]

    # Anyone who presses a slot gets the form for themselves, at that time.
    caller(slack, THIRD, name="Tess Third", email="tess@example.com", tz="UTC")
    action, value = slots[0]
    calbot.side.click(action, value, user=THIRD)
    view = view_named(slack, opened(slack), ids.TEAM_BOOK_VIEW)
    assert calbot.side.submit(view, {}, user=THIRD).json()["response_action"] == "update"
    sent = booked_request(cal)
    assert sent.body["eventTypeId"] == et and sent.body["attendee"]["name"] == "Tess Third"
    assert sent.body["start"] == value.split("|")[2].replace("Z", ":00Z")


def test_an_unfurl_without_an_unfurl_id_names_the_message(calbot, slack, cal):
    calbot.side.event({
        "type": "link_shared", "channel": CHANNEL, "user": OTHER_USER,
        "message_ts": "1700000000.000500", "event_ts": "1700000000.000600",
        "links": [{"domain": "cal.com", "url": "https://cal.com/bob"}],
    })
    params = slack.wait_for("chat.unfurl")[0].params
    assert (params["channel"], params["ts"]) == (CHANNEL, "1700000000.000500")
    page = params["unfurls"]["https://cal.com/bob"]
    assert "30 Min Meeting" in json.dumps(page)
    (action, value), = buttons(page, ids.TEAM_BOOK)
    caller(slack, THIRD, email="tess@example.com")
    calbot.side.click(action, value, user=THIRD)
    view = view_named(slack, opened(slack), ids.TEAM_BOOK_VIEW)
    assert "Book time with *bob*" in json.dumps(view)


# --- shortcuts ---------------------------------------------------------------------------------

def test_message_shortcut_books_with_the_author_and_the_people_mentioned(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=USER)
    slack.set_user(USER, tz="Europe/Rome")
    slack.set_user("U0AUTHOR01", real_name="Ann Author", email="ann@example.com")
    slack.set_user("U0MENTION1", real_name="Max Mention", email="max@example.com")
    message = {"type": "message", "user": "U0AUTHOR01", "ts": "1700000000.000300",
               "text": f"<@U0MENTION1> and <@{USER}>: lunch next week?",
               "blocks": [{"type": "rich_text", "block_id": "x", "elements": [
                   {"type": "rich_text_section", "elements": [
                       {"type": "user", "user_id": "U0MENTION1"},
                       {"type": "text", "text": " lunch next week?"}]}]}]}
    shortcut(calbot, slack, "message", message=message, message_ts=message["ts"])
    view = view_named(slack, opened(slack), ids.BOOK_VIEW)
    field = {b["block_id"]: b["element"].get("initial_value") for b in view["blocks"]
             if b["type"] == "input"}
    assert field[ids.ATTENDEE_EMAIL] == "ann@example.com"
    assert field[ids.ATTENDEE_NAME] == "Ann Author"
    assert field[ids.GUESTS] == "max@example.com"  # the presser is the host, not a guest
    when = day_ahead().replace(hour=12)
    values = {ids.EVENT_TYPE: str(cal.event_type_id(ALICE_KEY, "30min")),
              ids.WHEN: f"{when:%b} {when.day} 12:00"}
    first = calbot.side.submit(view, values)
    assert first.json()["response_action"] == "update", first.json()
    second = calbot.side.submit({**first.json()["view"], "id": view["id"]}, values)
    assert "Booked" in json.dumps(second.json().get("view")), second.json()
    sent = booked_request(cal)
    assert sent.user == "alice"  # the presser's own booking, with their own key
    assert sent.body["attendee"]["email"] == "ann@example.com"
    assert sent.body["guests"] == ["max@example.com"]


def test_message_shortcut_without_cal_com_books_the_connected_authors_page(calbot, slack, cal):
    calbot.connect(ALICE_KEY, user=TEAMMATE)
    caller(slack)
    message = {"type": "message", "user": TEAMMATE, "ts": "1700000000.000700",
               "text": "happy to chat this week"}
    shortcut(calbot, slack, "message", message=message, message_ts=message["ts"])
    view = view_named(slack, opened(slack), ids.TEAM_BOOK_VIEW)
    assert f"<@{TEAMMATE}>" in json.dumps(view) and "carol@example.com" in json.dumps(view)


def test_global_shortcut_opens_the_booking_form(calbot, slack, cal):
    shortcut(calbot, slack, "global")
    first = settled_view(slack, opened(slack))
    assert "/cal connect" in json.dumps(first)  # not connected: says how

    calbot.connect(ALICE_KEY, user=USER)
    shortcut(calbot, slack, "global")
    view = view_named(slack, opened(slack, 2), ids.BOOK_VIEW)
    assert "30 Min Meeting" in json.dumps(view)
