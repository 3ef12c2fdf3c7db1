"""The cohort dashboard's charts: one function per chart, ``chart(ax, data) -> artists``.

``data`` is a :class:`~interdependence.cohort.aggregate.Panel`'s data: already gated for
privacy, already aggregated. Each chart has a caption function giving one sentence that
says what it shows, in numbers the chart shows too (tests check that) and in words that
match them (``labels.share_word``: "most" only above half); the report uses it as alt text.
Rows a chart may not show (too few people) arrive with ``shown`` False and are drawn as a
plain "hidden" note, never a bar.

Read by people who are not statisticians, so: counts are dot plots (one dot a person, or in
a large cohort one dot for every k people, said in the legend and caption; the median marked
and named), never a bar with whiskers; a diverging chart runs as far left as
right of 0; every legend of answers runs from the lowest point to the highest
(``labels.legend_order``), in one row where it fits; colours are ``palette.py``'s roles.
"""

from __future__ import annotations

import html
import math

from ..palette import (
    AFTER,
    BARS,
    BEFORE,
    BLACK,
    CAPTION,
    DOT,
    LIKERT_COLOURS,
    MEDIAN,
    MUTED,
    NEUTRAL_GREY,
    RULE,
    WHITE,
    text_on,
)
from ..privacy import count_of, number
from .labels import COLOUR_RULE, legend_order, plain, share_word, wrapped
from .style import PAD, PHONE_WIDTH, is_phone, lay_out, new_figure


# matplotlib is imported where a chart is drawn, not with this module: a report whose
# pictures are all kept (report/pictures.py) needs only the captions, and starts faster.
def _patch(**kwargs):
    from matplotlib.patches import Patch

    return Patch(**kwargs)


def _line(*args, **kwargs):
    from matplotlib.lines import Line2D

    return Line2D(*args, **kwargs)


# The label colour that reads on each Likert segment (black or white, whichever contrasts more).
_ON_LIKERT = tuple(text_on(colour) for colour in LIKERT_COLOURS)
HIDDEN_COLOUR = MUTED


#: A row label in a cohort chart wraps to at most this many lines (a statement is long).
LABEL_LINES = 3
#: The figure width (inches) the label widths below are set for; a narrower figure (the
#: report's phone layout) wraps its labels shorter in proportion.
FULL_WIDTH = 10.0
#: A phone layout's row labels (``style.PHONE_WIDTH`` wide, see :func:`figure`) may take
#: this many lines.
PHONE_LINES = 6


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
    return count_of(n, one, many)


def _share_of(count: int, n: int, min_group: int, many: str = "people") -> str | None:
    """``count`` of ``n`` people in words that match the numbers ("most (7 people)"), or
    None when either side of the split is below ``min_group``: "fewer than 5 people did X"
    says that one to four did, and "all (11 people)" that nobody did not, so neither group
    may be described at all (DESIGN.md, privacy model). See :func:`_split_shown`."""
    if not _split_shown(count, n, min_group):
        return None
    return f"{share_word(100.0 * count / n)} ({_count(count, min_group, many=many)})"


def _split_shown(count: int, n: int, min_group: int) -> bool:
    """Whether a chart may say how many of its ``n`` people did something: only when at
    least ``min_group`` did and at least ``min_group`` did not."""
    count, n = int(count), int(n)
    return count >= min_group and n - count >= min_group


def _pct(value: float) -> str:
    return f"{value:.0f}%"


def _fit(ax, chars: int) -> int:
    """A label width of ``chars`` characters, shortened in proportion on a narrow figure."""
    scale = min(1.0, ax.figure.get_figwidth() / FULL_WIDTH)
    return max(12, round(chars * scale))


def _phone(ax) -> bool:
    return is_phone(ax)


def _row_label(row, width: int, min_group: int, lines: int = LABEL_LINES) -> str:
    """A row's name and its n; a hidden row never shows its n, which is below min_group."""
    n = f"n = {number(row.n)}" if row.shown else f"fewer than {min_group}"
    return f"{wrapped(row.label, width, lines)}\n({n})"


def _lines(ax) -> int:
    """Lines a row label may take: more on a phone, where a line holds fewer words."""
    return PHONE_LINES if _phone(ax) else LABEL_LINES


def _title(ax, data) -> None:
    if data.get("title"):
        title = plain(data["title"])
        if _phone(ax):
            title = wrapped(data["title"], 26, 4)
        ax.set_title(title, loc="left", fontsize=16, pad=12)


def _xlabel(ax, *lines: str) -> None:
    """The x-axis label, a line each (empty ones left out), wrapped to the figure's width
    (never cut) and shown as typed."""
    width = 32 if _phone(ax) else _fit(ax, 90)  # the label is centred under the axes
    ax.set_xlabel("\n".join(wrapped(line, width, 4) for line in lines if line))


def _row_axis(ax, labels: list[str]) -> None:
    ax.set_yticks(range(len(labels)), labels)
    ax.set_ylim(len(labels) - 0.5, -0.5)  # first row at the top
    ax.tick_params(axis="y", length=0, labelsize=13)
    ax.spines[["left", "top", "right"]].set_visible(False)


