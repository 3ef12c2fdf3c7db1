"""The `interdependence` command end to end, run as a facilitator would: as a subprocess."""

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cohort_helpers import cohort, files_under, submission, token, write

from interdependence.cohort import FolderStore

CLI = Path(sys.executable).with_name("interdependence")


def run(*args, check_ok=True):
    proc = subprocess.run([str(CLI), *map(str, args)], capture_output=True, text=True,
                          timeout=120)
    if check_ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def one_line_error(proc, words):
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert words in lines[0], lines[0]
    return lines[0]


def test_the_command_is_installed_with_the_package():
    assert CLI.exists(), f"{CLI} is missing: pip install -e . makes it"
    proc = run("--help")
    for sub in ("demo-cohort", "setup-cohort", "check", "report", "withdraw", "purge"):
        assert sub in proc.stdout


def test_demo_cohort_writes_a_cohort_that_check_accepts_whole(tmp_path):
    folder = tmp_path / "practice"
    proc = run("demo-cohort", folder, "--participants", 12, "--seed", 3)
    assert "12 made-up participants" in proc.stdout
    assert len([p for p in folder.glob("*.json") if p.name != "settings.json"]) == 12
    checked = run("check", folder)
    assert "Valid submissions: 12" in checked.stdout
    assert "Set aside: 0" in checked.stdout
    assert "ejected" not in checked.stdout  # one term, the one the pages use


def test_demo_cohort_refuses_a_folder_with_files_in_it(tmp_path):
    folder = cohort(tmp_path / "real", 2).path
    one_line_error(run("demo-cohort", folder, check_ok=False), "is not empty")
    assert len(list(folder.glob("*.json"))) == 3


def test_setup_cohort_makes_a_drop_box_with_settings(tmp_path):
    folder = tmp_path / "spring"
    proc = run("setup-cohort", folder, "--code", "SPRING-26", "--min-group", 6,
               "--keep-days", 30)
    settings = json.loads((folder / "settings.json").read_text())
    assert settings["code"] == "SPRING-26"
    assert settings["min_group"] == 6
    assert settings["keep_days"] == 30
    assert "Smallest group shown: 6" in proc.stdout
    if os.name == "posix":
        mode = stat.S_IMODE(folder.stat().st_mode)
        assert mode & 0o777 == 0o733
        assert mode & stat.S_ISVTX
        assert oct(stat.S_IMODE((folder / "settings.json").stat().st_mode)) == oct(0o644)
        assert "warning" not in proc.stderr


@pytest.mark.skipif(os.name != "posix", reason="drop-box permissions are POSIX only")
def test_check_warns_when_participants_could_read_each_others_files(tmp_path):
    folder = cohort(tmp_path / "open", 1).path
    folder.chmod(0o777)
    proc = run("check", folder)
    assert "participants could read each other's files" in proc.stderr
    assert "could delete or replace" in proc.stderr
    run("setup-cohort", folder, "--code", "TEST-1")  # same settings: allowed, fixes it
    assert "participants could read" not in run("check", folder).stderr


def test_setup_cohort_refuses_a_min_group_below_3_and_creates_nothing(tmp_path):
    folder = tmp_path / "tiny"
    one_line_error(run("setup-cohort", folder, "--code", "X1", "--min-group", 2,
                       check_ok=False), "cannot be below 3")
    assert not folder.exists()


def test_setup_cohort_refuses_to_change_min_group_once_someone_shared(tmp_path):
    folder = cohort(tmp_path / "c", 1, min_group=5).path
    line = one_line_error(run("setup-cohort", folder, "--code", "TEST-1", "--min-group", 3,
                              check_ok=False), "fixed")
    assert "already has submissions" in line
    assert json.loads((folder / "settings.json").read_text())["min_group"] == 5
    run("setup-cohort", folder, "--code", "TEST-1", "--min-group", 5)  # unchanged: fine


def test_check_lists_valid_and_rejected_with_reasons_and_moves_nothing(tmp_path):
    store = cohort(tmp_path / "c")
    good = submission()
    store.put(good)
    bad = f"{token()}.json"
    write(store.path, bad, "{not json")
    write(store.path, f"{token()}.json", submission(asking=7))
    before = files_under(store.path)
    proc = run("check", store.path)
    assert "Valid submissions: fewer than 5" in proc.stdout  # 1, below the smallest group
    assert f"ok        {good['token']}.json" in proc.stdout
    assert "Set aside: 2" in proc.stdout
    assert f"set aside {bad}: it is not valid JSON" in proc.stdout
    assert "is 7; a rating is a whole number from 1 to 5" in proc.stdout
    assert files_under(store.path) == before


