"""Imports go one way (docs/design.md): a unit imports only the units below it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = {"bot", "notices", "commands", "blockkit", "storage", "calcom", "timephrase", "i18n"}
ALLOWED = {
    "bot": OURS - {"bot"},
    "notices": {"commands", "blockkit", "storage", "calcom", "i18n"},
    "commands": {"blockkit", "storage", "calcom", "timephrase", "i18n"},
    "blockkit": {"calcom", "i18n"},
    "storage": set(),
    "calcom": set(),
    "timephrase": set(),
    "i18n": set(),
}


def imported_units(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & OURS


@pytest.mark.parametrize("unit", sorted(ALLOWED))
def test_unit_imports_only_what_is_below_it(unit):
    for path in sorted((ROOT / unit).rglob("*.py")):
        wrong = imported_units(path) - ALLOWED[unit] - {unit}
        assert not wrong, f"{path.relative_to(ROOT)} imports {sorted(wrong)}"


def test_only_the_settings_module_reads_the_environment():
    readers = []
    for unit in OURS:
        for path in (ROOT / unit).rglob("*.py"):
            text = path.read_text()
            if "os.environ" in text or "os.getenv" in text:
                readers.append(str(path.relative_to(ROOT)))
    assert readers == []  # bot/settings.py reads it through pydantic-settings
