"""Turn a figure into something a person sees: an <img> with alt text and a caption."""

from __future__ import annotations

import base64
import html
import io
import struct
import sys
import zlib

from ..palette import CAPTION, MUTED, OUTLINE, SURFACE

#: zlib's level for the pictures: at 3 a report's 42 pictures encode in about half the time
#: of the default 6, and as RGB (a chart is opaque) they are still smaller than before.
PNG_LEVEL = 3


def figure_png(fig, dpi: int = 110) -> bytes:
    """PNG bytes of ``fig`` (a ``charts.style.new_figure``: no pyplot figure to keep).

    The same picture as ``fig.savefig(format="png", dpi=dpi)``, made with one draw instead
    of savefig's two (a layout pass, then the drawing) and saved as RGB: every chart has an
    opaque background, so the alpha channel would only add bytes and time. A figure made
    with pyplot (by a caller outside the kit) is closed afterwards, so memory does not grow."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    try:
        fig.set_dpi(dpi)
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        canvas.draw()  # the layout engine runs once, inside this draw
        width, height = canvas.get_width_height(physical=True)
        rgba = canvas.buffer_rgba()
        picture = Image.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1)
        if picture.getchannel("A").getextrema()[0] == 255:  # opaque: no alpha needed
            return rgb_png(picture.convert("RGB").tobytes(), width, height, dpi)
        buffer = io.BytesIO()
        picture.save(buffer, format="png", compress_level=PNG_LEVEL, dpi=(dpi, dpi))
        return buffer.getvalue()
    finally:
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is not None and getattr(fig.canvas, "manager", None) is not None:
            pyplot.close(fig)


def _chunk(kind: bytes, data) -> bytes:
    return (struct.pack(">I", len(data)) + kind + bytes(data)
            + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)) & 0xFFFFFFFF))


def rgb_png(rgb: bytes, width: int, height: int, dpi: int) -> bytes:
    """An 8-bit RGB PNG of ``rgb`` (``height`` rows of ``width`` pixels, 3 bytes each), with
    ``dpi`` in its pHYs chunk, as Pillow writes it.

    Every row but the first is filtered with PNG's "Up" filter (its difference from the row
    above) and deflated at :data:`PNG_LEVEL`: a chart's flat colours and straight edges make
    long runs of zeros. Pillow's encoder tries five filters on every row; one fixed filter
    takes about two thirds of its time for a file about 3% larger, with the very same
    pixels (tests/test_report_pictures.py compares them)."""
    import numpy as np

    rows = np.frombuffer(rgb, np.uint8).reshape(height, width * 3)
    raw = np.empty((height, width * 3 + 1), np.uint8)
    raw[:, 0] = 2  # Up
    raw[0, 0] = 0  # the first row has none above it: no filter
    raw[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=raw[1:, 1:])  # modulo 256, as PNG wants
    per_metre = round(dpi / 0.0254)
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
            + _chunk(b"IDAT", zlib.compress(raw.data, PNG_LEVEL))
            + _chunk(b"IEND", b""))


def png_src(png: bytes) -> str:
    """A PNG as an inline ``data:`` address for an ``<img src>`` or ``srcset``."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _size(png: bytes) -> str:
    """``width`` and ``height`` attributes of a PNG's pixel size (from its header), so the
    page keeps the picture's room while a new one decodes: a redrawn chart never makes the
    page jump. Empty for bytes that are not a PNG."""
    if len(png) < 24 or png[12:16] != b"IHDR":
        return ""
    width, height = struct.unpack(">II", png[16:24])
    return f' width="{width}" height="{height}"'


def figure_markup(caption: str, wide_png: bytes, phone_png: bytes | None = None) -> str:
    """A self-contained <figure> of PNG bytes: the caption as alt text and under it. With
    ``phone_png``, a <picture> whose phone layout shows on a screen :data:`PHONE_MEDIA`;
    one alt text, the caption, for both."""
    alt = html.escape(caption, quote=True)
    img = (f'<img src="{png_src(wide_png)}" alt="{alt}"{_size(wide_png)} '
           'style="max-width:100%;height:auto">')
    if phone_png is not None:
        img = (f'<picture><source media="{PHONE_MEDIA}" srcset="{png_src(phone_png)}"'
               f'{_size(phone_png)}>{img}</picture>')
    return (
        f'<figure class="interdep-chart" style="margin:8px 0">{img}'
        f'<figcaption style="font-size:1em;color:{CAPTION};margin-top:4px">{alt}</figcaption>'
        "</figure>"
    )


def figure_html(fig, caption: str, dpi: int = 110) -> str:
    """A self-contained <figure>: the PNG inline, the caption as alt text and under it."""
    return figure_markup(caption, figure_png(fig, dpi=dpi))


#: A chart's phone layout (``cohort.figure(panel, phone=True)``, ``ModelChart.draw(data,
#: phone=True)``) shows on a screen this wide or narrower, in CSS pixels.
PHONE_WIDTH = 640
PHONE_MEDIA = f"(max-width: {PHONE_WIDTH}px)"


def responsive_figure_html(fig, phone_fig, caption: str, dpi: int = 110) -> str:
    """A <figure> with two pictures of one chart: ``phone_fig`` (narrow, taller) on a phone,
    ``fig`` elsewhere; one alt text, the caption, for both. Both PNGs are inline."""
    return figure_markup(caption, figure_png(fig, dpi=dpi), figure_png(phone_fig, dpi=dpi))


def empty_state_html(message: str) -> str:
    """What a chart shows before there is anything to draw: a kind sentence, not an axis."""
    return (
        f'<div class="interdep-empty" style="border:1px dashed {OUTLINE};padding:18px;'
        f'color:{MUTED};border-radius:6px;background:{SURFACE}">'
        f"{html.escape(message)}</div>"
    )
