"""`calbot parse-time`, both modes, called in-process."""

from __future__ import annotations

import io
import json

import pytest

from timephrase.cli import main


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = main(argv, io.StringIO(stdin), out)
    return code, out.getvalue()


def test_single_parse() -> None:
    code, out = run(["tomorrow 3pm", "--tz", "America/New_York", "--now", "2026-03-10T14:00:00Z"])
    assert code == 0
    assert out == "2026-03-11T19:00:00Z  Wed 11 Mar, 15:00 EDT\n"


def test_single_parse_words_joined() -> None:
    code, out = run(["next", "tue", "10:30", "--tz", "Europe/London",
                     "--now", "2026-03-10T14:00:00+00:00"])
    assert code == 0
    assert out.startswith("2026-03-17T10:30:00Z  Tue 17 Mar, 10:30 GMT")


def test_single_refusal() -> None:
    code, out = run(["tomorrow", "--tz", "Asia/Kolkata", "--now", "2026-03-10T14:00:00Z"])
    assert code == 1
    assert out == "“tomorrow” has no time — add one, like “tomorrow 3pm”.\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["tomorrow 3pm", "--tz", "Mars/Base"],
        ["tomorrow 3pm"],
        ["tomorrow 3pm", "--tz", "UTC", "--now", "yesterday-ish"],
        ["tomorrow 3pm", "--tz", "UTC", "--bogus"],
        ["--jsonl", "extra text"],
        ["--jsonl", "--tz", "Nope/Nope"],
    ],
)
def test_usage_errors(argv: list[str]) -> None:
    code, _ = run(argv)
    assert code == 2


def test_now_defaults_to_the_clock() -> None:
    code, out = run(["in 2 hours", "--tz", "UTC"])
    assert code == 0 and out.endswith("UTC\n")


def test_jsonl_mode() -> None:
    lines = [
        {"id": 1, "text": "tomorrow 3pm", "now": "2026-03-10T14:00:00Z", "tz": "America/New_York"},
        "this is not json",
        {"id": "b", "text": "whenever", "now": "2026-03-10T14:00:00Z", "tz": "UTC"},
        {"id": 3, "text": "3pm", "now": "2026-03-10T14:00:00Z", "tz": "Nope/Zone"},
        {"id": 4, "text": "in 45 minutes", "now": "2026-03-10T14:00:00+00:00", "tz": "Asia/Tokyo"},
        [1, 2, 3],
        {"id": 6, "now": "2026-03-10T14:00:00Z", "tz": "UTC"},
        {"id": 7, "text": "3pm", "now": "not a time", "tz": "UTC"},
        {"id": 8, "text": "12/3 10am", "now": "2026-03-10T14:00:00Z", "tz": "Europe/Berlin"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n"
    code, out = run(["--jsonl"], stdin)
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(lines)
    for row in rows:
        assert set(row) == {"id", "start", "error"}
        assert (row["start"] is None) != (row["error"] is None)
    assert rows[0] == {"id": 1, "start": "2026-03-11T19:00:00Z", "error": None}
    assert rows[1]["id"] is None and rows[1]["start"] is None and rows[1]["error"]
    assert rows[2]["id"] == "b" and rows[2]["start"] is None and "vague" in rows[2]["error"]
    assert rows[3]["id"] == 3 and rows[3]["start"] is None and rows[3]["error"]
    assert rows[4] == {"id": 4, "start": "2026-03-10T14:45:00Z", "error": None}
    assert rows[5]["start"] is None and rows[5]["error"]
    assert rows[6]["id"] == 6 and rows[6]["error"]
    assert rows[7]["id"] == 7 and rows[7]["error"]
    assert rows[8] == {"id": 8, "start": "2026-03-12T09:00:00Z", "error": None}


def test_jsonl_empty_input() -> None:
    assert run(["--jsonl"], "") == (0, "")


def test_single_parse_in_the_users_language() -> None:
    code, out = run(["morgen um 15 Uhr", "--tz", "Europe/Berlin", "--now", "2026-03-10T14:00:00Z",
                     "--locale", "de-DE"])
    assert (code, out) == (0, "2026-03-11T14:00:00Z  Wed 11 Mar, 15:00 CET\n")
    code, out = run(["morgen", "--tz", "Europe/Berlin", "--now", "2026-03-10T14:00:00Z",
                     "--locale", "de-DE"])
    assert (code, out) == (1, "„morgen“ hat keine Uhrzeit — gib eine an, z. B. „morgen 15 Uhr“.\n")


def test_jsonl_locale_field() -> None:
    lines = [
        {"id": 1, "text": "明日の15時", "now": "2026-03-10T00:00:00Z", "tz": "Asia/Tokyo",
         "locale": "ja-JP"},
        {"id": 2, "text": "12/3 10am", "now": "2026-03-10T14:00:00Z", "tz": "Europe/Berlin",
         "locale": "en-US"},
        {"id": 3, "text": "12/3 10am", "now": "2026-03-10T14:00:00Z", "tz": "Europe/Berlin"},
        {"id": 4, "text": "3pm", "now": "2026-03-10T14:00:00Z", "tz": "UTC", "locale": 7},
    ]
    code, out = run(["--jsonl"], "\n".join(json.dumps(x) for x in lines) + "\n")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert rows[0] == {"id": 1, "start": "2026-03-11T06:00:00Z", "error": None}
    assert rows[1] == {"id": 2, "start": "2026-12-03T09:00:00Z", "error": None}
    assert rows[2] == {"id": 3, "start": "2026-03-12T09:00:00Z", "error": None}
    assert rows[3]["start"] is None and "locale" in rows[3]["error"]
