"""The `interdependence` command shows untrusted text safely and fails in plain words.

Run in-process through ``cli.main`` (fast); tests/test_cli.py runs the installed command.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

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
    assert out.count("  set aside ") == len(hostile)


def test_the_one_line_error_is_terminal_safe(tmp_path, capsys):
    status, out, err = run(capsys, "check", tmp_path / "no\x1b[2Jsuch\u202e\rfolder")
    assert status != 0
    assert_terminal_safe(err)
    assert len(err.strip().splitlines()) == 1
    assert "no\\x1b[2Jsuch\\u202e\\x0dfolder" in err


@pytest.mark.parametrize(("text", "shown"), [
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


def one_plain_line(status, err, *words):
    assert status != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err, err
    assert "Errno" not in err, err
    assert ".tmp" not in err, err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# ---- report --out ------------------------------------------------------------------------


def test_report_out_a_folder_says_so_and_suggests_a_file_name(tmp_path, capsys):
    folder = cohort(tmp_path / "c", 5).path
    (tmp_path / "out").mkdir()
    status, _, err = run(capsys, "report", folder, "--out", tmp_path / "out")
    one_plain_line(status, err, "is a folder; give a file name such as",
                   str(tmp_path / "out" / "report.html"))
    assert list((tmp_path / "out").iterdir()) == []


def test_report_out_in_a_missing_folder_says_so_and_creates_nothing(tmp_path, capsys):
    folder = cohort(tmp_path / "c", 5).path
    status, _, err = run(capsys, "report", folder, "--out", tmp_path / "nope" / "r.html")
    one_plain_line(status, err, "does not exist")
    assert not (tmp_path / "nope").exists()


def test_report_out_in_an_unwritable_folder_says_so(tmp_path, capsys, monkeypatch):
    folder = cohort(tmp_path / "c", 5).path
    (tmp_path / "locked").mkdir()
    real_access = os.access  # root may write anywhere, so the refusal is simulated
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p).endswith("locked")
                        else real_access(p, mode, **kw))
    status, _, err = run(capsys, "report", folder, "--out", tmp_path / "locked" / "r.html")
    one_plain_line(status, err, "cannot write in the folder")
    assert list((tmp_path / "locked").iterdir()) == []


def test_a_failed_report_write_names_the_report_never_the_temp_file(tmp_path, capsys,
                                                                    monkeypatch):
    import errno
    import tempfile

    folder = cohort(tmp_path / "c", 5).path

    def refuse(*args, dir=None, prefix="", suffix="", **kw):
        raise OSError(errno.ENOSPC, "No space left on device",
                      str(Path(dir) / f"{prefix}k2j3h4{suffix}"))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "r.html"
    status, _, err = run(capsys, "report", folder, "--out", out)
    line = one_plain_line(status, err, f"Could not write the report to {out}", "no space left")
    assert "k2j3h4" not in line


# ---- whole-number options ----------------------------------------------------------------


@pytest.mark.parametrize(("args", "words"), [
    (["purge", "{c}", "--older-than", "99999999999"], "from 0 to 36500"),
    (["purge", "{c}", "--older-than", "9" * 40], "from 0 to 36500"),
    (["purge", "{c}", "--older-than", "-1"], "from 0 to 36500"),
    (["demo-cohort", "{new}", "--participants", "99999999999"], "from 1 to 100000"),
    (["demo-cohort", "{new}", "--seed", "99999999999999999999999"], "from 0 to 4294967295"),
    (["demo-cohort", "{new}", "--min-group", "99999999999"], "cannot be above 1000"),
    (["setup-cohort", "{new}", "--code", "A1", "--min-group", "99999999999"],
     "cannot be above 1000"),
    (["setup-cohort", "{new}", "--code", "A1", "--keep-days", "99999999999"],
     "from 1 to 3660"),
    (["report", "{c}", "--out", "{new}.html", "--min-group", "99999999999"],
     "cannot be above 1000"),
])
def test_huge_or_negative_numbers_are_refused_in_plain_words(tmp_path, capsys, args, words):
    folder = cohort(tmp_path / "c", 1).path
    args = [a.format(c=folder, new=tmp_path / "new") for a in args]
    before = sorted(p.name for p in tmp_path.rglob("*"))
    status, _, err = run(capsys, *args)
    line = one_plain_line(status, err, words)
    assert "C int" not in line
    assert "too large" not in line
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


# ---- nothing is created when an option is refused -----------------------------------------


@pytest.mark.parametrize(("args", "words"), [
    (["setup-cohort", "{new}", "--code", "A1", "--keep-days", "0"], "from 1 to 3660"),
    (["setup-cohort", "{new}", "--code", "A1", "--min-group", "2"], "cannot be below 3"),
    (["setup-cohort", "{new}", "--code", "../x"], "is not a cohort code"),
    (["demo-cohort", "{new}", "--min-group", "1"], "cannot be below 3"),
    (["demo-cohort", "{new}", "--code", "no/slashes"], "is not a cohort code"),
    (["demo-cohort", "{new}", "--participants", "0"], "from 1 to 100000"),
])
def test_a_refused_option_leaves_no_folder_behind(tmp_path, capsys, args, words):
    new = tmp_path / "new" / "cohort"
    status, _, err = run(capsys, *[a.format(new=new) for a in args])
    one_plain_line(status, err, words)
    assert not (tmp_path / "new").exists()


def test_write_demo_cohort_checks_its_values_before_creating_the_folder(tmp_path):
    from interdependence.cohort.demo import write_demo_cohort
    from interdependence.cohort.stores.base import StoreError

    for kwargs in ({"min_group": 1}, {"code": "../x"}, {"count": 0}):
        with pytest.raises(StoreError):
            write_demo_cohort(tmp_path / "new" / "demo", **kwargs)
        assert not (tmp_path / "new").exists()


def test_setup_cohort_checks_keep_days_zero_before_creating(tmp_path, monkeypatch):
    """Past the parser too: 0 days is checked as 0, not turned into the default 90."""
    import argparse

    from interdependence.cohort.stores.base import StoreError

    args = argparse.Namespace(dir=str(tmp_path / "new"), code="A1", min_group=5, keep_days=0,
                              participant_role=None)
    with pytest.raises(StoreError, match="1 to 3660"):
        cli.cmd_setup_cohort(args)
    assert not (tmp_path / "new").exists()


# ---- demo-cohort and a database URL ------------------------------------------------------


@pytest.mark.parametrize("url", ["postgresql://kit@localhost:1/kit?cohort=DEMO",
                                 "postgres://kit@localhost:1/kit"])
def test_demo_cohort_never_makes_a_folder_named_like_a_url(tmp_path, capsys, monkeypatch, url):
    import builtins

    real_import = builtins.__import__

    def no_hub(name, *args, **kw):
        if name.endswith("postgres") or name in ("sqlalchemy", "psycopg"):
            raise ModuleNotFoundError(f"No module named {name!r}", name="sqlalchemy")
        return real_import(name, *args, **kw)

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(builtins, "__import__", no_hub)
    status, _, err = run(capsys, "demo-cohort", url, "--participants", 3)
    one_plain_line(status, err, "no PostgreSQL store")
    assert list(tmp_path.iterdir()) == []
