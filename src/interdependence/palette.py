"""The kit's colours, declared once: every chart and every stylesheet reads them from here.

Why one module: a colour typed in two places drifts apart, and nobody checks the copy for
contrast. The chart series are Okabe-Ito, told apart with the common kinds of colour
blindness (and every chart also tells its series apart by shape, pattern or words). Every
colour that text is written in meets WCAG AA (4.5:1) on white and on the background it sits
on; ``tests/test_palette.py`` checks each pairing, and fails on a hex colour typed anywhere
else in ``src/``.

Stylesheets use the colours as CSS custom properties (``var(--interdep-ink)``), declared by
:func:`css_variables` at the top of each stylesheet, so the CSS names a role, not a value.

Standard library only: the participant's first notebook imports this without matplotlib.
"""

from __future__ import annotations

# ---- the chart series: Okabe-Ito ---------------------------------------------------------------

OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}
#: Okabe-Ito without black, in an order where neighbours differ in lightness as well as hue:
#: for charts that stack many series side by side (step 06's load bar).
SERIES = tuple(OKABE_ITO[name] for name in
               ("blue", "orange", "sky_blue", "green", "vermillion", "purple", "yellow"))
#: The middle ("neutral") answer, connecting lines and quiet grids.
NEUTRAL_GREY = "#BBBBBB"
#: A diverging 5-point scale, low to high: blue side, grey centre, orange side.
LIKERT_COLOURS = (OKABE_ITO["blue"], OKABE_ITO["sky_blue"], NEUTRAL_GREY, OKABE_ITO["orange"],
                  OKABE_ITO["vermillion"])
#: Before and after (check-in and close, expected and felt): far apart in lightness.
BEFORE, AFTER = OKABE_ITO["sky_blue"], OKABE_ITO["blue"]
#: Cohort charts, by role: one series of bars (every single-colour bar chart, so no chart
#: has a colour of its own), a person's dot in a dot plot, and the median marked on it.
BARS = OKABE_ITO["blue"]
DOT = OKABE_ITO["blue"]
MEDIAN = OKABE_ITO["black"]
#: The support map's three circles, darkest in the middle, their edges and their names.
CIRCLE_FILLS = {"inner": "#CFE3F3", "middle": "#E4EEF7", "outer": "#F4F8FC"}
CIRCLE_EDGE = "#7F96AB"
CIRCLE_INK = "#2F4858"

#: Every colour a cohort chart (charts/cohort.py) may fill or draw with; a test checks each
#: figure against it, so a one-off colour cannot creep back in.
COHORT_CHART_COLOURS = frozenset(
    {BARS, DOT, MEDIAN, NEUTRAL_GREY, BEFORE, AFTER, *LIKERT_COLOURS})

# ---- roles: text -----------------------------------------------------------------------------

WHITE = "#FFFFFF"  # the page; text on a dark fill
BLACK = OKABE_ITO["black"]  # print; chart lines and outlines; text on a light fill
INK = "#1A1A1A"  # body text, and dark chart labels and marker edges
CAPTION = "#333333"  # captions and notes under or beside a chart
MUTED = "#555555"  # hints, statuses, "hidden" notes: quieter, still AA on white
LINK = "#0057A8"
ACCENT = OKABE_ITO["blue"]  # card edges, heading rules, quotes (also AA as text)
#: Vermillion darkened until words in it read on white (vermillion itself is 3.9:1): the
#: load chart's "hours over" title and marks. Vermillion stays the fill.
ATTENTION = "#B84E00"
ERROR = "#8B0000"  # a failed callback's words
PRIVATE = "#5A3E85"  # "Private: this answer is never shared."
SHAREABLE = "#006046"  # "You may choose to share this..."

# ---- roles: backgrounds and lines ------------------------------------------------------------

ACCENT_SOFT = OKABE_ITO["sky_blue"]  # a lighter quote edge
FOCUS = OKABE_ITO["orange"]  # the keyboard focus outline
ERROR_BACKGROUND = "#FFF3F3"
ERROR_BORDER = "#D9A0A0"
NOTICE_BACKGROUND = "#FFF8E1"  # a journal notice, the facilitator's "To discuss" box
NOTICE_BORDER = "#E0C070"
TINT = "#EEF6FB"  # pale blue: the report's privacy note, table heads, the app's step list
SURFACE = "#FAFAFA"  # an empty state's box
RULE = "#DDDDDD"  # hairlines between rows; chart grids
BORDER = "#CCCCCC"  # table borders, heading underlines
OUTLINE = "#999999"  # an empty state's dashed edge; the line between before and after dots

#: Text colour and the background it is written on, for every pairing the kit uses (the
#: contrast test reads this; a new pairing goes here).
TEXT_PAIRS = (
    (INK, WHITE), (BLACK, WHITE), (CAPTION, WHITE), (MUTED, WHITE), (LINK, WHITE),
    (ACCENT, WHITE), (ATTENTION, WHITE), (PRIVATE, WHITE), (SHAREABLE, WHITE),
    (ERROR, ERROR_BACKGROUND), (INK, NOTICE_BACKGROUND), (CAPTION, NOTICE_BACKGROUND),
    (INK, TINT), (MUTED, TINT), (LINK, TINT), (MUTED, SURFACE), (CAPTION, SURFACE),
    (CIRCLE_INK, CIRCLE_FILLS["inner"]), (CIRCLE_INK, CIRCLE_FILLS["middle"]),
    (CIRCLE_INK, CIRCLE_FILLS["outer"]),
)

#: Each role's CSS custom property: ``--interdep-<name>``.
CSS_ROLES = {
    "ink": INK, "black": BLACK, "white": WHITE, "caption": CAPTION, "muted": MUTED,
    "link": LINK, "accent": ACCENT, "attention": ATTENTION, "accent-soft": ACCENT_SOFT,
    "focus": FOCUS,
    "error": ERROR, "error-background": ERROR_BACKGROUND, "error-border": ERROR_BORDER,
    "notice-background": NOTICE_BACKGROUND, "notice-border": NOTICE_BORDER,
    "private": PRIVATE, "shareable": SHAREABLE, "tint": TINT, "surface": SURFACE,
    "rule": RULE, "border": BORDER, "outline": OUTLINE,
}


def css_variables(selector: str = ":root") -> str:
    """The palette as CSS custom properties, for the top of a stylesheet."""
    return (f"{selector} {{"
            + " ".join(f"--interdep-{name}: {value};" for name, value in CSS_ROLES.items())
            + "}\n")


# ---- contrast (WCAG 2.x) ---------------------------------------------------------------------


def luminance(colour: str) -> float:
    """The relative luminance of ``#RRGGBB`` or ``#RGB``, 0 (black) to 1 (white)."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = []
    for i in (0, 2, 4):
        c = int(digits[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, 1 to 21 (AA asks 4.5 for text)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``: the colour of a label on a bar."""
    return BLACK if contrast(BLACK, fill) >= contrast(WHITE, fill) else WHITE
