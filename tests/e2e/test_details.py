"""The whole booking end to end over HTTP: `/cal show|location|guests|noshow|reassign`, the
Details button everywhere, the buttons of the details view, their forms and the overflow menu,
against the spec-checked fake Cal.com and the strict fake Slack."""

from __future__ import annotations

import json
from datetime import timedelta

from blockkit import ids
from tests.clock import START
from tests.e2e.harness import OTHER_USER, USER, wait_until
from tests.e2e.test_slack_flows import later, opened_view, wait_view
from tests.fakes.calcom import ALICE_KEY, BOB_KEY


def _block(message: dict, block_id: str) -> dict:
    return next(b for b in message["blocks"] if b.get("block_id") == block_id)


def _action_ids(message: dict) -> list[str]:
    found = []
    for block in message["blocks"]:
        for element in block.get("elements", []) + ([block["accessory"]]
                                                    if "accessory" in block else []):
            if "action_id" in element:
                found.append(element["action_id"])
            found += [o["value"].split("|")[0] for o in element.get("options", [])
                      if "|" in o.get("value", "")]
    return found


def _meeting_link(cal, uid: str, link: str = "https://meet.example.com/abc") -> None:
    cal.booking(uid).location = link


# --- /cal show ----------------------------------------------------------------------------

def test_show_gives_the_whole_booking_with_join_and_calendar_links(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False, attendee_name="Jane Doe",
                          attendee_email="jane@example.com")
    _meeting_link(cal, uid)
    _, token = calbot.side.command(f"show {uid}")
    shown = calbot.side.reply(token)
    text = json.dumps(shown, ensure_ascii=False)
    assert "30 Min Meeting" in shown["text"] and "Jane Doe" in shown["text"]
    assert "<!date^" in shown["text"] and uid not in shown["text"]
    join = _block(shown, ids.DETAILS_WHERE)["accessory"]
    assert join["text"]["text"] == "Join" and join["url"] == "https://meet.example.com/abc"
    calendars = _block(shown, ids.DETAILS_CALENDAR)["elements"]
    assert [b["text"]["text"] for b in calendars] == ["Add to Google Calendar",
                                                      "Add to Outlook Calendar"]
    assert all(b["url"].startswith("https://") for b in calendars)
    assert f"https://cal.com/booking/{uid}|Open in Cal.com" in text
    # The uid appears only in the small context line, never in the sections.
    sections = [b["text"]["text"] for b in shown["blocks"] if b["type"] == "section"]
    assert not any(uid in s for s in sections)
    may = _action_ids(shown)
    for action in (ids.RESCHEDULE, ids.CHANGE_LOCATION, ids.ADD_GUESTS, ids.CANCEL):
        assert action in may or action.replace("booking_", "") in may
    assert ids.MARK_NOSHOW not in may and "noshow" not in may  # not started yet
    assert ids.REASSIGN not in may and "reassign" not in may  # not round-robin
    assert cal.count("getCalendarLinks") == 1
    assert cal.count("getBookingRecordings") == 0  # not Cal Video, and not started


def test_show_cal_video_has_no_join_link_but_its_recordings_once_started(calbot, cal, clock):
    calbot.connect(ALICE_KEY)
    start = START + timedelta(hours=2)
    uid = cal.add_booking(ALICE_KEY, start, notify=False)
    assert cal.booking(uid).location == "integrations:daily"
    cal.booking(uid).recordings = [{
        "id": "rec1", "roomName": "daily-room", "startTs": 1, "status": "completed",
        "duration": 1700, "shareToken": "tok", "downloadLink": "https://rec.example.com/1"}]
    cal.booking(uid).transcripts = ["https://transcripts.example.com/1"]
    _, token = calbot.side.command(f"show {uid}")
    before = calbot.side.reply(token)
    assert "accessory" not in _block(before, ids.DETAILS_WHERE)  # integrations:daily isn't a link
    assert "Cal Video" in json.dumps(before) and "rec.example.com" not in json.dumps(before)
    clock.advance(timedelta(hours=2, minutes=10))
    _, token = calbot.side.command(f"show {uid}")
    after = json.dumps(calbot.side.reply(token))
    assert "https://rec.example.com/1|Recording 1" in after
    assert "https://transcripts.example.com/1|Transcript 1" in after
    assert "noshow" in after or ids.MARK_NOSHOW in after


