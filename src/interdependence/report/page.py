"""The report's HTML: the page, its sections and panels, and the table of files set aside.

Nothing here loads a cohort or writes a file (that is ``build.py``): it turns an already
revealed cohort into text, so the dashboard shows the very same panels as the report.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .. import privacy
from ..palette import NOTICE_BACKGROUND, NOTICE_BORDER, css_variables

if TYPE_CHECKING:
    from ..curriculum import Discussion


def prompts_for(panel, prompts: Discussion | None) -> tuple[str, ...]:
    """The discussion questions shown under ``panel`` (``curriculum.load_discussion()``);
    none without ``prompts`` (the report, see :func:`render_report`)."""
    if prompts is None:
        return ()
    if panel.kind == "reflections":
        return prompts.reflections
    return prompts.for_chart(panel.key)


def section_id(title: str) -> str:
    """The id a section's heading gets, for the table of contents to link to."""
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
    return "section-" + "-".join(words)


def sections(panels: Iterable, curriculum) -> list[tuple[str, list]]:
    """Panels grouped under a heading: the whole group first, then each step in order."""
    out: list[tuple[str, list]] = [("The whole group", [p for p in panels if not p.step])]
    for step in curriculum.steps:
        mine = [p for p in panels if p.step == step.id]
        if mine:
            out.append((f"{step.label}: {step.title}", mine))
    return [(title, group) for title, group in out if group]


def panel_html(panel, prompts: Discussion | None, phone: bool = False,
               pictures: dict[str, tuple[bytes, bytes | None]] | None = None) -> str:
    """One panel as HTML: the chart as an embedded PNG, the reflections, or the hidden note.

    ``prompts``: the questions for the room under each chart (the dashboard); None leaves
    them out (the report).
    ``phone``: the chart also in its phone layout, shown on a narrow screen (the report).
    ``pictures``: the chart's PNGs already made (``pictures.pictures``), by panel key.
    """
    from ..charts import cohort as charts
    from ..charts.render import (
        empty_state_html,
        figure_html,
        figure_markup,
        responsive_figure_html,
    )

    e = html.escape
    # A chart carries its title inside the picture (so an exported PNG stands alone), and a
    # reflection list inside its HTML; only a hidden panel needs a heading here.
    # Captions and questions at least 16 px, in the dashboard (whose page text is smaller)
    # as in the report: read off a projector from the back of a room.
    parts = [f'<section class="panel" id="{e(panel.key, quote=True)}" '
             f'style="font-size:max(1em, {PANEL_TEXT_PX}px)">']
    if not panel.visible:
        parts.append(f"<h3>{e(panel.title)}</h3>")
        parts.append(empty_state_html(panel.hidden_message))
    elif panel.kind == "reflections":
        parts.append(charts.reflections_html(panel.data))
        parts.append(f'<p class="caption">{e(charts.caption(panel))}</p>')
    elif pictures is not None and panel.key in pictures:
        wide, narrow = pictures[panel.key]
        parts.append(figure_markup(charts.caption(panel), wide, narrow if phone else None))
    elif phone:
        parts.append(responsive_figure_html(charts.figure(panel),
                                            charts.figure(panel, phone=True),
                                            charts.caption(panel)))
    else:
        parts.append(figure_html(charts.figure(panel), charts.caption(panel)))
    questions = prompts_for(panel, prompts)
    if questions and panel.visible:
        items = "".join(f"<li>{e(q)}</li>" for q in questions)
        # Styled inline too: the dashboard shows this panel without the report's stylesheet.
        parts.append(f'<div class="prompts" style="background:{NOTICE_BACKGROUND};'
                     f'border:1px solid {NOTICE_BORDER};'
                     'border-radius:6px;padding:6px 14px;margin:8px 0 18px 0">'
                     f'<b>To discuss</b><ul style="margin:4px 0">{items}</ul></div>')
    parts.append("</section>")
    return "".join(parts)


#: Said once in the report, which leaves out the questions the dashboard shows under each
#: chart: they are for the facilitator to ask the group in the room, and a report is read
#: later, perhaps by people who were not there.
ROOM_QUESTIONS_NOTE = ("This report has no discussion questions: those are in the cohort "
                       "dashboard, for the facilitator to ask the group during a session.")


#: Said at the top of a report made without the shared reflections (the default).
REFLECTIONS_LEFT_OUT = ("Shared reflections are left out of this report, every one of them: "
                        "people shared them with their own group, and a report may be read "
                        "by others.")
#: Said at the top of a report made with them, in a warning box.
REFLECTIONS_IN = ("Keep this report within the group. It holds the group's own words: the "
                  "reflections people shared with their group, in a random order, without "
                  "names or dates. Do not send it to a manager, HR or anyone who was not in "
                  "the group; for them, make the report without --with-reflections.")
#: Added to the title and the heading of a report made with the shared reflections.
WITH_REFLECTIONS = " — with the group's reflections: keep within the group"