def _legend_layout(ax, handles, labels) -> tuple[list, list, int]:
    """Handles and labels in reading order (left to right, then down) and the columns: one
    row when it fits the figure, else as many columns as fit."""
    chars = sum(len(label) for label in labels) + 6 * len(labels)
    size = 12 if _phone(ax) else LEGEND_SIZE
    room = ax.figure.get_figwidth() * 10 * 12 / size  # characters the width holds
    most = 3
    if _phone(ax):  # two columns only when the longest label fits half the width
        most = 2 if max(len(label) for label in labels) + 6 <= room / 2 else 1
    ncol = len(handles) if chars <= room else max(1, min(len(handles), most))
    if ncol < len(handles):  # matplotlib fills columns first; we want rows first
        rows = math.ceil(len(handles) / ncol)
        order = [r * ncol + c for c in range(ncol) for r in range(rows) if r * ncol + c
                 < len(handles)]
        handles, labels = [handles[i] for i in order], [labels[i] for i in order]
    return handles, labels, ncol


def _legend_below(ax, handles, labels):
    """A legend under the chart, outside it, in the order given."""
    handles, labels, ncol = _legend_layout(ax, handles, labels)
    return ax.figure.legend(handles, labels, loc="outside lower center", ncol=ncol,
                            frameon=False, fontsize=LEGEND_SIZE if not _phone(ax) else 12)


def _legend_above(ax, handles, labels, title: str):
    """A legend between the chart's title and its bars (a tall chart's legend stays on a
    projected screen with its top), under ``title`` (the colour rule). Call it after
    :func:`_title`: the title moves up to make room."""
    handles, labels, ncol = _legend_layout(ax, handles, labels)
    fig = ax.figure
    # centred on the figure (a phone's legend is as wide as it), just above the axes
    from matplotlib.transforms import blended_transform_factory

    where = blended_transform_factory(fig.transFigure, ax.transAxes)
    if _phone(ax):
        title = wrapped(title, 40, 2)
    legend = fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 1.0),
                        bbox_transform=where, ncol=ncol, frameon=False,
                        fontsize=12 if _phone(ax) else LEGEND_SIZE, title=title,
                        title_fontsize=12 if _phone(ax) else 13, columnspacing=1.5)
    # the legend's own size, from its text measured by the figure's renderer: no draw of
    # the whole figure (with its layout) is needed for it
    height = legend.get_window_extent(fig.canvas.get_renderer()).height * 72 / fig.dpi
    ax.set_title(ax.get_title(loc="left"), loc="left", fontsize=16, pad=height + 10)
    return legend


def _label_size(ax, phone: int = 13) -> int:
    """The size of a number written on or beside a mark: ``phone`` on a phone, else the
    projector's :data:`IN_BAR_SIZE`."""
    return phone if _phone(ax) else IN_BAR_SIZE


#: Text on a wide chart (the dashboard and the report on a projector) is at least this big,
#: in points: read from the back of a room at 1280 px wide.
IN_BAR_SIZE = 14
LEGEND_SIZE = 13


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
            artists.append(ax.barh(y, people, color=BARS, height=0.65))
            artists.append(ax.text(people + top * 0.01, y, number(people), va="center",
                                   fontsize=_label_size(ax)))
        else:
            artists.append(_hidden_row(ax, y, data["min_group"], "shared"))
    _row_axis(ax, labels)
    ax.set_xlim(0, top * 1.12)
    _xlabel(ax, "People who shared this step", unshared_words(data))
    _whole_ticks(ax)
    _title(ax, data)
    return artists


def participation_caption(data) -> str:
    rows = data["rows"]
    shown = rows[rows["shown"]]
    if len(shown):
        most = shown.loc[shown["people"].idxmax()]
        fewest = shown.loc[shown["people"].idxmin()]
        spread = (f", from {number(fewest['people'])} for {fewest['label']} "
                  f"to {number(most['people'])} for {most['label']}")
    else:
        spread = ""
    # No total across steps: it can change by one person when one joins one step.
    unshared = unshared_words(data)
    if unshared:  # one sentence: the reason joins it after a semicolon
        spread += "; " + unshared[0].lower() + unshared[1:].rstrip(".")
    return f"How many people shared each step{spread}."


def unshared_words(data) -> str:
    """Why a step is missing from the list: its answers are never shared ("" if none is)."""
    steps = list(data.get("unshared") or ())
    if not steps:
        return ""
    verb = "is" if len(steps) == 1 else "are"
    return (f"{' and '.join(steps)} {verb} not listed: its answers stay private and are never "
            "shared." if len(steps) == 1 else
            f"{' and '.join(steps)} {verb} not listed: their answers stay private and are "
            "never shared.")


# ---- diverging stacked bars ----------------------------------------------------------------


def diverging_lefts(shares: list[float]) -> list[float]:
    """Left edge of each of the five segments, so the neutral one straddles zero."""
    left = -(shares[0] + shares[1] + shares[2] / 2)
    lefts = []
    for share in shares:
        lefts.append(left)
        left += share
    return lefts


#: Every agree/disagree (diverging) chart runs this far each side of 0, in the dashboard and
#: the report alike: two charts of one page never differ in scale.
DIVERGING_EXTENT = 100


