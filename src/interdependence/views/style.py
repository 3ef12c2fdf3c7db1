"""The kit's CSS and HTML escaping: what every widget that writes HTML needs.

The CSS is included in each composite widget (``style()``), so any cell can stand alone
in a notebook or a Voila page without depending on an earlier cell having run.
"""

from __future__ import annotations

import ipywidgets as w

from ..palette import css_variables
from . import shared

#: Every control fits the column and keeps its whole label, down to a phone's 390 px: a
#: control never grows past its column (a fixed ``Layout(width=...)`` becomes a most), a
#: button's or a tick box's words wrap instead of ending in "…", and a narrow screen puts a
#: box's label above it rather than beside it (ipywidgets gives a label a fixed width).
NARROW = """
.jupyter-widgets {max-width: calc(100% - 2 * var(--jp-widgets-margin, 2px));}
.jupyter-widgets.jupyter-button {white-space: normal; overflow-wrap: anywhere;
  text-overflow: clip; height: auto; min-height: var(--jp-widgets-inline-height);
  line-height: 1.3; padding-top: 4px; padding-bottom: 4px;}
.jupyter-widgets.widget-checkbox {height: auto; min-height: var(--jp-widgets-inline-height);}
.widget-checkbox .widget-label-basic {white-space: normal; text-overflow: clip; overflow: visible;
  height: auto; line-height: 1.4; padding: 4px 0;}
.widget-inline-hbox .widget-label {white-space: normal; text-overflow: clip; height: auto;
  line-height: 1.3;}
/* A box whose question is written above it keeps its label as its accessible name only
   (``description_width="0px"``): out of sight at every width. Left to wrap in its 0 px
   column, the label grew a word per line and left a blank of 100-200 px under the box;
   on a phone, where labels go above their boxes, it showed the question a second time. */
.widget-inline-hbox:not(.widget-checkbox) > .widget-label[style*="width: 0px"] {
  position: absolute; width: 1px !important; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; margin: 0 !important; padding: 0;}
/* "anywhere": a long path or file name with no space breaks too, instead of pushing its
   box past the screen's edge (a flex item's narrowest width counts such breaks). */
.jp-RenderedHTMLCommon, .widget-html-content {overflow-wrap: anywhere;}
.jp-OutputArea-output img, .widget-html-content img, .widget-image {max-width: 100%;
  height: auto;}
@media (max-width: 640px) {
  /* Fingers, not a mouse: 44 px targets (WCAG 2.5.5), and 16 px text in typing boxes so a
     phone does not zoom the page when one is tapped. A drop-down keeps its smaller text: it
     cannot wrap, and a whole ask must fit in it. */
  .jupyter-widgets.jupyter-button, .widget-inline-hbox > input, .widget-inline-hbox > select,
  .widget-inline-hbox > .widget-input {min-height: 44px;}
  .widget-inline-hbox > input, .widget-inline-hbox > .widget-input, .widget-inline-hbox > textarea,
  .widget-textarea textarea {font-size: 16px;}
  .interdep-choice-options label {min-height: 44px;}
  .widget-checkbox input[type="checkbox"] {width: 20px; height: 20px;}
  /* the ways back under "Next" (all the parts, the crisis lines): whole-finger targets,
     their padding taken back by a margin so that the line they sit on keeps its height */
  div.interdep-ways-back a {display: inline-block; padding: 12px 2px; margin: -12px 0;
    min-height: 44px; box-sizing: border-box;}
  div.interdep-ways-back {margin-top: 14px !important;}
  /* hints indented to sit under a field sit under its label above it instead */
  .interdep-muted[style*="margin-left"] {margin-left: 0 !important;}
  .jupyter-widgets.widget-inline-hbox:not(.widget-checkbox) {flex-wrap: wrap; height: auto;
    width: 100% !important;}
  /* ...but a slider's "0" and "100" keep to their words: stretched, they left the slider
     85 px of a 390 px screen */
  .jupyter-widgets.widget-inline-hbox.widget-html.interdep-scale-end {width: auto !important;
    flex: 0 0 auto;}
  .widget-inline-hbox:not(.widget-checkbox) > .widget-label {width: 100% !important;
    max-width: 100%; text-align: left; margin: 0 0 2px 0; line-height: 1.4;}
  .widget-inline-hbox > input, .widget-inline-hbox > select, .widget-inline-hbox > textarea,
  .widget-inline-hbox > .widget-input {flex: 1 1 100%; min-width: 0; width: 100%;
    max-width: 100%;}
  .jupyter-widgets.jupyter-button {max-width: 100%;}
  .widget-html-content table, .jp-RenderedHTMLCommon table {max-width: 100%;}
  .widget-html-content td, .widget-html-content th, .jp-RenderedHTMLCommon td,
  .jp-RenderedHTMLCommon th {overflow-wrap: break-word; white-space: normal;}
  .widget-html-content th, .widget-html-content td {padding-left: 0 !important;
    padding-right: 8px !important;}
  /* Step 02's list of records: a record's words across the column, its buttons under them
     (beside them, the words wrapped to a word a line, and the row grew or shrank with its
     button's words, moving the form under it). */
  .jupyter-widgets.interdep-record-row {flex-wrap: wrap;}
  .interdep-record-row > .widget-html {flex: 1 1 100% !important;}
  .interdep-record-row > .widget-html > .widget-html-content {line-height: 1.4;}
  /* The welcome's progress table broke words ("Check-/in", "20/min"): on a phone each
     part is a row of its own, its title on a line, no word broken. */
  table.interdep-progress, table.interdep-progress tbody, table.interdep-progress tr {
    display: block; width: 100%;}
  table.interdep-progress thead {position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap;}
  table.interdep-progress tr {padding: 4px 0; border-bottom: 1px solid var(--interdep-rule);}
  table.interdep-progress td {display: inline-block; border: 0 !important;
    overflow-wrap: normal !important; white-space: nowrap; margin: 0 12px 2px 0;
    padding-top: 2px !important; padding-bottom: 2px !important; line-height: 1.5;}
  table.interdep-progress td:nth-child(2) {display: block; white-space: normal;}
  /* Too many columns for a phone: each row a card of "name number" pairs. */
  table.interdep-counts, table.interdep-counts tbody, table.interdep-counts tr {
    display: block; width: 100%;}
  table.interdep-counts thead {position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); white-space: nowrap;}
  table.interdep-counts tr {padding: 4px 0; border-bottom: 1px solid var(--interdep-rule);}
  table.interdep-counts th, table.interdep-counts td {border: 0 !important;}
  table.interdep-counts th {display: block; text-align: left !important;}
  table.interdep-counts td {display: inline-block; text-align: left !important;
    margin: 0 12px 2px 0;}
  table.interdep-counts td::before {content: attr(data-label) " "; color: var(--interdep-muted);}
}
"""

