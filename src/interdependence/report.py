"""The cohort report: one self-contained HTML file with every chart the privacy gate allows.

``write_report(source, out)`` loads the cohort (a folder or a store), takes the cohort's last
revealed state (``cohort/reveal.py``: what every output shows, moved only in batches of at
least ``min_group`` changed participants, shared with the dashboard), builds every panel
(``cohort/aggregate.py``) from it, draws the visible ones as PNGs embedded in the page (caption as
alt text and under the picture), shows the hidden message in place of the others, and lists
the files that were set aside. Every piece of text in the page is escaped. The CLI's
``interdependence report`` calls this and prints the counts it returns.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths, privacy

if TYPE_CHECKING:
    from .curriculum import Discussion

@dataclass(frozen=True)
class ReportResult:
    """What the report holds: the CLI prints these counts."""

    path: Path
    accepted: int  # people in the report's charts: the most in one step (CohortData.headcount)
    rejected: int  # files set aside, with reasons listed in the report
    hidden: int  # charts and reflection lists hidden by the privacy gate
    charts: int  # charts shown (one <img> each)
    min_group: int
    note: str = ""  # what is waiting, in words (never an exact number below min_group)
    problems: tuple[str, ...] = ()  # e.g. a damaged record of what was last shown
    closed: bool = False  # this report closed the round

    def summary(self) -> str:
        from .privacy import shown_count

        return (f"{shown_count(self.accepted, self.min_group)} people in the charts, "
                f"{self.rejected} "
                f"rejected, {self.hidden} charts or lists hidden (fewer than {self.min_group} "
                "people in each), "
                f"{self.charts} charts shown")


def prompts_for(panel, prompts: Discussion) -> tuple[str, ...]:
    """The discussion questions shown under ``panel`` (``curriculum.load_discussion()``)."""
    if panel.kind == "reflections":
        return prompts.reflections
    return prompts.for_chart(panel.key)


def sections(panels: Iterable, curriculum) -> list[tuple[str, list]]:
    """Panels grouped under a heading: the whole group first, then each step in order."""
    out: list[tuple[str, list]] = [("The whole group", [p for p in panels if not p.step])]
    for step in curriculum.steps:
        mine = [p for p in panels if p.step == step.id]
        if mine:
            out.append((f"{step.label}: {step.title}", mine))
    return [(title, group) for title, group in out if group]


def panel_html(panel, prompts: Discussion) -> str:
    """One panel as HTML: the chart as an embedded PNG, the reflections, or the hidden note."""
    from .charts import cohort as charts
    from .charts.render import empty_state_html, figure_html

    e = html.escape
    # A chart carries its title inside the picture (so an exported PNG stands alone), and a
    # reflection list inside its HTML; only a hidden panel needs a heading here.
    parts = [f'<section class="panel" id="{e(panel.key, quote=True)}">']
    if not panel.visible:
        parts.append(f"<h3>{e(panel.title)}</h3>")
        parts.append(empty_state_html(panel.hidden_message))
    elif panel.kind == "reflections":
        parts.append(charts.reflections_html(panel.data))
        parts.append(f'<p class="caption">{e(charts.caption(panel))}</p>')
    else:
        parts.append(figure_html(charts.figure(panel), charts.caption(panel)))
    questions = prompts_for(panel, prompts)
    if questions and panel.visible:
        items = "".join(f"<li>{e(q)}</li>" for q in questions)
        parts.append('<div class="prompts" style="background:#fff8e1;border:1px solid #e0c070;'
                     'border-radius:6px;padding:6px 14px;margin:8px 0 18px 0">'
                     f'<b>To discuss</b><ul style="margin:4px 0">{items}</ul></div>')
    parts.append("</section>")
    return "".join(parts)


def rejected_html(rejected: list[tuple[str, str]]) -> str:
    if not rejected:
        return "<p>Every file in the cohort folder was a valid submission.</p>"
    from .safe_text import safe_text  # a name can hold U+202E and the like: shown escaped

    rows = "".join(f"<tr><td><code>{html.escape(safe_text(name))}</code></td>"
                   f"<td>{html.escape(safe_text(reason))}</td></tr>"
                   for name, reason in rejected)
    return ("<p>These files were set aside, not deleted, and are left out of every chart:</p>"
            f"<table><thead><tr><th>File</th><th>Why it was set aside</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


CSS = """
body {font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1a1a1a;
  max-width: 1100px; margin: 0 auto; padding: 24px; line-height: 1.45; font-size: 17px;}
h1 {margin-bottom: 4px;} h2 {border-bottom: 2px solid #0072B2; padding-bottom: 4px;
  margin-top: 40px;} h3 {margin-bottom: 6px;}
