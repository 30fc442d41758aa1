"""Issue 10, point 7: what calbot puts in button values and private_metadata is signed, and
anything calbot did not write is refused."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from blockkit.values import BadValue, FormState, Signer, SlotPick, TypeAndDay
from commands.errors import user_message
from storage import Store

KEY = b"k" * 32


def test_each_codec_reads_back_what_it_signed():
    signer = Signer(KEY)
    state = FormState(uid="bk_1", ch="C1", ts="1.2", r="https://hooks.slack.com/x", tz="UTC")
    assert FormState.decode(state.encode(signer), signer) == state
    assert SlotPick.decode(SlotPick(7, "2026-11-24 10:00").encode(signer), signer) == SlotPick(
        7, "2026-11-24 10:00")
    assert TypeAndDay.decode(TypeAndDay(7, "fri").encode(signer), signer) == TypeAndDay(7, "fri")


def _tampered(signed: str) -> list[str]:
    text, _, mac = signed.rpartition(".")
    return [
        text.replace("C1", "C2").replace("7|", "8|"),  # unsigned, as an attacker writes it
        text.replace("C1", "C2").replace("7|", "8|") + "." + mac,  # changed, old MAC
        text + "." + mac[:-1] + ("A" if mac[-1] != "A" else "B"),  # MAC changed
        signed[:-3],  # truncated
    ]


@pytest.mark.parametrize("value, codec", [
    (FormState(uid="bk_1", ch="C1", ts="1.2"), FormState),
    (SlotPick(7, "2026-11-24 10:00"), SlotPick),
    (TypeAndDay(7, "fri"), TypeAndDay),
])
def test_tampered_values_are_refused(value, codec):
    signer = Signer(KEY)
    for bad in _tampered(value.encode(signer)):
        with pytest.raises(BadValue):
            codec.decode(bad, signer)


def test_a_value_signed_with_another_key_or_for_another_codec_is_refused():
    signer = Signer(KEY)
    with pytest.raises(BadValue):
        SlotPick.decode(SlotPick(7, "x").encode(Signer(b"o" * 32)), signer)
    with pytest.raises(BadValue):  # same text shape, another kind: not interchangeable
        TypeAndDay.decode(SlotPick(7, "fri").encode(signer), signer)
    with pytest.raises(BadValue):  # the old unsigned JSON
        FormState.decode('{"uid":"bk_1","r":"https://evil.example/"}', signer)


def test_a_refusal_is_one_sentence_that_says_nothing_was_done():
    text = user_message(BadValue("form not signed by calbot"))
    assert "nothing was done" in text and text.count(".") <= 1


def test_the_server_key_is_made_once_and_shared_by_every_process(tmp_path):
    secret = Fernet.generate_key().decode()
    with Store(tmp_path / "a.db", secret) as one, Store(tmp_path / "a.db", secret) as two:
        first = one.value_key()
        assert two.value_key() == first and len(first) == 32
    with Store(tmp_path / "a.db", secret) as again:  # a restart
        assert again.value_key() == first
    with Store(tmp_path / "b.db", secret) as other:
        assert other.value_key() != first
