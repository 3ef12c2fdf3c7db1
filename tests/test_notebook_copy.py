"""`interdependence notebooks DEST`: copies of the workshop notebooks that never cost anyone
their own copy, and the atomic write underneath."""

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from interdependence import atomic, notebook_copy, paths

ROOT = Path(__file__).resolve().parents[1]
CLI = Path(sys.executable).with_name("interdependence")
CURRICULUM = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
DASHBOARD = "cohort-dashboard.ipynb"


def run(*args):
    return subprocess.run([str(CLI), "notebooks", *map(str, args)], capture_output=True,
                          text=True, timeout=120)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_copies_the_nine_curriculum_notebooks_into_a_new_folder(tmp_path):
    assert len(CURRICULUM) == 9 and CURRICULUM[0] == "00-welcome.ipynb"
    target = tmp_path / "new" / "workshop"
    result = notebook_copy.copy_notebooks(target)
    assert result.made_folder and result.copied == CURRICULUM
    assert names(target) == CURRICULUM  # no dashboard, no temp files left
    for name in CURRICULUM:
        assert (target / name).read_bytes() == (ROOT / "notebooks" / name).read_bytes()


def test_facilitator_adds_the_cohort_dashboard(tmp_path):
    result = notebook_copy.copy_notebooks(tmp_path, facilitator=True)
    assert result.copied == [*CURRICULUM, DASHBOARD]
    assert (tmp_path / DASHBOARD).read_bytes() == paths.dashboard_notebook().read_bytes()


def test_a_second_copy_finds_everything_up_to_date(tmp_path):
    notebook_copy.copy_notebooks(tmp_path)
    again = notebook_copy.copy_notebooks(tmp_path)
    assert again.same == CURRICULUM and not (again.copied or again.kept or again.replaced)
    assert not again.made_folder


def test_someone_s_changed_notebook_is_left_alone_unless_forced(tmp_path):
    mine = tmp_path / "03-start-small.ipynb"
    mine.write_text('{"my": "notes"}', encoding="utf-8")
    result = notebook_copy.copy_notebooks(tmp_path)
    assert [name for name, _ in result.kept] == ["03-start-small.ipynb"]
    assert "--force" in result.kept[0][1]
    assert mine.read_text(encoding="utf-8") == '{"my": "notes"}'
    assert len(result.copied) == 8
    forced = notebook_copy.copy_notebooks(tmp_path, force=True)
    assert forced.replaced == ["03-start-small.ipynb"] and not forced.kept
    assert mine.read_bytes() == (ROOT / "notebooks" / mine.name).read_bytes()
    assert names(tmp_path) == CURRICULUM


def test_a_link_or_a_folder_is_never_replaced_even_with_force(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not a notebook", encoding="utf-8")
    target = tmp_path / "target"
    target.mkdir()
    (target / "00-welcome.ipynb").symlink_to(outside)
    (target / "01-pinpoint-the-root-cause.ipynb").mkdir()
    result = notebook_copy.copy_notebooks(target, force=True)
    kept = dict(result.kept)
    assert "link" in kept["00-welcome.ipynb"] and "folder" in kept[
        "01-pinpoint-the-root-cause.ipynb"]
    assert outside.read_text(encoding="utf-8") == "not a notebook"
    assert (target / "00-welcome.ipynb").is_symlink()


def test_new_notebooks_follow_the_umask(tmp_path):
    old = os.umask(0o077)
    try:
        notebook_copy.copy_notebooks(tmp_path)
    finally:
        os.umask(old)
    assert (tmp_path / "00-welcome.ipynb").stat().st_mode & 0o777 == 0o600


def test_create_never_replaces_a_file_that_appears_first(tmp_path):
    target = tmp_path / "a.ipynb"
    assert atomic.atomic_create_bytes(target, b"first")
    assert not atomic.atomic_create_bytes(target, b"second")
    assert target.read_bytes() == b"first"
    assert names(tmp_path) == ["a.ipynb"]  # the unused temp file is gone


def test_create_works_where_the_file_system_has_no_hard_links(tmp_path, monkeypatch):
    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    target = tmp_path / "b.ipynb"
    assert atomic.atomic_create_bytes(target, b"data")
    assert not atomic.atomic_create_bytes(target, b"other")
    assert target.read_bytes() == b"data" and names(tmp_path) == ["b.ipynb"]


def test_a_failed_write_leaves_no_half_notebook(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError):
        notebook_copy.copy_notebooks(tmp_path)
    assert names(tmp_path) == []


# ---- the command -----------------------------------------------------------------------------


def test_the_command_says_what_it_copied_and_what_it_left_alone_and_why(tmp_path):
    target = tmp_path / "workshop"
    first = run(target, "--facilitator")
    assert first.returncode == 0, first.stderr
    assert "(a new folder)" in first.stdout
    for name in [*CURRICULUM, DASHBOARD]:
        assert f"copied       {name}" in first.stdout
    assert "10 copied, 0 replaced, 0 already up to date, 0 left alone." in first.stdout
    assert f"Start with {target / '00-welcome.ipynb'}" in first.stdout
    (target / "05-practice-vulnerability.ipynb").write_text("{}", encoding="utf-8")
    second = run(target)
    assert second.returncode == 0, second.stderr
    assert ("left alone   05-practice-vulnerability.ipynb: a different copy is already there"
            in second.stdout)
    assert "0 copied, 0 replaced, 8 already up to date, 1 left alone." in second.stdout
    assert "journal" in second.stdout  # answers are never in the notebook
    assert (target / "05-practice-vulnerability.ipynb").read_text(encoding="utf-8") == "{}"
    forced = run(target, "--force")
    assert "replaced     05-practice-vulnerability.ipynb" in forced.stdout
    assert names(target) == sorted([*CURRICULUM, DASHBOARD])


def test_the_command_refuses_a_file_for_a_folder_in_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    proc = run(blocker)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"interdependence: error: {blocker} is a file, not a folder: give a folder to copy "
        "the notebooks into."]


def test_the_command_says_plainly_when_it_cannot_write(tmp_path, monkeypatch, capsys):
    from interdependence import cli

    def refused(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "ro"))

    monkeypatch.setattr(notebook_copy, "atomic_create_bytes", refused)
    assert cli.main(["notebooks", str(tmp_path / "ro")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("interdependence: error: Could not copy the notebooks into")
    assert "permission denied" in err and "as it was" in err
