"""Every rule of shared/TIME_PHRASES.md, from the hand-computed table in timephrase_cases.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.timephrase_cases import CASES
from timephrase import TimePhraseError, parse_when


def _id(case: tuple) -> str:
    rule, tz, now, text, _ = case
    return f"r{rule}-{tz.split('/')[-1]}-{now[:13]}-{text!r}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_rule_case(case: tuple) -> None:
    _rule, tz, now_s, text, expect = case
    now = datetime.fromisoformat(now_s)
    if isinstance(expect, str) and expect.startswith("!"):
        with pytest.raises(TimePhraseError) as info:
            parse_when(text, now, tz)
        err = info.value
        assert err.message and err.message == str(err)
        if len(expect) > 1:
            assert err.reason == expect[1:], err.message
        return
    got = parse_when(text, now, tz)
    assert got.tzinfo is UTC
    allowed = expect if isinstance(expect, tuple) else (expect,)
    assert got.strftime("%Y-%m-%dT%H:%M:%SZ") in allowed
