"""The cohort dashboard's charts: one function per chart, ``chart(ax, data) -> artists``.

``data`` is a :class:`~interdependence.cohort.aggregate.Panel`'s data: already gated for
privacy, already aggregated. Each chart has a caption function giving one sentence that
says what it shows; the report uses it as alt text. Rows a chart may not show (too few
people) arrive with ``shown`` False and are drawn as a plain "hidden" note, never a bar.
"""

from __future__ import annotations

import html
import math

from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..palette import (
    AFTER,
    BEFORE,
    BLACK,
    CAPTION,
    LIKERT_COLOURS,
    MUTED,
    NEUTRAL_GREY,
    OKABE_ITO,
    RULE,
    WHITE,
    text_on,
)
from .labels import plain, wrapped
from .style import new_figure

# The label colour that reads on each Likert segment (black or white, whichever contrasts more).
_ON_LIKERT = tuple(text_on(colour) for colour in LIKERT_COLOURS)
HIDDEN_COLOUR = MUTED


#: A row label in a cohort chart wraps to at most this many lines (a statement is long).
LABEL_LINES = 3


def _hidden_note(min_group: int, verb: str = "answered") -> str:
    return f"Fewer than {min_group} {verb} — hidden"


def _hidden_row(ax, y, min_group: int, verb: str = "answered"):
    """The note drawn in a row instead of its bar, when too few people are in it."""
    return ax.text(0, y, "  " + _hidden_note(min_group, verb), va="center",
                   color=HIDDEN_COLOUR, fontsize=12, style="italic")


def _has(value) -> bool:
    """A number to draw: not None and not NaN (pandas turns a None in a column into NaN)."""
    return value is not None and value == value


def _count(n: int, min_group: int, one: str = "person", many: str = "people") -> str:
    """A count of people (or of what fewer than ``min_group`` people did) that may be shown:
    the number from ``min_group`` up, "fewer than N" below it, never the small number."""
    n = int(n)
    if n < min_group:
        return f"fewer than {min_group} {many}"
    return f"{n} {one if n == 1 else many}"


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def _row_label(row, width: int, min_group: int) -> str:
    """A row's name and its n; a hidden row never shows its n, which is below min_group."""
    n = f"n = {row.n}" if row.shown else f"fewer than {min_group}"
    return f"{wrapped(row.label, width, LABEL_LINES)}\n({n})"


def _title(ax, data) -> None:
    if data.get("title"):
        ax.set_title(plain(data["title"]), loc="left", fontsize=16, pad=12)


def _row_axis(ax, labels: list[str]) -> None:
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first row at the top
    ax.tick_params(axis="y", length=0, labelsize=13)
    ax.spines[["left", "top", "right"]].set_visible(False)


# ---- participation -------------------------------------------------------------------------


def participation_chart(ax, data):
    """Horizontal bars: people who shared each step."""
    rows = data["rows"]
    labels = list(rows["label"])
    artists = []
    top = max([r.people for r in rows.itertuples() if r.shown] + [1])
    for y, row in enumerate(rows.itertuples()):
        if row.shown:
            people = int(row.people)
            artists.append(ax.barh(y, people, color=OKABE_ITO["blue"], height=0.65))
            artists.append(ax.text(people + top * 0.01, y, str(people), va="center",
                                   fontsize=13))
        else:
            artists.append(_hidden_row(ax, y, data["min_group"], "shared"))
    _row_axis(ax, labels)
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel("People who shared this step")
    ax.xaxis.get_major_locator().set_params(integer=True)
    _title(ax, data)
    return artists


def participation_caption(data) -> str:
    rows = data["rows"]
    shown = rows[rows["shown"]]
    if len(shown):
        most = shown.loc[shown["people"].idxmax()]
        fewest = shown.loc[shown["people"].idxmin()]
        spread = (f", from {int(fewest['people'])} for {fewest['label']} "
                  f"to {int(most['people'])} for {most['label']}")
    else:
        spread = ""
    # No total across steps: it can change by one person when one joins one step.
    return f"How many people shared each step{spread}."