def privacy_note(threshold: int) -> str:
    """What the report's charts keep private, and the honest limit of it, in plain words.

    The threshold is per chart: a chart of ``threshold`` people shows shares, and some charts
    draw one unnamed dot per person, so a share or a dot can stand for one person."""
    return (f"What is protected: a chart or list appears only when at least {threshold} people "
            f'contributed to it; otherwise it says "{privacy.hidden_message(threshold)}". No '
            "chart or list carries a name, a token or a date. \"Prefer not to say\" answers are "
            "left out of every count. A caption says how many of a chart's people did something "
            f"only when at least {threshold} did it and at least {threshold} did not. "
            "What is not: in a chart of few people a share, or a dot, can stand for one person "
            "(94% of 18 people means one of them answered differently). Nobody can tell who from "
            "the chart alone, but someone who knows who answered what in the room might. Before "
            "showing results beyond the group, make the report with a higher threshold "
            "(--min-group 8, for example).")


#: Said under the report's heading, for a reader who was not in the room.
ABOUT = ("About this report: it comes from Interdependence, a learning workshop on asking for "
         "and accepting help. People rated statements about themselves (the seven signs of "
         "doing everything alone, for example) as prompts for their own reflection, and chose "
         "which steps to share with the group. These ratings are not a validated measure, a "
         "diagnosis or a figure for how common anything is, and they are not a judgement of "
         "anyone's work.")


#: The smallest size, in CSS pixels, of a panel's caption and questions.
PANEL_TEXT_PX = 16


def contents_html(titles: list[str]) -> str:
    """The table of contents: a link to each section of the report, in order."""
    items = "".join(f'<li><a href="#{section_id(title)}">{html.escape(title)}</a></li>'
                    for title in titles)
    return (f'<nav class="contents" id="contents" aria-labelledby="contents-title">'
            f'<h2 id="contents-title">Contents</h2><ol>{items}</ol></nav>')


#: The link at the end of each section of the report, back to its table of contents.
BACK_TO_CONTENTS = '<p class="back"><a href="#contents">Back to contents</a></p>'



def rejected_html(rejected: list[tuple[str, str]]) -> str:
    if not rejected:
        return "<p>Every file in the cohort folder was a valid submission.</p>"
    from ..safe_text import safe_text  # a name can hold U+202E and the like: shown escaped

    rows = "".join(f"<tr><td><code>{html.escape(safe_text(name))}</code></td>"
                   f"<td>{html.escape(safe_text(reason))}</td></tr>"
                   for name, reason in rejected)
    return ("<p>These files were set aside, not deleted, and are left out of every chart:</p>"
            f"<table><thead><tr><th>File</th><th>Why it was set aside</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")


#: The report's stylesheet (the dashboard shows the same panels with views/style.py's CSS).
CSS = css_variables() + """
body {font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: var(--interdep-ink); max-width: 1100px; margin: 0 auto; padding: 24px;
  line-height: 1.45; font-size: 17px;}
h1 {margin-bottom: 4px;} h2 {border-bottom: 2px solid var(--interdep-accent);
  padding-bottom: 4px; margin-top: 40px;} h3 {margin-bottom: 6px;}
.meta {color: var(--interdep-muted);} .caption {color: var(--interdep-caption);}
.privacy {background: var(--interdep-tint); border-left: 4px solid var(--interdep-accent);
  padding: 8px 14px;}
.privacy.warning {background: var(--interdep-notice-background);
  border-left: 6px solid var(--interdep-attention); font-weight: bold;}
table {border-collapse: collapse;} td, th {border: 1px solid var(--interdep-border);
  padding: 4px 8px; text-align: left; vertical-align: top;}
figure {margin: 8px 0;} figure img {border: 1px solid var(--interdep-rule);
  max-width: 100%; height: auto; display: block;}
a {color: var(--interdep-link);}
.skip {position: absolute; left: -9999px; top: 8px; background: var(--interdep-white);
  padding: 8px 12px; border: 2px solid var(--interdep-focus); z-index: 10;}
.skip:focus {left: 8px;}
a:focus-visible {outline: 3px solid var(--interdep-focus); outline-offset: 2px;}
nav.contents {background: var(--interdep-tint); border-radius: 6px; padding: 8px 16px;
  margin: 16px 0;}
nav.contents h2 {border: none; margin: 4px 0; font-size: 1.1em; padding: 0;}
nav.contents ol {margin: 4px 0; padding-left: 1.4em; columns: 2; column-gap: 32px;}
nav.contents li {margin: 3px 0; break-inside: avoid;}
.back {margin: 12px 0 0 0;}
footer {color: var(--interdep-muted); border-top: 1px solid var(--interdep-border);
  margin-top: 40px; padding-top: 8px;}
td, th {overflow-wrap: anywhere;}
@media (max-width: 640px) {
  body {padding: 12px; font-size: 16px;}
  h1 {font-size: 1.6em;} h2 {margin-top: 28px; font-size: 1.3em;}
  nav.contents ol {columns: 1;}
  table {width: 100%;}
}
"""