#: The colours are the palette's (``palette.py``), declared at the top as custom properties.
STYLE = "<style>\n" + css_variables() + """
.interdep-card {border-left: 4px solid var(--interdep-accent); padding: 4px 12px;
  margin: 8px 0 12px 0;}
/* Text in a card or a hint line reads as text: ipywidgets gives HTML the height of a control
   per line (28 px), which spread a card's few lines over a phone's screen. */
.interdep-card, div.interdep-muted {line-height: 1.45;}
.interdep-statement {font-size: 1.05em; margin: 6px 0 2px 0;}
.interdep-choices .widget-radio-box {flex-direction: row; flex-wrap: wrap; gap: 2px 18px;}
.interdep-choices .widget-radio-box label {width: auto !important; margin-right: 4px;}
.interdep-muted {color: var(--interdep-muted); font-size: 0.92em;}
.interdep-ways-back a {display: inline-block; padding: 3px 2px;}
/* A short label kept on one line ("Not rated yet" wrapped to "Not / rated yet" at 390 px,
   squeezed by the words beside it): those words wrap, or go under it, instead. */
.jupyter-widgets.interdep-nowrap {flex: 0 0 auto;}
.jupyter-widgets.interdep-nowrap .widget-label-basic {white-space: nowrap;}
/* A button's words on one line ("+ Start a new record" broke onto two in a squeezed
   button at 390 px): it keeps its width and the words beside it go under it. */
.jupyter-widgets.jupyter-button.interdep-nowrap {white-space: nowrap; overflow: visible;}
.interdep-error {color: var(--interdep-error); background: var(--interdep-error-background);
  border: 1px solid var(--interdep-error-border); padding: 6px 10px; border-radius: 4px;}
.interdep-notice {background: var(--interdep-notice-background);
  border: 1px solid var(--interdep-notice-border); padding: 6px 10px; border-radius: 4px;}
.interdep-private {color: var(--interdep-private);}
.interdep-shareable {color: var(--interdep-shareable);}
.interdep-card a, .interdep-progress a {color: var(--interdep-link); text-decoration: underline;}
.jp-RenderedHTMLCommon a:any-link, .widget-html-content a:any-link {
  text-decoration: underline;}
.interdep-progress th, .interdep-progress td {padding: 4px 14px 4px 0; text-align: left;}
/* A status line ("Saved.", views/exercise_parts.status_line) keeps the room of one line of
   its words while it is empty: the text under it stays put when "Saved." comes and goes. */
.jupyter-widgets.interdep-status-line {
  min-height: calc(0.92 * 1.45 * var(--jp-widgets-font-size, 13px));}
""" + """
/* Quieter: what people type, and the examples in empty boxes, in the page's own font. */
.jupyter-widgets input, .jupyter-widgets textarea, .jupyter-widgets select,
.jupyter-widgets input::placeholder, .jupyter-widgets textarea::placeholder {
  font-family: inherit;}
/* A button that cannot be pressed yet looks it: no fill, dashed edge, still readable (AA). */
.jupyter-widgets.jupyter-button:disabled, .jupyter-widgets.jupyter-button.mod-disabled {
  opacity: 1; background: var(--interdep-surface); color: var(--interdep-muted);
  border: 1px dashed var(--interdep-outline); box-shadow: none; cursor: not-allowed;}
""" + NARROW + "</style>"


def style() -> w.HTML:
    """The kit's CSS; included in each composite widget so any cell can stand alone. One
    widget for them all (each box shows its own view of it, so each cell still carries the
    CSS); never changed. Made again if it was closed."""
    made = _style.get("widget")
    if made is None or made.comm is None:
        made = _style["widget"] = shared.html(STYLE, layout=shared.layout(display="none"))
    return made


_style: dict[str, w.HTML] = {}


def esc(text: object) -> str:
    """Escape anything a person wrote before it goes into HTML: the same as
    ``html.escape(str(text), quote=True)``, without importing ``html`` and its table of
    entities, which a page's first cell would otherwise load for this alone (issue 14)."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#x27;"))
