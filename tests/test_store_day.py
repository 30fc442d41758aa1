"""The day tables' contract on both engines (SQLite and a throwaway PostgreSQL): settings, the
daily claim, the reminder queue's leases, and forgetting."""

from __future__ import annotations

import threading
from datetime import timedelta

from storage import Store
from tests import test_store_contract as contract
from tests.clock import TestClock
from tests.pg import postgres  # noqa: F401  (the session fixture)

# The contract suite's fixtures: each test runs on SQLite and on PostgreSQL.
engine, database, key, clock, store = (contract.engine, contract.database, contract.key,
                                       contract.clock, contract.store)

T, U = "T1", "U1"


def test_settings_default_off_and_change(store: Store):
    assert store.day_settings(T, U).agenda_at is None
    assert store.day_settings(T, U).remind_min is None
    store.set_agenda(T, U, "08:30")
    store.set_remind(T, U, 10)
    store.set_time_zone(T, U, "Asia/Kolkata")
    got = store.day_settings(T, U)
    assert (got.agenda_at, got.remind_min, got.time_zone) == ("08:30", 10, "Asia/Kolkata")
    assert [s.user_id for s in store.day_users()] == [U]
    store.set_agenda(T, U, None)
    store.set_remind(T, U, None)
    assert store.day_users() == []


def test_the_daily_run_is_claimed_once_per_local_date(store: Store, clock: TestClock):
    store.set_agenda(T, U, "08:30")
    assert store.claim_daily(T, U, "2026-11-23", 60)
    assert not store.claim_daily(T, U, "2026-11-23", 60)  # held
    store.finish_daily(T, U, "2026-11-23")
    assert not store.claim_daily(T, U, "2026-11-23", 60)  # done
    assert store.claim_daily(T, U, "2026-11-24", 60)
    clock.advance(timedelta(seconds=61))
    assert store.claim_daily(T, U, "2026-11-24", 60)  # its worker died: the lease ran out


def test_reminders_plan_move_void_and_lease(store: Store, clock: TestClock):
    now = clock.timestamp()
    start = now + 3600
    assert store.plan_reminder(T, U, "b1", start, start - 600, {"uid": "b1"})
    assert not store.plan_reminder(T, U, "b1", start, start - 600, {"uid": "b1"})  # known
    moved = start + 1800
    assert store.plan_reminder(T, U, "b1", moved, moved - 600, {"uid": "b1"})
    rows = {r.start_at: r.status for r in store.reminders_of(T, U)}
    assert rows == {start: "void", moved: "queued"}
    store.set_remind(T, U, 30)  # a new lead time moves what is queued
    assert [r.due_at for r in store.reminders_of(T, U) if r.status == "queued"] == [
        moved - 1800]
    clock.set(clock() + timedelta(seconds=moved - 1800 - now))
    first = store.claim_reminders("w1", 60)
    assert [r.uid for r in first] == ["b1"] and store.claim_reminders("w2", 60) == []
    assert not store.settle_reminder(first[0], "sent", "w2")  # not its lease
    assert store.settle_reminder(first[0], "sent", "w1")
    assert store.claim_reminders("w2", 60) == []
    # Sent stays sent, even if the same start is seen again.
    assert not store.plan_reminder(T, U, "b1", moved, moved - 600, {"uid": "b1", "x": 1})
    assert store.void_reminders(T, "b1") == 0


def test_concurrent_workers_never_get_the_same_reminder(store: Store, clock: TestClock):
    now = clock.timestamp()
    for i in range(60):
        store.plan_reminder(T, U, f"b{i}", now + 600 + i, now - 1, {"uid": f"b{i}"})
    got: list[str] = []
    lock = threading.Lock()

    def work(owner: str) -> None:
        while claimed := store.claim_reminders(owner, 60, limit=7):
            for r in claimed:
                if store.settle_reminder(r, "sent", owner):
                    with lock:
                        got.append(r.uid)

    threads = [threading.Thread(target=work, args=(f"w{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(got) == sorted(f"b{i}" for i in range(60))


def test_forgetting_a_user_drops_their_day(store: Store, clock: TestClock):
    store.set_agenda(T, U, "08:30")
    store.plan_reminder(T, U, "b1", clock.timestamp() + 900, clock.timestamp(), {"uid": "b1"})
    store.forget_user(T, U)
    assert store.day_users() == [] and store.reminders_of(T) == []
    store.set_remind(T, "U2", 5)
    store.forget_team(T)
    assert store.day_users() == []


def test_changed_bookings_page_by_keyset(store: Store):
    for i in range(5):
        store.remember_booking(T, U, {"uid": f"b{i}"})
    first = store.bookings_changed_since(0.0, ("", ""), 3)
    last = first[-1]
    rest = store.bookings_changed_since(last.updated_at, (last.team_id, last.uid), 3)
    assert [b.uid for b in first + rest] == [f"b{i}" for i in range(5)]


def test_old_reminders_are_pruned(store: Store, clock: TestClock):
    now = clock.timestamp()
    store.plan_reminder(T, U, "old", now - 8 * 86400, now - 8 * 86400 - 600, {"uid": "old"})
    store.plan_reminder(T, U, "new", now + 600, now, {"uid": "new"})
    assert store.prune_reminders(now - 7 * 86400) == 1
    assert [r.uid for r in store.reminders_of(T)] == ["new"]
