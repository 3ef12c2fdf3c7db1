"""Step 08 chart: the participant's seven signs at the check-in and today, as a dumbbell."""

from __future__ import annotations

from ..palette import AFTER, BEFORE, CAPTION, NEUTRAL_GREY, RULE, WHITE
from .labels import labels_above, wrapped
from .style import PHONE_WIDTH, is_phone

#: Every row is on the signs' one scale; the axis says how to read it.
X_LABEL = "In the past two weeks, how often   ·   lower means easier"
POINTS = ("Never", "Rarely", "Sometimes", "Often", "Almost always")


def figure_size(data: list[dict], phone: bool = False) -> tuple[float, float]:
    """Width and height that keep every row readable at projector size (``phone``: on a
    phone, where each sign takes a row of its own above its dots)."""
    if phone:
        return PHONE_WIDTH, 2.8 + 1.15 * max(len(data), 1)
    return 11.0, 1.6 + 0.62 * max(len(data), 1)


def signs_dumbbell_chart(ax, data: list[dict]) -> dict:
    """One row per sign: a hollow circle at the check-in answer, a filled one at today's,
    joined by a grey line. ``data``: [{"sign", "before", "after", "before_label",
    "after_label"}], values 1-5, in the order to show from top to bottom. Both markers differ
    in shape and fill as well as colour, so the chart reads without colour too.
    Returns the artists: {"lines", "before", "after", "labels", "legend"}.
    """
    signs = [row["sign"] for row in data]
    y = list(range(len(data)))
    before = [row["before"] for row in data]
    after = [row["after"] for row in data]
    lines = [ax.plot([b, a], [yy, yy], color=NEUTRAL_GREY, linewidth=4, zorder=1,
                     solid_capstyle="round")[0]
             for b, a, yy in zip(before, after, y, strict=True)]
    before_dots = ax.scatter(before, y, s=260, facecolors=WHITE, edgecolors=BEFORE,
                             linewidths=3, zorder=2, label="At the check-in")
    after_dots = ax.scatter(after, y, s=110, color=AFTER, marker="D", zorder=3,
                            label="Today")
    phone = is_phone(ax)
    changes = [f'{row.get("before_label", "")}, both times' if row["before"] == row["after"]
               else f'{row.get("before_label", "")} → {row.get("after_label", "")}'
               for row in data]
    ax.set_ylim(len(data) - 0.5, -0.7 - (0.35 if phone else 0))  # first sign at the top
    ax.set_xlim(0.7, 5.3)
    labels = []
    if phone:  # no room beside the plot: the sign and its change above each row
        labels = labels_above(ax, y, [f"{sign}\n{change}" for sign, change
                                      in zip(signs, changes, strict=True)], gap=0.22)
    else:
        ax.set_yticks(y, signs)
        labels = [ax.annotate(text, xy=(1, yy), xycoords=("axes fraction", "data"),
                              xytext=(12, 0), textcoords="offset points",
                              va="center", fontsize=12, color=CAPTION)
                  for text, yy in zip(changes, y, strict=True)]
    points = next((tuple(row["points"]) for row in data if len(row.get("points") or ()) == 5),
                  POINTS)
    ax.set_xticks([1, 2, 3, 4, 5], [f"{v}\n{label.replace(' ', chr(10)) if phone else label}"
                                    for v, label in enumerate(points, 1)])
    if phone:
        ax.tick_params(axis="x", labelsize=11)
    ax.set_xlabel(wrapped(X_LABEL, 38, 3) if phone else X_LABEL)
    ax.grid(axis="x", color=RULE, zorder=0)
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    if phone:  # under the chart, as every phone layout's legend
        legend = ax.figure.legend(handles=[before_dots, after_dots], loc="outside lower center",
                                  ncol=2, frameon=False, handletextpad=0.4, fontsize=12)
    else:
        legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2,
                           frameon=False, handletextpad=0.4, columnspacing=2.0, fontsize=12)
    return {"lines": lines, "before": before_dots, "after": after_dots, "labels": labels,
            "legend": legend}


def _how_many(count: int) -> str:
    """A count of signs in a sentence: "none" rather than a bare "0"."""
    return str(count) if count else "none"


def caption(data: list[dict], same_day: bool = False) -> str:
    """One sentence saying what the chart shows, counting moves without judging them.

    ``same_day``: the check-in was earlier today, so the chart is how the signs feel today,
    not a before and after (a few hours cannot show a habit changing).
    """
    lower = sum(1 for r in data if r["after"] < r["before"])
    higher = sum(1 for r in data if r["after"] > r["before"])
    same = len(data) - lower - higher
    n = len(data)
    counts = (f"{_how_many(lower)} moved lower, {_how_many(same)} stayed the same and "
              f"{_how_many(higher)} moved higher, where lower means easier (the sign showed up "
              "less often)")
    if same_day:
        return (f"Your answers to {n} of the seven signs at the check-in earlier today (hollow "
                "circles) and now (filled diamonds), which show how the signs feel to you "
                "today rather than a before and after, as a few hours are too short for a "
                f"habit to change: {counts}.")
    text = (f"Your answers to {n} of the seven signs at the check-in (hollow circles) and "
            f"today (filled diamonds): {counts}.")
    return text