def test_show_refuses_a_booking_the_user_has_no_part_in(calbot, cal):
    calbot.connect(BOB_KEY, user=OTHER_USER)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    _, token = calbot.side.command(f"show {uid}", user=OTHER_USER)
    assert "isn't one you host or attend" in calbot.side.reply(token)["text"]
    assert cal.count("getCalendarLinks") == 0


def test_show_without_a_booking_says_how_to_pick_one(calbot):
    calbot.connect(ALICE_KEY)
    answer, _ = calbot.side.command("show")
    assert "Which booking?" in answer.json()["text"]


def test_an_attendee_sees_only_cancel_and_reschedule(calbot, cal):
    calbot.connect(BOB_KEY, user=OTHER_USER)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False, attendee_name="Bob",
                          attendee_email=cal.user(BOB_KEY).email)
    _, token = calbot.side.command(f"show {uid}", user=OTHER_USER)
    may = {a for a in _action_ids(calbot.side.reply(token)) if not a.startswith(ids.OPEN_LINK)}
    assert may == {ids.RESCHEDULE, ids.CANCEL}


# --- the Details button everywhere --------------------------------------------------------

def test_every_listed_booking_has_a_details_button_that_shows_it(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    _, token = calbot.side.command("list")
    listed = calbot.side.reply(token)
    details = [e for b in listed["blocks"] for e in b.get("elements", [])
               if e.get("action_id", "").startswith(ids.DETAILS)]
    assert details and details[0]["value"] == uid
    assert "30 Min Meeting" in details[0]["accessibility_label"]
    _, press = calbot.side.click(details[0]["action_id"], uid, where="ephemeral")
    shown = calbot.side.reply(press)
    assert shown["response_type"] == "ephemeral" and shown.get("replace_original") is False
    assert ids.DETAILS_WHERE in json.dumps(shown)


def test_details_from_the_home_tab_arrives_in_the_dm(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    calbot.side.click(f"{ids.DETAILS}:{uid}", uid, where="home")
    posted = slack.wait_for("chat.postMessage")[0]
    assert posted.params["channel"] == USER and ids.DETAILS_WHERE in json.dumps(posted.params)


def test_the_overflow_menu_opens_the_cancel_form(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    calbot.side.click(f"{ids.MORE}:{uid}", f"cancel|{uid}", where="ephemeral")
    view = opened_view(slack)
    assert view["callback_id"] == ids.CANCEL_VIEW
    assert calbot.meta(view["private_metadata"]).uid == uid


# --- /cal location ------------------------------------------------------------------------

def test_location_takes_a_link_a_phone_or_an_address(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    _, token = calbot.side.command(f"location {uid} <https://meet.example.com/xyz>")
    moved = calbot.side.reply(token)
    assert "Location changed" in moved["text"] and "meet.example.com/xyz" in json.dumps(moved)
    sent = cal.requests_for("updateBookingLocation")
    assert sent[0].body == {"location": {"type": "link", "link": "https://meet.example.com/xyz"}}
    assert sent[0].headers["cal-api-version"] == "2024-08-13"
    calbot.side.command(f"location {uid} +39 02 1234 5678")
    wait_until(lambda: cal.count("updateBookingLocation") == 2, what="second change")
    assert cal.requests_for("updateBookingLocation")[1].body == {
        "location": {"type": "phone", "phone": "+390212345678"}}
    calbot.side.command(f"location {uid} Via Roma 1, Milano")
    # the fake counts a call as it arrives: wait for its effect, not the count
    wait_until(lambda: cal.booking(uid).location == "Via Roma 1, Milano", what="third change")
    assert cal.count("updateBookingLocation") == 3


def test_location_without_where_offers_the_kinds_the_event_type_allows(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    et = cal.add_event_type(ALICE_KEY, "onsite", title="On site", locations=[
        {"type": "address", "address": "HQ", "public": True},
        {"type": "phone", "phone": "+15550100", "public": True}])
    uid = cal.add_booking(ALICE_KEY, later(3), event_type=et, notify=False)
    calbot.side.command(f"location {uid}")
    view = opened_view(slack)
    form = wait_view(slack, view["id"], ids.LOCATION_VIEW)
    kinds = [o["value"] for o in _block(form, ids.LOCATION_KIND)["element"]["options"]]
    assert kinds == ["address", "phone"]
    bad = calbot.side.submit(form, {ids.LOCATION_KIND: "phone", ids.LOCATION_VALUE: "call me"})
    assert bad.json()["response_action"] == "errors" and ids.LOCATION_VALUE in bad.json()[
        "errors"]
    done = calbot.side.submit(form, {ids.LOCATION_KIND: "address",
                                     ids.LOCATION_VALUE: "Via Roma 1"})
    assert done.json()["response_action"] == "update"
    assert cal.booking(uid).location == "Via Roma 1"
    assert cal.requests_for("getEventTypeById")[0].headers["cal-api-version"] == "2024-06-14"


def test_change_location_button_opens_the_form(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    calbot.side.click(ids.CHANGE_LOCATION, uid, where="ephemeral")
    view = opened_view(slack)
    form = wait_view(slack, view["id"], ids.LOCATION_VIEW)
    kinds = [o["value"] for o in _block(form, ids.LOCATION_KIND)["element"]["options"]]
    assert kinds == ["link"]  # the default event types offer Cal Video: a meeting link


# --- /cal guests --------------------------------------------------------------------------

def test_guests_are_added_at_most_ten_at_once(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    _, token = calbot.side.command(f"guests {uid} <mailto:bob@example.com|bob@example.com> "
                                   "eve@example.com")
    added = calbot.side.reply(token)
    assert "Guests added (2)" in added["text"]
    assert cal.requests_for("addGuests")[0].body == {
        "guests": [{"email": "bob@example.com"}, {"email": "eve@example.com"}]}
    assert cal.booking(uid).guests == ["bob@example.com", "eve@example.com"]
    many = " ".join(f"g{i}@example.com" for i in range(11))
    _, token = calbot.side.command(f"guests {uid} {many}")
    assert "at most 10 guests" in calbot.side.reply(token)["text"]
    assert cal.count("addGuests") == 1
    # The button and its form.
    calbot.side.click(ids.ADD_GUESTS, uid, where="ephemeral")
    form = wait_view(slack, opened_view(slack)["id"], ids.GUESTS_VIEW)
    bad = calbot.side.submit(form, {ids.GUEST_EMAILS: "not-an-email"})
    assert ids.GUEST_EMAILS in bad.json()["errors"]
    done = calbot.side.submit(form, {ids.GUEST_EMAILS: "dan@example.com, eve@example.com"})
    assert done.json()["response_action"] == "update"
    assert cal.booking(uid).guests[-1] == "dan@example.com"


# --- /cal noshow --------------------------------------------------------------------------

def test_noshow_is_refused_politely_before_the_start(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    _, token = calbot.side.command(f"noshow {uid} guest@example.com")
    assert "hasn't started yet" in calbot.side.reply(token)["text"]
    assert cal.count("markNoShow") == 0


def test_noshow_marks_named_attendees_or_the_host(calbot, cal, clock):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, START + timedelta(minutes=30), notify=False,
                          attendee_name="Jane Doe", attendee_email="jane@example.com")
    clock.advance(timedelta(minutes=40))
    _, token = calbot.side.command(f"noshow {uid} jane@example.com")
    marked = calbot.side.reply(token)
    assert "Jane Doe" in json.dumps(marked) and "absent" in json.dumps(marked)
    assert cal.requests_for("markNoShow")[0].body == {
        "attendees": [{"email": "jane@example.com", "absent": True}]}
    _, token = calbot.side.command(f"noshow {uid} host")
    calbot.side.reply(token)
    assert cal.requests_for("markNoShow")[1].body == {"host": True}
    _, token = calbot.side.command(f"noshow {uid} stranger@example.com")
    assert "isn't on that booking" in calbot.side.reply(token)["text"]


def test_noshow_checklist_unticking_marks_present_again(calbot, slack, cal, clock):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, START + timedelta(minutes=30), notify=False,
                          attendee_name="Jane Doe", attendee_email="jane@example.com")
    cal.booking(uid).guests.append("bob@example.com")
    cal.booking(uid).absent.add("jane@example.com")
    clock.advance(timedelta(minutes=40))
    calbot.side.command(f"noshow {uid}")
    form = wait_view(slack, opened_view(slack)["id"], ids.NOSHOW_VIEW)
    box = _block(form, ids.ABSENT)["element"]
    assert [o["value"] for o in box["options"]] == ["jane@example.com", "bob@example.com",
                                                    "host"]
    assert [o["value"] for o in box["initial_options"]] == ["jane@example.com"]
    done = calbot.side.submit(form, {ids.ABSENT: ["bob@example.com"]})
    assert done.json()["response_action"] == "update"
    assert cal.requests_for("markNoShow")[0].body == {"host": False, "attendees": [
        {"email": "jane@example.com", "absent": False},
        {"email": "bob@example.com", "absent": True}]}
    assert cal.booking(uid).absent == {"bob@example.com"}


def test_noshow_button_before_the_start_says_so_in_the_form(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    calbot.side.click(ids.MARK_NOSHOW, uid, where="ephemeral")
    view = opened_view(slack)
    said = wait_until(lambda: "hasn't started yet" in json.dumps(slack.views[view["id"]]),
                      what="the refusal in the modal")
    assert said


# --- /cal reassign ------------------------------------------------------------------------

def _round_robin(cal):
    return cal.add_event_type(ALICE_KEY, "team-intro", title="Team intro",
                              scheduling_type="roundRobin", hosts=[ALICE_KEY, BOB_KEY])


def test_reassign_is_for_round_robin_only(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False)
    _, token = calbot.side.command(f"reassign {uid}")
    assert "Only round-robin bookings" in calbot.side.reply(token)["text"]
    assert cal.count("reassignBooking") == 0


def test_reassign_lets_calcom_pick_or_names_a_connected_teammate(calbot, cal):
    calbot.connect(ALICE_KEY)
    bob = cal.user(BOB_KEY)
    calbot.store.save_connection(calbot.team, OTHER_USER, BOB_KEY, None,
                                 calcom_user_id=bob.id, calcom_email=bob.email)
    et = _round_robin(cal)
    first = cal.add_booking(ALICE_KEY, later(3), event_type=et, notify=False)
    _, token = calbot.side.command(f"show {first}")
    assert ids.REASSIGN in json.dumps(calbot.side.reply(token))
    _, token = calbot.side.command(f"reassign {first}")
    done = calbot.side.reply(token)
    assert "hosted by Bob" in json.dumps(done)
    assert cal.requests_for("reassignBooking")[0].body is None
    second = cal.add_booking(ALICE_KEY, later(4), event_type=et, notify=False)
    _, token = calbot.side.command(f"reassign {second} <@{OTHER_USER}|bob> out sick")
    calbot.side.reply(token)
    sent = cal.requests_for("reassignBookingToUser")[0]
    assert sent.path.endswith(f"/reassign/{bob.id}") and sent.body == {"reason": "out sick"}
    assert cal.booking(second).owner_key == BOB_KEY
    third = cal.add_booking(ALICE_KEY, later(5), event_type=et, notify=False)
    _, token = calbot.side.command(f"reassign {third} nobody@example.com")
    assert "can't find nobody@example.com" in calbot.side.reply(token)["text"]


def test_reassign_button_opens_a_form_that_reassigns(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), event_type=_round_robin(cal), notify=False)
    calbot.side.click(ids.REASSIGN, uid, where="ephemeral")
    form = wait_view(slack, opened_view(slack)["id"], ids.REASSIGN_VIEW)
    bad = calbot.side.submit(form, {ids.NEW_HOST: "bob at example"})
    assert ids.NEW_HOST in bad.json()["errors"]
    done = calbot.side.submit(form, {})
    assert done.json()["response_action"] == "update"
    assert cal.booking(uid).owner_key == BOB_KEY
