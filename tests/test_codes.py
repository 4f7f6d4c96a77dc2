"""The code table: one in the library, the same in the README, named constants in the code."""

from __future__ import annotations

import re
from pathlib import Path

from dockercheck import diagnostics
from dockercheck.diagnostics import CODES

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| (DC\d{3}) \| (error|warning|info) \| ([a-z-]+) \| (.+) \|$", re.M)


def test_the_readme_table_is_the_librarys():
    rows = [(code, severity, name) for code, severity, name, _ in ROW.findall((ROOT / "README.md").read_text("utf-8"))]
    assert rows == [(c.code, c.severity, c.name) for c in CODES.values()]


def test_every_code_has_a_constant_and_no_code_is_written_as_a_literal():
    constants = {value for name, value in vars(diagnostics).items() if name.isupper() and isinstance(value, str)}
    assert constants >= set(CODES)
    for path in (ROOT / "src" / "dockercheck").glob("*.py"):
        if path.name != "diagnostics.py":
            assert not re.search(r"[\"']DC\d{3}[\"']", path.read_text("utf-8")), path.name
