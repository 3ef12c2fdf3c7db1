"""The `interdependence` command shows untrusted text safely and fails in plain words.

Run in-process through ``cli.main`` (fast); tests/test_cli.py runs the installed command.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from cohort_helpers import cohort, submission, write

from interdependence import cli

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def run(capsys, *args):
    status = cli.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def assert_terminal_safe(text):
    """Nothing but printable text and plain newlines."""
    assert not UNSAFE.search(text), repr(text)
    assert all(c == "\n" or unicodedata.category(c)[0] != "C" for c in text), repr(text)


def test_check_shows_hostile_file_names_escaped_and_forges_no_ok_line(tmp_path, capsys):
    store = cohort(tmp_path / "c", 5)
    real = {p.name for p in store.path.glob("*.json") if p.name != "settings.json"}
    hostile = ["a\x1b[2Jb.json", "x\r  ok        fake.json", "evil\u202enosj.json",
               "nl\n  ok        forged.json", "iso\u2066x\u2069.json", "c1\x9bq.json"]
    for name in hostile:
        write(store.path, name, submission())
    status, out, err = run(capsys, "check", store.path)
    assert status == 0
    assert_terminal_safe(out)
    assert_terminal_safe(err)
    ok_lines = [line for line in out.splitlines() if line.lstrip().startswith("ok")]
    assert len(ok_lines) == 5
    assert not any("fake" in line or "forged" in line for line in ok_lines)
    assert {line.split()[-1] for line in ok_lines} == real
    # each hostile name is still listed, with its controls shown as visible escapes
    assert "a\\x1b[2Jb.json" in out
    assert "x\\x0d  ok        fake.json" in out
    assert "evil\\u202enosj.json" in out
    assert out.count("  rejected  ") == len(hostile)


def test_the_one_line_error_is_terminal_safe(tmp_path, capsys):
    status, out, err = run(capsys, "check", tmp_path / "no\x1b[2Jsuch\u202e\rfolder")
    assert status != 0
    assert_terminal_safe(err)
    assert len(err.strip().splitlines()) == 1
    assert "no\\x1b[2Jsuch\\u202e\\x0dfolder" in err


@pytest.mark.parametrize("text, shown", [
    ("plain words, ünïcödé ✓", "plain words, ünïcödé ✓"),
    ("\x1b[31mred", "\\x1b[31mred"),
    ("a\x7fb\x85c", "a\\x7fb\\x85c"),
    ("rtl\u202eoverride \u2067iso\u2069", "rtl\\u202eoverride \\u2067iso\\u2069"),
    ("line\u2028sep\u2029para", "line\\u2028sep\\u2029para"),
    ("bad byte \udcff", "bad byte \\udcff"),
])
def test_safe_text_escapes_controls_and_keeps_the_rest(text, shown):
    assert cli.safe_text(text) == shown


def test_one_line_joins_lines_and_escapes_the_rest():
    assert cli._one_line("two\n  lines\tand\ra return") == "two lines and\\x0da return"