def render_report(data, curriculum, min_group: int | None = None,
                  seed: int | None = None, today: dt.date | None = None,
                  note: str | None = None, cache=None, pool=None,
                  reflections: bool = False) -> tuple[str, dict]:
    """The report page for ``data`` (the revealed state), and its counts.

    ``reflections``: include the shared reflections. Left out unless asked for: people
    shared them with their group, and a report is a file that can travel beyond it (to a
    manager, an HR file); the page says which it is (:data:`REFLECTIONS_LEFT_OUT`).

    ``note``: what is waiting to be shown, in words, printed under the privacy note.
    ``cache``: a ``pictures.PictureCache`` holding chart pictures of earlier reports.
    ``pool``: drawing helpers started ahead (``pictures.helpers``), or None.
    """
    from ..cohort import aggregate
    from .pictures import pictures

    panels = aggregate.all_panels(data, curriculum, min_group=min_group, seed=seed)
    if not reflections:  # none at all, shown or hidden: not even a count of them
        panels = [p for p in panels if p.kind != "reflections"]
    drawn = pictures(panels, cache, pool=pool)
    threshold = panels[0].min_group if panels else aggregate.min_group_of(data, min_group)
    e = html.escape
    settings = getattr(data, "settings", {}) or {}
    code = settings.get("code") if hasattr(settings, "get") else None
    accepted = getattr(data, "headcount", None)
    if accepted is None:
        accepted = len(getattr(data, "tokens", ())) or int(data.ratings["token"].nunique())
    hidden, hidden_lists = privacy.hidden_in(panels)
    shown = sum(1 for p in panels if p.visible and p.kind != "reflections")
    made = (today or dt.date.today()).isoformat()
    heading = "Cohort report" + (f": {code}" if code else "")
    page_title = "Cohort report" + (f" — {code}" if code else "")
    if reflections:  # not to be mistaken for the report that may travel beyond the group
        heading += WITH_REFLECTIONS
        page_title += WITH_REFLECTIONS
    header = _header(heading, made, accepted, threshold, len(data.rejected),
                     (hidden, hidden_lists))
    body = [
        f'<p class="privacy">{e(privacy_note(threshold))}</p>',
        (f'<p class="privacy warning" role="note">{e(REFLECTIONS_IN)}</p>' if reflections
         else f'<p class="privacy">{e(REFLECTIONS_LEFT_OUT)}</p>'),
    ]
    if note:
        body.append(f'<p class="privacy">{e(note)}</p>')
    body.append(f'<p class="meta">{e(ROOM_QUESTIONS_NOTE)}</p>')
    parts = [*sections(panels, curriculum), ("Files set aside", [])]
    for title, group in parts[:-1]:
        body.append(f'<section aria-labelledby="{section_id(title)}">'
                    f'<h2 id="{section_id(title)}">{e(title)}</h2>')
        # no "To discuss" questions: they speak to the room, and a report is read later
        body.extend(panel_html(p, None, phone=True, pictures=drawn) for p in group)
        body.append(f"{BACK_TO_CONTENTS}</section>")
    rejected_id = section_id(parts[-1][0])
    body.append(f'<section aria-labelledby="{rejected_id}">'
                f'<h2 id="{rejected_id}">Files set aside</h2>'
                f"{rejected_html(list(data.rejected))}{BACK_TO_CONTENTS}</section>")
    page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(page_title)}</title>"
            f"<style>{CSS}</style></head><body>"
            f"<header>{''.join(header)}</header>{contents_html([t for t, _ in parts])}"
            f'<main id="main" tabindex="-1">{"".join(body)}</main>'
            f"<footer><p>Made on {made} by the Interdependence kit, from the group's "
            f"results as last updated (they change only when at least {threshold} people "
            "have sent, changed or withdrawn answers). Group results, with no names.</p>"
            "</footer></body></html>\n")
    counts = {"accepted": accepted, "rejected": len(data.rejected), "hidden": hidden,
              "hidden_lists": hidden_lists,
              "charts": shown, "min_group": threshold}
    return page, counts


def _header(heading: str, made: str, accepted: int, threshold: int, rejected: int,
            hidden: tuple[int, int | None]) -> list[str]:
    """The report's header: its heading, what it is, and the counts with what they leave out
    (``hidden``: charts and lists of shared reflections hidden, :func:`privacy.hidden_in`)."""
    e = html.escape
    header = [
        '<a class="skip" href="#main">Skip to the report</a>',
        f"<h1>{e(heading)}</h1>",
        f'<p class="about">{e(ABOUT)}</p>',
        f'<p class="meta">Made on {made} · '
        f"{privacy.shown_count(accepted, threshold)} people in the charts "
        f"({privacy.HEADCOUNT_WORDS}) · "
        f"{privacy.count_of(rejected, 'file', 'files')} set aside "
        "(could not be read; listed at the end) · "
        f"{e(privacy.hidden_counts(*hidden))}</p>",
        f'<p class="meta">{e(privacy.not_in_charts(threshold, rejected, *hidden))}'
        "</p>",
    ]
    return header
