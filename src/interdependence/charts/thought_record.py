"""Step 02 chart: how strongly each belief was held before and after its thought record.

A dumbbell per record on a 0-100 scale, and under it, when the participant named and rated
the feeling that came with the belief, a second dumbbell for that feeling's strength.
Before and after differ in colour (Okabe-Ito sky blue and blue, far apart in lightness) AND
in marker shape, and each dot carries its number, so the chart reads without colour. Data from
``ThoughtRecords.chart_data()``
(:func:`interdependence.exercises.thought_record.belief_change`).
"""

from __future__ import annotations

from typing import Any

from ..palette import AFTER, BEFORE, INK, MUTED, OUTLINE, RULE
from .labels import labels_above, plain, title_lines
from .style import PHONE_WIDTH, is_phone

BEFORE_LABEL = "Before: first rating"
AFTER_LABEL = "After: re-rated"
ROW_HEIGHT = 0.8


def lines(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows to draw, top to bottom: each record's belief, then its feeling (if rated).

    Data from before feelings were asked has no ``feelings`` key; it draws as it always did.
    """
    feelings = data.get("feelings") or []
    ordered = [(r["number"], 0, r) for r in data["rows"]]
    ordered += [(r["number"], 1, r) for r in feelings]
    return [r for _, _, r in sorted(ordered, key=lambda t: (t[0], t[1]))]


def figure_size(data: dict[str, Any], phone: bool = False) -> tuple[float, float]:
    """Width and height (inches); ``phone``: the phone layout, each label above its row."""
    if phone:
        return PHONE_WIDTH, 3.4 + 1.05 * max(len(lines(data)), 1)
    return 10.0, 2.3 + ROW_HEIGHT * max(len(lines(data)), 1)


def _value_label(ax, x, y, value, side: str):
    offset = 12 if side == "right" else -12
    return ax.annotate(f"{value}", (x, y), xytext=(offset, 0), textcoords="offset points",
                       ha="left" if side == "right" else "right", va="center",
                       fontsize=12, color=INK, fontweight="bold")


def _waiting_note(ax, before: float, y: float):
    """"not re-rated yet" beside the first rating; on a phone under its dot, on the side
    with room, on a white ground (beside it, it ran across the 75 and 100 gridlines and
    past the axis end)."""
    if not is_phone(ax):
        return ax.annotate("not re-rated yet", (before, y), xytext=(40, 0),
                           textcoords="offset points", va="center", fontsize=11,
                           color=MUTED, style="italic")
    right = before > 50
    return ax.annotate("not re-rated yet", (before, y), xytext=(6 if right else -6, -14),
                       textcoords="offset points", va="top",
                       ha="right" if right else "left", fontsize=11, color=MUTED,
                       style="italic", zorder=5,
                       bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})


def _axis_title(text: str, phone: bool) -> str:
    """The x axis title; on a phone its words, then its scale on a line of its own ("…100
    / = completely)" split the scale)."""
    words, scale = text.split(" (", 1)
    return f"{words}\n({scale}" if phone else text


def belief_chart(ax, data: dict[str, Any]):
    """Draw the dumbbells on ``ax``; returns the artists. Record 1 is at the top."""
    rows = lines(data)
    artists = []
    for y, row in enumerate(rows):
        before, after = row["before"], row["after"]
        if before is not None and after is not None:
            artists += ax.plot([before, after], [y, y], color=OUTLINE, lw=3, zorder=1,
                               solid_capstyle="round")
        if before is not None:
            artists += ax.plot(before, y, linestyle="none", marker="o", markersize=14,
                               markerfacecolor=BEFORE, markeredgecolor=INK, zorder=3)
        if after is not None:
            artists += ax.plot(after, y, linestyle="none", marker="D", markersize=12,
                               markerfacecolor=AFTER, markeredgecolor=INK, zorder=4)
        # Numbers sit on the outer side of each dot, so they never collide in the middle.
        if before is not None and after is not None and before == after:
            artists.append(_value_label(ax, before, y, f"{before} (no change)", "right"))
        else:
            if before is not None:
                side = "left" if after is not None and after > before else "right"
                artists.append(_value_label(ax, before, y, before, side))
            if after is not None:
                side = "left" if before is not None and before > after else "right"
                artists.append(_value_label(ax, after, y, after, side))
        if after is None:
            artists.append(_waiting_note(ax, before, y))
    phone = is_phone(ax)
    ax.set_xlim(-8, 108)
    ax.set_ylim(len(rows) - 0.5, -0.7 - (0.3 if phone else 0))  # record 1 at the top
    if phone:
        labels_above(ax, range(len(rows)), [" ".join(plain(r["label"]).split()) for r in rows],
                     fontsize=11, gap=0.25)
    else:
        ax.set_yticks(range(len(rows)), [plain(r["label"]) for r in rows])
    ax.tick_params(axis="y", length=0, labelsize=11)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.grid(axis="x", color=RULE, zorder=0)
    ax.set_axisbelow(True)
    if data.get("feelings"):
        ax.set_xlabel(_axis_title("How strong it is (0 = not at all, 100 = completely)",
                                  phone))
        ax.set_title(title_lines("My beliefs and feelings, before and after looking at the "
                                 "evidence", phone), loc="left", fontsize=15)
    else:
        ax.set_xlabel(_axis_title("How strongly I believe it (0 = not at all, 100 = "
                                  "completely)", phone))
        ax.set_title(title_lines("My beliefs, before and after looking at the evidence",
                                 phone), loc="left", fontsize=15)
    handles = [
        ax.plot([], [], linestyle="none", marker="o", markersize=12, markerfacecolor=BEFORE,
                markeredgecolor=INK)[0],
        ax.plot([], [], linestyle="none", marker="D", markersize=10, markerfacecolor=AFTER,
                markeredgecolor=INK)[0],
    ]
    artists.append(ax.figure.legend(handles, [BEFORE_LABEL, AFTER_LABEL],
                                    loc="outside lower center", ncols=1 if phone else 2,
                                    frameon=False,
                                    fontsize=12))
    return artists


def caption(data: dict[str, Any]) -> str:
    n = len(data["rows"])
    feelings = data.get("feelings") or []
    if not n and not feelings:
        return "None of your thought records has a belief rating yet."
    if n:
        records = "thought record" if n == 1 else "thought records"
        text = (f"How strongly you believed the thought in {n} {records}, from 0 to 100: "
                "the circle is your first rating and the diamond your re-rating")
        if data["paired"]:
            text += (f"; where you rated both, the average went from {data['mean_before']:g} "
                     f"to {data['mean_after']:g}")
    else:
        text = "None of your thought records has a belief rating yet"
    if feelings:
        m = len(feelings)
        rows = "row marked “feeling” shows" if m == 1 else f"{m} rows marked “feeling” show"
        text += (f". The {rows} how strong "
                 "the feeling was, in the same way")
        if data.get("feelings_paired"):
            text += (f"; where you rated both, the average went from "
                     f"{data['feeling_mean_before']:g} to {data['feeling_mean_after']:g}")
    return text + "."
