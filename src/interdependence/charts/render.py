"""Turn a figure into something a person sees: an <img> with alt text and a caption."""

from __future__ import annotations

import base64
import html
import io

from ..palette import CAPTION, MUTED, OUTLINE, SURFACE


def figure_png(fig, dpi: int = 110) -> bytes:
    """PNG bytes of ``fig``; the figure is closed afterwards so memory does not grow."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


def figure_html(fig, caption: str, dpi: int = 110) -> str:
    """A self-contained <figure>: the PNG inline, the caption as alt text and under it."""
    data = base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")
    alt = html.escape(caption, quote=True)
    return (
        '<figure class="interdep-chart" style="margin:8px 0">'
        f'<img src="data:image/png;base64,{data}" alt="{alt}" '
        'style="max-width:100%;height:auto">'
        f'<figcaption style="font-size:1em;color:{CAPTION};margin-top:4px">{alt}</figcaption>'
        "</figure>"
    )


#: The report shows its phone layout of a chart (``cohort.figure(panel, phone=True)``) on a
#: screen this wide or narrower.
PHONE_MEDIA = "(max-width: 640px)"


def responsive_figure_html(fig, phone_fig, caption: str, dpi: int = 110) -> str:
    """A <figure> with two pictures of one chart: ``phone_fig`` (narrow, taller) on a phone,
    ``fig`` elsewhere; one alt text, the caption, for both. Both PNGs are inline."""
    wide = base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")
    narrow = base64.b64encode(figure_png(phone_fig, dpi=dpi)).decode("ascii")
    alt = html.escape(caption, quote=True)
    return (
        '<figure class="interdep-chart" style="margin:8px 0">'
        f'<picture><source media="{PHONE_MEDIA}" srcset="data:image/png;base64,{narrow}">'
        f'<img src="data:image/png;base64,{wide}" alt="{alt}" '
        'style="max-width:100%;height:auto"></picture>'
        f'<figcaption style="font-size:1em;color:{CAPTION};margin-top:4px">{alt}</figcaption>'
        "</figure>"
    )


def empty_state_html(message: str) -> str:
    """What a chart shows before there is anything to draw: a kind sentence, not an axis."""
    return (
        f'<div class="interdep-empty" style="border:1px dashed {OUTLINE};padding:18px;'
        f'color:{MUTED};border-radius:6px;background:{SURFACE}">'
        f"{html.escape(message)}</div>"
    )
