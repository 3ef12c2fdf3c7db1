"""The dashboard keeps the chart pictures it draws where the report keeps its own
(``_facilitator/charts/``, report/pictures.py): a report made after a session draws only what
the dashboard did not. Same keys, same rules: never a planted file or a link, never after a
withdrawal, and a disk that cannot be written never fails the dashboard."""

import asyncio
import errno
import json
import logging
import os
import re

import pytest
from cohort_fakes import (
    CHECK_IN,
    kept_pictures,
    loop_if_running,
    prepared_folder,
    realistic,
    token_of,
    write_folder,
)

from interdependence import curriculum as _curriculum
from interdependence.charts import cohort as charts
from interdependence.charts.render import png_src
from interdependence.cohort.maintenance import withdraw
from interdependence.report import pictures as pictures_module
from interdependence.report.build import write_report
from interdependence.report.pictures import picture_key
from interdependence.views import dashboard as dashboard_view

CURRICULUM = _curriculum.default()


@pytest.fixture
def folder(tmp_path):
    return prepared_folder(tmp_path, CURRICULUM)


def _recording(monkeypatch) -> list[tuple[str, bool]]:
    """Every chart drawn from now on, as (panel key, phone), the report's included (drawn
    in this process, not in helpers, so each is seen)."""
    drawn, real = [], charts.figure

    def figure(panel, phone=False):
        drawn.append((panel.key, bool(phone)))
        return real(panel, phone=phone)

    monkeypatch.setattr(charts, "figure", figure)
    monkeypatch.setattr(pictures_module, "PARALLEL_FROM", 10**6)
    return drawn


def _step_with_phone_charts(dash) -> str:
    """A step (not the first, shown on opening) with at least two charts to draw."""
    return next(t for t in list(dash.section.options)[1:]
                if sum(p.visible and p.kind != "reflections" for p in dash._sections[t]) > 1)


def _charts_of(dash, title):
    return [p for p in dash._sections[title] if p.visible and p.kind != "reflections"]


def test_a_report_after_a_dashboard_session_draws_nothing_the_dashboard_drew(
        folder, tmp_path, monkeypatch):
    """As in a live kernel: a chosen step's wide pictures at once, its phone ones on idle
    turns; then the report finds every one of them under the very key it looks up."""
    monkeypatch.setattr(dashboard_view, "kernel_loop", loop_if_running)
    monkeypatch.setattr(dashboard_view, "AHEAD_START", 60.0)  # no drawing ahead here
    drawn = _recording(monkeypatch)

    async def session():
        dash = dashboard_view.Dashboard(str(folder))
        dash.section.value = _step_with_phone_charts(dash)
        for _ in range(500):
            await asyncio.sleep(0.02)
            if not dash.phones_waiting:
                break
        assert not dash.phones_waiting
        return dash

    dash = asyncio.run(session())
    assert dash._keeper.wait(10)
    by_dashboard = set(drawn)
    step = _charts_of(dash, dash.section.value)
    assert {(p.key, phone) for p in step for phone in (False, True)} <= by_dashboard
    page = "".join(child.value for child in dash.section_view.children)
    drawn.clear()
    result = write_report(folder, tmp_path / "report.html")
    assert not by_dashboard & set(drawn), "the report drew again what the dashboard drew"
    assert drawn, "the report drew the steps nobody looked at (so the count is real)"
    assert len(set(drawn) | by_dashboard) == 2 * result.charts
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    for png in re.findall(r'(?:src|srcset)="(data:image/png;base64,[^"]+)"', page):
        assert png in report  # the very pictures the dashboard showed


def test_the_dashboard_shows_pictures_a_report_kept_without_drawing_them(folder, tmp_path,
                                                                       monkeypatch):
    write_report(folder, tmp_path / "report.html")
    drawn = _recording(monkeypatch)
    dash = dashboard_view.Dashboard(str(folder))
    for title in dash.section.options:
        dash.section.value = title
    assert drawn == []


def test_a_planted_picture_or_a_link_is_never_shown_nor_followed(folder, tmp_path,
                                                                 monkeypatch):
    dash = dashboard_view.Dashboard(str(folder))
    assert dash._keeper.wait(10)
    panel = _charts_of(dash, dash.section.value)[0]
    kept = folder / "_facilitator" / "charts"
    wide = kept / f"{picture_key(panel, False, 110)}.png"
    narrow = kept / f"{picture_key(panel, True, 110)}.png"
    honest_wide, honest_narrow = wide.read_bytes(), narrow.read_bytes()
    wide.write_bytes(honest_narrow)  # the wrong picture where the wide one is looked up
    wide.chmod(0o666)  # and anyone could have written it
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(honest_wide)
    narrow.unlink()
    narrow.symlink_to(outside)  # a link to another picture, outside the folder
    drawn = _recording(monkeypatch)
    again = dashboard_view.Dashboard(str(folder))
    assert again._keeper.wait(10)
    assert {(panel.key, False), (panel.key, True)} <= set(drawn)  # both drawn afresh
    shown = again.section_view.children[0].value
    assert f'src="{png_src(honest_wide)}"' in shown
    assert f'srcset="{png_src(honest_narrow)}"' in shown
    assert outside.read_bytes() == honest_wide  # the link was not followed to write either
    assert not narrow.is_symlink()
    assert narrow.stat().st_mode & 0o077 == 0


def test_after_a_withdrawal_a_dashboard_open_before_keeps_nothing_more(folder, monkeypatch):
    """The dashboard still shows the state it read before the withdrawal until it looks
    again; nothing of that state may be written into the emptied folder meanwhile."""
    dash = dashboard_view.Dashboard(str(folder))
    assert dash._keeper.wait(10)
    assert kept_pictures(folder)
    token = next(p.stem for p in folder.glob("*.json") if p.name != "settings.json")
    assert withdraw(folder, token)[0]
    assert kept_pictures(folder) == []
    for title in dash.section.options:  # the old state's other steps, drawn now
        dash.section.value = title
    assert dash._keeper.wait(10)
    assert kept_pictures(folder) == []
    assert not [n for n in os.listdir(folder / "_facilitator") if "charts" in n]
    for i in range(6):  # enough newcomers for the check-in's charts to show again
        token = token_of(f"new{i:04d}")
        (folder / f"{token}.json").write_text(json.dumps({
            "schema": 2, "token": token, "cohort": "TEST", "date": "2026-11-20",
            "steps": {CHECK_IN: {"ratings": {"sign.asking": 4, "sign.uneasy_relying": 2}}}}))
    dash.refresh()  # looks again: a state without them, and a new folder for it
    for title in dash.section.options:
        dash.section.value = title
    assert dash._keeper.wait(10)
    visible = [p for p in dash.panels if p.visible and p.kind != "reflections"]
    assert visible
    assert len(kept_pictures(folder)) == 2 * len(visible)


def test_a_disk_that_cannot_be_written_never_fails_the_dashboard(folder, monkeypatch,
                                                                 caplog):
    from interdependence.views.guard import CALLBACK_ERRORS

    real = os.write

    def full(fd, data):
        if pictures_module.threading.current_thread().name == "interdependence-pictures":
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, data)

    monkeypatch.setattr(os, "write", full)
    caplog.set_level(logging.INFO, logger=pictures_module.__name__)
    errors = len(CALLBACK_ERRORS)
    dash = dashboard_view.Dashboard(str(folder))
    assert dash._keeper.wait(10)
    assert dash.section_view.children
    assert "data:image/png" in dash.section_view.children[0].value
    assert len(CALLBACK_ERRORS) == errors
    assert kept_pictures(folder) == []
    assert not list((folder / "_facilitator" / "charts").iterdir())  # no half file left
    assert "No space left on device" in caplog.text
    monkeypatch.setattr(pictures_module.PictureCache, "put", _boom)
    dash.section.value = dash.section.options[-1]  # an unexpected failure: logged too
    assert dash._keeper.wait(10)
    assert len(CALLBACK_ERRORS) == errors
    assert "keeping a chart picture failed" in caplog.text


def _boom(*_args):
    raise RuntimeError("the disk went away")


def test_the_bundled_sample_keeps_nothing_and_an_unprepared_folder_gets_its_own(tmp_path):
    """A folder not set up with setup-cohort (a demo cohort) gets the facilitator's private
    ``_facilitator/`` as its first load's keep would, so its pictures are kept from the first
    dashboard on (a facilitator reviewer rehearsing on a demo cohort saw none kept)."""
    import stat

    from interdependence import paths

    sample = dashboard_view.Dashboard(str(paths.sample_cohort()))
    assert sample._kept is not None
    assert sample._kept.fd is None
    assert not (paths.sample_cohort() / "_facilitator" / "charts").exists()
    bare = write_folder(tmp_path / "bare", realistic(CURRICULUM, people=20, seed=4))
    assert not (bare / "_facilitator").exists()
    dash = dashboard_view.Dashboard(str(bare))
    assert dash._kept is not None
    assert dash._kept.fd is not None
    assert stat.S_IMODE((bare / "_facilitator").stat().st_mode) == 0o700


def test_a_demo_cohort_s_second_report_draws_nothing(tmp_path, monkeypatch):
    """The first report on a folder with no ``_facilitator/`` keeps its pictures: the second
    draws none."""
    bare = write_folder(tmp_path / "bare", realistic(CURRICULUM, people=20, seed=4))
    drawn = _recording(monkeypatch)
    write_report(bare, tmp_path / "one.html", set_aside=False)
    assert drawn, "the first report draws (so the count is real)"
    drawn.clear()
    write_report(bare, tmp_path / "two.html", set_aside=False)
    assert drawn == []


def test_a_missing_answer_has_a_key_of_its_own():
    """Nullable columns hold pd.NA where nobody answered (a newcomer's other steps): such a
    chart is kept too, and a missing answer never shares a key with a given one."""
    from types import SimpleNamespace

    import pandas as pd

    def panel(value):
        rows = pd.DataFrame({"item": ["a", "b"], "n": pd.array([3, value], dtype="Int8")})
        return SimpleNamespace(kind="likert", data={"rows": rows})

    missing = picture_key(panel(None), False, 110)
    assert missing is not None
    assert missing not in {picture_key(panel(0), False, 110), picture_key(panel(1), False, 110)}
    assert picture_key(panel(None), False, 110) == missing


def test_a_purge_removes_the_pictures_a_dashboard_keeps(folder):
    import datetime as dt

    from interdependence.cohort.maintenance import purge

    dash = dashboard_view.Dashboard(str(folder))
    assert dash._keeper.wait(10)
    assert kept_pictures(folder)
    assert purge(folder, 30, today=dt.date(2027, 6, 1)).deleted == 20
    assert not (folder / "_facilitator" / "charts").exists()
    dash.section.value = dash.section.options[-1]  # the old state, still on screen
    assert dash._keeper.wait(10)
    assert not (folder / "_facilitator" / "charts").exists()
