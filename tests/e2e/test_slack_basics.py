"""The app over real HTTP: signatures, help, and the commands that only read."""

import time

from tests.clock import START
from tests.fakes.calcom import ALICE_KEY


def test_bad_signature_is_401_and_does_nothing(calbot, slack, cal):
    body, token, _ = calbot.side.command_body("list")
    answer = calbot.side.post(body, "application/x-www-form-urlencoded", secret="wrong-secret")
    assert answer.status_code == 401
    stale = calbot.side.post(body, "application/x-www-form-urlencoded",
                             timestamp=str(int(time.time()) - 600))
    assert stale.status_code == 401
    time.sleep(0.2)  # give a wrongly accepted request time to show side effects
    assert calbot.side.replies(token) == []
    assert cal.requests == []


def test_help_is_ephemeral_and_lists_every_subcommand(calbot):
    answer, _ = calbot.side.command("help")
    assert answer.status_code == 200
    text = answer.json()["text"]
    assert answer.json().get("response_type", "ephemeral") == "ephemeral"
    for word in ("connect", "disconnect", "book", "list", "cancel", "reschedule", "pending",
                 "slots", "notify"):
        assert f"/cal {word}" in text


def test_not_connected_is_told_to_connect(calbot, cal):
    answer, _ = calbot.side.command("list")
    assert "/cal connect" in answer.json()["text"]
    assert cal.requests == []


def test_list_shows_bookings_after_a_loading_ack(calbot, cal):
    calbot.connect(ALICE_KEY)
    from datetime import timedelta

    start = (START + timedelta(days=2)).replace(hour=10, minute=0, second=0,
                                                          microsecond=0)
    uid = cal.add_booking(ALICE_KEY, start, attendee_name="Jane Doe",
                          attendee_email="jane@example.com")
    answer, token = calbot.side.command("list")
    assert "Fetching" in answer.json()["text"]
    reply = calbot.side.reply(token)
    assert reply["replace_original"] is True
    text = str(reply["blocks"])
    assert uid in text and "Jane Doe" in text and "<!date^" in text
    assert cal.count("getBookings") == 1
    assert all(r.headers.get("cal-api-version") == "2024-08-13"
               for r in cal.requests_for("getBookings"))
