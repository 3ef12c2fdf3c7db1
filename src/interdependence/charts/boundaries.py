"""Step 06 chart: the week's load, task by task, against the hours the participant has.

Hours are the length of each block; how draining a task is (its energy: low, medium or high,
when the participant gave one) is written under its block and in the legend, in words, so it
reads without colour and never changes the arithmetic of the hours.
"""

from __future__ import annotations

import textwrap

from ..palette import ATTENTION, BLACK, CAPTION, OKABE_ITO, SERIES, WHITE, text_on
from .labels import plain, title_lines
from .style import PHONE_WIDTH, is_phone

NOTHING_YET = "There is nothing to draw yet."

SEGMENT_COLOURS = SERIES  # neighbours differ in lightness as well as hue
OVER_COLOUR = OKABE_ITO["vermillion"]  # the tint over the hours that do not fit
OVER_TEXT = ATTENTION  # words about those hours: vermillion darkened to read on white
UNDER_COLOUR = OKABE_ITO["blue"]


ENERGY_ORDER = ("low", "medium", "high")


def _hours(value: float) -> str:
    return f"{value:g}"


def energy_word(task: dict, data: dict) -> str:
    """"high drain" for a task rated high, "" for one with no energy given."""
    level = task.get("energy")
    if level not in ENERGY_ORDER:
        return ""
    label = (data.get("energy_labels") or {}).get(level, level)
    return f"{label.lower()} drain"


def legend_columns(data: dict) -> int:
    return 1 if len(data["tasks"]) <= 3 else 2


def load_height(data: dict) -> float:
    """A figure height (inches) with room for the legend under the bar."""
    rows = -(-len(data["tasks"]) // legend_columns(data))
    return 3.4 + 0.42 * rows


def figure_size(data: dict, phone: bool = False) -> tuple[float, float]:
    """Width and height (inches); ``phone``: the phone layout, its legend in one column of
    two-line entries."""
    if phone:
        return PHONE_WIDTH, 3.9 + 0.62 * len(data["tasks"])
    return 10, load_height(data)


def load_chart(ax, data: dict):
    """One stacked horizontal bar of the tasks' hours, and a line at the hours available.

    ``data`` (``Boundaries.load_data``): {"tasks": [{"task", "hours", "only_me", "energy"
    (optional)}...], "available": hours or None, "energy_labels" (optional): {"low": ...}}.
    Tasks only the participant can do are hatched; a task's energy is written under its
    block. Returns (segments, line or None, texts).
    """
    tasks = [t for t in data["tasks"] if (t.get("hours") or 0) > 0]
    available = data.get("available")
    total = sum(t["hours"] for t in tasks)
    right = max(total, available or 0, 1) * 1.12
    segments, texts, left = [], [], 0.0
    phone = is_phone(ax)
    for n, task in enumerate(tasks):
        colour = SEGMENT_COLOURS[n % len(SEGMENT_COLOURS)]
        name = plain(textwrap.shorten(task["task"], 40 if phone else 32, placeholder="…"))
        extras = [f"{_hours(task['hours'])} h"]
        if task.get("only_me"):
            extras.append("only me")
        drain = energy_word(task, data)
        if drain:
            extras.append(drain)
        # a phone's legend has one column: the name, and its hours on a line under it
        label = f"{name}{chr(10) if phone else ' '}({', '.join(extras)})"
        bar = ax.barh(0, task["hours"], left=left, height=0.55, color=colour,
                      edgecolor=WHITE, linewidth=2, label=label,
                      hatch="//" if task.get("only_me") else None)
        segments.append(bar)
        if task["hours"] >= right * 0.05:
            texts.append(ax.text(left + task["hours"] / 2, 0, _hours(task["hours"]),
                                 ha="center", va="center", fontsize=12, fontweight="bold",
                                 color=text_on(colour)))
        if drain and task["hours"] >= right * (0.2 if phone else 0.09):
            texts.append(ax.text(left + task["hours"] / 2, -0.36, drain, ha="center",
                                 va="top", fontsize=10, color=CAPTION))
        left += task["hours"]
    line = None
    if available is not None:
        line = ax.axvline(available, color=BLACK, linestyle="--", linewidth=2.5, zorder=3)
        over = total > available
        if over:  # behind the bars: a light tint over the hours that do not fit
            ax.axvspan(available, total, color=OVER_COLOUR, alpha=0.15, linewidth=0,
                       zorder=0)
        have = f"You have {_hours(available)} h"
        over_words = f"{_hours(total - available)} h over"
        if available < right * 0.2:  # no room on the left of the line: one label on its right
            texts.append(_mark(ax, available, have + (f" ({over_words})" if over else ""),
                               "left", OVER_TEXT if over else BLACK))
        else:
            texts.append(_mark(ax, available, have, "right", BLACK))
            if over:
                texts.append(_mark(ax, available, over_words, "left", OVER_TEXT))
    ax.set_xlim(0, right)
    ax.set_ylim(-0.6, 0.75)
    ax.set_yticks([])
    ax.spines[["left", "top", "right"]].set_visible(False)
    ax.set_xlabel("Hours per week", fontsize=13)
    title, colour = headline(total, available)
    ax.set_title(title_lines(title, phone, 34), fontsize=15, loc="left", color=colour,
                 fontweight="bold")
    if phone:  # under the chart, in one column
        ax.figure.legend(loc="outside lower left", frameon=False, ncol=1, fontsize=12,
                         handlelength=1.6, handles=segments)
    else:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), frameon=False,
                  ncol=legend_columns(data), fontsize=12, handlelength=1.6)
    return segments, line, texts


