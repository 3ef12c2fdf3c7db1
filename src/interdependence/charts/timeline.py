"""Step 01 chart: the private timeline, periods of life left to right, a marker per moment.

Data comes from :meth:`interdependence.exercises.timeline.Timeline.chart_data`. Each theme has a
colour AND a marker shape, so themes stay distinct for colour-blind readers and in grey.
"""

from __future__ import annotations

from typing import Any

from ..palette import CAPTION, INK, MUTED, NEUTRAL_GREY, OKABE_ITO, RULE
from .labels import plain, wrapped
from .style import PHONE_WIDTH, is_phone

# One style per theme, in the YAML's order; a theme added later takes the next free one.
_STYLES = [
    (OKABE_ITO["vermillion"], "o"),
    (OKABE_ITO["orange"], "s"),
    (OKABE_ITO["purple"], "^"),
    (OKABE_ITO["blue"], "D"),
    (OKABE_ITO["green"], "v"),
    (OKABE_ITO["sky_blue"], "P"),
    (OKABE_ITO["black"], "X"),
    (OKABE_ITO["yellow"], "h"),
]
NO_THEME = (NEUTRAL_GREY, "o")
LABEL_SIZE = 11
ROW_HEIGHT = 0.62  # inches per stacked moment: room for a two-line label


def theme_styles(theme_ids: list[str]) -> dict[str | None, tuple[str, str]]:
    styles: dict[str | None, tuple[str, str]] = {
        tid: _STYLES[i % len(_STYLES)] for i, tid in enumerate(theme_ids)}
    styles[None] = NO_THEME
    return styles


def figure_size(data: dict[str, Any], phone: bool = False) -> tuple[float, float]:
    """A figure tall enough for the highest stack of moments, wide enough for the columns;
    ``phone``: the phone layout, periods of life top to bottom (see :func:`timeline_chart`)."""
    if phone:
        return PHONE_WIDTH, 2.8 + 0.5 * len(data["points"]) + 0.45 * len(data["columns"])
    tallest = max([p["y"] + 1 for p in data["points"]] or [1])
    width = max(8.5, 1.8 * len(data["columns"]) + 0.6)
    return width, 2.4 + ROW_HEIGHT * tallest


def timeline_chart(ax, data: dict[str, Any], all_theme_ids: list[str] | None = None):
    """Draw the timeline on ``ax``; returns the artists (markers, labels, legend).

    ``all_theme_ids`` is every theme id in the YAML, so a theme keeps its colour whether or
    not other themes are used; by default only the themes in ``data`` are considered.
    """
    styles = theme_styles(all_theme_ids or [t["id"] for t in data["themes"]])
    artists = _phone_rows(ax, data, styles) if is_phone(ax) else _columns(ax, data, styles)

    handles, labels = [], []
    for theme in data["themes"]:
        colour, marker = styles[theme["id"]]
        handles.append(ax.plot([], [], linestyle="none", marker=marker, markersize=11,
                               markerfacecolor=colour, markeredgecolor=INK)[0])
        labels.append(theme["label"])
    if data.get("untagged"):
        handles.append(ax.plot([], [], linestyle="none", marker=NO_THEME[1], markersize=11,
                               markerfacecolor=NO_THEME[0], markeredgecolor=INK)[0])
        labels.append("No theme ticked")
    if handles:
        rows = -(-len(handles) // 4)  # as few rows as possible, then balanced across them
        if is_phone(ax):
            rows = len(handles)  # one column: a theme's words are long for a phone
        legend = ax.figure.legend(handles, labels, loc="outside lower center",
                                  ncols=-(-len(handles) // rows), frameon=False, fontsize=11,
                                  title=("Marker: the first theme ticked, in list order"
                                         .replace(", ", ",\n" if is_phone(ax) else ", ")),
                                  title_fontsize=11)
        artists.append(legend)
    return artists


def _columns(ax, data: dict[str, Any], styles) -> list:
    """The wide layout: a column per period of life, left to right, moments stacked."""
    columns, points = data["columns"], data["points"]
    tallest = max([p["y"] + 1 for p in points] or [1])
    artists = []
    # The timeline itself: a line along the bottom, earlier on the left.
    artists += ax.plot([-0.4, len(columns) - 0.1], [-0.7, -0.7], color=MUTED, lw=1.5)
    for x in range(len(columns)):
        artists.append(ax.axvline(x, color=RULE, lw=1, zorder=0))
    for point in points:
        colour, marker = styles.get(point["theme"], NO_THEME)
        artists += ax.plot(point["x"], point["y"], linestyle="none", marker=marker,
                           markersize=13, markerfacecolor=colour, markeredgecolor=INK,
                           markeredgewidth=1, zorder=3)
        artists.append(ax.annotate(plain(point["label"]), (point["x"], point["y"]),
                                   xytext=(11, 0), textcoords="offset points",
                                   ha="left", va="center", fontsize=LABEL_SIZE,
                                   linespacing=1.05, zorder=4))
    ax.set_xlim(-0.4, len(columns) - 0.1)  # room for the last column's labels
    ax.set_ylim(-1.0, tallest - 0.4)
    ax.set_xticks(range(len(columns)), columns)
    ax.tick_params(axis="x", length=0, labelsize=12)
    ax.set_yticks([])
    ax.spines[["left", "top", "right", "bottom"]].set_visible(False)
    ax.set_xlabel("Earlier in life  →  later in life", fontsize=12, color=CAPTION)
    ax.set_title("My timeline (private)", fontsize=15, loc="left")

    return artists


def _phone_rows(ax, data: dict[str, Any], styles) -> list:
    """The phone layout: the periods of life top to bottom, each a heading with its moments
    listed under it (a marker, then the moment's words)."""
    artists, y = [], 0.0
    for x, period in enumerate(data["columns"]):
        artists.append(ax.text(0, y, plain(period), ha="left", va="center", fontsize=13,
                               fontweight="bold"))
        y += 0.8
        for point in sorted((p for p in data["points"] if p["x"] == x), key=lambda p: p["y"]):
            colour, marker = styles.get(point["theme"], NO_THEME)
            artists += ax.plot(0.15, y, linestyle="none", marker=marker, markersize=13,
                               markerfacecolor=colour, markeredgecolor=INK, zorder=3)
            artists.append(ax.annotate(wrapped(point["label"], 36, 2), (0.15, y),
                                       xytext=(14, 0), textcoords="offset points", ha="left",
                                       va="center", fontsize=LABEL_SIZE, linespacing=1.05))
            y += 0.9
        y += 0.3
    ax.set_xlim(0, 4)
    ax.set_ylim(y - 0.6, -0.6)  # the earliest period at the top
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[["left", "top", "right", "bottom"]].set_visible(False)
    ax.set_title("My timeline (private)\nearlier in life at the top", fontsize=15, loc="left")
    return artists


def caption(data: dict[str, Any]) -> str:
    n = len(data["points"])
    if not n:
        return "Your timeline has no moments yet."
    used = sum(1 for c in range(len(data["columns"]))
               if any(p["x"] == c for p in data["points"]))
    moments = "moment" if n == 1 else "moments"
    periods = "period" if used == 1 else "periods"
    return (f"Your private timeline: {n} {moments} across {used} {periods} of life, "
            "placed from earlier (left) to later (right) and marked by theme.")
