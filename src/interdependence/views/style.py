"""The kit's CSS and HTML escaping: what every widget that writes HTML needs.

The CSS is included in each composite widget (``style()``), so any cell can stand alone
in a notebook or a Voila page without depending on an earlier cell having run.
"""

from __future__ import annotations

import html

import ipywidgets as w

STYLE = """<style>
.interdep-card {border-left: 4px solid #0072B2; padding: 4px 12px; margin: 8px 0 12px 0;}
.interdep-statement {font-size: 1.05em; margin: 6px 0 2px 0;}
.interdep-choices .widget-radio-box {flex-direction: row; flex-wrap: wrap; gap: 2px 18px;}
.interdep-choices .widget-radio-box label {width: auto !important; margin-right: 4px;}
.interdep-muted {color: #555; font-size: 0.92em;}
.interdep-error {color: #8b0000; background: #fff3f3; border: 1px solid #d9a0a0;
  padding: 6px 10px; border-radius: 4px;}
.interdep-notice {background: #fff8e1; border: 1px solid #e0c070; padding: 6px 10px;
  border-radius: 4px;}
.interdep-private {color: #5a3e85;}
.interdep-shareable {color: #006046;}
.interdep-card a, .interdep-progress a {color: #0057a8; text-decoration: underline;}
.interdep-progress th, .interdep-progress td {padding: 4px 14px 4px 0; text-align: left;}
</style>"""


def style() -> w.HTML:
    """The kit's CSS; included in each composite widget so any cell can stand alone."""
    return w.HTML(STYLE, layout=w.Layout(display="none"))


def esc(text: object) -> str:
    """Escape anything a person wrote before it goes into HTML."""
    return html.escape(str(text), quote=True)
