"""The store's pieces for several processes and for operators, on both engines: per-message
outbox claims (a lane's head only), named leases, the audit trail, key rotation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet

from storage import Store, open_store
from storage.errors import SecretKeyMismatch
from tests.clock import TestClock
from tests.pg import postgres  # noqa: F401  (the session fixture)
from tests.test_store_contract import clock, database, engine, key, store  # noqa: F401


def test_claim_message_takes_a_lanes_head_once_and_a_dead_owners_after_its_lease(
        store: Store, clock: TestClock):  # noqa: F811
    for n in range(2):
        store.enqueue("T1", "C1", {"n": n}, f"a{n}")
    store.enqueue("T1", "C2", {"n": 9}, "b0")
    a0, a1, b0 = store.due_messages(clock.timestamp())
    assert store.claim_message(a1.id, "w1", 30) is None  # a0 goes first in lane C1
    got = store.claim_message(a0.id, "w1", 30)
    assert got is not None and got.lease_owner is None  # as it was: nobody held it
    assert store.claim_message(a0.id, "w2", 30) is None  # w1 holds it
    assert store.claim_message(a0.id, "w1", 30) is not None  # its own again
    assert store.claim_message(b0.id, "w2", 30) is not None  # another lane: free
    clock.advance(timedelta(seconds=31))  # w1 died
    taken = store.claim_message(a0.id, "w2", 30)
    assert taken is not None and taken.lease_owner == "w1"  # a take-over, and it says so
    assert store.mark_sent(a0.id, "1.1", owner="w2")
    assert store.claim_message(a0.id, "w2", 30) is None  # sent
    assert store.claim_message(a1.id, "w2", 30) is not None  # now the head
    assert store.outbox_stats() == ({"queued": 2, "sent": 1}, clock.timestamp() - 31)


def test_named_leases_hold_until_they_run_out_or_are_handed_back(
        store: Store, clock: TestClock):  # noqa: F811
    assert store.take_lease("x", "w1", 10)
    assert not store.take_lease("x", "w2", 10)
    assert store.take_lease("x", "w1", 10)  # renewed by its owner
    assert store.lease_holder("x") == "w1"
    assert store.hold_once("poll:T:U", "w1", 9)
    assert not store.hold_once("poll:T:U", "w1", 9)  # once per lease, even for its owner
    assert not store.hold_once("poll:T:U", "w2", 9)
    clock.advance(timedelta(seconds=9))
    assert store.hold_once("poll:T:U", "w2", 9)
    assert store.drop_leases("w1") == 1
    assert store.lease_holder("x") is None and store.take_lease("x", "w2", 10)


def test_audit_entries_filter_by_time_and_user(store: Store, clock: TestClock):  # noqa: F811
    store.add_audit("T1", "U1", "booked", "uid-1", "ok")
    clock.advance(timedelta(days=2))
    since = clock.timestamp()
    store.add_audit("T1", "U2", "cancelled", "uid-1", "NotInvolved", "detail")
    store.add_audit("T1", "U1", "connected", None, "ok")
    assert [e.action for e in store.audit_entries()] == ["booked", "cancelled", "connected"]
    assert [e.action for e in store.audit_entries(since=since)] == ["cancelled", "connected"]
    assert [(e.user_id, e.outcome) for e in store.audit_entries(users=("U2",))] == [
        ("U2", "NotInvolved")]


def test_rotate_secrets_leaves_only_the_new_key_needed(database: str, key: str,  # noqa: F811
                                                      clock: TestClock):  # noqa: F811
    with open_store(database, key, now=clock) as s:
        s.save_connection("T1", "U1", "cal_live_rotate_contract", None)
    new = Fernet.generate_key().decode()
    with Store(database, f"{new},{key}", now=clock) as s:
        assert s.rotate_secrets() == 1
    with Store(database, new, now=clock) as s:
        assert s.connection("T1", "U1").api_key == "cal_live_rotate_contract"
    with pytest.raises(SecretKeyMismatch):
        Store(database, key, now=clock)