.meta {color: #444;} .caption {color: #333;}
.privacy {background: #eef6fb; border-left: 4px solid #0072B2; padding: 8px 14px;}
.prompts {background: #fff8e1; border: 1px solid #e0c070; border-radius: 6px;
  padding: 6px 14px; margin: 8px 0 18px 0;}
.prompts ul {margin: 4px 0;}
table {border-collapse: collapse;} td, th {border: 1px solid #ccc; padding: 4px 8px;
  text-align: left; vertical-align: top;}
figure img {border: 1px solid #eee;}
"""


def render_report(data, curriculum, min_group: int | None = None,
                  seed: int | None = None, today: dt.date | None = None,
                  note: str | None = None) -> tuple[str, dict]:
    """The report page for ``data`` (the revealed state), and its counts.

    ``note``: what is waiting to be shown, in words, printed under the privacy note.
    """
    from .cohort import aggregate
    from .curriculum import load_discussion

    panels = aggregate.all_panels(data, curriculum, min_group=min_group, seed=seed)
    threshold = panels[0].min_group if panels else aggregate.min_group_of(data, min_group)
    prompts = load_discussion()
    e = html.escape
    settings = getattr(data, "settings", {}) or {}
    code = settings.get("code") if hasattr(settings, "get") else None
    accepted = getattr(data, "headcount", None)
    if accepted is None:
        accepted = len(getattr(data, "tokens", ())) or int(data.ratings["token"].nunique())
    hidden = sum(1 for p in panels if not p.visible)
    shown = sum(1 for p in panels if p.visible and p.kind != "reflections")
    body = [
        f"<h1>Cohort report{': ' + e(str(code)) if code else ''}</h1>",
        f'<p class="meta">Made on {(today or dt.date.today()).isoformat()} · '
        f"{privacy.shown_count(accepted, threshold)} people in the charts "
        "(the most in one step) · "
        f"{len(data.rejected)} set aside · "
        f"{hidden} charts or lists hidden</p>",
        '<p class="privacy">Group results only: no chart shows one person\'s answers. A chart or '
        f"list appears only when at least {threshold} people contributed to it; otherwise it "
        f'says "{e(privacy.hidden_message(threshold))}". "Prefer not to say" answers are left '
        "out of every count. Shared reflections are shown in a random order, without names or "
        "dates.</p>",
    ]
    if note:
        body.append(f'<p class="privacy">{e(note)}</p>')
    for title, group in sections(panels, curriculum):
        body.append(f"<h2>{e(title)}</h2>")
        body.extend(panel_html(p, prompts) for p in group)
    body.append("<h2>Files set aside</h2>")
    body.append(rejected_html(list(data.rejected)))
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e('Cohort report' + (f' — {code}' if code else ''))}</title>"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>\n")
    counts = {"accepted": accepted, "rejected": len(data.rejected), "hidden": hidden,
              "charts": shown, "min_group": threshold}
    return page, counts


def is_bundled_sample(source) -> bool:
    """Whether ``source`` is the kit's own sample cohort (part of the repository).

    Loading it never moves files aside: it is demo content under version control, and a
    facilitator who opens the dashboard out of the box should not change the checkout.
    """
    source = getattr(source, "path", source)  # a FolderStore: its folder
    try:
        return Path(os.fspath(source)).resolve() == (paths.data_dir() / "sample-cohort").resolve()
    except (TypeError, OSError):
        return False


def load(source, curriculum=None, min_group: int | None = None, progress=None,
         set_aside: bool | None = None):
    """Load a cohort for the report or the dashboard (the sample cohort is never changed)."""
    from .cohort.loader import load_cohort

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
    from .cohort import reveal
    from .cohort.store import open_store

    store = open_store(source)
    if set_aside is None:
        set_aside = not is_bundled_sample(store)
    data = load(store, curriculum, min_group=min_group, progress=progress, set_aside=set_aside)
    return reveal.current(store, data, close_round=close_round)


def write_report(source, out, min_group: int | None = None, *, set_aside: bool | None = None,
                 seed: int | None = None, close_round: bool = False) -> ReportResult:
    """Load ``source`` (a cohort folder or store) and write the HTML report to ``out``.

    The report shows the cohort's last revealed state (see :func:`load_revealed`), never
    fewer than ``min_group`` changes since the last output, unless ``close_round``.
    ``min_group`` may ask for a larger threshold than the cohort's, never a smaller one
    (``privacy.PrivacyError``). The file is written atomically.
    """
    from dataclasses import replace

    from .curriculum import default

    curriculum = default()
    outcome = load_revealed(source, curriculum, min_group=min_group, set_aside=set_aside,
                            close_round=close_round)
    result = write_report_for(outcome.shown, curriculum, out, seed=seed, note=outcome.note)
    return replace(result, problems=tuple(outcome.problems), closed=outcome.closed)


def write_report_for(data, curriculum, out, seed: int | None = None,
                     note: str | None = None) -> ReportResult:
    """Write the report for an already revealed cohort (``load_revealed(...).shown``)."""
    from .atomic import atomic_write_text

    page, counts = render_report(data, curriculum, seed=seed, note=note)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, page, mode=0o644)
    return ReportResult(path=out, note=note or "", **counts)


def export_charts(data, curriculum, folder, dpi: int = 150) -> list[Path]:
    """Every visible chart as ``<chart key>.png`` in ``folder``; hidden ones are not written."""
    from .atomic import atomic_write_bytes
    from .charts import cohort as charts
    from .charts.render import figure_png
    from .cohort import aggregate

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
