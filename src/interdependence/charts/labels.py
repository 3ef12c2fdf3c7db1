"""Participant text as chart labels: wrapped, shortened, and never read as maths."""

from __future__ import annotations

import textwrap


def plain(text: object) -> str:
    """Text matplotlib shows as typed: a ``$`` would otherwise start a formula."""
    return str(text).replace("$", r"\$")


def wrapped(text: object, width: int = 34, lines: int = 2) -> str:
    """Wrap to ``width`` characters and at most ``lines`` lines, ending in … if cut."""
    parts = textwrap.wrap(" ".join(str(text).split()), width=width,
                          break_on_hyphens=False) or [""]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: width - 1].rstrip() + "…"
    return plain("\n".join(parts))


# ---- words for shares: said once, so no caption calls 44% "most" ---------------------------

#: "About half" covers this closed range of percentages; "most" starts above it.
ABOUT_HALF = (45.0, 55.0)


def share_word(percent: float) -> str:
    """The plain word for a share of a group, 0 to 100 percent, that a caption may use.

    "all" only at 100, "none" only at 0, "most" only above 55 (so never at or below half),
    "about half" from 45 to 55 inclusive, "some" from 20 up to 45, "a few" below 20.
    """
    percent = float(percent)
    if not 0 <= percent <= 100:
        raise ValueError(f"A share is between 0% and 100%, not {percent:g}%.")
    low, high = ABOUT_HALF
    if percent == 100:
        return "all"
    if percent > high:
        return "most"
    if percent >= low:
        return "about half"
    if percent >= 20:
        return "some"
    return "a few" if percent > 0 else "none"


# ---- one legend order, declared once -------------------------------------------------------


def legend_order(points: list[str] | tuple[str, ...], prefer_not: str | None = None) -> list[str]:
    """The order of every legend of answers: from the scale's lowest point to its highest
    (the order the bars run left to right), then "prefer not to say" last when it is drawn.
    """
    order = [str(point) for point in points]
    if prefer_not:
        order.append(str(prefer_not))
    return order


# ---- the phone layout: row labels above their rows ------------------------------------------

#: A phone layout's row label wraps to this many characters (12-point text on a 4.5 in figure).
PHONE_LABEL_CHARS = 40


def labels_above(ax, ys, labels: list[str], fontsize: float = 12, gap: float = 0.34) -> list:
    """The phone layout's row labels: each above its row, from the plot's left edge, as a
    phone has no room for a column of labels beside the plot. Call after setting the
    y limits (an inverted axis puts "above" the other way); the rows need about 1.2 in each.
    The left axis line goes: with no labels beside it, it would run over each label's first
    letter.
    """
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    low, high = ax.get_ylim()
    up = gap if high > low else -gap
    return [ax.annotate(label, (0, y + up), xycoords=("axes fraction", "data"), ha="left",
                        va="bottom", fontsize=fontsize, linespacing=1.1)
            for y, label in zip(ys, labels, strict=True)]


def title_lines(text: str, phone: bool, width: int = 36) -> str:
    """A chart title as typed; on a phone wrapped onto lines of ``width`` characters."""
    return wrapped(text, width, 4) if phone else plain(text)


# ---- what a colour means, said once --------------------------------------------------------

#: The rule for every chart of answers on a scale: a colour names the answer given (the
#: lowest point one end of the scale, the highest the other), never whether it is good. On
#: some statements agreeing is hopeful, on others (the seven signs) a low answer is; one
#: colour cannot mean "good" on both, so it means neither, and every such chart says so.
COLOUR_RULE = "Colours show the answer given, not whether it is good."