def _likert_row(ax, y, row, phone: bool) -> list:
    """One statement's five segments, each labelled with its share when it is wide enough."""
    shares = [float(getattr(row, f"p{v}")) for v in (1, 2, 3, 4, 5)]
    lefts = diverging_lefts(shares)
    smallest_label = 16 if phone else 7  # a share narrower than this gets no label
    drawn = [i for i, share in enumerate(shares) if share > 0]
    # one call for the row's segments (the same bars, in the same order, as one call each)
    artists: list = [ax.barh([y] * len(drawn), [shares[i] for i in drawn],
                             left=[lefts[i] for i in drawn],
                             color=[LIKERT_COLOURS[i] for i in drawn], height=0.7,
                             edgecolor=WHITE, linewidth=0.8)] if drawn else []
    for i, (left, share) in enumerate(zip(lefts, shares, strict=True)):
        if share >= smallest_label:
            label = ax.text(left + share / 2, y, _pct(share), ha="center", va="center",
                            fontsize=11 if phone else IN_BAR_SIZE, color=_ON_LIKERT[i])
            label.in_bar = share  # the segment's width: a phone hides a label wider than it
            artists.append(label)
    return artists


def likert_chart(ax, data):
    """Diverging stacked bars: one row per item, low answers left, neutral centred on 0."""
    rows = data["rows"]
    labels = [_row_label(r, _fit(ax, 34), data["min_group"], _lines(ax))
              for r in rows.itertuples()]
    names = data.get("scale_labels") or ["1", "2", "3", "4", "5"]
    artists = []
    for y, row in enumerate(rows.itertuples()):
        if not row.shown:
            artists.append(ax.text(0, y, _hidden_note(data["min_group"]), ha="center",
                                   va="center", color=HIDDEN_COLOUR, fontsize=12,
                                   style="italic", zorder=3,
                                   bbox={"facecolor": WHITE, "edgecolor": "none"}))
            continue
        artists += _likert_row(ax, y, row, _phone(ax))
    # As far left as right, so a long bar on one side is long on the other too, and the
    # same on every such chart, so two charts of one page can be compared.
    side = DIVERGING_EXTENT
    ticks = [t for t in range(-100, 101, 25) if -side <= t <= side]
    if _phone(ax) and side > 50:  # a phone has room for fewer ticks: the ends and 0 (and 50)
        ticks = [t for t in ticks if abs(t) in (0, side) or side == 100 == 2 * abs(t)]
    ax.set_xlim(-side, side)
    ax.set_xticks(ticks, [f"{abs(t)}%" for t in ticks])
    ax.axvline(0, color=CAPTION, linewidth=1, zorder=0)
    _row_axis(ax, labels)
    lines = ["Share of answers (prefer-not-to-say left out)"]
    if data.get("question"):  # the one scale this chart shows
        lines.insert(0, f"Answers to “{data['question']}”")
    if data.get("direction"):
        lines.append(data["direction"])
    _xlabel(ax, *lines)
    order = legend_order(names)  # the five points; prefer-not-to-say is not drawn here
    handles = [_patch(facecolor=c, edgecolor=WHITE) for c in LIKERT_COLOURS[:len(order)]]
    _title(ax, data)
    _legend_above(ax, handles, [plain(x) for x in order], COLOUR_RULE)
    return artists


def _answered_each(rows) -> str:
    """How many answered each statement, as the chart's row labels say it: "16 people
    answered each statement", or "from 14 to 16 people ..." when the counts differ."""
    counts = sorted({int(n) for n in rows.loc[rows["shown"], "n"]})
    if not counts:
        return ""
    if len(counts) == 1:
        return count_of(counts[0], "person", "people")
    return f"from {number(counts[0])} to {number(counts[-1])} people"


def likert_caption(data) -> str:
    rows = data["rows"]
    shown = int(rows["shown"].sum())
    subject = data.get("subject") or "these statements"
    scale = f" (“{data['question']}”)" if data.get("question") else ""
    each = _answered_each(rows)
    answered = f"; {each} answered each statement shown" if each else ""
    text = (f"How the group rated {subject}{scale}: each bar holds all of one statement's "
            "answers, lower answers to the left and the middle answer centred on the line"
            f"{answered}")
    if data.get("direction"):
        text += "; lower means easier (the sign showed up less often)"
    text += "; " + COLOUR_RULE[0].lower() + COLOUR_RULE[1:].rstrip(".")
    if shown < len(rows):
        hidden = len(rows) - shown
        text += (f"; {_words(hidden)} statement{'s are' if hidden > 1 else ' is'} hidden "
                 f"because fewer than {data['min_group']} people answered")
    return text + "."


def _words(number: int) -> str:
    """A small number in words (it is not one the chart shows)."""
    names = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return names[number] if 0 <= number < len(names) else str(number)
# ---- the dumbbell --------------------------------------------------------------------------


def dumbbell_chart(ax, data):
    """Per sign, the share answering the scale's top two points ("Often" or "Almost
    always") at check-in and at close, joined by a line."""
    rows = data["rows"]
    labels = [wrapped(r.label, _fit(ax, 24), _lines(ax)) for r in rows.itertuples()]
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
                                       ha="left" if right else "right",
                                       fontsize=_label_size(ax, 12),
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
    _xlabel(ax, f"Share answering {top} (prefer-not-to-say left out)",
            data.get("direction") or "")
    handles = [_line([], [], marker="o", linestyle="", markersize=13, markerfacecolor=WHITE,
                      markeredgecolor=BEFORE, markeredgewidth=3),
               _line([], [], marker="o", linestyle="", markersize=13, color=AFTER)]
    _legend_below(ax, handles, [f"Check-in ({side_n(rows, 'n_before')})",
                                f"Close ({side_n(rows, 'n_after')})"])
    _title(ax, data)
    return artists