def test_withdraw_removes_one_submission_and_says_so(tmp_path):
    store = cohort(tmp_path / "c")
    keep, leave = submission(), submission()
    store.put(keep)
    store.put(leave)
    proc = run("withdraw", store.path, leave["token"])
    assert "Withdrawn" in proc.stdout
    assert not (store.path / f"{leave['token']}.json").exists()
    assert (store.path / f"{keep['token']}.json").exists()
    one_line_error(run("withdraw", store.path, leave["token"], check_ok=False),
                   "There is no submission")


@pytest.mark.parametrize("start", ["-", "--"])
def test_withdraw_takes_a_token_that_starts_with_a_dash(tmp_path, start):
    store = cohort(tmp_path / "c")
    dashed = start + token()[len(start):]
    store.put(submission(tok=dashed))
    run("withdraw", store.path, dashed)
    assert not (store.path / f"{dashed}.json").exists()


def test_withdraw_refuses_a_path_for_a_token(tmp_path):
    store = cohort(tmp_path / "c")
    (tmp_path / "keep.json").write_text("{}")
    one_line_error(run("withdraw", store.path, "../keep", check_ok=False), "not a valid token")
    assert (tmp_path / "keep.json").exists()


def test_purge_deletes_submissions_older_than_the_given_days(tmp_path):
    store = cohort(tmp_path / "c")
    today = dt.date.today()
    old, recent = submission(date=(today - dt.timedelta(days=40)).isoformat()), \
        submission(date=(today - dt.timedelta(days=5)).isoformat())
    store.put(old)
    store.put(recent)
    old_bad = submission(date=(today - dt.timedelta(days=45)).isoformat(), asking=9)
    write(store.path, f"{old_bad['token']}.json", old_bad)
    run("check", store.path)  # looks only
    from interdependence.cohort import load_cohort

    load_cohort(store.path)  # sets the bad one aside
    assert (store.path / "_set_aside" / f"{old_bad['token']}.json").exists()

    proc = run("purge", store.path, "--older-than", 30)
    assert "Deleted 1 submission(s)" in proc.stdout
    assert "1 set-aside file(s)" in proc.stdout
    assert "kept 1" in proc.stdout
    left = {p.name for p in store.path.glob("*.json")}
    assert left == {"settings.json", f"{recent['token']}.json"}
    assert list((store.path / "_set_aside").iterdir()) == []


def test_purge_needs_a_number_of_days(tmp_path):
    folder = cohort(tmp_path / "c").path
    one_line_error(run("purge", folder, check_ok=False), "--older-than")
    one_line_error(run("purge", folder, "--older-than", "soon", check_ok=False),
                   "not a whole number")


def test_report_writes_the_html_and_prints_the_counts(tmp_path):
    folder = tmp_path / "demo"
    run("demo-cohort", folder, "--participants", 8, "--seed", 2)
    write(folder, f"{token()}.json", "{broken")
    out = tmp_path / "report.html"
    proc = run("report", folder, "--out", out)
    assert out.exists()
    assert out.stat().st_size > 1000
    assert "8 people in the charts" in proc.stdout
    assert "1 set aside" in proc.stdout
    assert "rejected" not in proc.stdout
    assert "hidden" in proc.stdout
    one_line_error(run("report", folder, "--out", out, "--min-group", 3, check_ok=False),
                   "cannot be lowered")


def test_report_leaves_out_shared_reflections_unless_with_reflections(tmp_path):
    """The demo cohort's reflections: left out of a report by default (it says so), put in
    with --with-reflections."""
    import html

    from interdependence.report.page import REFLECTIONS_IN, REFLECTIONS_LEFT_OUT

    folder = tmp_path / "demo"
    run("demo-cohort", folder, "--participants", 30, "--seed", 2)
    out = tmp_path / "report.html"
    proc = run("report", folder, "--out", out)
    assert "shared reflections left out" in proc.stdout
    text = out.read_text(encoding="utf-8")
    assert "interdep-reflections" not in text
    assert REFLECTIONS_LEFT_OUT in text
    proc = run("report", folder, "--out", out, "--with-reflections")
    assert "shared reflections included" in proc.stdout
    text = out.read_text(encoding="utf-8")
    assert "interdep-reflections" in text
    assert html.escape(REFLECTIONS_IN) in text  # it has an apostrophe: escaped


