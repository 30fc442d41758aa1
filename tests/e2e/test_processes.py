"""Several ``calbot run`` processes on one PostgreSQL serve one Slack app exactly once; two on
one SQLite file are refused. Real subprocesses, the fake Slack, a throwaway PostgreSQL."""

from __future__ import annotations

import collections
import time
from datetime import UTC, datetime
from pathlib import Path

from cryptography.fernet import Fernet

from bot.instance_lock import InstanceLock
from storage import Store
from tests.e2e.harness import SlackSide, wait_until
from tests.e2e.processes import CalbotProcess, calbot_env
from tests.fakes.slack import FakeSlack
from tests.pg import postgres  # noqa: F401

CHANNELS = 40
PER_CHANNEL = 5  # 200 notices
LEASE_S = 5


def _burst(store: Store, team: str) -> list[str]:
    texts: list[str] = []
    with store.transaction():
        for n in range(PER_CHANNEL):
            for c in range(CHANNELS):
                text = f"notice {c}-{n}"
                texts.append(text)
                store.enqueue(team, f"C{c:08d}", {
                    "kind": "notice", "user": "U0SUBSCRIB", "uid": f"uid-{c}-{n}",
                    "thread_uids": [], "message": {"text": text}}, f"burst:{c}:{n}",
                    user_id="U0SUBSCRIB")
    return texts


def _posted(slack: FakeSlack) -> collections.Counter[str]:
    return collections.Counter(
        str(m.get("text")) for c in range(CHANNELS) for m in slack.messages_in(f"C{c:08d}"))


def test_two_processes_on_postgresql_post_each_notice_once_through_a_kill(
        postgres, tmp_path: Path) -> None:  # noqa: F811
    # The processes read the real clock (a subprocess takes no clock); so do message ts here,
    # as in Slack: a process taking over looks for a lost post from its claim time on.
    slack = FakeSlack(clock=lambda: datetime.now(UTC)).start()
    try:
        for c in range(CHANNELS):
            slack.set_channel(f"C{c:08d}", name=f"burst-{c}")
        url = postgres.new_database()
        key = Fernet.generate_key().decode()
        env = calbot_env(slack, url, CALBOT_SECRET_KEY=key,
                         CALBOT_LEASE_SECONDS=str(LEASE_S))
        first = CalbotProcess(env, tmp_path, tmp_path / "first.log", wait=False)
        second = CalbotProcess(env, tmp_path, tmp_path / "second.log", wait=False)
        first.wait_healthy()
        second.wait_healthy()
        sides = [SlackSide(p.url, slack, slack.team_id) for p in (first, second)]
        for n in range(6):  # requests alternate between the processes: each answers
            response, _ = sides[n % 2].command("help")
            assert response.status_code == 200, response.text
            assert "/cal connect" in response.json()["text"]
        slack.fail_next("chat.postMessage", retry_after=1, times=6)  # Slack's 429s
        with Store(url, key) as store:
            texts = _burst(store, slack.team_id)
            wait_until(lambda: sum(_posted(slack).values()) >= 60, 30, "a third posted")
            first.kill()  # kill -9 in the middle of the burst
            killed_at = time.monotonic()
            wait_until(lambda: sum(_posted(slack).values()) >= len(texts), 90,
                       "every notice posted by the survivor", poll=0.1)
            assert time.monotonic() - killed_at < 90
            posted = _posted(slack)
            assert set(posted) == set(texts)  # 0 lost
            assert [t for t, n in posted.items() if n > 1] == []  # 0 duplicated
            counts, _ = store.outbox_stats()
            assert counts == {"sent": len(texts)}
        rate_limited = [c for c in slack.calls_to("chat.postMessage") if c.status == 429]
        assert len(rate_limited) == 6
        looked = slack.calls_to("conversations.history")  # only for what the killed one held
        assert len(looked) <= 40, len(looked)
        assert second.terminate(timeout=10) == 0  # SIGTERM: exit 0 within 10 s
    finally:
        slack.stop()


def test_a_second_process_on_one_sqlite_file_refuses_to_start(tmp_path: Path) -> None:
    with FakeSlack() as slack:
        env = calbot_env(slack, str(tmp_path / "calbot.db"))
        first = CalbotProcess(env, tmp_path, tmp_path / "first.log")
        second = CalbotProcess(env, tmp_path, tmp_path / "second.log", wait=False)
        assert second.proc.wait(30) == 1
        said = second.output()
        assert "Another calbot is already running on the SQLite database" in said
        assert "calbot.db.lock" in said and "PostgreSQL" in said
        assert first.terminate() == 0
        InstanceLock(tmp_path / "calbot.db").acquire().release()  # the lock went with it