# ---- diverging stacked bars ----------------------------------------------------------------


def diverging_lefts(shares: list[float]) -> list[float]:
    """Left edge of each of the five segments, so the neutral one straddles zero."""
    left = -(shares[0] + shares[1] + shares[2] / 2)
    lefts = []
    for share in shares:
        lefts.append(left)
        left += share
    return lefts


def likert_chart(ax, data):
    """Diverging stacked bars: one row per item, low answers left, neutral centred on 0."""
    rows = data["rows"]
    labels = [_row_label(r, 34, data["min_group"]) for r in rows.itertuples()]
    names = data.get("scale_labels") or ["1", "2", "3", "4", "5"]
    artists, extent = [], [25.0, 25.0]
    for y, row in enumerate(rows.itertuples()):
        if not row.shown:
            artists.append(ax.text(0, y, _hidden_note(data["min_group"]), ha="center",
                                   va="center", color=HIDDEN_COLOUR, fontsize=12,
                                   style="italic", zorder=3,
                                   bbox={"facecolor": WHITE, "edgecolor": "none"}))
            continue
        shares = [float(getattr(row, f"p{v}")) for v in (1, 2, 3, 4, 5)]
        lefts = diverging_lefts(shares)
        extent = [max(extent[0], -lefts[0]), max(extent[1], lefts[4] + shares[4])]
        for i, (left, share) in enumerate(zip(lefts, shares, strict=True)):
            if share <= 0:
                continue
            bar = ax.barh(y, share, left=left, color=LIKERT_COLOURS[i], height=0.7,
                          edgecolor=WHITE, linewidth=0.8)
            artists.append(bar)
            if share >= 7:
                artists.append(ax.text(left + share / 2, y, _pct(share), ha="center",
                                       va="center", fontsize=11, color=_ON_LIKERT[i]))
    # Each side only as wide as it needs (in steps of 25%), so the bars stay large; charts
    # meant to be compared (the signs at check-in and at close) bring a shared extent.
    extent = data.get("extent") or extent
    low, high = (min(100, 25 * math.ceil(x / 25 + 0.08)) for x in extent)
    ticks = [t for t in range(-100, 101, 25) if -low <= t <= high]
    ax.set_xlim(-low, high)
    ax.set_xticks(ticks, [f"{abs(t)}%" for t in ticks])
    ax.axvline(0, color=CAPTION, linewidth=1, zorder=0)
    _row_axis(ax, labels)
    lines = ["Share of answers (prefer-not-to-say left out)"]
    if data.get("question"):  # the one scale this chart shows
        lines.insert(0, f"Answers to “{data['question']}”")
    if data.get("direction"):
        lines.append(data["direction"])
    xlabel = "\n".join(lines)
    ax.set_xlabel(plain(xlabel))
    handles = [Patch(facecolor=c, edgecolor=WHITE) for c in LIKERT_COLOURS]
    wide = max(len(x) for x in names) > 14
    _legend_below(ax, handles, [plain(x) for x in names], ncol=3 if wide else 5)
    _title(ax, data)
    return artists


def _legend_below(ax, handles, labels, ncol):
    """A legend under the chart, outside it, in reading order."""
    if ncol < len(handles):  # matplotlib fills columns first; we want rows first
        rows = math.ceil(len(handles) / ncol)
        order = [r * ncol + c for c in range(ncol) for r in range(rows) if r * ncol + c
                 < len(handles)]
        handles, labels = [handles[i] for i in order], [labels[i] for i in order]
    return ax.figure.legend(handles, labels, loc="outside lower center", ncol=ncol,
                            frameon=False, fontsize=12)


def likert_caption(data) -> str:
    rows = data["rows"]
    shown = int(rows["shown"].sum())
    subject = data.get("subject") or "these statements"
    scale = f" (“{data['question']}”)" if data.get("question") else ""
    text = (f"How {data['n']} people rated {subject}{scale}: each bar holds 100% of one "
            "statement's answers, lower answers to the left and the middle answer centred on "
            "the line")
    if data.get("direction"):
        text += "; lower means easier (the sign showed up less often)"
    if shown < len(rows):
        hidden = len(rows) - shown
        text += (f"; {hidden} statement{'s are' if hidden > 1 else ' is'} hidden because fewer "
                 f"than {data['min_group']} people answered")
    return text + "."