def test_a_first_report_says_it_is_drawing_and_a_second_draws_nothing(tmp_path):
    """A first report of a demo cohort (no _facilitator/ yet) says what takes the time, and
    keeps its pictures: the second says nothing of drawing (a facilitator reviewer's first
    three reports of a demo cohort were slow, slow, fast, with no word while waiting)."""
    import re

    folder = tmp_path / "demo"
    run("demo-cohort", folder, "--participants", 8, "--seed", 2)
    first = run("report", folder, "--out", tmp_path / "one.html")
    drawing = re.search(r"Drawing (\d+) chart pictures: a few seconds the first time; they "
                        r"are kept, so the next report is quicker\.\.\.", first.stdout)
    assert drawing is not None
    assert int(drawing.group(1)) > 0
    assert first.stdout.index("Drawing") < first.stdout.index("Wrote")
    assert first.stderr == ""
    second = run("report", folder, "--out", tmp_path / "two.html")
    assert "Drawing" not in second.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["check", "/no/such/cohort/folder"], "There is no cohort folder"),
    (["bogus"], "invalid choice"),
    (["setup-cohort", "/tmp/x-not-made"], "--code"),
    (["setup-cohort", "/tmp/x-not-made", "--code", "../../etc"], "is not a cohort code"),
])
def test_every_failure_is_one_plain_line_and_a_non_zero_exit(args, words):
    one_line_error(run(*args, check_ok=False), words)


