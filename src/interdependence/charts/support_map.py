"""Step 04 charts: the support map (three circles with people in them) and kinds of support.

Data comes from the model, ``exercises.support_map.SupportMap`` (``map_people``,
``kinds_by_direction``); the views add the labels from the step YAML:

- map: {"people": [{"name", "circle", "direction", "closer"}],
  "circles": [(id, label)], "directions": [(id, label)]}
- kinds: {"counts": {kind: {direction: n}}, "kinds": [(id, label)],
  "directions": [(id, label)]}
"""

from __future__ import annotations

from typing import Any

from ..palette import BLACK, CIRCLE_EDGE, CIRCLE_FILLS, CIRCLE_INK, NEUTRAL_GREY, OKABE_ITO, WHITE
from .labels import plain, title_lines
from .style import PHONE_WIDTH, is_phone

# One colour AND one marker shape per direction, so neither alone carries the meaning.
DIRECTION_STYLE: dict[str, dict[str, Any]] = {
    "give": {"color": OKABE_ITO["orange"], "marker": "^"},
    "receive": {"color": OKABE_ITO["blue"], "marker": "o"},
    "both": {"color": OKABE_ITO["green"], "marker": "D"},
}
BANDS = {"inner": (0.0, 1.0), "middle": (1.0, 2.0), "outer": (2.0, 3.0)}
FILLS = CIRCLE_FILLS
# Layouts to try in each circle, roomiest last: names on one row, then staggered over two or
# three radii (which doubles or triples the room each name has), then numbers on the map with
# the names in a key beside it.
ROWS: dict[str, tuple[tuple[float, ...], ...]] = {
    "inner": ((0.55,), (0.45, 0.8)),
    "middle": ((1.5,), (1.27, 1.73), (1.18, 1.5, 1.82)),
    "outer": ((2.5,), (2.27, 2.73), (2.18, 2.5, 2.82)),
}
NUMBERED = "numbered"
# degrees left free at the bottom of each circle for its title
GAPS = {"inner": 110, "middle": 60, "outer": 44}
MAX_STEP = 62  # degrees between neighbours at most, so a few people gather near the top
RIGHT = 7.65  # the map spans -3.25..3.25; the legend and the key sit to its right
NAME_CHARS = 18
FONT = 13
KEY_LEFT, KEY_TOP, KEY_BOTTOM, KEY_LINE = 3.75, 1.05, -3.2, 0.2
#: The phone layout numbers everyone on the map and names them in a key under it, in two
#: columns of lines this far apart (data units); the legend goes under the key.
PHONE_KEY_TOP, PHONE_KEY_LINE = -3.45, 0.36


def _phone_key_rows(data: dict) -> int:
    """How many lines the phone key's longer column holds (see :func:`phone_columns`)."""
    shape: list[tuple[str, bool]] = []
    for cid, label in data["circles"]:
        shape += [(label, True)] + [("", False)] * sum(p["circle"] == cid for p in data["people"])
    return max(len(column) for column in phone_columns(shape))