def _mark(ax, x: float, words: str, side: str, colour: str):
    """A bold label just above the bar, beside the line at ``x``."""
    return ax.annotate(words, (x, 0.42), xytext=(6 if side == "left" else -6, 0),
                       textcoords="offset points", ha=side, va="bottom", fontsize=12,
                       fontweight="bold", color=colour)


def headline(total: float, available: float | None) -> tuple[str, str]:
    """The chart's title: the total, and whether it is over the hours available."""
    if available is None:
        return f"Your responsibilities: {_hours(total)} hours a week", BLACK
    difference = round(total - available, 2)
    if difference > 0:
        return (f"{_hours(total)} hours of responsibilities: {_hours(difference)} more than "
                f"the {_hours(available)} you have", OVER_TEXT)
    if difference == 0:
        return (f"{_hours(total)} hours of responsibilities: exactly the hours you have",
                UNDER_COLOUR)
    return (f"{_hours(total)} hours of responsibilities: {_hours(-difference)} to spare "
            f"of the {_hours(available)} you have", UNDER_COLOUR)


def energy_sentence(data: dict) -> str:
    """"The 2 you said drain you most take 9 of those hours." when any task is rated high."""
    high = [t for t in data["tasks"] if t.get("energy") == "high" and (t.get("hours") or 0) > 0]
    if not high:
        return ""
    hours = sum(t["hours"] for t in high)
    which = "The one you said drains you most takes" if len(high) == 1 else (
        f"The {len(high)} you said drain you most take")
    return f" {which} {_hours(hours)} of those hours."


def caption(data: dict) -> str:
    """What the load chart shows: the hours, and the draining tasks' share when rated."""
    text = _hours_caption(data)
    return text + energy_sentence(data) if text != NOTHING_YET else text


def _hours_caption(data: dict) -> str:
    tasks = [t for t in data["tasks"] if (t.get("hours") or 0) > 0]
    if not tasks:
        return NOTHING_YET
    total = sum(t["hours"] for t in tasks)
    available = data.get("available")
    n = f"{len(tasks)} responsibilit{'y' if len(tasks) == 1 else 'ies'}"
    start = f"Your {n} stacked end to end come to {_hours(total)} hours a week"
    if any(t.get("only_me") for t in tasks):
        start += " (hatched parts are ones only you can do)"
    if available is None:
        return start + "; add the hours you have to see them side by side."
    difference = round(total - available, 2)
    if difference > 0:
        return (start + f", which is {_hours(difference)} hours over the "
                f"{_hours(available)} you have, marked by the dashed line.")
    return (start + f", within the {_hours(available)} hours you have, marked by the "
            "dashed line.")
