"""Messages people can read (issue 11, point 3), end to end over HTTP: texts that stand alone,
the installed command name, the booking form's "Check time", and the Home tab."""

from __future__ import annotations

import json
from datetime import timedelta

from blockkit import ids
from tests.clock import START
from tests.e2e.harness import USER, wait_until
from tests.e2e.test_slack_flows import later, opened_view, wait_view
from tests.fakes.calcom import ALICE_KEY


def test_the_list_text_is_a_sentence_and_uids_stay_in_the_small_line(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(3), notify=False, attendee_name="Jane Doe")
    _, token = calbot.side.command("list")
    listed = calbot.side.reply(token)
    assert listed["text"].startswith("1 upcoming booking — first: 30 Min Meeting")
    assert "Jane Doe" in listed["text"] and "<!date^" in listed["text"]
    sections = [b["text"]["text"] for b in listed["blocks"] if b["type"] == "section"]
    assert not any(uid in s for s in sections)
    small = [b for b in listed["blocks"] if b["type"] == "context"]
    assert any(f"/booking/{uid}|Open in Cal.com" in json.dumps(b) for b in small)


def test_errors_name_the_command_as_installed(calbot):
    answer, _ = calbot.side.command("list", command="/meet")
    text = answer.json()["text"]
    assert "`/meet connect`" in text and "/cal" not in text


def test_the_booking_form_says_check_time_until_a_time_reads(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="Europe/Rome")
    calbot.side.command("book")
    view = wait_view(slack, opened_view(slack)["id"], ids.BOOK_VIEW)
    assert view["submit"]["text"] == "Check time"
    when = next(b for b in view["blocks"] if b.get("block_id") == ids.WHEN)["element"]
    assert "on_character_entered" in when["dispatch_action_config"]["trigger_actions_on"]
    checked = calbot.side.submit(view, {ids.EVENT_TYPE: str(cal.event_type_id(ALICE_KEY,
                                                                              "30min")),
                                        ids.WHEN: "tomorrow 3pm",
                                        ids.ATTENDEE_EMAIL: "jane@example.com"})
    shown = checked.json()["view"]
    assert shown["submit"]["text"] == "Book" and ":calendar:" in json.dumps(shown)
    assert cal.count("createBooking") == 0


def test_home_lists_no_ended_booking_shows_zone_channels_and_disconnects(calbot, slack, cal,
                                                                        clock):
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="Europe/Rome")
    calbot.store.subscribe(calbot.team, USER, "C0NOTIFY1", {"cancelled"})
    ended = cal.add_booking(ALICE_KEY, START + timedelta(minutes=30), notify=False)
    ahead = cal.add_booking(ALICE_KEY, later(3), notify=False)
    clock.advance(timedelta(hours=1, minutes=5))
    cal.booking(ended).end = START + timedelta(hours=1)  # over, though Cal.com lists it
    cal.booking(ended).start = START + timedelta(minutes=30)
    calbot.side.event({"type": "app_home_opened", "user": USER, "channel": "D0HOME",
                       "tab": "home", "event_ts": "1.2"})
    home = wait_until(lambda: ahead in json.dumps(slack.home_views.get(USER))
                      and slack.home_views[USER], what="home with bookings")
    text = json.dumps(home)
    assert "Europe/Rome" in text and "<#C0NOTIFY1>: cancelled" in text
    assert ended not in text
    disconnect = next(e for b in home["blocks"] if b.get("block_id") == ids.HOME_ACTIONS
                      for e in b["elements"] if e["action_id"] == ids.OPEN_DISCONNECT)
    assert disconnect["confirm"]["confirm"]["text"] == "Disconnect"
    calbot.side.click(ids.OPEN_DISCONNECT, "", where="home", view=home)
    wait_until(lambda: ids.OPEN_CONNECT in json.dumps(slack.home_views.get(USER))
               and ids.OPEN_BOOK not in json.dumps(slack.home_views.get(USER)),
               what="home shows the disconnected state")
    assert calbot.store.connection(calbot.team, USER) is None
    assert calbot.store.subscriptions(calbot.team, USER) == []
