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


def new_figure(width: float = 9, height: float = 5):
    """A figure in the kit's style: ``fig, ax = new_figure()``.

    A plain :class:`matplotlib.figure.Figure`, not pyplot's: pyplot is never imported for
    the kit's charts (a kernel's first chart is then quicker), no figure manager keeps it,
    and nothing needs closing: it goes when its last reference does. Its canvas is Agg's,
    as pyplot's would be, so a chart can measure its text (``canvas.get_renderer()``)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # matplotlib types rc keys as one Literal of every rc name; RC's keys are plain str
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        fig = Figure(figsize=(width, height), layout="constrained")
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
