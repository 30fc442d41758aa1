"""Typed times in other languages: every rule in de, es, fr, it, pt, ja (a smaller set in ko, zh),
from the hand-computed table in timephrase_lang_cases.py; refusals in the user's language."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from tests.timephrase_lang_cases import CASES
from timephrase import TimePhraseError, parse_when


def _id(case: tuple) -> str:
    loc, rule, tz, now, text, _ = case
    return f"{loc}-r{rule}-{tz.split('/')[-1]}-{now[:10]}-{text!r}"


def _outcome(case: tuple) -> str:
    """"right", "wrong", "false_accept" or "false_refusal"."""
    loc, _rule, tz, now_s, text, expect = case
    refuse = isinstance(expect, str) and expect.startswith("!")
    try:
        got = parse_when(text, datetime.fromisoformat(now_s), tz, loc)
    except TimePhraseError as err:
        if not refuse:
            return "false_refusal"
        return "right" if len(expect) == 1 or err.reason == expect[1:] else "wrong"
    if refuse:
        return "false_accept"
    allowed = expect if isinstance(expect, tuple) else (expect,)
    return "right" if got.strftime("%Y-%m-%dT%H:%M:%SZ") in allowed else "wrong"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_language_case(case: tuple) -> None:
    loc, _rule, tz, now_s, text, expect = case
    now = datetime.fromisoformat(now_s)
    if isinstance(expect, str) and expect.startswith("!"):
        with pytest.raises(TimePhraseError) as info:
            parse_when(text, now, tz, loc)
        if len(expect) > 1:
            assert info.value.reason == expect[1:], info.value.english
        return
    got = parse_when(text, now, tz, loc)
    assert got.tzinfo is UTC
    allowed = expect if isinstance(expect, tuple) else (expect,)
    assert got.strftime("%Y-%m-%dT%H:%M:%SZ") in allowed


def test_no_false_accepts_in_any_language() -> None:
    counts = Counter(_outcome(c) for c in CASES)
    assert counts["false_accept"] == 0


def test_every_rule_in_every_main_language() -> None:
    seen: dict[str, set[int]] = {}
    for loc, rule, *_ in CASES:
        seen.setdefault(loc[:2], set()).add(rule)
    for lang in ("de", "es", "fr", "it", "pt", "ja"):
        missing = set(range(1, 24)) - seen[lang] - {17} if lang == "pt" else \
            set(range(1, 24)) - seen[lang]
        assert not missing, (lang, sorted(missing))


def test_refusals_are_written_in_the_users_language() -> None:
    now = datetime.fromisoformat("2026-03-10T14:00:00+00:00")
    with pytest.raises(TimePhraseError) as info:
        parse_when("morgen", now, "Europe/Berlin", "de-DE")
    err = info.value
    assert err.reason == "no_time" and err.params["text"] == "morgen"
    assert err.message == "„morgen“ hat keine Uhrzeit — gib eine an, z. B. „morgen 15 Uhr“."
    assert err.english.startswith("“tomorrow” has no time")
    with pytest.raises(TimePhraseError) as info:
        parse_when("明日", now, "Asia/Tokyo", "ja-JP")
    assert info.value.message.startswith("「明日」には時刻がありません")
    with pytest.raises(TimePhraseError) as info:
        parse_when("tomorrow", now, "Europe/London", "en-GB")
    assert info.value.message == "“tomorrow” has no time — add one, like “tomorrow 3pm”."


def test_an_untranslated_word_is_a_refusal_not_a_guess() -> None:
    now = datetime.fromisoformat("2026-03-10T14:00:00+00:00")
    for text, locale in (("morgen um 15 Uhr Bananen", "de-DE"), ("mañana quizás a las 15", "es-ES"),
                         ("demain vers midi ou plus", "fr-FR"), ("明日の15時ごろ多分", "ja-JP")):
        with pytest.raises(TimePhraseError) as info:
            parse_when(text, now, "Europe/Berlin", locale)
        assert info.value.reason == "not_understood"


def test_every_reason_has_a_sentence_in_each_language() -> None:
    from timephrase.messages import LANGUAGES, SENTENCES

    reasons = {"no_time", "past", "impossible", "vague", "contradiction", "ambiguous",
               "unknown_zone", "not_understood", "empty", "internal"}
    assert set(SENTENCES) == reasons
    for reason, by_language in SENTENCES.items():
        assert set(by_language) == set(LANGUAGES), reason
        for sentence in by_language.values():
            if reason not in ("empty", "internal"):
                assert "{text}" in sentence, (reason, sentence)
            assert sentence.format(text="x")


@pytest.mark.parametrize(("tag", "language", "month_first"), [
    ("de-DE", "de", False), ("es-LA", "es", False), ("pt-BR", "pt", False),
    ("ja-JP", "ja", True), ("ko-KR", "ko", True), ("zh-CN", "zh", True),
    ("zh-TW", "zh-hant", True), ("en-US", None, True), ("en-GB", None, False),
    ("ru-RU", None, False), (None, None, None), ("", None, None),
])
def test_read_locale(tag: str | None, language: str | None, month_first: bool | None) -> None:
    from timephrase import read_locale

    user = read_locale(tag)
    assert (user.language, user.month_first) == (language, month_first)


_NATIVE = ["morgen", "um", "halb", "Uhr", "nächsten", "Dienstag", "mañana", "a las", "y media",
           "demain", "à", "15h", "soir", "明日", "の", "15時", "半", "午後", "내일", "오후", "3시",
           "明天", "下午", "3点", "12.3.", "3月12日", "１５", "：", "MEZ", "heure de Paris",
           "Viertel", "vor", "menos", "cuarto", "que vem", "下周二", "다음 주", "¿", "?", "-", "/"]


def test_random_native_text_never_crashes() -> None:
    # the inner parser, so a crash shows as itself and not as a refusal
    import random

    from timephrase.languages import language
    from timephrase.parser import parse

    rng = random.Random(14)
    now = datetime.fromisoformat("2026-03-10T14:00:00+00:00")
    langs = [language(k) for k in ("de", "es", "fr", "ja", "ko", "zh")]
    for _ in range(2000):
        words = [rng.choice(_NATIVE) for _ in range(rng.randint(0, 7))]
        text = (" " if rng.random() < 0.6 else "").join(words)
        try:
            got = parse(text, now, "Europe/Berlin", rng.choice(langs), rng.random() < 0.5)
        except TimePhraseError as err:
            assert err.message
        else:
            assert got.tzinfo is UTC and got > now


def test_every_english_word_a_language_writes_is_one_the_extractor_reads() -> None:
    # a translation may only produce words the English grammar knows (or deliberately none:
    # "unreadable"), else a phrase would be refused for a reason the user never typed
    import re

    from timephrase.languages import EXTRAS, language
    from timephrase.languages.common import UNREADABLE
    from timephrase.translate import AM, PM
    from timephrase.vocabulary import KNOWN

    # "year": the English grammar refuses years on purpose ("in 1 year" is not a slot)
    def readable(word: str) -> bool:
        return (word in KNOWN or word in (AM, PM, UNREADABLE, "year", "years")
                or re.fullmatch(r"\d+(?::\d\d)?(?:am|pm)?", word) is not None)

    for key in EXTRAS:
        lang = language(key)
        for native, english in lang.words.items():
            assert all(readable(w) for w in english.split()), (key, native, english)
        for word in {w for _, r in EXTRAS[key].rules if isinstance(r, str) for w in r.split()}:
            if "\\" in word or "{" in word:
                continue
            assert readable(word), (key, word)