def phone_columns(lines: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    """The phone key's lines (``(text, is_heading)``: a circle, then its numbered names) in
    two columns, each name under its own circle: split where a circle starts, if that keeps
    the columns about even; else halfway, the second column starting with the circle's name
    again ("..., continued") so no name stands under another circle's heading."""
    half = -(-len(lines) // 2)
    starts = [i for i, (_, heading) in enumerate(lines) if heading and i]
    cut = min(starts, key=lambda i: max(i, len(lines) - i), default=None)
    if cut is not None and max(cut, len(lines) - cut) <= half + 1:
        return [lines[:cut], lines[cut:]]
    first, second = lines[:half], lines[half:]
    if second and not second[0][1]:
        heading = next(text for text, is_heading in reversed(first) if is_heading)
        second = [(f"{heading}, continued", True), *second]
    return [column for column in (first, second) if column]


def figure_size(data: dict, phone: bool = False) -> tuple[float, float]:
    if phone:
        return PHONE_WIDTH, (6.7 + PHONE_KEY_LINE * _phone_key_rows(data)) * 0.68 + 1.9
    return 12.6, 7.6


def _short(name: str) -> str:
    name = " ".join(name.split())
    return plain(name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…")


def _angles(n: int, gap: float) -> list[float]:
    """Spread from the top of the circle, never into the gap at the bottom."""
    import math

    step = min((360 - gap) / max(n, 1), MAX_STEP)
    return [math.radians(90 - (i - (n - 1) / 2) * step) for i in range(n)]


def _positions(people: list[dict], rows: tuple[float, ...],
               gap: float) -> list[tuple[float, float]]:
    import math

    out = []
    for i, angle in enumerate(_angles(len(people), gap)):
        r = rows[i % len(rows)]
        out.append((r * math.cos(angle), r * math.sin(angle)))
    return out


#: The phone's inner circle, numbered: up to PHONE_INNER_ONE_ROW people on one ring well
#: clear of "You" (at 0.45 the first marker pressed on the star and squeezed the circle's
#: title), more over two rings that still keep off it.
PHONE_INNER_ONE_ROW, PHONE_INNER_ROWS = 6, ((0.72,), (0.56, 0.86))


def numbered_rows(circle: str, n: int, phone: bool) -> tuple[float, ...]:
    """The radii of a numbered circle's people: the most rows (the roomiest), except on a
    phone's inner circle, where "You" needs the room more (:data:`PHONE_INNER_ROWS`)."""
    if phone and circle == "inner":
        return PHONE_INNER_ROWS[n > PHONE_INNER_ONE_ROW]
    return ROWS[circle][-1]


def _rings(ax, circles: list[tuple[str, str]]) -> list:
    from matplotlib.patches import Circle

    artists = []
    # the phone's picture is small: "You" a little nearer its star and the inner circle's
    # title a little lower, so the two keep apart (they nearly touched)
    phone = is_phone(ax)
    for cid, label in reversed(circles):
        inner, outer = BANDS[cid]
        artists.append(ax.add_patch(Circle((0, 0), outer, facecolor=FILLS[cid],
                                           edgecolor=CIRCLE_EDGE, linewidth=1.5, zorder=0)))
        y = -(inner + outer) / 2 if cid != "inner" else -0.74 if phone else -0.66
        artists.append(ax.text(0, y, plain(label), ha="center", va="center", fontsize=13,
                               style="italic", color=CIRCLE_INK, zorder=1))
    artists += ax.plot([0], [0], marker="*", markersize=16, color=BLACK, zorder=3)
    artists.append(ax.annotate("You", (0, 0), xytext=(0, -8 if phone else -10),
                               textcoords="offset points",
                               ha="center", va="top", fontsize=13, fontweight="bold"))
    return artists


def _draw_person(ax, person: dict, x: float, y: float, number: int | None) -> list:
    import math

    look = DIRECTION_STYLE[person["direction"]]
    group = []
    if person["closer"]:
        group += ax.plot([x], [y], marker="o", markersize=25, markerfacecolor="none",
                         markeredgecolor=BLACK, markeredgewidth=2.2, zorder=4)
    group += ax.plot([x], [y], marker=look["marker"], markersize=19 if number else 14,
                     color=look["color"], markeredgecolor=BLACK, markeredgewidth=0.8,
                     linestyle="none", zorder=5)
    if number:
        nudge = -1.5 if look["marker"] == "^" else 0  # a triangle's middle sits low
        group.append(ax.annotate(str(number), (x, y), xytext=(0, nudge),
                                 textcoords="offset points", ha="center", va="center",
                                 fontsize=10, fontweight="bold", zorder=6))
    else:
        # Beside the marker, pointing away from the middle, on the flanks of the two inner
        # circles (more room there); under it elsewhere, so the outer ring stays in bounds.
        side = 0
        if person["circle"] != "outer" and abs(x) > 0.45 * math.hypot(x, y):
            side = 1 if x > 0 else -1
        group.append(ax.annotate(
            _short(person["name"]), (x, y), xytext=(11 * side, 0 if side else -11),
            textcoords="offset points", ha={1: "left", -1: "right", 0: "center"}[side],
            va="center" if side else "top", fontsize=FONT, zorder=6,
            fontweight="bold" if person["closer"] else "normal",
            bbox={"boxstyle": "round,pad=0.12", "facecolor": WHITE, "alpha": 0.75,
                  "edgecolor": "none"}))
    return group


def _clashes(ax, named: list[tuple[dict, list]], fixed: list) -> set[str]:
    """The circles whose names (or numbers) overlap another, a circle title or the legend."""
    fig = ax.figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    boxes = [(p["circle"], group[-1].get_window_extent(renderer).expanded(1.06, 1.12))
             for p, group in named]
    markers = [(p["circle"], group[-2].get_window_extent(renderer)) for p, group in named]
    others = [a.get_window_extent(renderer) for a in fixed]
    bad = set()
    for i, (circle, box) in enumerate(boxes):
        for other_circle, other in boxes[i + 1:]:
            if box.overlaps(other):
                bad |= {circle, other_circle}
        for j, (other_circle, marker) in enumerate(markers):
            if j != i and box.overlaps(marker):  # a name over someone else's marker
                bad |= {circle, other_circle}
        if any(box.overlaps(o) for o in others):
            bad.add(circle)
    return bad


def _key(ax, circles, groups, layout, numbers) -> list:
    """Beside the map (under it on a phone): how many people are in each circle, and the
    numbered names.

    One column, or two when they do not fit; the text gets smaller only if two columns
    would still run past the edge of the figure.
    """
    phone = is_phone(ax)
    key_left, key_top, line, right = ((-3.2, PHONE_KEY_TOP, PHONE_KEY_LINE, 3.25) if phone
                                      else (KEY_LEFT, KEY_TOP, KEY_LINE, RIGHT))
    lines: list[tuple[str, bool]] = []
    for cid, label in circles:
        n = len(groups[cid])
        lines.append((plain(f"{label} ({n})"), True))
        if layout[cid] == NUMBERED:
            lines += [(f"{numbers[id(p)]:>2}  {_short(p['name'])}", False) for p in groups[cid]]
    height = KEY_TOP - KEY_BOTTOM
    per_column = len(lines) if len(lines) * KEY_LINE <= height else -(-len(lines) // 2)
    step = min(KEY_LINE, height / max(per_column, 1))
    columns = [lines[start:start + per_column] for start in range(0, len(lines), per_column)]
    if phone:
        columns, step = phone_columns(lines), line
    fig = ax.figure
    for size in (12, 11, 10) if phone else (12, 11, 10, 9):
        artists, left = [], key_left
        for lines_here in columns:
            column = [ax.text(left, key_top - step * row, text, ha="left", va="top",
                              fontsize=size, fontweight="bold" if heading else "normal")
                      for row, (text, heading) in enumerate(lines_here)]
            artists += column
            fig.draw_without_rendering()
            renderer = fig.canvas.get_renderer()
            right = max(a.get_window_extent(renderer).x1 for a in column)
            left = ax.transData.inverted().transform((right, 0))[0] + 0.15
        if left - 0.15 <= right:
            return artists
        for artist in artists:
            artist.remove()
    return artists


def map_chart(ax, data: dict) -> list:
    """Three circles around "You", each person placed in theirs, marked by direction.

    Names are spread around each circle from the top. Where they would overlap, they are
    staggered over two or three rows; where even that is too crowded, the people in that
    circle are numbered on the map and named in the key beside it.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    circles = list(data["circles"])
    directions = dict(data["directions"])
    phone = is_phone(ax)
    ax.set_aspect("equal")
    ax.set_xlim(-3.25, 3.25 if phone else RIGHT)
    ax.set_ylim(PHONE_KEY_TOP - PHONE_KEY_LINE * _phone_key_rows(data) if phone else -3.25, 3.25)
    ax.axis("off")
    artists = _rings(ax, circles)
    handles = [Line2D([], [], linestyle="none", markersize=13, markeredgecolor=BLACK,
                      markeredgewidth=0.8, label=directions[d], **DIRECTION_STYLE[d])
               for d in DIRECTION_STYLE if d in directions]
    if any(p["closer"] for p in data["people"]):
        handles.append(Line2D([], [], linestyle="none", marker="o", markersize=20,
                              markerfacecolor="none", markeredgecolor=BLACK,
                              markeredgewidth=2.2, label="To move a step closer"))
    legend = _legend(ax, handles, phone)
    artists.append(legend)
    # names must keep clear of the titles, the legend and the strip where the key goes
    fence = ax.add_patch(Rectangle((KEY_LEFT - 0.05, -3.25), RIGHT - KEY_LEFT, 6.5,
                                   fill=False, edgecolor="none"))
    fixed = [a for a in artists if hasattr(a, "get_text") or isinstance(a, Line2D)]
    fixed += [legend, fence]

    groups = {c: [p for p in data["people"] if p["circle"] == c] for c, _ in circles}
    # a phone's map is too small for names: everyone numbered, named in the key
    options = {c: [NUMBERED] if phone else [*ROWS[c], NUMBERED] for c in groups}
    choice = dict.fromkeys(groups, 0)
    while True:
        layout = {c: options[c][choice[c]] for c in groups}
        numbers, counter, drawn = {}, 0, []
        for c, _ in circles:
            chosen = layout[c]
            rows = chosen if isinstance(chosen, tuple) else numbered_rows(c, len(groups[c]),
                                                                          phone)
            spots = _positions(groups[c], rows, GAPS[c])
            for person, (x, y) in zip(groups[c], spots, strict=True):
                if layout[c] == NUMBERED:
                    counter += 1
                    numbers[id(person)] = counter
                drawn.append((person, _draw_person(ax, person, x, y, numbers.get(id(person)))))
        roomier = [c for c in _clashes(ax, drawn, fixed) if choice[c] + 1 < len(options[c])]
        if not roomier:  # nothing overlaps, or every crowded circle is already numbered
            break
        for _, group in drawn:
            for artist in group:
                artist.remove()
        for c in roomier:
            choice[c] += 1
    artists += _key(ax, circles, groups, layout, numbers)
    return artists + [a for _, group in drawn for a in group]


def _legend(ax, handles: list, phone: bool):
    """Which way support flows: beside the map, or under the map and its key on a phone."""
    if phone:
        return ax.figure.legend(handles=handles, loc="outside lower center", ncol=2,
                                frameon=False, fontsize=12, title="Which way support flows",
                                title_fontsize=12)
    return ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(KEY_LEFT - 0.1, 3.25),
                     bbox_transform=ax.transData, frameon=False, fontsize=13,
                     title="Which way support flows", title_fontsize=13,
                     alignment="left", labelspacing=0.8)


def people_words(n: int, none: str = "nobody yet") -> str:
    """How many people, as a person says it: ``none`` for 0, "one person", "3 people"."""
    if n == 0:
        return none
    return "one person" if n == 1 else f"{n} people"


def map_caption(data: dict) -> str:
    people = data["people"]
    n = len(people)
    if not n:
        return "Your support map has nobody on it yet."
    # the circles after "3 people around you": "2 in the inner circle, one in ..., nobody in"
    few = {0: "nobody", 1: "one"}
    per = ", ".join(f"{few.get(k, k)} in the {label.lower()}" for c, label in data["circles"]
                    for k in [sum(p["circle"] == c for p in people)])
    way = {d: people_words(sum(p["direction"] == d for p in people)) for d in DIRECTION_STYLE}
    return (f"Your support map: {people_words(n)} around you ({per}). You mostly give to "
            f"{way['give']}, mostly receive from {way['receive']}, and support flows both "
            f"ways with {way['both']}.")


# ---- kinds of support -------------------------------------------------------------------------


def kinds_size(data: dict, phone: bool = False) -> tuple[float, float]:
    """Width and height (inches) of the kinds chart; ``phone``: the phone layout."""
    return (PHONE_WIDTH, 2.8 + 0.95 * len(data["kinds"])) if phone else (9.5, 4.8)


def kinds_chart(ax, data: dict) -> list:
    """For each kind of support, how many people, split by which way it flows."""
    kinds, directions = list(data["kinds"]), list(data["directions"])
    counts = data["counts"]
    ys = list(range(len(kinds)))[::-1]  # the first kind at the top
    left = [0] * len(kinds)
    artists = []
    for d, label in directions:
        widths = [counts[k][d] for k, _ in kinds]
        look = DIRECTION_STYLE[d]
        bars = ax.barh(ys, widths, left=left, height=0.6, color=look["color"],
                       edgecolor=WHITE, linewidth=1.5, label=label, zorder=2,
                       hatch={"give": "//", "receive": "", "both": ".."}[d])
        artists.append(bars)
        for y, x0, w in zip(ys, left, widths, strict=True):
            if w:
                artists.append(ax.text(x0 + w / 2, y, str(w), ha="center", va="center",
                                       fontsize=12, fontweight="bold", color=BLACK,
                                       bbox={"boxstyle": "round,pad=0.15", "facecolor": WHITE,
                                             "edgecolor": "none", "alpha": 0.85}, zorder=3))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    most = max(left + [1])
    ax.set_yticks(ys, [plain(label) for _, label in kinds], fontsize=13)
    ax.set_xlim(0, most + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Number of people on your map")
    ax.set_title(title_lines("Kinds of support, and which way they flow", is_phone(ax), 30),
                 loc="left", fontsize=15)
    ax.grid(axis="x", color=NEUTRAL_GREY, linewidth=0.6, alpha=0.6, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    artists.append(ax.figure.legend(loc="outside lower center", ncol=len(directions),
                                    frameon=False, fontsize=12, handles=_bars(artists)))
    return artists


def _bars(artists: list) -> list:
    """The bar containers among ``artists``, for the legend."""
    from matplotlib.container import BarContainer

    return [a for a in artists if isinstance(a, BarContainer)]


def kinds_caption(data: dict) -> str:
    counts = data["counts"]
    parts = [f"{label.lower()} {sum(counts[k].values())}" for k, label in data["kinds"]]
    return ("How many people on your map you share each kind of support with, split by which "
            f"way it flows: {', '.join(parts)}.")
