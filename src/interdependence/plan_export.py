"""The participant's export, in words: the closing summary and action plan as HTML and Markdown.

A standalone HTML page (charts inside it as base64 PNG, CSS inline, nothing fetched from the
network, fit to print) and a Markdown file that shows its chart PNGs from beside it. Every
piece of participant text is escaped for the format it goes into. The content comes from
``exercises.closing.export_content`` and the files are written by ``exercises.export``; this
module sits above both (the logic layer never imports it) and needs no matplotlib.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from pathlib import Path
from typing import Any

from .exercises.export import ChartImage, ExportResult, image_files, save_export
from .palette import css_variables

__all__ = [  # ChartImage is here too, so a view needs this one module to export a plan
    "NOTHING", "ChartImage", "ExportResult", "crisis_html", "crisis_markdown", "export_plan",
    "h", "md", "plan_markdown", "render_html", "render_markdown", "signs_markdown",
    "summary_html", "summary_markdown",
]

# ---- escaping --------------------------------------------------------------------------------


def h(text: Any) -> str:
    """Participant text for HTML: escaped, line breaks kept."""
    return html.escape(str(text), quote=True).replace("\n", "<br>")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&])")


def md(text: Any) -> str:
    """Participant text for Markdown: punctuation that could format or inject HTML is
    backslash-escaped (CommonMark allows it before any ASCII punctuation); line breaks kept
    as <br> so text stays inside its list item or table cell."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text).replace("\r", ""))
    lines = [line.strip() for line in escaped.split("\n")]
    # A leading "-", "=" or "1." would start a list or a heading underline.
    lines = [("\\" + ln) if ln[:1] in "-=" and ln else re.sub(r"^(\d+)\.", r"\1\\.", ln)
             for ln in lines]
    return "<br>".join(lines)


# ---- shared wording --------------------------------------------------------------------------


def _ask_line(ask: dict, fmt) -> str:
    parts = [fmt(ask["text"])]
    if ask["discomfort"] is not None:
        parts.append(f"expected discomfort {ask['discomfort']:g}/100")
    if ask["chosen"]:
        parts.append("this week's ask")
    if ask["done"]:
        done = "done"
        if ask["actual"] is not None:
            done += f", it felt {ask['actual']:g}/100"
        parts.append(done)
    if ask["note"]:
        parts.append(f"what happened: {fmt(ask['note'])}")
    return " · ".join(parts)


NOTHING = {
    "ladder": "No ask ladder yet. Step 3 (Start small) is there whenever you want it.",
    "map": "No support map yet. Step 4 (Build a support network) is there whenever you want it.",
    "scripts": "No scripts yet. Step 6 (Set self boundaries) is there whenever you want it.",
    "plan": "No commitments written yet. That is fine: a plan can wait until you are ready.",
    "look_back": "",
}


def _sign_cells(row: dict) -> tuple[str, str]:
    def cell(answered: bool, label: str) -> str:
        if not answered:
            return "not answered"
        return label or "prefer not to say"

    return cell(row["before_answered"], row["before_label"]), \
        cell(row["after_answered"], row["after_label"])


# ---- HTML ------------------------------------------------------------------------------------

CSS = css_variables() + """
body {font-family: -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.5;
  color: var(--interdep-ink);}
h1 {font-size: 1.8em; margin-bottom: 0.2em;} h2 {margin-top: 1.6em;
  border-bottom: 1px solid var(--interdep-border); padding-bottom: 0.2em;}
h3 {margin-bottom: 0.3em;}
.muted {color: var(--interdep-muted);}
table {border-collapse: collapse; width: 100%; margin: 0.6em 0;}
th, td {border: 1px solid var(--interdep-border); padding: 6px 8px; text-align: left;
  vertical-align: top;}
th {background: var(--interdep-tint);}
figure {margin: 1em 0;} figure img {max-width: 100%; height: auto;}
figcaption {color: var(--interdep-caption); font-size: 0.95em;}
.empty {border: 1px dashed var(--interdep-outline); padding: 12px;
  background: var(--interdep-surface);}
blockquote {border-left: 4px solid var(--interdep-accent); margin: 0.5em 0; padding: 0.2em 1em;}
@page {margin: 2cm;}
@media print {
  body {max-width: none; margin: 0; font-size: 11pt; color: var(--interdep-black);}
  h2, h3 {page-break-after: avoid; break-after: avoid;}
  figure, table, blockquote, li {page-break-inside: avoid; break-inside: avoid;}
  th {background: none;}
}
"""


