"""calbot in the user's Slack language, end to end over HTTP: help, the booking modal, refusals
and the confirmation in German and Japanese, times typed in that language (or in English)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from blockkit import ids
from tests.clock import START
from tests.e2e.harness import USER, wait_until
from tests.fakes.calcom import ALICE_KEY

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
TOKYO_KEY = "cal_test_kenji_000000000000000000000face"


def book_view(calbot, slack) -> dict:
    calbot.side.command("book")
    view_id = slack.wait_for("views.open")[0].response["view"]["id"]
    return wait_until(lambda: slack.views[view_id]["callback_id"] == ids.BOOK_VIEW
                      and slack.views[view_id], what="the booking form")


def booked_start(cal) -> datetime:
    sent = cal.requests_for("createBooking")[-1].body
    assert sent["start"].endswith("Z")
    return datetime.fromisoformat(sent["start"].replace("Z", "+00:00"))


def book(calbot, slack, cal, key: str, when: str) -> tuple[dict, dict, datetime]:
    """Type `when` into the booking form, see it shown back, press Book: (the preview view,
    the outcome view, the start Cal.com was sent)."""
    view = book_view(calbot, slack)
    values = {ids.EVENT_TYPE: str(cal.event_type_id(key, "30min")), ids.WHEN: when,
              ids.ATTENDEE_EMAIL: "jane@example.com"}
    first = calbot.side.submit(view, values).json()
    assert first["response_action"] == "update", first
    second = calbot.side.submit({**first["view"], "id": view["id"]}, values).json()
    assert second["response_action"] == "update", second
    return first["view"], second["view"], booked_start(cal)


def every_day(cal, key: str) -> None:
    """The host works every day: "tomorrow" is bookable whatever day START is."""
    cal.state.users[key].work_days = frozenset(range(7))


def german(calbot, slack, cal) -> None:
    calbot.connect(ALICE_KEY)
    every_day(cal, ALICE_KEY)
    slack.set_user(USER, tz="Europe/Berlin", locale="de-DE")


def test_a_german_users_help_is_german(calbot, slack):
    slack.set_user(USER, tz="Europe/Berlin", locale="de-DE")
    answer, _ = calbot.side.command("help")
    text = answer.json()["text"]
    assert "verwaltet deine Cal.com-Buchungen" in text
    assert "eine Buchung absagen" in text and "`/cal cancel <booking> [reason]`" in text


def test_a_german_user_books_morgen_um_15_uhr_in_german(calbot, slack, cal):
    german(calbot, slack, cal)
    view = book_view(calbot, slack)
    # Until a time reads, the button says what it does: check the time.
    assert view["title"]["text"] == "Termin buchen" and view["submit"]["text"] == "Zeit prüfen"
    assert view["close"]["text"] == "Abbrechen"
    labels = [b["label"]["text"] for b in view["blocks"] if b["type"] == "input"]
    assert labels[:2] == ["Terminart", "Wann"]

    # A refusal, in German: a time in the past, and an attendee that isn't an email.
    values = {ids.EVENT_TYPE: str(cal.event_type_id(ALICE_KEY, "30min")),
              ids.WHEN: "gestern 15 Uhr", ids.ATTENDEE_EMAIL: "keine-mail"}
    refused = calbot.side.submit(view, values).json()
    assert refused["response_action"] == "errors"
    assert "liegt in der Vergangenheit" in refused["errors"][ids.WHEN]
    assert "Gib die E-Mail des Teilnehmers ein" in refused["errors"][ids.ATTENDEE_EMAIL]
    assert cal.count("createBooking") == 0

    shown, outcome, start = book(calbot, slack, cal, ALICE_KEY, "morgen um 15 Uhr")
    preview = json.dumps(shown, ensure_ascii=False)
    tomorrow = (START.astimezone(BERLIN) + timedelta(days=1)).date()
    zone = datetime.combine(tomorrow, time(15), BERLIN).tzname()  # CET or CEST
    assert f"15:00 {zone} — zum Bestätigen auf Buchen drücken" in preview
    local = start.astimezone(BERLIN)
    assert (local.date(), local.hour, local.minute) == (tomorrow, 15, 0)
    done = json.dumps(outcome, ensure_ascii=False)
    assert outcome["title"]["text"] == "Gebucht" and ":white_check_mark: Gebucht:" in done
    assert " mit " in done and "bestätigt" in done and "{date_short_pretty} um {time}" in done


def test_a_german_user_may_type_english(calbot, slack, cal):
    german(calbot, slack, cal)
    _, outcome, start = book(calbot, slack, cal, ALICE_KEY, "tomorrow 4pm")
    assert start.astimezone(BERLIN).hour == 16
    assert "Gebucht" in json.dumps(outcome, ensure_ascii=False)


def test_a_german_users_command_refusal_is_german(calbot, slack):
    slack.set_user(USER, tz="Europe/Berlin", locale="de-DE")
    answer, _ = calbot.side.command("list")
    assert answer.json()["text"].startswith("Du hast Cal.com noch nicht verbunden")


def japanese(calbot, slack, cal) -> None:
    # A Cal.com host in Tokyo, so 15:00 there is inside working hours.
    cal.add_user(TOKYO_KEY, username="kenji", time_zone="Asia/Tokyo")
    calbot.connect(TOKYO_KEY)
    every_day(cal, TOKYO_KEY)
    slack.set_user(USER, tz="Asia/Tokyo", locale="ja-JP")


def test_a_japanese_user_books_with_ashita_no_15ji(calbot, slack, cal):
    japanese(calbot, slack, cal)
    shown, outcome, start = book(calbot, slack, cal, TOKYO_KEY, "明日の15時")
    tomorrow = (START.astimezone(TOKYO) + timedelta(days=1)).date()
    local = start.astimezone(TOKYO)
    assert (local.date(), local.hour, local.minute) == (tomorrow, 15, 0)
    assert "15:00 JST — 「予約する」を押して確定" in json.dumps(shown, ensure_ascii=False)
    assert ":white_check_mark: 予約しました:" in json.dumps(outcome, ensure_ascii=False)


def test_a_japanese_user_may_type_english(calbot, slack, cal):
    japanese(calbot, slack, cal)
    _, outcome, start = book(calbot, slack, cal, TOKYO_KEY, "tomorrow 4pm")
    assert start.astimezone(TOKYO).hour == 16 and start.tzinfo == UTC
    assert "予約しました" in json.dumps(outcome, ensure_ascii=False)