# ---- the dumbbell --------------------------------------------------------------------------


def dumbbell_chart(ax, data):
    """Per sign, the share answering the scale's top two points ("Often" or "Almost
    always") at check-in and at close, joined by a line."""
    rows = data["rows"]
    labels = [wrapped(r.label, 24, LABEL_LINES) for r in rows.itertuples()]
    artists = []
    for y, row in enumerate(rows.itertuples()):
        before = row.before if _has(row.before) else None
        after = row.after if _has(row.after) else None
        if before is not None and after is not None:
            artists.append(ax.plot([before, after], [y, y], color=NEUTRAL_GREY,
                                   linewidth=4, zorder=1, solid_capstyle="round")[0])
        if before is not None:
            artists.append(ax.scatter(before, y, s=170, facecolor=WHITE, edgecolor=BEFORE,
                                      linewidth=3, zorder=2))
        if after is not None:
            artists.append(ax.scatter(after, y, s=170, color=AFTER, zorder=3))
        ends = [(before, after), (after, before)]
        if before is not None and after is not None and round(before) == round(after):
            ends = [(after, None)]  # the dots overlap: one label says it
        for value, other in ends:
            if value is None:
                continue
            right = other is None or value >= other
            artists.append(ax.annotate(_pct(value), (value, y),
                                       xytext=(14 if right else -14, 0),
                                       textcoords="offset points", va="center",
                                       ha="left" if right else "right", fontsize=12,
                                       color=BLACK))
        missing = [side for side, value in (("check-in", before), ("close", after))
                   if value is None]
        if missing:  # said under the sign's name, where it cannot collide with a dot
            labels[y] += (f"\n({' and '.join(missing)}: fewer than {data['min_group']}, "
                          "hidden)")
    _row_axis(ax, labels)
    ax.set_xlim(-8, 108)
    ax.set_xticks(range(0, 101, 25), [f"{t}%" for t in range(0, 101, 25)])
    ax.grid(axis="x", color=RULE, linewidth=0.8)
    ax.set_axisbelow(True)
    top = data.get("top_two", "4 or 5")
    xlabel = f"Share answering {top}"
    if data.get("direction"):
        xlabel += f"\n{data['direction']}"
    ax.set_xlabel(plain(xlabel))
    handles = [Line2D([], [], marker="o", linestyle="", markersize=13, markerfacecolor=WHITE,
                      markeredgecolor=BEFORE, markeredgewidth=3),
               Line2D([], [], marker="o", linestyle="", markersize=13, color=AFTER)]
    _legend_below(ax, handles, [f"Check-in (n = {data.get('n_before', '?')})",
                                f"Close (n = {data.get('n_after', '?')})"], ncol=2)
    _title(ax, data)
    return artists


def dumbbell_caption(data) -> str:
    """What the chart shows, with no tally of signs that went down: it is not a scorecard.

    The people who share at the close are not always those who shared at the check-in, so a
    count of "improved" signs would read as a verdict it cannot support.
    """
    top = data.get("top_two", "4 or 5")
    return (f"For each of the seven signs, the share of people answering {top} at check-in "
            f"({data.get('n_before')} people) and at close ({data.get('n_after')} people), "
            "where lower means easier: a picture of the group, not a score, as the people who "
            "shared at each point may not be the same.")


# ---- summaries of steps 3, 4, 6 and 7 ------------------------------------------------------


def _each_row(ax, data, draw, verb: str = "answered") -> list:
    """The artists of each row, top down: ``draw(y, row)`` for a row the chart shows, the
    hidden note for one it may not."""
    artists: list = []
    for y, row in enumerate(data["rows"].itertuples()):
        artists += draw(y, row) if row.shown else [_hidden_row(ax, y, data["min_group"], verb)]
    return artists


