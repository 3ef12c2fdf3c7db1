"""The kit's CSS and HTML escaping: what every widget that writes HTML needs.

The CSS is included in each composite widget (``style()``), so any cell can stand alone
in a notebook or a Voila page without depending on an earlier cell having run.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ..palette import css_variables

#: The colours are the palette's (``palette.py``), declared at the top as custom properties.
STYLE = "<style>\n" + css_variables() + """
.interdep-card {border-left: 4px solid var(--interdep-accent); padding: 4px 12px;
  margin: 8px 0 12px 0;}
.interdep-statement {font-size: 1.05em; margin: 6px 0 2px 0;}
.interdep-choices .widget-radio-box {flex-direction: row; flex-wrap: wrap; gap: 2px 18px;}
.interdep-choices .widget-radio-box label {width: auto !important; margin-right: 4px;}
.interdep-muted {color: var(--interdep-muted); font-size: 0.92em;}
.interdep-error {color: var(--interdep-error); background: var(--interdep-error-background);
  border: 1px solid var(--interdep-error-border); padding: 6px 10px; border-radius: 4px;}
.interdep-notice {background: var(--interdep-notice-background);
  border: 1px solid var(--interdep-notice-border); padding: 6px 10px; border-radius: 4px;}
.interdep-private {color: var(--interdep-private);}
.interdep-shareable {color: var(--interdep-shareable);}
.interdep-card a, .interdep-progress a {color: var(--interdep-link); text-decoration: underline;}
.interdep-progress th, .interdep-progress td {padding: 4px 14px 4px 0; text-align: left;}
</style>"""


def style() -> w.HTML:
    """The kit's CSS; included in each composite widget so any cell can stand alone."""
    return w.HTML(STYLE, layout=w.Layout(display="none"))


def esc(text: object) -> str:
    """Escape anything a person wrote before it goes into HTML."""
    return html.escape(str(text), quote=True)