def _side_counts(rows, column: str) -> list[int]:
    """The n of each sign shown on one side (``n_before`` or ``n_after``), smallest first:
    the people whose answers that sign's dot is drawn from. A prefer-not-to-say on a sign
    leaves that person out of it, so the signs' n differ; a hidden side has none."""
    if column not in rows:
        return []
    return sorted({int(n) for n in rows[column].dropna()})


def side_n(rows, column: str) -> str:
    """One side's n, for the legend: "n = 1,308", or "n = 1,297–1,325 per sign" when the signs'
    differ (each sign's own people; never a count of someone who preferred not to say)."""
    counts = _side_counts(rows, column)
    if not counts:
        return "hidden"
    if counts[0] == counts[-1]:
        return f"n = {number(counts[0])}"
    return f"n = {number(counts[0])}–{number(counts[-1])} per sign"


def _side_words(rows, column: str) -> str:
    """One side's n, for the caption: "1,308 people", "1,297 to 1,325 people per sign"."""
    counts = _side_counts(rows, column)
    if not counts:
        return "hidden"
    if counts[0] == counts[-1]:
        return count_of(counts[0], "person", "people")
    return f"{number(counts[0])} to {number(counts[-1])} people per sign"


def dumbbell_caption(data) -> str:
    """What the chart shows, with no tally of signs that went down: it is not a scorecard.

    The people who share at the close are not always those who shared at the check-in, so a
    count of "improved" signs would read as a verdict it cannot support.
    """
    top = data.get("top_two", "4 or 5")
    return (f"For each of the seven signs, the share of people answering {top} at check-in "
            f"({_side_words(data['rows'], 'n_before')}) and at close "
            f"({_side_words(data['rows'], 'n_after')}), prefer-not-to-say left out, "
            "where lower means easier: a picture of the group, not a score, as the people who "
            "shared at each point may not be the same.")


# ---- summaries of steps 3, 4 and 6 ---------------------------------------------------------


def _each_row(ax, data, draw, verb: str = "answered") -> list:
    """The artists of each row, top down: ``draw(y, row)`` for a row the chart shows, the
    hidden note for one it may not."""
    artists: list = []
    for y, row in enumerate(data["rows"].itertuples()):
        artists += draw(y, row) if row.shown else [_hidden_row(ax, y, data["min_group"], verb)]
    return artists


def _count_axis(ax, top: float, room: float = 1.45) -> None:
    """An axis of whole numbers, with room past ``top`` (``room`` times it) for the labels
    after the bars."""
    ax.set_xlim(0, top * room)
    _whole_ticks(ax)


def _whole_ticks(ax) -> None:
    """Whole-number ticks on the x axis, 1,000 and up written with a thousands separator."""
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: number(round(x))))


def _share_bars(ax, data, width: int, right: float, xlabel: str):
    """A bar a row for its ``share`` (0-100%), labels wrapped at ``width``, room to ``right``."""
    rows = data["rows"]
    artists = _each_row(ax, data, lambda y, row: [
        ax.barh(y, float(row.share), color=BARS, height=0.65),
        ax.text(float(row.share) + 1, y, _pct(row.share), va="center",
                fontsize=_label_size(ax))])
    _row_axis(ax, [_row_label(r, _fit(ax, width), data["min_group"], _lines(ax))
                   for r in rows.itertuples()])
    ax.set_xlim(0, right)
    ax.set_xticks(range(0, 101, 25), [f"{t}%" for t in range(0, 101, 25)])
    _xlabel(ax, xlabel)
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


