"""The report's chart pictures kept in ``_facilitator/charts/`` (report/pictures.py): a kept
picture is the very same as a fresh drawing, a changed state never gets an old picture, and a
cache someone else could have written is never used."""

import os
import stat
from dataclasses import replace

import pytest
from cohort_fakes import kept_pictures, prepared_folder, realistic, write_folder

from interdependence import curriculum as _curriculum
from interdependence.charts import cohort as charts
from interdependence.charts.render import figure_png
from interdependence.cohort import aggregate
from interdependence.report.build import write_report
from interdependence.report.pictures import (
    PARALLEL_FROM,
    PictureCache,
    drawing_words,
    picture_key,
    pictures,
)

CURRICULUM = _curriculum.default()
#: A few charts of different kinds: enough to show the rule, quick to draw.
KINDS = ("likert", "first_ask", "support_kinds")


def _panels(data):
    panels = aggregate.all_panels(data, CURRICULUM, seed=1)
    chosen = []
    for kind in KINDS:
        chosen.append(next(p for p in panels if p.kind == kind and p.visible))
    return chosen


def _fresh(panel, phone):
    return figure_png(charts.figure(panel, phone=phone))


@pytest.fixture
def folder(tmp_path):
    return prepared_folder(tmp_path, CURRICULUM)


def test_a_kept_picture_is_the_same_as_a_fresh_drawing(folder, tmp_path):
    data = realistic(CURRICULUM, people=20, seed=4)
    panels = _panels(data)
    with PictureCache.open(folder) as cache:
        first = pictures(panels, cache)
    kept = kept_pictures(folder)
    assert len(kept) == 2 * len(panels)
    for path in kept:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with PictureCache.open(folder) as cache:
        again = pictures(panels, cache)
    assert again == first
    for panel in panels:
        assert again[panel.key] == (_fresh(panel, False), _fresh(panel, True))


def test_a_repeated_report_is_the_same_page_from_kept_pictures(folder, tmp_path):
    first = write_report(folder, tmp_path / "one.html", seed=1)
    kept = {p.name: p.stat().st_mtime_ns for p in kept_pictures(folder)}
    assert len(kept) == 2 * first.charts > 20
    write_report(folder, tmp_path / "two.html", seed=1)
    assert {p.name: p.stat().st_mtime_ns for p in kept_pictures(folder)} == kept  # none drawn again
    assert (tmp_path / "two.html").read_bytes() == (tmp_path / "one.html").read_bytes()


def test_a_changed_state_never_reuses_an_old_picture(folder):
    before = realistic(CURRICULUM, people=20, seed=4)
    panels = _panels(before)
    likert = panels[0]
    rows = likert.data["rows"].copy()
    rows.iloc[0, rows.columns.get_indexer(rows.select_dtypes("number").columns)[0]] += 1
    changed = replace(likert, data={**likert.data, "rows": rows})
    assert picture_key(changed, False, 110) != picture_key(likert, False, 110)
    with PictureCache.open(folder) as cache:
        old = pictures(panels, cache)
    with PictureCache.open(folder) as cache:
        new = pictures([changed, *panels[1:]], cache)
    assert new[likert.key] == (_fresh(changed, False), _fresh(changed, True))
    assert new[likert.key] != old[likert.key]
    # only what the last report used is kept: the old state's pictures are gone
    keys = {picture_key(p, phone, 110) for p in [changed, *panels[1:]] for phone in (0, 1)}
    assert {p.stem for p in kept_pictures(folder)} == keys
    hidden = replace(likert, data=None)
    with PictureCache.open(folder) as cache:
        assert likert.key not in pictures([hidden], cache)  # a hidden chart has no picture
    assert kept_pictures(folder) == []


def _plant(folder, panel, png):
    """A picture of another chart put where ``panel``'s wide picture would be found."""
    target = folder / "_facilitator" / "charts" / f"{picture_key(panel, False, 110)}.png"
    target.write_bytes(png)
    return target


def test_a_picture_others_could_have_written_is_not_used(folder):
    likert, other, _ = _panels(realistic(CURRICULUM, people=20, seed=4))
    with PictureCache.open(folder):
        pass  # makes _facilitator/charts/
    planted = _plant(folder, likert, _fresh(other, False))
    planted.chmod(0o666)  # writable by anyone
    with PictureCache.open(folder) as cache:
        got = pictures([likert], cache)
    assert got[likert.key][0] == _fresh(likert, False)
    planted.unlink()
    decoy = folder / "decoy.png"
    decoy.write_bytes(_fresh(other, False))
    planted.symlink_to(decoy)  # a link, not a file
    with PictureCache.open(folder) as cache:
        assert pictures([likert], cache)[likert.key][0] == _fresh(likert, False)


def test_a_cache_folder_open_to_others_is_ignored_and_left_alone(folder):
    likert, other, _ = _panels(realistic(CURRICULUM, people=20, seed=4))
    charts_folder = folder / "_facilitator" / "charts"
    charts_folder.mkdir(mode=0o700)
    planted = _plant(folder, likert, _fresh(other, False))
    charts_folder.chmod(0o777)
    with PictureCache.open(folder) as cache:
        assert cache.fd is None
        assert pictures([likert], cache)[likert.key][0] == _fresh(likert, False)
    assert planted.exists()
    assert [p.name for p in kept_pictures(folder)] == [planted.name]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() != 0,
                    reason="giving a file to another account needs root")
def test_a_picture_of_another_account_is_not_used(folder):
    likert, other, _ = _panels(realistic(CURRICULUM, people=20, seed=4))
    with PictureCache.open(folder):
        pass
    planted = _plant(folder, likert, _fresh(other, False))
    os.chown(planted, 12345, 12345)
    with PictureCache.open(folder) as cache:
        assert pictures([likert], cache)[likert.key][0] == _fresh(likert, False)


def test_without_a_private_folder_nothing_is_kept(tmp_path):
    folder = write_folder(tmp_path / "cohort", realistic(CURRICULUM, people=20, seed=4))
    likert = _panels(realistic(CURRICULUM, people=20, seed=4))[0]
    with PictureCache.open(folder) as cache:
        assert cache.fd is None
        assert pictures([likert], cache)[likert.key][0] == _fresh(likert, False)
    assert not (folder / "_facilitator").exists()


def test_a_withdrawal_removes_every_kept_picture(folder):
    from interdependence.cohort.maintenance import withdraw

    likert = _panels(realistic(CURRICULUM, people=20, seed=4))[0]
    with PictureCache.open(folder) as cache:
        pictures([likert], cache)
    assert len(kept_pictures(folder)) == 2
    token = next(p.stem for p in folder.glob("*.json") if p.name != "settings.json")
    assert withdraw(folder, token)[0]
    assert kept_pictures(folder) == []


def _pixels(png: bytes):
    import io

    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(png)) as picture:
        return picture.mode, np.asarray(picture.convert("RGBA"))


@pytest.mark.parametrize("phone", [False, True])
def test_figure_png_draws_the_very_picture_savefig_draws(phone):
    """One draw and an RGB PNG of the kit's own encoder (issue 14): every pixel as savefig's
    own PNG, wide and phone, for a chart whose legend is measured before the layout
    (likert), a paired dot plot and one sized from the laid-out axes (support circles)."""
    import io

    data = realistic(CURRICULUM, people=20, seed=4)
    panels = aggregate.all_panels(data, CURRICULUM, seed=1)
    from PIL import Image

    for kind in ("likert", "first_ask", "support_circles"):
        panel = next(p for p in panels if p.kind == kind and p.visible)
        buffer = io.BytesIO()
        charts.figure(panel, phone=phone).savefig(buffer, format="png", dpi=110)
        png = figure_png(charts.figure(panel, phone=phone), dpi=110)
        mode, ours = _pixels(png)
        _, theirs = _pixels(buffer.getvalue())
        assert mode == "RGB"  # opaque: no alpha channel
        with Image.open(io.BytesIO(png)) as picture:
            picture.load()  # every chunk read: a damaged file would raise here
            assert [round(d) for d in picture.info["dpi"]] == [110, 110]
        assert ours.shape == theirs.shape
        assert (ours == theirs).all(), kind