def test_the_command_also_runs_as_a_module(tmp_path):
    folder = cohort(tmp_path / "c", 1).path
    proc = subprocess.run([sys.executable, "-m", "interdependence.cli", "check", folder],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "Valid submissions: fewer than 5" in proc.stdout
    assert FolderStore(folder).count() == 1


def _age(path: Path, seconds: float) -> None:
    """Make a temp file look as if a crash left it ``seconds`` ago (ctime cannot be set, so
    the store's clock is what is moved: see LEFTOVER_AGE)."""
    old = os.stat(path).st_mtime - seconds
    os.utime(path, (old, old))


@pytest.mark.parametrize("command", ["check", "withdraw", "purge"])
def test_check_withdraw_and_purge_remove_temp_copies_a_crash_left(tmp_path, command,
                                                                  monkeypatch):
    from interdependence.cli import main
    from interdependence.cohort.stores import folder as folder_module

    folder = tmp_path / "c"
    cohort(folder, 2)
    leaving = submission()
    FolderStore(folder).put(leaving)
    # a whole submission, with a reflection in it, in a temp file a killed share left behind
    copy = write(folder, f".{leaving['token']}.json.9f8e7d6c5b4a.tmp", json.dumps(leaving))
    private = folder / "_facilitator"
    private.mkdir(mode=0o700)
    copy2 = write(private, f".{token()}.json.a1b2c3d4e5f6.tmp", json.dumps(submission()))
    monkeypatch.setattr(folder_module, "LEFTOVER_AGE", 0.0)
    monkeypatch.setattr(folder_module.FolderStore.remove_leftovers, "__defaults__", (0.0,))
    args = {"check": ["check", folder], "withdraw": ["withdraw", folder, leaving["token"]],
            "purge": ["purge", folder, "--older-than", "30"]}[command]
    assert main([str(a) for a in args]) == 0
    assert not copy.exists()
    assert not copy2.exists()
    assert [p for p in folder.rglob("*.tmp")] == []


def test_check_says_how_many_submissions_came_from_no_account_it_can_tell_apart(tmp_path):
    folder = tmp_path / "c"
    cohort(folder, 3)  # written by this account: the kit cannot tell who sent them
    proc = run("check", folder)
    assert "3 valid submission(s) were sent by hand or written by your own account" in proc.stdout
    assert "Compare this number" in proc.stdout


def test_setup_cohort_refuses_a_link_and_never_opens_its_target(tmp_path):
    """A link planted in a shared place must not turn one of your folders into a drop box."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "spring").symlink_to(private)
    proc = run("setup-cohort", shared / "spring", "--code", "SPRING", check_ok=False)
    one_line_error(proc, "is a link")
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert list(private.iterdir()) == []


@pytest.mark.parametrize("command", ["purge", "withdraw", "check"])
def test_the_wrong_folder_loses_nothing(tmp_path, command):
    """An inbox of e-mailed files (no settings.json of yours) is not a cohort."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sub = submission(date="2020-01-01")
    write(inbox, f"{sub['token']}.json", sub)
    write(inbox, f".{sub['token']}.json.0a1b2c3d4e5f.tmp", sub)
    old = dt.datetime(2020, 1, 1).timestamp()
    for path in inbox.iterdir():
        os.utime(path, (old, old))
    before = files_under(inbox)
    args = {"purge": ["purge", inbox, "--older-than", "30"],
            "withdraw": ["withdraw", inbox, sub["token"]], "check": ["check", inbox]}[command]
    one_line_error(run(*args, check_ok=False), "not a cohort folder")
    assert files_under(inbox) == before
    assert sorted(p.name for p in inbox.iterdir()) == sorted(
        [f"{sub['token']}.json", f".{sub['token']}.json.0a1b2c3d4e5f.tmp"])


def test_setup_cohort_refuses_a_folder_with_files_that_is_not_a_cohort(tmp_path):
    """Reached through a link planted higher up the path, it could be one of your own."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    (private / "notes.txt").write_text("mine")
    proc = run("setup-cohort", private, "--code", "SPRING", check_ok=False)
    one_line_error(proc, "already has files in it")
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert sorted(p.name for p in private.iterdir()) == ["notes.txt"]


def test_defaults_in_the_help_come_from_the_kit_s_constants(monkeypatch, capsys):
    """The smallest group and the keeping time are declared once, not retyped in help."""
    from interdependence import cli, privacy
    from interdependence.cohort import settings

    assert cli.DEFAULT_KEEP_DAYS is settings.DEFAULT_KEEP_DAYS
    assert cli.DEFAULT_MIN_GROUP is privacy.DEFAULT_MIN_GROUP
    monkeypatch.setattr(cli, "DEFAULT_KEEP_DAYS", 77)
    monkeypatch.setattr(cli, "DEFAULT_MIN_GROUP", 6)
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["setup-cohort", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "(default 77)" in shown
    assert "(default 6, never below 3)" in shown


def test_demo_cohort_defaults_in_the_help_come_from_the_demo_s_constants(monkeypatch, capsys):
    """The demo's size, seed and code are declared once, in cohort/demo.py, and shown in help."""
    import inspect

    from interdependence import cli, privacy
    from interdependence.cohort import demo

    made = inspect.signature(demo.write_demo_cohort).parameters
    assert made["count"].default is demo.DEMO_PARTICIPANTS is cli.DEMO_PARTICIPANTS
    assert made["seed"].default is demo.DEMO_SEED is cli.DEMO_SEED
    assert made["code"].default is demo.DEMO_CODE is cli.DEMO_CODE
    assert made["min_group"].default is privacy.DEFAULT_MIN_GROUP
    monkeypatch.setattr(cli, "DEMO_PARTICIPANTS", 31)
    monkeypatch.setattr(cli, "DEMO_SEED", 11)
    monkeypatch.setattr(cli, "DEMO_CODE", "PRACTICE")
    monkeypatch.setattr(cli, "DEFAULT_MIN_GROUP", 6)
    parsed = cli.build_parser().parse_args(["demo-cohort", "somewhere"])
    assert (parsed.participants, parsed.seed, parsed.code, parsed.min_group) == (
        31, 11, "PRACTICE", 6)
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["demo-cohort", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    for default in ("(default 31)", "(default 11)", "(default PRACTICE)",
                    "(default 6, never below 3)"):
        assert default in shown


def test_the_longest_keeping_time_is_declared_once(tmp_path):
    """setup-cohort refuses past the settings' own limit, in the settings' own words."""
    from interdependence.cohort import settings

    proc = run("setup-cohort", tmp_path / "c", "--code", "A1", "--keep-days",
               str(settings.MAX_KEEP_DAYS + 1), check_ok=False)
    one_line_error(proc, f"from 1 to {settings.MAX_KEEP_DAYS}")
    with pytest.raises(settings.SettingsError, match=f"from 1 to {settings.MAX_KEEP_DAYS},"):
        settings.new_settings("A1", keep_days=settings.MAX_KEEP_DAYS + 1)
    assert settings.new_settings("A1", keep_days=settings.MAX_KEEP_DAYS).keep_days == 3660