def _num(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


# ---- dot plots: one dot a person, stacked on their value, the median marked ----------------
# A large cohort's stacks would grow without limit (a thousand people: charts screens tall),
# so a chart whose tallest stack has more than DOT_STACK_MAX people draws a dot for every k
# people instead (k the smallest of 2, 5, 10, 20, 50, ... that fits), each value's count
# rounded up to whole dots: nobody disappears (one person still shows one dot), and a
# stack's top dot may stand for fewer than k. A dot for k people shows no more than a dot a
# person.

#: A row's dots stack up from DOT_BAND below its middle to DOT_TOP above it (rows are 1
#: apart); above them, the median's name, beside the top of the median's line.
DOT_BAND = 0.42
DOT_TOP = 0.18
#: A dot's diameter in points at most (fewer people: bigger dots, never bigger than this).
DOT_MAX = 13.0
#: The most dots in one stack: at this many a row is 3.8 inches tall (4.75 on a phone), so
#: each row of a chart, its label and its median fit on one screen.
DOT_STACK_MAX = 25


def _most_people(spreads) -> int:
    """The most people on one value in any row."""
    return max([int(people) for s in spreads if s for _, people in s["dots"]] + [1])


def _dot_steps():
    """1, 2, 5, 10, 20, 50, 100, ...: the people a dot may stand for, smallest first."""
    tens = 1
    while True:
        yield from (tens, 2 * tens, 5 * tens)
        tens *= 10


def people_per_dot(spreads) -> int:
    """How many people one dot stands for: 1, or (when the tallest stack would have more
    than DOT_STACK_MAX dots) the smallest of 2, 5, 10, 20, 50, ... that keeps it within."""
    most = _most_people(spreads)
    return next(k for k in _dot_steps() if math.ceil(most / k) <= DOT_STACK_MAX)


def dots_for(people, per_dot: int) -> int:
    """The dots drawn for ``people`` on one value: their count rounded up to whole dots."""
    return math.ceil(int(people) / per_dot)


def _stack_height(spreads) -> int:
    """How high the tallest stack of dots is (in dots)."""
    return dots_for(_most_people(spreads), people_per_dot(spreads))


def dot_row_height(spreads) -> float:
    """Inches a dot plot's row needs so its tallest stack of dots stays readable."""
    return max(1.1, 0.13 * _stack_height(spreads) + 0.55)


def dot_legend(per_dot: int) -> str:
    """What one dot stands for, in the legend."""
    return "One person" if per_dot == 1 else f"About {number(per_dot)} people"


def dot_words(spreads, one: str = "person", many: str = "people") -> str:
    """What one dot stands for, in a caption: "one dot a person", or, when a dot stands
    for k people, how many and how counts are rounded."""
    per_dot = people_per_dot(spreads)
    if per_dot == 1:
        return f"one dot a {one}"
    return (f"each dot stands for {number(per_dot)} {many}, counts rounded up to whole dots so "
            f"a stack's top dot may stand for fewer")


def median_mark(spread) -> float:
    """Where a row's median is drawn: among its dots (the middle of the bin that holds the
    median when values are grouped, ``aggregate._spread``'s ``mark``)."""
    mark = spread.get("mark")
    return float(mark if _has(mark) else spread["median"])


def median_words(spread, unit: str = "") -> str:
    """The median as the chart names it: "20–25 h" for grouped values (the band that holds
    it), "2" for whole numbers drawn as they are."""
    band = spread.get("band")
    if band:
        return f"{_num(band[0])}–{_num(band[1])}{unit}"
    return f"{_num(spread['median'])}{unit}"


def _grouped(spreads) -> float:
    """How wide the groups of a dot plot's values are (1: values drawn as they are)."""
    return max([float(s.get("width", 1)) for s in spreads if s] + [1.0])


def _dot_plot(ax, spreads, labels, span: tuple[float, float], ticks, unit: str = ""):
    """Rows of stacked dots (``spreads``: each row's ``dots`` and ``median``, None for a
    hidden row, whose note the caller draws); the median a black line across its row,
    named beside its top. Grouped values (bins wider than 1) get a grid line at each bin's
    edge, so each dot is seen to stand for its band. Call it last: it sizes the dots from
    the laid-out axes."""
    low, high = span
    width = _grouped(spreads)
    _row_axis(ax, labels)
    ax.set_xlim(low - (high - low) * 0.04, high + (high - low) * 0.04)
    ax.set_xticks(ticks)
    if width > 1:
        edges = [low + width * k for k in range(int((high - low) / width) + 1)]
        ax.set_xticks(edges, minor=True)
        ax.grid(axis="x", which="minor", color=RULE, linewidth=0.8)
    ax.spines["bottom"].set_bounds(low, high)
    ax.grid(axis="x", color=RULE, linewidth=0.8)
    ax.set_axisbelow(True)
    handles = [_line([], [], marker="o", linestyle="", markersize=9, color=DOT,
                      markeredgecolor=WHITE),
               _line([], [], marker="|", linestyle="", markersize=16, markeredgewidth=2.5,
                      color=MEDIAN)]
    per_dot = people_per_dot(spreads)
    _legend_below(ax, handles, [dot_legend(per_dot), MEDIAN_LEGEND_GROUPED if width > 1
                                else MEDIAN_LEGEND])
    _lay_out(ax.figure)  # the axes' size is known from here on
    box = ax.get_window_extent()
    per_point = 72 / ax.figure.dpi
    row_pt = box.height * per_point / max(len(labels), 1)  # points per row
    x_pt = box.width * per_point / (ax.get_xlim()[1] - ax.get_xlim()[0])  # points per unit
    artists: list = []
    stack = (_stack_height(spreads), per_dot)
    for y, spread in enumerate(spreads):
        if spread:
            artists += _dot_row(ax, y, spread, (row_pt, x_pt, stack), (low + high) / 2, unit)
    return artists


def _lay_out(fig) -> None:
    """Place the axes as the final drawing will (the figure's layout engine alone,
    ``style.lay_out``): the same positions as a whole draw without rendering, without
    walking every artist twice."""
    engine = fig.get_layout_engine()
    if engine is None:
        fig.draw_without_rendering()
    else:
        engine.execute(fig)


#: The median's entry in a dot plot's legend; when values are grouped, the median's band.
MEDIAN_LEGEND = "Median: half the group at or below it"
MEDIAN_LEGEND_GROUPED = "Median: the middle person's band"


def _dot_row(ax, y, spread, scale, middle: float, unit: str):
    """One row's dots and median; the median's name reads away from the nearer end."""
    row_pt, x_pt, (stack, per_dot) = scale
    gap = spread.get("width", 1) * x_pt  # points between neighbouring values
    size = min(DOT_MAX, (DOT_BAND + DOT_TOP) * row_pt / stack, 0.95 * gap)
    step = size / row_pt  # one dot's height in rows
    xs, ys = [], []
    for value, people in spread["dots"]:
        for k in range(dots_for(people, per_dot)):  # stacked up from the band's bottom
            xs.append(value)
            ys.append(y + DOT_BAND - step * (k + 0.5))
    median = median_mark(spread)
    return [
        ax.scatter(xs, ys, s=(size * 0.9) ** 2, color=DOT, edgecolor=WHITE, linewidth=0.6,
                   zorder=3),
        ax.plot([median, median], [y - DOT_BAND - 0.04, y + DOT_BAND + 0.04], color=MEDIAN,
                linewidth=2.5, zorder=4, solid_capstyle="butt")[0],
        ax.annotate(f"median: {median_words(spread, unit)}", (median, y - DOT_TOP - 0.1),
                    xytext=(6 if median <= middle else -6, 0), textcoords="offset points",
                    ha="left" if median <= middle else "right", va="center",
                    fontsize=_label_size(ax),
                    fontweight="bold"),
    ]


def _circle_spreads(data) -> list:
    """The support-circles chart's rows as dot-plot spreads (None: a hidden row)."""
    return [{"dots": r.dots, "median": r.median} if r.shown else None
            for r in data["rows"].itertuples()]


def support_circles_chart(ax, data):
    """People each participant placed in each circle: a dot a participant, stacked on their
    count, the median marked."""
    rows = data["rows"]
    spreads = _circle_spreads(data)
    for y, row in enumerate(rows.itertuples()):
        if not row.shown:
            _hidden_row(ax, y, data["min_group"])
    top = max([v for s in spreads if s for v, _ in s["dots"]] + [4])
    _xlabel(ax, "People each participant placed in this circle")
    _title(ax, data)
    ticks = range(0, int(top) + 1, 1 if top <= 12 else 2)
    return _dot_plot(ax, spreads, [_row_label(r, _fit(ax, 20), data["min_group"])
                                   for r in rows.itertuples()], (0, top), ticks)


def support_circles_caption(data) -> str:
    detail = _listing(data, lambda r: f"{r.label.lower()} {_num(r.median)}", " (medians: {})")
    # whole numbers, drawn as they are: the median is exact, and it sits among the dots
    return (f"How many people the {number(data['n'])} participants placed in each circle of their "
            f"support map, {dot_words(_circle_spreads(data), 'participant', 'participants')}"
            f"{detail}.")


def support_kinds_chart(ax, data):
    """Share of participants with at least one person giving each kind of support."""
    return _share_bars(ax, data, 20, 112,
                       "Share with at least one person who gives this kind of support")


def support_kinds_caption(data) -> str:
    low = _extreme_share(data, highest=False)
    detail = ""
    if low is not None:  # "still" when even the least named kind is on most maps
        still = "still " if low["share"] > 50 else ""
        detail = (f"; least often named: {low['label'].lower()} support, {still}on "
                  f"{share_word(low['share'])} maps ({_pct(low['share'])})")
    return (f"The share of the {number(data['n'])} participants whose support map has at least one "
            f"person for each kind of support{detail}.")


def first_ask_chart(ax, data):
    """One 100% bar: who has done a first ask from their ladder, and who has not yet."""
    n, done = data["n"], data["done"]
    parts = [(done, "Done a first ask", BARS), (n - done, "Not yet", NEUTRAL_GREY)]
    artists, left = [], 0.0
    for count, label, colour in parts:
        share = 100.0 * count / n
        if share <= 0:
            continue
        artists.append(ax.barh(0, share, left=left, color=colour, height=0.6, label=label,
                               edgecolor=WHITE))
        if share >= 10:
            shown = (f"{_pct(share)}\n({number(count)})" if count >= data["min_group"]
                     else _pct(share))
            artists.append(ax.text(left + share / 2, 0, shown,
                                   ha="center", va="center", fontsize=14, color=text_on(colour),
                                   fontweight="bold"))
        left += share
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 25), [f"{t}%" for t in range(0, 101, 25)])
    _row_axis(ax, [f"Built a ladder\n(n = {number(n)})"])
    _legend_below(ax, [_patch(facecolor=c, edgecolor=WHITE) for _, _, c in parts],
                  [label for _, label, _ in parts])
    _title(ax, data)
    return artists


