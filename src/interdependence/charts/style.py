"""Shared look for every chart: projector-size text (the colours are ``palette.py``'s)."""

from __future__ import annotations

from functools import cache
from typing import Literal

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

#: The phone layout of a chart (see :func:`is_phone`) is this many inches wide. At the
#: 110 dpi the pictures are saved at, that is 495 px, shown on a 390 px phone in a column
#: of about 366 CSS px: a point of text then shows as 366 / (72 * 4.5) = 1.13 CSS px.
PHONE_WIDTH = 4.5
#: The width (CSS px) a chart is shown at on a 390 px phone: the page's column.
PHONE_DISPLAY = 366
#: No text in a phone layout is smaller than this (points): 11.3 CSS px on a 390 px phone.
PHONE_SMALLEST = 10


def is_phone(ax_or_fig) -> bool:
    """Is this the phone layout: a figure :data:`PHONE_WIDTH` wide or narrower? A chart
    function asks this to wrap its words shorter and put its legend under the plot."""
    fig = getattr(ax_or_fig, "figure", None) or ax_or_fig
    return bool(fig.get_figwidth() <= PHONE_WIDTH + 1e-9)


def phone_height(height: float, grow: float = 1.45, extra: float = 1.2) -> float:
    """The phone layout's height for a chart ``height`` inches tall on a wide screen:
    taller, as labels wrap onto more lines and legends stack in rows."""
    return height * grow + extra


def new_figure(width: float = 9, height: float = 5,
               layout: Literal["constrained", "margins"] = "constrained"):
    """A figure in the kit's style: ``fig, ax = new_figure()``.

    A plain :class:`matplotlib.figure.Figure`, not pyplot's: pyplot is never imported for
    the kit's charts (a kernel's first chart is then quicker), no figure manager keeps it,
    and nothing needs closing: it goes when its last reference does. Its canvas is Agg's,
    as pyplot's would be, so a chart can measure its text (``canvas.get_renderer()``).

    ``layout``: matplotlib's ``"constrained"`` layout, or ``"margins"``, the same place for
    a figure of one axes found in one measuring pass (:func:`lay_out`)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # matplotlib 3.11 types rc keys as one Literal of every rc name (RC's keys are plain str)
    with matplotlib.rc_context(RC):  # type: ignore[arg-type, unused-ignore]
        fig = Figure(figsize=(width, height),
                     layout=_margin_layout() if layout == "margins" else "constrained")
        FigureCanvasAgg(fig)
        ax = fig.subplots()
    for key, value in RC.items():  # rc_context only affects creation; set text sizes on ax
        if key == "axes.titlesize":
            ax.title.set_fontsize(value)
    ax.tick_params(labelsize=RC["xtick.labelsize"])
    ax.xaxis.label.set_fontsize(RC["axes.labelsize"])
    ax.yaxis.label.set_fontsize(RC["axes.labelsize"])
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


#: The white space (inches) between a chart's outermost words and the picture's edge, and
#: above a legend under the chart: matplotlib's constrained layout's own pad.
PAD = 3 / 72


def lay_out(fig) -> None:
    """Place a figure's one axes as matplotlib's constrained layout would: its words (tick
    labels, axis label, title, texts on or past the plot) and a legend under it (``loc=
    "outside lower ..."``) inside the figure, :data:`PAD` from its edges, the plot as large
    as the rest allows.

    The constrained layout measures every word twice, as it is made for grids of axes whose
    sizes move each other. Here the words around the plot are measured once (how far they
    reach past it does not depend on where it is); only the texts written on the plot at
    data positions (a bar's number, a median's name), which move as the plot grows, are
    measured again after each placing, which takes their boxes only. A figure too small for
    its words keeps the axes where they are."""
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    texts = [t for t in ax.texts if t.get_visible() and t.get_in_layout() and t.get_text()]
    for text in texts:  # measured on their own, below
        text.set_in_layout(False)
    try:
        plot = ax.get_window_extent(renderer)
        words = ax.get_tightbbox(renderer, for_layout_only=True)
    finally:
        for text in texts:
            text.set_in_layout(True)
    if words is None:
        return
    pad = PAD * fig.dpi
    width, height = fig.bbox.width, fig.bbox.height
    below = sum(legend.get_tightbbox(renderer).height + 2 * pad for legend in fig.legends
                if getattr(legend, "_outside_loc", None) == "lower")  # "outside lower center"
    # how far the words reach past the plot: left, right, bottom, top (pixels)
    around = (plot.x0 - words.x0, words.x1 - plot.x1, plot.y0 - words.y0, words.y1 - plot.y1)
    reach = around
    for _ in range(5):  # the texts' reach settles in two or three placings
        left, right, bottom, top = (max(0.0, r) + pad for r in reach)
        bottom += below
        if left + right >= width or top + bottom >= height:
            return
        ax.set_position([left / width, bottom / height, 1 - (left + right) / width,
                         1 - (top + bottom) / height])
        if not texts:
            return
        plot = ax.get_window_extent(renderer)
        boxes = [text.get_window_extent(renderer) for text in texts]
        on_plot = (plot.x0 - min(b.x0 for b in boxes), max(b.x1 for b in boxes) - plot.x1,
                   plot.y0 - min(b.y0 for b in boxes), max(b.y1 for b in boxes) - plot.y1)
        settled = [max(a, b) for a, b in zip(around, on_plot, strict=True)]
        if all(abs(a - b) < 0.25 for a, b in zip(settled, reach, strict=True)):
            return
        reach = tuple(settled)


@cache
def _margin_layout():
    """The layout engine that runs :func:`lay_out` when a figure is drawn (made on first use:
    this module does not import matplotlib)."""
    from matplotlib.layout_engine import LayoutEngine

    class MarginLayout(LayoutEngine):
        _adjust_compatible = False
        _colorbar_gridspec = False

        def execute(self, fig) -> None:
            lay_out(fig)

    return MarginLayout()