def test_figure_png_keeps_a_see_through_background_and_closes_a_pyplot_figure():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))  # a caller's pyplot figure, not the kit's own
    fig.patch.set_alpha(0.0)
    ax.patch.set_alpha(0.0)
    ax.plot([0, 1], [0, 1])
    mode, pixels = _pixels(figure_png(fig, dpi=50))
    assert mode == "RGBA"
    assert pixels[..., 3].min() == 0
    assert pixels.shape[:2] == (150, 200)  # 3 x 4 inches at 50 dpi
    assert not plt.fignum_exists(fig.number)


def test_a_first_report_starts_its_drawing_helpers_before_reading_the_cohort(
        folder, tmp_path, monkeypatch):
    """With no picture kept, the helpers are forked before the cohort is read (they import
    matplotlib meanwhile) and draw every picture; a report that finds its pictures kept
    starts none. Either way the page is the same."""
    import threading

    from interdependence.report import build
    from interdependence.report import pictures as pictures_module

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # any stray test thread aside
    order, real_pool, real_load = [], pictures_module._pool, build.load_revealed

    def pool(workers):
        order.append("helpers")
        return real_pool(workers)

    def load_revealed(*args, **kwargs):
        order.append("read")
        return real_load(*args, **kwargs)

    monkeypatch.setattr(pictures_module, "_pool", pool)
    monkeypatch.setattr(build, "load_revealed", load_revealed)
    first = write_report(folder, tmp_path / "one.html", seed=1)
    assert order == ["helpers", "read"]
    assert len(kept_pictures(folder)) == 2 * first.charts > 20
    order.clear()
    write_report(folder, tmp_path / "two.html", seed=1)
    assert order == ["read"]  # every picture kept: no helper started
    assert (tmp_path / "one.html").read_text() == (tmp_path / "two.html").read_text()


@pytest.mark.parametrize(("drawing", "found", "keeping", "words"), [
    (1, 0, True, "Drawing 1 chart picture..."),
    (PARALLEL_FROM - 1, 0, True, f"Drawing {PARALLEL_FROM - 1} chart pictures..."),
    (42, 0, True, "Drawing 42 chart pictures: a few seconds the first time; they are kept, so "
                  "the next report is quicker..."),
    (42, 0, False, "Drawing 42 chart pictures: a few seconds the first time..."),
    (3, 39, True, "Drawing 3 chart pictures (39 kept from before)..."),
    (1, 1_041, True, "Drawing 1 chart picture (1,041 kept from before)..."),
])
def test_a_report_says_how_long_its_drawing_takes_and_whether_it_is_kept(
        drawing, found, keeping, words):
    """A facilitator waiting on a first report is told it takes a few seconds this once, and
    only where the pictures are kept is the next report promised to be quicker."""
    assert drawing_words(drawing, found, keeping) == words


def test_a_report_that_cannot_keep_its_pictures_does_not_promise_a_quicker_next_one(
        tmp_path, caplog):
    data = realistic(CURRICULUM, people=20, seed=4)
    panels = aggregate.all_panels(data, CURRICULUM, seed=1)
    with (caplog.at_level("INFO", logger="interdependence.report.pictures"),
          PictureCache.open(tmp_path) as cache):  # no _facilitator/: nothing is kept
        pictures(panels, cache)
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("Drawing")]
    assert len(said) == 1
    assert said[0].endswith("a few seconds the first time...")
