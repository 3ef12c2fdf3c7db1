"""Shared look for every chart: projector-size text (the colours are ``palette.py``'s)."""

from __future__ import annotations

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

    with plt.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    for key, value in RC.items():  # rc_context only affects creation; set text sizes on ax
        if key == "axes.titlesize":
            ax.title.set_fontsize(value)
    ax.tick_params(labelsize=RC["xtick.labelsize"])
    ax.xaxis.label.set_fontsize(RC["axes.labelsize"])
    ax.yaxis.label.set_fontsize(RC["axes.labelsize"])
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax
