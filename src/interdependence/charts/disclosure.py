"""Step 05 chart: the disclosure ladder, least exposed at the bottom."""

from __future__ import annotations

import textwrap

from ..palette import BLACK, RULE, text_on
from .labels import PHONE_LABEL_CHARS, labels_above, plain, title_lines, wrapped
from .style import PHONE_WIDTH, is_phone

NOTHING_YET = "There is nothing to draw yet."



def ladder_height(rungs: list[dict]) -> float:
    """A figure height (inches) that keeps every rung's label readable."""
    return max(3.2, 1.6 + 0.75 * len(rungs))


def figure_size(rungs: list[dict], phone: bool = False) -> tuple[float, float]:
    """Width and height (inches); ``phone``: the phone layout, each label above its rung."""
    if phone:
        return PHONE_WIDTH, 3.0 + 1.45 * max(len(rungs), 1)
    return 10, ladder_height(rungs)


def ladder_chart(ax, rungs: list[dict]):
    """Horizontal bars of exposure (0-100), one per rung, sorted so the lowest is at the bottom.

    ``rungs``: dicts with "text", "exposure" and "person" (as ``DisclosureLadder.chart_rungs``
    returns them, least exposed first). Returns the bar container and the text artists.
    """
    import matplotlib as mpl

    rungs = sorted(rungs, key=lambda r: r["exposure"])
    positions = list(range(len(rungs)))
    exposures = [r["exposure"] for r in rungs]
    colours = [mpl.colormaps["cividis_r"](0.15 + 0.7 * e / 100) for e in exposures]
    phone = is_phone(ax)
    bars = ax.barh(positions, exposures, height=0.5 if phone else 0.62, color=colours,
                   edgecolor=BLACK, linewidth=0.6)
    texts = []
    for y, rung, colour in zip(positions, rungs, colours, strict=True):
        note = f"{rung['exposure']}"
        if rung.get("person") and not phone:  # a phone says who in the label above the bar
            note += f"  ·  {_who(rung)}"
        inside = rung["exposure"] > 62  # long bars are dark: write the note inside them
        x = rung["exposure"] - 1.5 if inside else rung["exposure"] + 1.5
        texts.append(ax.text(x, y, note, va="center", ha="right" if inside else "left",
                             fontsize=12,
                             color=text_on(mpl.colors.to_hex(colour)) if inside else BLACK))
    labels = [wrapped(r.get("text", ""), PHONE_LABEL_CHARS if phone else 34, 2) for r in rungs]
    if phone:
        labels = [label + (f"\n{_who(r)}" if r.get("person") else "")
                  for label, r in zip(labels, rungs, strict=True)]
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.6, len(rungs) - 0.4 + (0.6 if phone else 0))
    if phone:
        labels_above(ax, positions, labels, gap=0.28)
    else:
        ax.set_yticks(positions, labels, fontsize=12)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel(title_lines("How exposed it would feel (0 = hardly at all, 100 = very)",
                              phone, 42), fontsize=13)
    ax.set_title(title_lines("Your disclosure ladder: least exposed at the bottom", phone),
                 fontsize=15, loc="left")
    ax.grid(axis="x", color=RULE, linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0)
    return bars, texts


def _who(rung: dict) -> str:
    """Who the rung might be told to, as "to tell: Jo" (a participant's review: "with Jo"
    after the words read as part of them: "struggling with sleep with my sister")."""
    return "to tell: " + plain(textwrap.shorten(rung["person"], 28, placeholder="…"))


def caption(rungs: list[dict]) -> str:
    """One sentence saying what the ladder chart shows."""
    if not rungs:
        return NOTHING_YET
    exposures = sorted(r["exposure"] for r in rungs)
    if len(rungs) == 1:
        return (f"Your disclosure ladder has one rung so far, at {exposures[0]} out of 100 "
                "for how exposed sharing it would feel.")
    return (f"Your disclosure ladder: {len(rungs)} things you could share, ranked by how "
            f"exposed each would feel, from {exposures[0]} out of 100 at the bottom to "
            f"{exposures[-1]} at the top.")