def first_ask_caption(data) -> str:
    n, done, min_group = data["n"], data["done"], data["min_group"]
    opening = f"Of the {number(n)} people who shared their ask ladder"
    # said only when both those who had and those who had not are at least min_group
    if not _split_shown(done, n, min_group):
        return f"{opening}: who had tried a first ask and who had not yet."
    return (f"{opening}, {share_word(data['share'])} ({_count(done, min_group)}, "
            f"{_pct(data['share'])}) had tried a first ask.")


def _pair_dots(ax, data, keys: tuple[str, str], labels: tuple[str, str], unit: str,
               top: float | None):
    """The dot plot of two numbers a person (expected and felt discomfort; hours listed
    and available), one row each, on one axis from 0 to ``top`` (None: the data's top)."""
    spreads = [data[key] for key in keys]
    biggest = max([v for s in spreads for v, _ in s["dots"]] + [1.0])
    high = top or 10 * math.ceil(biggest / 10 + 0.01)
    width = _grouped(spreads)
    every = max(5, 10 * math.ceil(high / 80))
    every = max(every, int(2 * width)) if _phone(ax) else every  # fewer numbers on a phone
    ticks = list(range(0, int(high) + 1, every))
    return _dot_plot(ax, spreads, list(labels), (0, high), ticks, unit)


def grouped_words(data, keys: tuple[str, str], unit: str) -> str:
    """How a pair's values are grouped, said on the chart and in its caption: "grouped in
    5-hour bands" ("" when values are drawn as they are)."""
    width = _grouped([data[key] for key in keys])
    return f"grouped in {_num(width)}-{unit} bands" if width > 1 else ""


def discomfort_chart(ax, data):
    """Expected against actual discomfort of the chosen ask (0-100), a dot a person."""
    easier = _share_of(data["easier"], data["n"], data["min_group"])
    grouped = grouped_words(data, ("expected", "actual"), "point")
    _xlabel(ax, f"Discomfort, 0 (none) to 100 (most), {grouped} — n = {number(data['n'])}",
            f"Felt easier than expected: {easier}" if easier else "")
    _title(ax, data)
    return _pair_dots(ax, data, ("expected", "actual"),
                      ("Expected\ndiscomfort", "Actual\ndiscomfort"), "", 100)


def discomfort_caption(data) -> str:
    easier = _share_of(data["easier"], data["n"], data["min_group"])
    grouped = grouped_words(data, ("expected", "actual"), "point")
    return (f"Expected against actual discomfort of the first ask, 0 to 100, for the "
            f"{number(data['n'])} people who reported both, "
            f"{dot_words([data['expected'], data['actual']])}, {grouped} (median "
            f"{median_words(data['expected'])} expected, {median_words(data['actual'])} "
            f"actual)" + (f"; it felt easier than expected for {easier}." if easier else "."))


def load_hours_chart(ax, data):
    """Weekly hours of listed tasks against hours available, a dot a person."""
    over = _share_of(data["over"], data["n"], data["min_group"])
    grouped = grouped_words(data, ("load", "available"), "hour")
    _xlabel(ax, f"Hours per week, {grouped} — n = {number(data['n'])}",
            f"Listed more hours than they have: {over}" if over else "")
    _title(ax, data)
    return _pair_dots(ax, data, ("load", "available"),
                      ("Hours listed\nper week", "Hours\navailable"), " h", None)


def load_hours_caption(data) -> str:
    over = _share_of(data["over"], data["n"], data["min_group"])
    grouped = grouped_words(data, ("load", "available"), "hour")
    return (f"Hours per week of the tasks people listed against the hours they have for them, "
            f"{dot_words([data['load'], data['available']])}, {grouped} (medians "
            f"{median_words(data['load'], ' h')} and "
            f"{median_words(data['available'], ' h')}, {number(data['n'])} people)"
            + (f"; {over} listed more hours than they have." if over else "."))


def decisions_chart(ax, data):
    """Tasks marked keep, drop, hand over or ask for help, summed over the group."""
    rows = data["rows"]
    top = max([r.tasks for r in rows.itertuples() if r.shown] + [1])

    # on a phone the label after the bar takes two lines, and the axis leaves more room
    between = ",\n" if _phone(ax) else ", "

    def bar(y, row):
        tasks = int(row.tasks)
        return [ax.barh(y, tasks, height=0.65, color=BARS),
                ax.text(tasks + top * 0.01, y,
                        f"{number(tasks)} tasks{between}"
                        f"by {_count(int(row.people), data['min_group'])}",
                        va="center", fontsize=_label_size(ax))]

    artists = _each_row(ax, data, bar, "chose this")
    _row_axis(ax, [wrapped(r.label, _fit(ax, 18), LABEL_LINES) for r in rows.itertuples()])
    _count_axis(ax, top, 1.7 if _phone(ax) else 1.45)
    _xlabel(ax, f"Tasks, all {number(data['n'])} participants together")
    _title(ax, data)
    return artists


def decisions_caption(data) -> str:
    detail = _listing(data, lambda r: f"{number(r.tasks)} {r.label.lower()}", ": {}")
    rows = data["rows"]
    hidden = int((~rows["shown"].astype(bool)).sum())
    if hidden:  # said, so the list above is not read as every choice
        detail += (f"; {_words(hidden)} choice{'s are' if hidden > 1 else ' is'} hidden: "
                   f"fewer than {data['min_group']} people chose "
                   f"{'them' if hidden > 1 else 'it'}")
    return (f"What the {number(data['n'])} people who audited their load decided about their "
            f"tasks, counted over the whole group{detail}.")


# ---- reflections (HTML, not a figure) ------------------------------------------------------


def reflections_html(data) -> str:
    """The shared reflections for one prompt as a list; every word escaped."""
    items = "".join(f'<li style="margin:4px 0">{html.escape(text, quote=True)}</li>'
                    for text in data["rows"])
    return (f'<div class="interdep-reflections"><p style="margin:6px 0"><b>'
            f"{html.escape(data['title'], quote=True)}</b></p>"
            f'<ul style="margin:0 0 0 1.2em;padding:0">{items}</ul></div>')


def reflections_caption(data) -> str:
    return (f"{number(len(data['rows']))} shared answers to this question, in a random order and "
            "without names or dates.")


# ---- one place that knows them all ---------------------------------------------------------


def _dot_rows(data) -> float:
    """A support-circles row's height: enough for its tallest stack of dots."""
    rows = data["rows"]
    return dot_row_height([{"dots": r.dots} for r in rows.itertuples() if r.shown])


def _pair_rows(keys: tuple[str, str]):
    return lambda data: dot_row_height([data[key] for key in keys])


#: kind -> (chart function, caption function, figure width, height per row (inches, or a
#: function of the data), base height)
CHARTS = {
    "participation": (participation_chart, participation_caption, 10, 0.55, 1.6),
    "likert": (likert_chart, likert_caption, 11, 0.7, 2.5),
    "dumbbell": (dumbbell_chart, dumbbell_caption, 11, 0.7, 2.0),
    "support_circles": (support_circles_chart, support_circles_caption, 10, _dot_rows, 2.0),
    "support_kinds": (support_kinds_chart, support_kinds_caption, 10, 0.8, 1.7),
    "first_ask": (first_ask_chart, first_ask_caption, 10, 1.3, 1.7),
    "discomfort": (discomfort_chart, discomfort_caption, 10,
                   _pair_rows(("expected", "actual")), 2.3),
    "load_hours": (load_hours_chart, load_hours_caption, 10,
                   _pair_rows(("load", "available")), 2.3),
    "decisions": (decisions_chart, decisions_caption, 10, 0.7, 1.7),
}


def caption(panel) -> str:
    """The one-sentence caption of a visible panel, or the hidden message."""
    if not panel.visible:
        return panel.hidden_message
    if panel.kind == "reflections":
        return reflections_caption(panel.data)
    return CHARTS[panel.kind][1](panel.data)


def figure(panel, phone: bool = False):
    """A new figure with the panel's chart drawn on it (the caller closes or renders it).

    ``phone``: the narrow layout the report shows on a phone (shorter labels, legends in
    rows), taller so its text stays as large as on a desktop.
    """
    chart, _caption, full_width, row_height, base = CHARTS[panel.kind]
    rows = panel.data.get("rows")
    count = len(rows) if rows is not None else 1
    per_row = float(row_height(panel.data) if callable(row_height) else row_height)
    if callable(row_height) and rows is None:
        count = 2  # a pair: two rows
    width = float(full_width)
    if phone:
        width, base, per_row = PHONE_WIDTH, base + 1.0, per_row * 1.25
    fig, ax = new_figure(width=width, height=base + per_row * count, layout="margins")
    chart(ax, panel.data)
    if phone:
        _phone_room(fig, ax, count, panel.data.get("title"))
    return fig


def _phone_room(fig, ax, rows: int, title: str | None) -> None:
    """Fit a phone layout to its words, which the fixed sizes above only guess at. A title
    starts at the plot's left edge, right of the row labels: it is wrapped to the room
    left there, never past the figure's edge. A row label wraps onto as many as
    :data:`PHONE_LINES` lines: the figure grows until every row is as tall as its tallest
    label, so two labels, or a label and the legend over the plot, never overlap (the
    phone report once showed step 4's statements printed over each other)."""
    renderer = fig.canvas.get_renderer()
    pad = PAD * fig.dpi
    start = ax.get_position(original=True)
    try:
        _fit_phone(fig, ax, rows, title, renderer, pad)
    finally:  # measured only: the figure's layout engine places the plot when it is drawn
        ax.set_position(start)
        ax.set_in_layout(True)  # set_position takes an axes out of the layout; put it back


def _hide_wider_than_their_bar(ax, renderer, pad: float) -> None:
    """A share written in its bar segment (``in_bar``, the segment's width in data units)
    that is wider than the segment on this screen is left out: white on white past the bar's
    end, "17%" read as "7%" (found on a phone by a facilitator review)."""
    low, high = ax.get_xlim()
    per_unit = ax.get_window_extent(renderer).width / abs(high - low)
    for text in ax.texts:
        share = getattr(text, "in_bar", None)
        if share is not None and text.get_window_extent(renderer).width + pad > share * per_unit:
            text.set_visible(False)


def _fit_phone(fig, ax, rows: int, title: str | None, renderer, pad: float) -> None:
    lay_out(fig)
    heading = getattr(ax, "_left_title", None)  # the title _title() set, loc="left"
    if title and heading is not None and heading.get_text():
        room = fig.bbox.x1 - pad - ax.get_window_extent(renderer).x0
        chars, rewrapped = 26, False
        while heading.get_window_extent(renderer).width > room and chars > 10:
            chars, rewrapped = chars - 2, True
            heading.set_text(wrapped(title, chars, 6))
        if rewrapped:  # taller, so the plot's place moves; else it stands
            lay_out(fig)
    _hide_wider_than_their_bar(ax, renderer, pad)
    labels = [t for t in ax.get_yticklabels() if t.get_text().strip()]
    if not labels or rows < 1:
        return
    tallest = max(t.get_window_extent(renderer).height for t in labels)
    each = ax.get_window_extent(renderer).height / rows
    need = tallest + 2 * pad
    if need > each:
        fig.set_figheight(fig.get_figheight() + rows * (need - each) / fig.dpi)
