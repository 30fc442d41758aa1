"""The README is tested: its commands are the ones CI runs and the ones that work."""

import io
import json
import re
import shlex
from pathlib import Path

from timephrase.cli import main as parse_time

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def sh_blocks() -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", README, flags=re.S)]


def test_two_setup_commands_and_ci_runs_the_test_one():
    run, test = sh_blocks()[:2]
    assert run.endswith("calbot run") and "\n" not in run
    assert "pytest" in test and "\n" not in test
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()[-1]
    assert ci == test


def test_parse_time_examples_work_as_shown():
    examples = sh_blocks()[2].splitlines()
    single = shlex.split(examples[0])
    assert single[:2] == ["calbot", "parse-time"]
    out = io.StringIO()
    assert parse_time(single[2:], io.StringIO(), out) == 0
    assert out.getvalue().split() == ["2026-11-27T20:00:00Z", "Fri", "27", "Nov,", "21:00", "CET"]

    line = json.loads(shlex.split(examples[1])[1])
    out = io.StringIO()
    assert parse_time(["--jsonl"], io.StringIO(json.dumps(line) + "\n"), out) == 0
    answer = json.loads(out.getvalue())
    assert answer == {"id": 1, "start": "2026-11-23T09:30:00Z", "error": None}


def test_the_typed_time_in_another_language_works_as_shown():
    example = sh_blocks()[2].splitlines()[2]
    args = shlex.split(example)
    out = io.StringIO()
    assert parse_time(args[2:], io.StringIO(), out) == 0
    shown = re.findall(r"```text\n(.*?)```", README, flags=re.S)[1].splitlines()
    assert out.getvalue().strip() == shown[2].strip()
