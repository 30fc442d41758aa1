"""timephrase's surface: describe(), errors, robustness, purity."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

import timephrase
from timephrase import TimePhraseError, describe, parse_when, warm_up
from timephrase.parser import parse

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # Tue


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        ("2026-03-10T19:00:00Z", "America/New_York", "Tue 10 Mar, 15:00 EDT"),
        ("2026-03-07T19:00:00Z", "America/New_York", "Sat 7 Mar, 14:00 EST"),
        ("2026-03-10T22:00:00Z", "America/Los_Angeles", "Tue 10 Mar, 15:00 PDT"),
        ("2026-03-28T15:00:00Z", "Europe/London", "Sat 28 Mar, 15:00 GMT"),
        ("2026-03-29T15:00:00Z", "Europe/London", "Sun 29 Mar, 16:00 BST"),
        ("2026-03-29T15:00:00Z", "Europe/Berlin", "Sun 29 Mar, 17:00 CEST"),
        ("2026-10-25T15:00:00Z", "Europe/Berlin", "Sun 25 Oct, 16:00 CET"),
        ("2026-03-11T09:30:00Z", "Asia/Kolkata", "Wed 11 Mar, 15:00 IST"),
        ("2026-03-12T04:00:00Z", "Australia/Sydney", "Thu 12 Mar, 15:00 AEDT"),
        ("2026-07-16T05:00:00Z", "Australia/Sydney", "Thu 16 Jul, 15:00 AEST"),
        ("2026-03-11T06:00:00Z", "Asia/Tokyo", "Wed 11 Mar, 15:00 JST"),
        ("2026-03-11T18:00:00Z", "America/Sao_Paulo", "Wed 11 Mar, 15:00 UTC-03:00"),
        ("2026-03-11T15:00:00Z", "UTC", "Wed 11 Mar, 15:00 UTC"),
        ("2026-03-11T10:15:00Z", "Asia/Kathmandu", "Wed 11 Mar, 16:00 UTC+05:45"),
        ("2026-12-01T19:00:00Z", "America/New_York", "Tue 1 Dec, 14:00 EST"),
    ],
)
def test_describe(instant: str, tz: str, expected: str) -> None:
    dt = datetime.fromisoformat(instant.replace("Z", "+00:00"))
    assert describe(dt, tz) == expected
    assert describe(dt, ZoneInfo(tz)) == expected


def test_describe_fixed_offset_zone() -> None:
    dt = datetime(2026, 3, 11, 13, 0, tzinfo=UTC)
    assert describe(dt, timezone(timedelta(hours=2))) == "Wed 11 Mar, 15:00 UTC+02:00"


def test_returns_utc_and_accepts_zoneinfo_and_any_now_zone() -> None:
    now_tokyo = NOW.astimezone(ZoneInfo("Asia/Tokyo"))
    a = parse_when("tomorrow 3pm", NOW, "America/New_York")
    b = parse_when("tomorrow 3pm", now_tokyo, ZoneInfo("America/New_York"))
    assert a == b == datetime(2026, 3, 11, 19, 0, tzinfo=UTC)
    assert a.tzinfo is UTC


def test_error_shape_and_reasons() -> None:
    with pytest.raises(TimePhraseError) as info:
        parse_when("tomorrow", NOW, "Europe/Rome")
    err = info.value
    assert isinstance(err, ValueError)
    assert err.reason == "no_time"
    assert err.message == "“tomorrow” has no time — add one, like “tomorrow 3pm”."
    assert str(err) == err.message
    assert isinstance(err, timephrase.NoTime)


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("yesterday 3pm", timephrase.InPast),
        ("Feb 30 3pm", timephrase.Impossible),
        ("whenever", timephrase.Vague),
        ("Friday March 12 3pm", timephrase.Contradiction),
        ("tomorrow at 7", timephrase.Ambiguous),
        ("3pm IST", timephrase.UnknownZone),
        ("purple monkey", timephrase.NotUnderstood),
    ],
)
def test_refusal_classes(text: str, cls: type) -> None:
    with pytest.raises(cls) as info:
        parse_when(text, NOW, "America/New_York")
    msg = info.value.message
    assert msg.endswith((".", "”.")) and "\n" not in msg and len(msg) < 240


def test_unknown_user_zone_is_a_refusal_not_a_crash() -> None:
    with pytest.raises(TimePhraseError) as info:
        parse_when("tomorrow 3pm", NOW, "Mars/Olympus_Mons")
    assert info.value.reason == "unknown_zone"


def test_naive_now_is_a_refusal_not_a_crash() -> None:
    with pytest.raises(TimePhraseError):
        parse_when("tomorrow 3pm", datetime(2026, 3, 10, 14, 0), "UTC")


def test_never_reads_the_clock() -> None:
    # a `now` decades away must still be the base
    far = datetime(2041, 6, 5, 12, 0, tzinfo=UTC)  # Wed
    assert parse_when("tomorrow 9am", far, "UTC") == datetime(2041, 6, 6, 9, 0, tzinfo=UTC)


def test_warm_up_runs() -> None:
    warm_up()


def test_non_string_text() -> None:
    with pytest.raises(TimePhraseError):
        parse_when(None, NOW, "UTC")  # type: ignore[arg-type]


_ALPHABET = [
    *"abcdefghijklmnopqrstuvwxyz0123456789 :/.-+@?!,'\"()",
    "tomorrow", "pm", "am", "next", "friday", "march", "in", "hours", "utc", "et", "noon",
    "midnight", "12", "3", "2026-", "tonight", "at", "week", "the", "15th", "½", "\u200b", "\n",
]


def test_random_text_never_crashes() -> None:
    # the inner parser, so a crash shows as itself and not as a refusal
    rng = random.Random(20260310)
    for _ in range(3000):
        n = rng.randint(0, 12)
        text = " ".join(rng.choice(_ALPHABET) for _ in range(n)) if rng.random() < 0.5 else \
            "".join(rng.choice(_ALPHABET) for _ in range(n))
        try:
            got = parse(text, NOW, rng.choice(["UTC", "America/New_York", "Asia/Kolkata"]))
        except TimePhraseError as err:
            assert err.message
        else:
            assert got.tzinfo is UTC and got > NOW


class _BrokenZone(tzinfo):
    """A zone whose offset lookup fails: a bug outside the phrase, not a phrase to refuse."""

    def utcoffset(self, dt: datetime | None) -> timedelta:
        raise RuntimeError("zone data broken")

    def dst(self, dt: datetime | None) -> timedelta:
        raise RuntimeError("zone data broken")

    def tzname(self, dt: datetime | None) -> str:
        return "BROKEN"


def test_a_bug_is_not_turned_into_a_refusal() -> None:
    with pytest.raises(RuntimeError, match="zone data broken"):
        parse_when("tomorrow 3pm", NOW, _BrokenZone())


def test_huge_input_is_refused() -> None:
    with pytest.raises(TimePhraseError):
        parse_when("tomorrow 3pm " * 500, NOW, "UTC")


def test_short_n_to_h_is_refused_as_range_or_clock():
    from datetime import UTC, datetime

    import pytest

    from timephrase import TimePhraseError, parse_when

    now = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    for text in ("10 to 12 tomorrow", "10 to 1 tomorrow", "5 to 7 tomorrow"):
        with pytest.raises(TimePhraseError):
            parse_when(text, now, "America/New_York")
    # clock phrasing stays: ten to four is 15:50
    assert parse_when("10 to 4 tomorrow", now, "America/New_York").strftime("%H:%M") == "19:50"