def _count_axis(ax, top: float) -> None:
    """An axis of whole numbers, with room past ``top`` for the labels after the bars."""
    ax.set_xlim(0, top * 1.45)
    ax.xaxis.get_major_locator().set_params(integer=True)


def _share_bars(ax, data, colour: str, width: int, right: float, xlabel: str):
    """A bar a row for its ``share`` (0-100%), labels wrapped at ``width``, room to ``right``."""
    rows = data["rows"]
    artists = _each_row(ax, data, lambda y, row: [
        ax.barh(y, float(row.share), color=colour, height=0.65),
        ax.text(float(row.share) + 1, y, _pct(row.share), va="center", fontsize=13)])
    _row_axis(ax, [_row_label(r, width, data["min_group"]) for r in rows.itertuples()])
    ax.set_xlim(0, right)
    ax.set_xticks(range(0, 101, 25), [f"{t}%" for t in range(0, 101, 25)])
    ax.set_xlabel(xlabel)
    _title(ax, data)
    return artists


def _listing(data, part, around: str) -> str:
    """``part(row)`` for each row the chart shows, joined by commas and put in ``around``
    (at its ``{}``); "" when no row is shown."""
    rows = data["rows"][data["rows"]["shown"]]
    parts = [part(r) for r in rows.itertuples()]
    return around.format(", ".join(parts)) if parts else ""


def _extreme_share(data, highest: bool):
    """The shown row with the highest (or lowest) ``share``; None when no row is shown."""
    rows = data["rows"][data["rows"]["shown"]]
    if not len(rows):
        return None
    return rows.loc[rows["share"].idxmax() if highest else rows["share"].idxmin()]


def _median_bar(ax, y, spread: dict, colour: str, top: float, unit: str = ""):
    """A bar to the median, a whisker over the middle half, the numbers after the whisker."""
    median, q1, q3 = spread["median"], spread["q1"], spread["q3"]
    return [
        ax.barh(y, median, color=colour, height=0.6),
        ax.errorbar(median, y, xerr=[[median - q1], [q3 - median]], color=BLACK,
                    capsize=7, linewidth=1.8),
        ax.text(max(q3, median) + top * 0.02, y,
                f"median {_num(median)}{unit}\n(middle half {q1:.0f}–{q3:.0f})",
                va="center", fontsize=12),
    ]


def _num(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def support_circles_chart(ax, data):
    """Median people per circle, with the middle half of the group as a whisker."""
    rows = data["rows"]
    top = max([r.q3 for r in rows.itertuples() if r.shown] + [1.0])
    artists = _each_row(ax, data, lambda y, row: _median_bar(ax, y, row._asdict(),
                                                             OKABE_ITO["green"], top))
    _row_axis(ax, [_row_label(r, 20, data["min_group"]) for r in rows.itertuples()])
    _count_axis(ax, top)
    _axis_to(ax, top)
    ax.set_xlabel("People each participant placed in this circle")
    _title(ax, data)
    return artists


def support_circles_caption(data) -> str:
    detail = _listing(data, lambda r: f"{r.label.lower()} {r.median:g}", " (medians: {})")
    return (f"How many people the {data['n']} participants placed in each circle of their "
            f"support map{detail}.")


def support_kinds_chart(ax, data):
    """Share of participants with at least one person giving each kind of support."""
    return _share_bars(ax, data, OKABE_ITO["blue"], 20, 112,
                       "Share with at least one person who gives this kind of support")


def support_kinds_caption(data) -> str:
    low = _extreme_share(data, highest=False)
    detail = (f"; the rarest was {low['label'].lower()} support ({_pct(low['share'])})"
              if low is not None else "")
    return (f"The share of the {data['n']} participants whose support map has at least one "
            f"person for each kind of support{detail}.")


def first_ask_chart(ax, data):
    """One 100% bar: who has done a first ask from their ladder, and who has not yet."""
    n, done = data["n"], data["done"]
    parts = [(done, "Done a first ask", OKABE_ITO["green"]), (n - done, "Not yet", NEUTRAL_GREY)]
    artists, left = [], 0.0
    for count, label, colour in parts:
        share = 100.0 * count / n
        if share <= 0:
            continue
        artists.append(ax.barh(0, share, left=left, color=colour, height=0.6, label=label,
                               edgecolor=WHITE))
        if share >= 10:
            shown = f"{_pct(share)}\n({count})" if count >= data["min_group"] else _pct(share)
            artists.append(ax.text(left + share / 2, 0, shown,
                                   ha="center", va="center", fontsize=14, color=text_on(colour),
                                   fontweight="bold"))
        left += share
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 25), [f"{t}%" for t in range(0, 101, 25)])
    _row_axis(ax, [f"Built a ladder\n(n = {n})"])
    handles, labels = ax.get_legend_handles_labels()
    _legend_below(ax, handles, labels, ncol=2)
    _title(ax, data)
    return artists


