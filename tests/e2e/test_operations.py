"""Running it like a service: /readyz, /metrics, log formats, HOST, and a stop that finishes
the work in flight and hands back its leases."""

from __future__ import annotations

import io
import json
import logging
import threading

import httpx
from prometheus_client.parser import text_string_to_metric_families

from blockkit import ids
from bot.logs import configure
from bot.readiness import Readiness
from tests.e2e.harness import USER, make_tomorrow_a_workday, wait_until
from tests.e2e.test_slack_flows import opened_view, wait_view
from tests.fakes.calcom import ALICE_KEY


def _series(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_readyz_says_ready_and_metrics_count_slack_calcom_and_notices(calbot, slack, cal):
    ready = httpx.get(f"{calbot.url}/readyz")
    assert ready.status_code == 200 and ready.json()["not_ready"] == []
    calbot.connect(ALICE_KEY)
    answer, token = calbot.side.command("list")
    assert answer.status_code == 200
    calbot.side.reply(token)
    calbot.store.enqueue(calbot.team, "C0METRICS1", {"kind": "notice", "message": {
        "text": "hello"}, "thread_uids": []}, "metrics:1")
    scraped = httpx.get(f"{calbot.url}/metrics")
    assert scraped.headers["content-type"].startswith("text/plain")
    series = _series(scraped.text)
    assert series[("calbot_slack_requests_total", (("kind", "command"),))] == 1
    assert series[("calbot_slack_ack_seconds_count", (("kind", "command"),))] == 1
    calcom = {labels: v for (name, labels), v in series.items()
              if name == "calbot_calcom_requests_total"}
    assert calcom, series
    assert ("calbot_notices", (("status", "queued"),)) in series
    assert ("calbot_notices_oldest_queued_seconds", ()) in series
    assert ("calbot_poller_lag_seconds", ()) in series
    assert ALICE_KEY not in scraped.text


def test_readiness_names_what_is_not_ready(calbot, engine):
    store = calbot.store
    assert Readiness(store).problems() == []
    assert Readiness(store, socket_connected=lambda: False).problems() == [
        "socket mode: not connected"]
    table = "_sqlite_migrations" if engine == "sqlite" else "schema_migrations"
    store.engine.execute(f"DELETE FROM {table} WHERE name = ?", ("0004_ops_leases_audit",))
    assert Readiness(store).problems() == ["migrations: not applied: 0004_ops_leases_audit"]
    stopping = threading.Event()
    stopping.set()
    assert Readiness(store, accepting=lambda: not stopping.is_set()).problems()[0] == "stopping"


def test_a_stop_finishes_the_booking_being_made_and_tells_its_user(calbot, slack, cal, clock):
    make_tomorrow_a_workday(clock)
    calbot.connect(ALICE_KEY)
    slack.set_user(USER, tz="Europe/Rome")
    _, token = calbot.side.command("book 30min tomorrow 3pm with jane@example.com")
    view = wait_view(slack, opened_view(slack)["id"], ids.BOOK_VIEW)
    cal.slow(1.0, path="/v2/bookings$", times=1)
    done: dict[str, httpx.Response] = {}
    submit = threading.Thread(target=lambda: done.setdefault("r", calbot.side.submit(view, {})))
    submit.start()
    wait_until(lambda: cal.count("createBooking") == 1, 5, "the booking request")
    owner = calbot.runtime.services.notices.owner
    assert calbot.store.take_lease("poll:T:U", owner, 60)
    calbot.runtime.stop()  # SIGTERM's path, while Cal.com is still making the booking
    submit.join(5)
    assert done["r"].status_code == 200 and "Booked" in json.dumps(done["r"].json())
    assert "Booked" in calbot.side.reply(token)["text"]  # the user is told
    assert calbot.store.lease_holder("poll:T:U") is None  # leases handed back


def test_json_logs_are_one_object_a_line_without_keys():
    stream = io.StringIO()
    handler = configure("json", "INFO", stream)
    try:
        logging.getLogger("calbot.test").info("connected with cal_live_abcdefgh12345678")
        logging.getLogger("calbot.test").debug("not shown")
    finally:
        logging.getLogger().removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(x["level"], x["logger"]) for x in lines] == [("INFO", "calbot.test")]
    assert "cal_live_abcdefgh" not in lines[0]["message"] and lines[0]["time"]
