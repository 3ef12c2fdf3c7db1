"""Writing the report: load the cohort's revealed state, write the page, export the PNGs.

The page itself is made by ``page.render_report``; this module decides what it is made from
(always the cohort's last revealed state, see :func:`load_revealed`) and writes the files
atomically.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from .page import render_report


@dataclass(frozen=True)
class ReportResult:
    """What the report holds: the CLI prints these counts."""

    path: Path
    accepted: int  # people in the report's charts: the most in one step (CohortData.headcount)
    rejected: int  # files set aside, with reasons listed in the report
    hidden: int  # charts hidden by the privacy gate
    charts: int  # charts shown (one <img> each)
    min_group: int
    note: str = ""  # what is waiting, in words (never an exact number below min_group)
    problems: tuple[str, ...] = ()  # e.g. a damaged record of what was last shown
    closed: bool = False  # this report closed the round
    reflections: bool = False  # the shared reflections are in it
    #: lists of shared reflections hidden by the gate; None when they are left out
    hidden_lists: int | None = None

    def summary(self) -> str:
        from ..privacy import HEADCOUNT_WORDS, count_of, number, shown_count

        # the same counts as the report's header and the dashboard (privacy.hidden_counts)
        hidden = count_of(self.hidden, "chart", "charts") + " hidden"
        if self.reflections and self.hidden_lists is not None:
            hidden += (f" and {count_of(self.hidden_lists, 'list', 'lists')} of shared "
                       "reflections hidden")
        return (f"{shown_count(self.accepted, self.min_group)} people in the charts "
                f"({HEADCOUNT_WORDS}), "
                f"{number(self.rejected)} "
                f"set aside, {hidden} (fewer than {self.min_group} people in each), "
                f"{number(self.charts)} charts shown, "
                f"shared reflections {'included' if self.reflections else 'left out'}")


def is_bundled_sample(source) -> bool:
    """Whether ``source`` is the kit's own sample cohort (``paths.sample_cohorts()``).

    Loading it never moves files aside: it is demo content under version control (or the
    installed kit's copy of it), and a facilitator who opens the dashboard out of the box
    should not change the checkout.
    """
    source = getattr(source, "path", source)  # a FolderStore: its folder
    try:
        return Path(os.fspath(source)).resolve() in {p.resolve() for p in paths.sample_cohorts()}
    except (TypeError, OSError):
        return False


def load(source, curriculum=None, min_group: int | None = None, progress=None,
         set_aside: bool | None = None):
    """Load a cohort for the report or the dashboard (the sample cohort is never changed)."""
    from ..cohort.loader import load_cohort

    if set_aside is None:
        set_aside = not is_bundled_sample(source)
    return load_cohort(source, curriculum=curriculum, min_group=min_group, set_aside=set_aside,
                       progress=progress)


def load_revealed(source, curriculum=None, min_group: int | None = None, progress=None, *,
                  set_aside: bool | None = None, close_round: bool = False):
    """Load a cohort and take its revealed state: what any output may show now.

    Returns ``cohort.reveal.Outcome``: ``.shown`` is the last revealed state (moved to the
    people present now only when at least ``min_group`` of them arrived, withdrew or changed
    their answers since, or when ``close_round``), ``.note`` says what is waiting in words.
    The state is kept in the cohort, so the dashboard and every report share it.
    """
    from ..cohort import reveal
    from ..cohort.stores.factory import open_store

    store = open_store(source)
    if set_aside is None:
        set_aside = not is_bundled_sample(store)
    data = load(store, curriculum, min_group=min_group, progress=progress, set_aside=set_aside)
    return reveal.current(store, data, close_round=close_round)


def write_report(source, out, min_group: int | None = None, *, set_aside: bool | None = None,
                 seed: int | None = None, close_round: bool = False,
                 reflections: bool = False) -> ReportResult:
    """Load ``source`` (a cohort folder or store) and write the HTML report to ``out``.

    The report shows the cohort's last revealed state (see :func:`load_revealed`), never
    fewer than ``min_group`` changes since the last output, unless ``close_round``.
    ``min_group`` may ask for a larger threshold than the cohort's, never a smaller one
    (``privacy.PrivacyError``). ``reflections``: include the shared reflections (left out
    unless asked for, see ``page.render_report``). The file is written atomically.
    """
    from dataclasses import replace

    from ..cohort.stores.factory import open_store
    from ..curriculum import default
    from .pictures import helpers

    curriculum = default()
    store = open_store(source)
    # the cache is opened before the state is read (see picture_cache); with no picture kept,
    # the drawing helpers start now and import matplotlib while the cohort is read
    with picture_cache(store) as cache, helpers(cache) as pool:
        outcome = load_revealed(store, curriculum, min_group=min_group, set_aside=set_aside,
                                close_round=close_round)
        store.wait()  # the keep is saved (and its memory freed) before the charts are drawn
        result = write_report_for(outcome.shown, curriculum, out, seed=seed,
                                  note=outcome.note, cache=cache, pool=pool,
                                  reflections=reflections)
    return replace(result, problems=tuple(outcome.problems), closed=outcome.closed)


def picture_cache(store):
    """The chart pictures kept for ``store`` (``pictures.PictureCache``): the facilitator's
    private ``_facilitator/charts/`` of a folder store, none for the bundled sample or a
    database. Open it *before* reading the state it will keep: a withdrawal removes that
    folder, so a state read before a withdrawal can never be written after it. A folder
    without ``_facilitator/`` yet (a demo cohort, files copied by hand) gets one, as its
    first load's keep would: otherwise a first report, or a dashboard, kept nothing."""
    from .pictures import PictureCache

    return PictureCache() if is_bundled_sample(store) else PictureCache.open(store,
                                                                               create=True)


def write_report_for(data, curriculum, out, seed: int | None = None,
                     note: str | None = None, cache=None, pool=None,
                     reflections: bool = False) -> ReportResult:
    """Write the report for an already revealed cohort (``load_revealed(...).shown``).

    ``cache``: a ``pictures.PictureCache`` that keeps the chart pictures between reports;
    ``pool``: drawing helpers started ahead (``pictures.helpers``); ``reflections``: include
    the shared reflections (left out unless asked for)."""
    from ..atomic import atomic_write_text

    page, counts = render_report(data, curriculum, seed=seed, note=note, cache=cache,
                                 pool=pool, reflections=reflections)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, page, mode=0o644)
    return ReportResult(path=out, note=note or "", reflections=reflections, **counts)


def export_charts(data, curriculum, folder, dpi: int = 150) -> list[Path]:
    """Every visible chart as ``<chart key>.png`` in ``folder``; hidden ones are not written."""
    from ..atomic import atomic_write_bytes
    from ..charts import cohort as charts
    from ..charts.render import figure_png
    from ..cohort import aggregate

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for panel in aggregate.all_panels(data, curriculum):
        if not panel.visible or panel.kind == "reflections":
            continue
        target = folder / f"{panel.key}.png"
        atomic_write_bytes(target, figure_png(charts.figure(panel), dpi=dpi), mode=0o644)
        written.append(target)
    return written
