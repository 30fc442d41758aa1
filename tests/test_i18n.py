"""calbot's catalogs and its translator: every shipped language complete, every placeholder and
every piece of Slack markup kept, the compiled catalogs current, today's English unchanged, and
dates and times the way each locale writes them."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from i18n import CATALOG_DIR, DOMAIN, ENGLISH, SHIPPED, catalog_of, translator_for
from timephrase import describe, parse_when

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "i18n" / "calbot.pot"
KEYWORDS = {"N_": None, "_refusal": (2,), "t": None, "ctx": ((1, "c"), 2),
            "CommandError": None}
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def po(language: str):
    with open(CATALOG_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as f:
        return read_po(f, locale=language)


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def markup(text: str) -> tuple[list[str], int, int]:
    """What Slack or calbot reads in a message: subcommands (their names stay English; example
    times in them may be translated), emoji, channel links, URLs, Slack date tokens; and how many
    ` and * (code and bold) there are."""
    found = re.findall(r"(?:/cal|\{c\}|\{command\}) [a-z]+|:[a-z_]+:|<#\{channel\}>|"
                       r"https?://[^\s,)]+|/invite @calbot|cal_", text)
    return sorted(found), text.count("`"), text.count("*")


def source_ids() -> set[tuple[str | None, str]]:
    """Every message id in calbot's code, extracted as `pybabel extract -F babel.cfg` does."""
    found: set[tuple[str | None, str]] = set()
    method_map = [(f"{unit}/**.py", "python") for unit in ("bot", "commands", "blockkit",
                                                             "notices")]
    for _file, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, keywords=KEYWORDS):
        assert isinstance(message, str), f"{_file}:{_line} plural messages aren't used"
        found.add((context, message))
    return found


def test_the_template_holds_every_message_in_the_code():
    with open(POT, "rb") as f:
        template = {(m.context, m.id) for m in read_po(f) if m.id}
    assert source_ids() == template, "run the pybabel extract line at the top of babel.cfg"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated_with_its_placeholders_and_markup(language):
    with open(POT, "rb") as f:
        template = {(m.context, m.id) for m in read_po(f) if m.id}
    catalog = po(language)
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        where = f"{language}: {message.id!r}"
        seen.add((message.context, message.id))
        assert message.string and message.string.strip(), f"untranslated {where}"
        assert not message.fuzzy, f"fuzzy {where}"
        assert fields(message.string) == fields(message.id), f"placeholders in {where}"
        assert markup(message.string) == markup(message.id), f"markup in {where}"
        if language != "ja":  # Japanese writes no space before its full-width brackets
            assert message.string.startswith(" ") == message.id.startswith(" "), where
    assert seen == template
    assert not catalog.obsolete


