"""Step 03 charts: the ask ladder, and expected against actual discomfort.

Data comes from ``AskLadder.ladder_rungs()`` and ``AskLadder.predicted_vs_actual()``
(``exercises/ask_ladder.py``).
"""

from __future__ import annotations

from ..palette import AFTER, BEFORE, BLACK, NEUTRAL_GREY, OKABE_ITO, WHITE
from .labels import PHONE_LABEL_CHARS, labels_above, title_lines, wrapped
from .style import PHONE_WIDTH, is_phone

NOT_YET, DONE = OKABE_ITO["sky_blue"], OKABE_ITO["green"]


def figure_size(rows: int, phone: bool = False) -> tuple[float, float]:
    """Width and height in inches for a chart with ``rows`` two-line labels (``phone``: the
    phone layout, each label above its row)."""
    if phone:
        return PHONE_WIDTH, 2.9 + 1.2 * max(rows, 1)
    return 10.0, 1.9 + 0.62 * max(rows, 1)


def _rows(ax, ys, labels: list[str]) -> None:
    """Row labels beside the rows, or above them on a phone."""
    if is_phone(ax):
        labels_above(ax, list(ys), labels)
    else:
        ax.set_yticks(list(ys), labels, fontsize=12)


# ---- the ladder -------------------------------------------------------------------------


def ladder_chart(ax, data: list[dict]) -> list:
    """One bar per ask, easiest at the bottom rung; this week's ask outlined, done ones green.

    ``data``: rungs easiest first, each {"text", "discomfort", "chosen", "done"}.
    """
    from matplotlib.patches import Patch

    ys = range(len(data))
    colours = [DONE if r["done"] else NOT_YET for r in data]
    bars = ax.barh(ys, [max(r["discomfort"], 0.8) for r in data], height=0.6,
                   color=colours, edgecolor=[BLACK if r["chosen"] else "none" for r in data],
                   linewidth=[2.5 if r["chosen"] else 0 for r in data], zorder=2)
    artists = [bars]
    for y, rung in zip(ys, data, strict=True):
        mark = ("  ✓ done" if rung["done"] else "") + ("  ← this week" if rung["chosen"] else "")
        artists.append(ax.text(rung["discomfort"] + 1.5, y, f"{rung['discomfort']}{mark}",
                               va="center", ha="left", fontsize=12,
                               fontweight="bold" if rung["chosen"] else "normal"))
    phone = is_phone(ax)
    ax.set_ylim(-0.6, len(data) - 0.4 + (0.45 if phone else 0))
    _rows(ax, ys, [wrapped(r["text"], PHONE_LABEL_CHARS if phone else 34) for r in data])
    ax.set_xlim(0, 135)  # room for the number and the marks after a bar at 100
    ax.set_xticks(range(0, 101, 25))
    ax.set_xlabel(title_lines("Expected discomfort (0 = none at all, 100 = the hardest ask)",
                              phone, 44))
    ax.spines["bottom"].set_bounds(0, 100)
    ax.set_title(title_lines("My ask ladder: the easiest rung at the bottom", phone),
                 loc="left", fontsize=15)
    ax.grid(axis="x", color=NEUTRAL_GREY, linewidth=0.6, alpha=0.6, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(facecolor=NOT_YET, label="Not tried yet")]
    if any(r["done"] for r in data):
        handles.append(Patch(facecolor=DONE, label="Done"))
    if any(r["chosen"] for r in data):
        handles.append(Patch(facecolor=WHITE, edgecolor=BLACK, linewidth=2.5,
                             label="This week's ask"))
    artists.append(ax.figure.legend(handles=handles, loc="outside lower center",
                                    ncol=min(len(handles), 2 if phone else 3), frameon=False,
                                    fontsize=12))
    return artists


def ladder_caption(data: list[dict]) -> str:
    n = len(data)
    if not n:
        return "Your ask ladder has no asks yet."
    low, high = data[0]["discomfort"], data[-1]["discomfort"]
    picked = next((r for r in data if r["chosen"]), None)
    pick = (f"; this week's ask is outlined (expected discomfort {picked['discomfort']})"
            if picked else "")
    return (f"Your ask ladder: {n} ask{'s' if n != 1 else ''} sorted by the discomfort you "
            f"expect, from {low} on the bottom rung to {high} at the top{pick}.")


# ---- expected against actual --------------------------------------------------------------


def comparison_chart(ax, data: list[dict]) -> list:
    """For each ask tried: expected discomfort (open circle) and actual (filled dot).

    ``data``: rows in ladder order, each {"text", "expected", "actual", "done"}.
    """
    ys = list(range(len(data)))
    artists = []
    for y, row in zip(ys, data, strict=True):
        artists += ax.plot([row["expected"], row["actual"]], [y, y], color=NEUTRAL_GREY,
                           linewidth=3, zorder=1, solid_capstyle="round")
    # the open ring is drawn larger than the dot, so both show when the numbers are equal
    artists.append(ax.scatter([r["expected"] for r in data], ys, s=300, facecolor=WHITE,
                              edgecolor=BEFORE, linewidth=3, zorder=3, label="Expected"))
    artists.append(ax.scatter([r["actual"] for r in data], ys, s=110, color=AFTER, zorder=4,
                              label="How it actually felt"))
    labels = []
    phone = is_phone(ax)
    for row in data:
        status = "" if row["done"] else " (not done yet)"
        labels.append(wrapped(row["text"], width=PHONE_LABEL_CHARS if phone else 32, lines=1)
                      + f"\nexpected {row['expected']}, felt {row['actual']}{status}")
    ax.set_ylim(-0.6, len(data) - 0.4 + (0.45 if phone else 0))
    _rows(ax, ys, labels)
    ax.set_xlim(-4, 104)
    ax.set_xticks(range(0, 101, 25))
    ax.set_xlabel(title_lines("Discomfort (0 = none at all, 100 = the hardest ask)", phone, 44))
    ax.set_title(title_lines("What I expected, and how it actually felt", phone), loc="left",
                 fontsize=15)
    ax.grid(axis="x", color=NEUTRAL_GREY, linewidth=0.6, alpha=0.6, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    artists.append(ax.figure.legend(handles=artists[-2:], loc="outside lower center", ncol=2,
                                    frameon=False, fontsize=12))
    return artists


def comparison_caption(data: list[dict]) -> str:
    n = len(data)
    if not n:
        return "No ask has a discomfort noted yet."
    gap = sum(r["actual"] - r["expected"] for r in data) / n
    average = "on average " if n > 1 else ""
    if round(gap) == 0:
        how = f"{average}it felt about as uncomfortable as you expected"
    else:
        word = "less" if gap < 0 else "more"
        how = f"{average}it felt {abs(round(gap))} points {word} uncomfortable than expected"
    which = f"the {n} asks" if n > 1 else "the ask"
    return (f"For {which} you noted, the discomfort you expected (open circle) next to how "
            f"it actually felt (filled dot): {how}.")