def first_ask_caption(data) -> str:
    done = _count(data["done"], data["min_group"], "person", "people")
    # a share beside a hidden count would give the count back (11% of 9 is one person)
    share = f" ({_pct(data['share'])})" if data["done"] >= data["min_group"] else ""
    return (f"Of the {data['n']} people who shared their ask ladder, {done}{share} had tried "
            "a first ask.")


def _spread_pair(ax, data, first: str, second: str, labels: tuple[str, str], unit: str,
                 limit: float | None):
    top = limit or max(data[first]["q3"], data[second]["q3"], 1.0) * 1.1
    artists = []
    for y, (key, colour) in enumerate(((first, BEFORE), (second, AFTER))):
        artists += _median_bar(ax, y, data[key], colour, top, unit)
    _row_axis(ax, list(labels))
    ax.set_xlim(0, top * 1.35)
    if limit is None:
        _axis_to(ax, top)
    else:
        ax.set_xticks(range(0, int(limit) + 1, 25))
        ax.spines["bottom"].set_bounds(0, limit)
    return artists


def _axis_to(ax, top: float) -> None:
    """End the axis line and its ticks at ``top``, leaving room for labels past it."""
    ticks = [t for t in ax.get_xticks() if 0 <= t <= top * 1.001]
    ax.set_xticks(ticks)
    ax.spines["bottom"].set_bounds(0, ticks[-1] if ticks else top)


def discomfort_chart(ax, data):
    """Expected against actual discomfort of the chosen ask (0-100), medians and middle half."""
    artists = _spread_pair(ax, data, "expected", "actual",
                           ("Expected\ndiscomfort", "Actual\ndiscomfort"), "", 100)
    ax.set_xlabel(f"Discomfort, 0 (none) to 100 (most) — n = {data['n']}")
    _title(ax, data)
    return artists


def discomfort_caption(data) -> str:
    return (f"Expected against actual discomfort of the first ask for the {data['n']} people "
            f"who reported both (median {data['expected']['median']:g} expected, "
            f"{data['actual']['median']:g} actual); for "
            f"{_count(data['easier'], data['min_group'])} it felt easier than expected.")


def load_hours_chart(ax, data):
    """Weekly hours of listed tasks against hours available, medians and middle half."""
    artists = _spread_pair(ax, data, "load", "available",
                           ("Hours listed\nper week", "Hours\navailable"), " h", None)
    ax.set_xlabel(f"Hours per week — n = {data['n']}")
    _title(ax, data)
    return artists


def load_hours_caption(data) -> str:
    return (f"Hours per week of the tasks people listed against the hours they have for them "
            f"(medians {data['load']['median']:g} and {data['available']['median']:g}, "
            f"{data['n']} people); {_count(data['over'], data['min_group'])} listed more hours "
            "than they have.")


DECISION_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"],
                    OKABE_ITO["orange"], OKABE_ITO["purple"], OKABE_ITO["sky_blue"])