@pytest.mark.parametrize("language", SHIPPED)
def test_the_compiled_catalog_is_the_po_file(language):
    """The committed .mo (what `pip install` ships) says exactly what the .po says:
    `pybabel compile -d i18n/locale -D calbot` after every change."""
    with open(CATALOG_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as f:
        compiled = {(m.context, m.id): m.string for m in read_mo(f) if m.id}
    assert compiled == {(m.context, m.id): m.string for m in po(language) if m.id}


@pytest.mark.parametrize("language", SHIPPED)
def test_the_example_times_in_each_language_are_ones_calbot_reads(language):
    t = translator_for(language.replace("_", "-"))
    for example in ("tomorrow 3pm", "friday 10am"):
        shown = t(example)
        assert shown != example
        parse_when(shown, NOW, "Europe/Berlin", language.replace("_", "-"))


def test_default_english_is_todays_text_and_todays_dates():
    assert ENGLISH("Booked") == "Booked"
    assert ENGLISH("Connected as {email}.", email="a@b.c") == "Connected as a@b.c."
    assert translator_for(None) is ENGLISH and translator_for("ko-KR")("Book") == "Book"
    for zone in ("America/New_York", "Asia/Kolkata", "Europe/Berlin", "UTC", "Asia/Kathmandu"):
        for instant in (NOW, datetime(2026, 11, 1, 6, 30, tzinfo=UTC)):
            assert ENGLISH.format_when(instant, ZoneInfo(zone)) == describe(instant, zone)
    assert ENGLISH.format_time(NOW) == "12:00" and ENGLISH.format_day(NOW.date()) == "Tue 10 Mar"
    assert ENGLISH.format_utc(NOW) == "2026-03-10 12:00 UTC"


def test_dates_and_times_follow_the_locale():
    berlin = ZoneInfo("Europe/Berlin")
    at_three = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # 15:00 in Berlin
    assert translator_for("de-DE").format_when(at_three, berlin) == "Di., 10. März, 15:00 CET"
    us = translator_for("en-US").format_when(at_three, berlin).replace("\u202f", " ")
    assert us == "Tue, Mar 10, 3:00 PM CET"
    assert translator_for("ja-JP").format_when(at_three, berlin) == "3月10日(火) 15:00 CET"
    assert translator_for("fr-FR").format_time(at_three.astimezone(berlin)) == "15:00"
    assert translator_for("de-DE").format_day(at_three.date()) == "Di., 10. März"


def test_slack_locales_find_their_catalog():
    assert [catalog_of(x) for x in ("de-DE", "es-LA", "es-ES", "fr-FR", "it-IT", "pt-BR",
                                    "pt-PT", "ja-JP", "en-US", "ko-KR", None, "")] == [
        "de", "es", "es", "fr", "it", "pt_BR", "pt_BR", "ja", None, None, None, None]


def test_a_word_with_two_meanings_has_two_translations():
    t = translator_for("de-DE")
    assert t("Cancel") == "Absagen" and t.ctx("close a modal", "Cancel") == "Abbrechen"
    assert ENGLISH.ctx("close a modal", "Cancel") == "Cancel"


def test_builders_write_in_the_translators_language():
    from blockkit import help, home, modals

    de = translator_for("de-DE")
    unconnected = json.dumps(home.home(connected=False, email=None, pending=[], upcoming=[],
                                       now=NOW, t=de), ensure_ascii=False)
    assert "Du bist noch nicht mit Cal.com verbunden." in unconnected
    assert "Cal.com verbinden" in unconnected
    connected = json.dumps(home.home(connected=True, email="a@b.c", pending=[], upcoming=[],
                                     now=NOW, t=de), ensure_ascii=False)
    assert "Wartet auf deine Bestätigung" in connected and "Anstehend" in connected
    assert "Verbunden als a@b.c." in connected and "Termin buchen" in connected
    ja_help = help.help_text("/cal", translator_for("ja-JP"))
    assert "予約をキャンセル" in ja_help and "`/cal cancel <booking> [reason]`" in ja_help
    connect = json.dumps(modals.connect(t=translator_for("fr-FR")), ensure_ascii=False)
    assert "Connecter Cal.com" in connect and "Clé d’API Cal.com" in connect
    # the English defaults are today's exact texts
    assert help.help_text("/cal") == help.help_text("/cal", ENGLISH)
    assert "You're not connected to Cal.com yet." in json.dumps(home.home(
        connected=False, email=None, pending=[], upcoming=[], now=NOW))


def test_every_kind_of_refusal_is_written_in_the_users_language():
    from commands.errors import FormProblem, NotConnected, UnknownEventType, user_message
    from commands.parse import CommandError, parse_command

    de = translator_for("de-DE")
    with pytest.raises(CommandError) as typed:
        parse_command("list tomorrow")
    assert user_message(typed.value) == typed.value.message  # English: today's sentence
    assert user_message(typed.value, de).startswith("`tomorrow` ist kein Listenfilter")
    assert user_message(NotConnected(), de).startswith("Du hast Cal.com noch nicht verbunden")
    assert "„x“" in user_message(UnknownEventType("x"), de)
    assert user_message(FormProblem("f", "guest_email", "bob"), translator_for("ja-JP")) == (
        "「bob」はメールアドレスではありません — ゲストはカンマで区切ってください。")
