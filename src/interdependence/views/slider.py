"""A native range slider a screen reader can name (step 02's thought record).

Apart from ``choices.py`` so a page without a slider (the welcome page, every rating) does not
define it: each widget class costs a cold start a fraction of a millisecond (issue 14).
"""

from __future__ import annotations

import traitlets as t

from ..palette import css_variables
from .choices import FrontEndWidget

_SLIDER_ESM = r"""
function render({ model, el }) {
  el.classList.add("interdep-slider");
  const input = document.createElement("input");
  input.type = "range";
  const readout = document.createElement("output");
  readout.setAttribute("aria-hidden", "true");  // the slider itself announces its value
  el.append(input, readout);
  function draw() {
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get("value");
    input.disabled = model.get("disabled");
    input.setAttribute("aria-label", model.get("label"));
    el.title = model.get("label");
    const unset = model.get("unset");
    el.classList.toggle("interdep-unset", unset);
    if (unset) input.setAttribute("aria-valuetext", "not rated yet");
    else input.removeAttribute("aria-valuetext");
    readout.textContent = model.get("readout") && !unset ? String(model.get("value")) : "";
  }
  // "change" is a released drag or a key press: one saved value per move, not dozens. A
  // tap on an unset slider sets it even where the (hidden) handle already was.
  function rate() {
    model.set("value", Number(input.value));
    model.set("unset", false);
    model.save_changes();
  }
  input.addEventListener("change", rate);
  input.addEventListener("pointerup", () => { if (model.get("unset")) rate(); });
  input.setAttribute("data-lm-suppress-shortcuts", "true");  // arrow keys move the slider
  model.on("change:value change:min change:max change:step change:label change:readout "
           + "change:disabled change:unset", draw);
  draw();
}
export default { render };
"""

_SLIDER_CSS = css_variables(".interdep-slider") + """
.interdep-slider {display: flex; align-items: center; gap: 8px; min-width: 0;}
.interdep-slider input {flex: 1 1 auto; min-width: 0; margin: 0;
  accent-color: var(--interdep-accent);}
.interdep-slider input:focus-visible {outline: 3px solid var(--interdep-focus);
  outline-offset: 2px;}
.interdep-slider output {min-width: 2.5em; font-variant-numeric: tabular-nums;}
/* Unset: a bare grey line, no handle and no coloured fill, so nothing looks chosen (a
   handle in the middle read as a rating of 50). A tap or a drag sets it. */
.interdep-slider.interdep-unset input {-webkit-appearance: none; appearance: none;
  height: 24px; cursor: pointer; background: linear-gradient(var(--interdep-muted),
  var(--interdep-muted)) center / 100% 3px no-repeat;}
.interdep-slider.interdep-unset input::-webkit-slider-thumb {-webkit-appearance: none;
  appearance: none; width: 16px; height: 16px; opacity: 0;}
.interdep-slider.interdep-unset input::-moz-range-thumb {opacity: 0;}
"""


class NamedSlider(FrontEndWidget):
    """A native range slider named by ``label`` (ipywidgets' IntSlider draws a handle that
    a screen reader cannot name: axe-core's "aria-input-field-name"). Like IntSlider with
    ``continuous_update=False``: ``value`` changes once per drag or key press; ``readout``
    shows the number beside it. ``unset``: no value chosen yet, drawn as a bare line with no
    handle and no number; the browser clears it when the slider is tapped, dragged or moved
    by a key."""

    _esm = t.Unicode(_SLIDER_ESM).tag(sync=True)
    _css = t.Unicode(_SLIDER_CSS).tag(sync=True)
    _anywidget_id = t.Unicode("interdependence.views.choices.NamedSlider").tag(sync=True)

    value = t.Int(0).tag(sync=True)
    min = t.Int(0).tag(sync=True)
    max = t.Int(100).tag(sync=True)
    step = t.Int(1).tag(sync=True)
    label = t.Unicode("").tag(sync=True)
    readout = t.Bool(True).tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)
    unset = t.Bool(False).tag(sync=True)

    @t.validate("value")
    def _in_range(self, proposal):
        return max(self.min, min(self.max, int(proposal["value"])))