def render_html(content: dict, charts: list[ChartImage], made: dt.date) -> str:
    out = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(content['title'])}</title>", f"<style>{CSS}</style>", "</head>", "<body>",
        f"<h1>{h(content['title'])}</h1>",
        f'<p class="muted">Saved on {made.isoformat()} from the Interdependence workshop. '
        "This page is private: it is yours to keep, print or delete.</p>",
    ]

    out.append("<h2>My action plan</h2>")
    labels = content["plan_labels"]
    if content["plan"]:
        out.append("<table><thead><tr><th>#</th>"
                   + "".join(f"<th>{h(labels.get(f, f))}</th>"
                             for f in ("commitment", "supporter", "check_in"))
                   + "</tr></thead><tbody>")
        for n, row in enumerate(content["plan"], 1):
            out.append(f"<tr><td>{n}</td><td>{h(row['commitment'])}</td>"
                       f"<td>{h(row['supporter'])}</td><td>{h(row['check_in'])}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append(f'<p class="empty">{h(NOTHING["plan"])}</p>')

    out.append("<h2>The seven signs, at the check-in and today</h2>")
    for chart in charts:
        data = base64.b64encode(chart.png).decode("ascii")
        out.append(f'<figure><img src="data:image/png;base64,{data}" alt="{h(chart.caption)}">'
                   f"<figcaption>{h(chart.caption)}</figcaption></figure>")
    if not charts:
        out.append(f'<p class="empty">{h(content["empty_chart_message"])}</p>')
    if content["left_out_note"]:
        out.append(f'<p class="muted">{h(content["left_out_note"])}</p>')
    out.append("<table><thead><tr><th>Sign</th><th>At the check-in</th><th>Today</th></tr>"
               "</thead><tbody>")
    for row in content["signs"]:
        before, after = _sign_cells(row)
        out.append(f"<tr><td>{h(row['sign'])}</td><td>{h(before)}</td><td>{h(after)}</td></tr>")
    out.append("</tbody></table>")

    if content["look_back"]:
        out.append("<h2>Looking back</h2>")
        for entry in content["look_back"]:
            out.append(f"<blockquote><b>{h(entry['stem'])}</b> {h(entry['text'])}</blockquote>")

    out.append("<h2>What I made along the way</h2>")
    out.extend(summary_html(content["summary"]))

    if content["reflections"]:
        out.append("<h2>My reflections at the close</h2>")
        for entry in content["reflections"]:
            out.append(f"<h3>{h(entry['prompt'])}</h3><p>{h(entry['text'])}</p>")

    out.extend(crisis_html(content.get("crisis")))
    out.append('<p class="muted">You can come back to any step of the workshop whenever you '
               "like.</p></body></html>")
    return "\n".join(out) + "\n"


def crisis_html(crisis: dict | None) -> list[str]:
    """Step 07's crisis lines, as the curriculum words them; nothing if there are none."""
    if not crisis:
        return []
    out = [f'<h2>{h(crisis["title"])}</h2>']
    if crisis.get("help"):
        out.append(f"<p>{h(crisis['help'])}</p>")
    out.append('<ul class="crisis">')
    out.extend(f"<li><b>{h(r['region'])}: {h(r['label'])}.</b> {h(r['how'])}</li>"
               for r in crisis["lines"])
    out.append("</ul>")
    if crisis.get("note"):
        out.append(f'<p class="muted">{h(crisis["note"])}</p>')
    return out


def crisis_markdown(crisis: dict | None) -> list[str]:
    if not crisis:
        return []
    out = ["", f"## {md(crisis['title'])}", ""]
    if crisis.get("help"):
        out += [md(crisis["help"]), ""]
    out += [f"- **{md(r['region'])}: {md(r['label'])}.** {md(r['how'])}" for r in crisis["lines"]]
    if crisis.get("note"):
        out += ["", md(crisis["note"])]
    return out


def summary_html(summary: dict) -> list[str]:
    out = ["<h3>My ask ladder</h3>"]
    asks = summary["ladder"]["asks"]
    if asks:
        out.append('<p class="muted">From the least to the most uncomfortable.</p><ol>')
        out.extend(f"<li>{_ask_line(a, h)}</li>" for a in asks)
        out.append("</ol>")
    else:
        out.append(f'<p class="empty">{h(NOTHING["ladder"])}</p>')

    out.append("<h3>My support map</h3>")
    people = summary["map"]
    if people["total"]:
        out.append("<ul>")
        for circle in people["circles"]:
            names = ", ".join(h(n) for n in circle["names"]) or "nobody yet"
            out.append(f"<li><b>{h(circle['label'])}</b> ({circle['count']}): {names}</li>")
        out.append("</ul>")
        kinds = [f"{h(people['kind_labels'].get(k, k))}: {n}" for k, n in people["kinds"].items()]
        if kinds:
            out.append(f'<p class="muted">People per kind of support: {"; ".join(kinds)}.</p>')
        if people["move_closer"]:
            out.append(f"<p>One person to move a step closer: {h(people['move_closer'])}.</p>")
    else:
        out.append(f'<p class="empty">{h(NOTHING["map"])}</p>')

    out.append("<h3>My scripts</h3>")
    if summary["scripts"]:
        out.extend(f"<blockquote><b>{h(s['kind'])}:</b> {h(s['text'])}</blockquote>"
                   for s in summary["scripts"])
    else:
        out.append(f'<p class="empty">{h(NOTHING["scripts"])}</p>')
    return out


# ---- Markdown --------------------------------------------------------------------------------


def render_markdown(content: dict, images: list[tuple[ChartImage, str]], made: dt.date) -> str:
    """``images``: each chart with the file name of its PNG, saved beside the Markdown file."""
    out = [f"# {md(content['title'])}", "",
           f"Saved on {made.isoformat()} from the Interdependence workshop. This file is "
           "private: it is yours to keep, print or delete.", ""]
    out += plan_markdown(content)
    out += signs_markdown(content, images)
    if content["look_back"]:
        out += ["", "## Looking back", ""]
        out += [f"> **{md(e['stem'])}** {md(e['text'])}\n" for e in content["look_back"]]
    out += ["", "## What I made along the way", ""]
    out += summary_markdown(content["summary"])
    if content["reflections"]:
        out += ["", "## My reflections at the close", ""]
        for entry in content["reflections"]:
            out += [f"### {md(entry['prompt'])}", "", md(entry["text"]), ""]
    out += crisis_markdown(content.get("crisis"))
    out += ["", "You can come back to any step of the workshop whenever you like.", ""]
    return "\n".join(out)


def plan_markdown(content: dict) -> list[str]:
    """The action plan as a table, or a kind line when nothing is written yet."""
    out = ["## My action plan", ""]
    labels = content["plan_labels"]
    if not content["plan"]:
        return out + [md(NOTHING["plan"])]
    out.append("| # | " + " | ".join(md(labels.get(f, f)) for f in
                                      ("commitment", "supporter", "check_in")) + " |")
    out.append("|---|---|---|---|")
    for n, row in enumerate(content["plan"], 1):
        out.append(f"| {n} | {md(row['commitment'])} | {md(row['supporter'])} | "
                   f"{md(row['check_in'])} |")
    return out


def signs_markdown(content: dict, images: list[tuple[ChartImage, str]]) -> list[str]:
    """The before/after chart (its PNG beside the file, with its caption) and the table."""
    out = ["", "## The seven signs, at the check-in and today", ""]
    for chart, file_name in images:
        out += [f"![{md(chart.caption)}]({file_name})", "", f"*{md(chart.caption)}*", ""]
    if not images:
        out += [md(content["empty_chart_message"]), ""]
    if content["left_out_note"]:
        out += [md(content["left_out_note"]), ""]
    out += ["| Sign | At the check-in | Today |", "|---|---|---|"]
    for row in content["signs"]:
        before, after = _sign_cells(row)
        out.append(f"| {md(row['sign'])} | {md(before)} | {md(after)} |")
    return out


def summary_markdown(summary: dict) -> list[str]:
    """What was made along the way: the ask ladder, the support map and the scripts."""
    out = ["### My ask ladder", ""]
    if summary["ladder"]["asks"]:
        out += ["From the least to the most uncomfortable.", ""]
        out += [f"{n}. {_ask_line(a, md)}" for n, a in enumerate(summary["ladder"]["asks"], 1)]
    else:
        out.append(md(NOTHING["ladder"]))
    out += ["", "### My support map", ""]
    people = summary["map"]
    if people["total"]:
        for circle in people["circles"]:
            names = ", ".join(md(n) for n in circle["names"]) or "nobody yet"
            out.append(f"- **{md(circle['label'])}** ({circle['count']}): {names}")
        kinds = [f"{md(people['kind_labels'].get(k, k))}: {n}" for k, n in people["kinds"].items()]
        if kinds:
            out += ["", f"People per kind of support: {'; '.join(kinds)}."]
        if people["move_closer"]:
            out += ["", f"One person to move a step closer: {md(people['move_closer'])}."]
    else:
        out.append(md(NOTHING["map"]))
    out += ["", "### My scripts", ""]
    if summary["scripts"]:
        out += [f"> **{md(s['kind'])}:** {md(s['text'])}\n" for s in summary["scripts"]]
    else:
        out.append(md(NOTHING["scripts"]))
    return out


# ---- the files -------------------------------------------------------------------------------


def export_plan(content: dict, charts: list[ChartImage], folder: Path | None = None,
                today: dt.date | None = None) -> ExportResult:
    """Render the HTML page and the Markdown file and save them with the chart PNGs.

    Saving again on the same day replaces that day's files (``exercises.export.save_export``).
    A chart that is not a PNG is refused before anything is written.
    """
    made = today or dt.date.today()
    images = image_files(charts, made)
    return save_export(render_html(content, charts, made), render_markdown(content, images, made),
                       images, made, folder)
