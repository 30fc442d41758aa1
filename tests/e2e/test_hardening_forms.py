"""Issue 10, points 3b, 3c, 5 and 7 end to end: forms book once, text arrives as typed, and
what calbot carries through Slack is authenticated."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from blockkit import ids
from tests.e2e.harness import USER
from tests.e2e.test_slack_flows import later, opened_view, wait_view
from tests.fakes.calcom import ALICE_KEY


def test_a_cancel_reason_reaches_calcom_as_typed_and_shows_escaped(calbot, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(5), notify=False)
    # `/cal cancel <uid> Tom & Jerry <3`, as Slack sends it
    _, token = calbot.side.command(f"cancel {uid} Tom &amp; Jerry &lt;3")
    reply = calbot.side.reply(token)
    assert cal.requests_for("cancelBooking")[0].body["cancellationReason"] == "Tom & Jerry <3"
    assert "Tom &amp; Jerry &lt;3" in json.dumps(reply["blocks"])


# --- 7: private_metadata and button values are authenticated ---------------------------------

def test_tampered_metadata_is_refused_and_nothing_is_done(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    uid = cal.add_booking(ALICE_KEY, later(5), notify=False)
    calbot.side.command(f"cancel {uid}")
    view = opened_view(slack)
    signed = view["private_metadata"]
    assert calbot.meta(signed).uid == uid
    # Another user's DM to overwrite, and a response_url the attacker reads:
    evil = {"uid": uid, "ch": "D0OTHERDM1", "ts": "1700000000.000100",
            "r": slack.response_url("attacker")}
    mac = signed.rpartition(".")[2]
    for forged in (json.dumps(evil), json.dumps(evil) + "." + mac):
        answer = calbot.side.submit({**view, "private_metadata": forged},
                                    {ids.REASON: "conflict"})
        assert answer.status_code == 200
        assert answer.json()["response_action"] == "update"
        assert "nothing was done" in json.dumps(answer.json()["view"])
    assert cal.count("cancelBooking") == 0 and cal.booking(uid).status != "cancelled"
    assert slack.calls_to("chat.update") == [] and slack.responses_for("attacker") == []


def test_a_tampered_slot_button_is_refused_in_one_sentence(calbot, slack, cal):
    calbot.connect(ALICE_KEY)
    answer, token = calbot.side.click(f"{ids.BOOK_SLOT}:0", "11|2026-12-01 10:00")
    assert answer.status_code == 200
    told = calbot.side.reply(token)
    assert "nothing was done" in told["text"]
    assert slack.calls_to("views.open") == [] and cal.count("createBooking") == 0


# --- 3c: a booking form books at most once ---------------------------------------------------

def booking_form_at_the_last_press(calbot, slack, cal, start=None) -> tuple[str, dict, dict]:
    """The booking modal with a free time typed and shown back: the next press books.
    Returns (view id, the form as shown, its values)."""
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="UTC")
    start = start or later(3, 11)
    calbot.side.command("book")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    view = wait_view(slack, view_id, ids.BOOK_VIEW)
    values = {ids.EVENT_TYPE: str(cal.event_type_id(ALICE_KEY, "30min")),
              ids.WHEN: start.strftime("%Y-%m-%d %H:%M"), ids.ATTENDEE_EMAIL: "jane@example.com"}
    preview = calbot.side.submit(view, values).json()["view"]
    return view_id, {**preview, "id": view_id}, values


def outcome_of(answer) -> str:
    return json.dumps(answer.json().get("view") or answer.json())


def test_the_same_form_sent_fifty_times_at_once_books_once(calbot, slack, cal):
    _, shown, values = booking_form_at_the_last_press(calbot, slack, cal)
    with ThreadPoolExecutor(50) as pool:
        answers = list(pool.map(lambda _: calbot.side.submit(shown, values), range(50)))
    assert cal.count("createBooking") == 1
    outcomes = [outcome_of(a) for a in answers]
    assert sum("Booked" in o for o in outcomes) == 1
    assert sum("already sent" in o for o in outcomes) == 49
    # …and a replay of the final submission later still books nothing more
    replay = calbot.side.submit(shown, values)
    assert "already sent" in outcome_of(replay) and cal.count("createBooking") == 1


def test_a_refused_booking_gives_the_form_back_and_an_unknown_outcome_keeps_it(calbot, slack,
                                                                               cal):
    start = later(3, 12)
    taken = cal.add_booking(ALICE_KEY, start, notify=False)
    _, shown, values = booking_form_at_the_last_press(calbot, slack, cal, start)
    refused = calbot.side.submit(shown, values).json()
    assert refused["response_action"] == "errors"  # Cal.com said no: nothing was booked…
    cal.cancel_elsewhere(taken)
    booked = calbot.side.submit(shown, values)  # …so the same form may book once fixed
    assert "Booked" in outcome_of(booked) and cal.count("createBooking") == 2

    _, shown, values = booking_form_at_the_last_press(calbot, slack, cal, later(4, 12))
    cal.fail_next(status=502, path="^/v2/bookings$")
    unknown = calbot.side.submit(shown, values)  # the booking may exist: it stays claimed
    assert "Booked" not in outcome_of(unknown), outcome_of(unknown)
    again = calbot.side.submit(shown, values)
    assert "already sent" in outcome_of(again)