def decisions_chart(ax, data):
    """Tasks marked keep, drop, delegate or ask for help, summed over the group."""
    rows = data["rows"]
    top = max([r.tasks for r in rows.itertuples() if r.shown] + [1])

    def bar(y, row):
        tasks = int(row.tasks)
        return [ax.barh(y, tasks, height=0.65, color=DECISION_COLOURS[y % len(DECISION_COLOURS)]),
                ax.text(tasks + top * 0.01, y,
                        f"{tasks} tasks, by {_count(int(row.people), data['min_group'])}",
                        va="center", fontsize=13)]

    artists = _each_row(ax, data, bar, "chose this")
    _row_axis(ax, [wrapped(r.label, 18, LABEL_LINES) for r in rows.itertuples()])
    _count_axis(ax, top)
    ax.set_xlabel(f"Tasks, all {data['n']} participants together")
    _title(ax, data)
    return artists


def decisions_caption(data) -> str:
    detail = _listing(data, lambda r: f"{int(r.tasks)} {r.label.lower()}", ": {}")
    return (f"What the {data['n']} people who audited their load decided about their tasks, "
            f"counted over the whole group{detail}.")


def readiness_chart(ax, data):
    """Share answering the top two points (of one scale) to each therapy-readiness statement."""
    top_two = data.get("top_two", "Agree or Strongly agree")
    return _share_bars(ax, data, OKABE_ITO["purple"], 40, 110,
                       plain(f"Share who answered {top_two}"))


def readiness_caption(data) -> str:
    top = _extreme_share(data, highest=True)
    detail = (f"; most agreed that “{top['label'].rstrip('.')}” ({_pct(top['share'])})"
              if top is not None else "")
    return (f"The share of the {data['n']} people who answered step 7 agreeing with each "
            f"statement about therapy{detail}.")


# ---- reflections (HTML, not a figure) ------------------------------------------------------


def reflections_html(data) -> str:
    """The shared reflections for one prompt as a list; every word escaped."""
    items = "".join(f'<li style="margin:4px 0">{html.escape(text, quote=True)}</li>'
                    for text in data["rows"])
    return (f'<div class="interdep-reflections"><p style="margin:6px 0"><b>'
            f"{html.escape(data['title'], quote=True)}</b></p>"
            f'<ul style="margin:0 0 0 1.2em;padding:0">{items}</ul></div>')


def reflections_caption(data) -> str:
    return (f"{len(data['rows'])} shared answers to this question, in a random order and "
            "without names or dates.")


# ---- one place that knows them all ---------------------------------------------------------

#: kind -> (chart function, caption function, figure width, height per row, base height)
CHARTS = {
    "participation": (participation_chart, participation_caption, 10, 0.55, 1.6),
    "likert": (likert_chart, likert_caption, 11, 0.95, 2.2),
    "dumbbell": (dumbbell_chart, dumbbell_caption, 11, 0.7, 2.0),
    "support_circles": (support_circles_chart, support_circles_caption, 10, 0.9, 1.7),
    "support_kinds": (support_kinds_chart, support_kinds_caption, 10, 0.8, 1.7),
    "first_ask": (first_ask_chart, first_ask_caption, 10, 1.3, 1.7),
    "discomfort": (discomfort_chart, discomfort_caption, 10, 1.0, 1.7),
    "load_hours": (load_hours_chart, load_hours_caption, 10, 1.0, 1.7),
    "decisions": (decisions_chart, decisions_caption, 10, 0.7, 1.7),
    "readiness": (readiness_chart, readiness_caption, 12, 1.0, 1.7),
}


def caption(panel) -> str:
    """The one-sentence caption of a visible panel, or the hidden message."""
    if not panel.visible:
        return panel.hidden_message
    if panel.kind == "reflections":
        return reflections_caption(panel.data)
    return CHARTS[panel.kind][1](panel.data)


def figure(panel):
    """A new figure with the panel's chart drawn on it (the caller closes or renders it)."""
    chart, _caption, width, per_row, base = CHARTS[panel.kind]
    rows = panel.data.get("rows")
    count = len(rows) if rows is not None else 1
    fig, ax = new_figure(width=width, height=base + per_row * count)
    chart(ax, panel.data)
    return fig
