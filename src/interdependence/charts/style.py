"""Shared look for every chart: colour-blind-safe colours, projector-size text."""

from __future__ import annotations

# Okabe-Ito: distinguishable with the common kinds of colour blindness.
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
NEUTRAL_GREY = "#BBBBBB"
# Diverging 5-point scale, low to high: blue side, grey centre, orange side.
LIKERT_COLOURS = ("#0072B2", "#56B4E9", NEUTRAL_GREY, "#E69F00", "#D55E00")
BEFORE, AFTER = OKABE_ITO["sky_blue"], OKABE_ITO["blue"]

RC = {
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
}


def new_figure(width: float = 9, height: float = 5):
    """A figure in the kit's style: ``fig, ax = new_figure()``."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    # matplotlib types rc keys as one Literal of every rc name; RC's keys are plain str
    with plt.rc_context(RC):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    for key, value in RC.items():  # rc_context only affects creation; set text sizes on ax
        if key == "axes.titlesize":
            ax.title.set_fontsize(value)
    ax.tick_params(labelsize=RC["xtick.labelsize"])
    ax.xaxis.label.set_fontsize(RC["axes.labelsize"])
    ax.yaxis.label.set_fontsize(RC["axes.labelsize"])
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax
