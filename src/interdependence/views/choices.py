"""A set of radio buttons that is one named group, for keyboards and screen readers.

ipywidgets' RadioButtons (8.1) draws each choice as a radio with no ``name`` and no group
around them. In a browser that means: every choice is its own Tab stop, the arrow keys do
not move between choices (in JupyterLab they move to another cell instead), and a screen
reader hears "Never, radio button" seven times over with nothing to say which statement it
belongs to. The browser tests found this (tests/browser/test_accessibility.py).

``ChoiceGroup`` is the same control done the native way: one ``role="radiogroup"`` named
after the statement, radios sharing a ``name`` (Tab reaches the group once; arrow keys
choose; Space picks), and ``data-lm-suppress-shortcuts`` so JupyterLab leaves those keys
alone. Its Python side behaves like RadioButtons: ``options`` as (label, value) pairs,
``value`` (None = nothing chosen), ``observe(..., names="value")``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets
import traitlets as t

from ..palette import css_variables

# The browser side is anywidget's front-end (the `anywidget` package installs it into
# JupyterLab and Voila), which runs the JavaScript in `_esm`. The Python side below declares
# the traits that front-end reads instead of subclassing anywidget.AnyWidget: importing
# anywidget costs ~20 ms (it reads package metadata and loads psygnal for hot reload during
# development), a third of what the welcome notebook may take to start (make bench).
# "*" accepts whichever anywidget front-end is installed; pyproject.toml bounds its version.
_FRONT_END = "anywidget"
_FRONT_END_VERSION = "*"


class FrontEndWidget(ipywidgets.DOMWidget):
    """A widget drawn by anywidget's front-end: a subclass gives its JavaScript (``_esm``),
    its CSS (``_css``) and its ``_anywidget_id``."""

    _model_name = t.Unicode("AnyModel").tag(sync=True)
    _model_module = t.Unicode(_FRONT_END).tag(sync=True)
    _model_module_version = t.Unicode(_FRONT_END_VERSION).tag(sync=True)
    _view_name = t.Unicode("AnyView").tag(sync=True)
    _view_module = t.Unicode(_FRONT_END).tag(sync=True)
    _view_module_version = t.Unicode(_FRONT_END_VERSION).tag(sync=True)

_ESM = r"""
function render({ model, el }) {
  const name = "interdep-choice-" + Math.random().toString(36).slice(2);
  el.classList.add("interdep-choice-group");
  const caption = document.createElement("div");
  caption.className = "interdep-choice-caption";
  caption.setAttribute("aria-hidden", "true");  // the group's own name says it in full
  const group = document.createElement("div");
  group.className = "interdep-choice-options";
  group.setAttribute("role", "radiogroup");
  el.append(caption, group);
  let inputs = [];

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  function check() {
    const value = model.get("value");
    model.get("options").forEach(([, v], i) => {
      inputs[i].checked = value !== null && same(v, value);
    });
  }
  function describe() {
    caption.textContent = model.get("description");
    caption.hidden = !model.get("description");
    group.setAttribute("aria-label", model.get("label") || model.get("description"));
    el.title = model.get("tooltip") || "";
    inputs.forEach((input) => { input.disabled = model.get("disabled"); });
  }
  function draw() {
    group.replaceChildren();
    inputs = model.get("options").map(([label, v]) => {
      const choice = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio";
      input.name = name;
      // JupyterLab maps the arrow keys to "select another cell" unless the focused element
      // itself says not to (Lumino checks the attribute before matching each element).
      input.setAttribute("data-lm-suppress-shortcuts", "true");
      input.addEventListener("change", () => {
        if (input.checked) { model.set("value", v); model.save_changes(); }
      });
      choice.append(input, document.createTextNode(label));
      group.append(choice);
      return input;
    });
    describe();
    check();
  }
  model.on("change:options", draw);
  model.on("change:value", check);  // never redraw here: it would take the keyboard focus
  model.on("change:label change:description change:tooltip change:disabled", describe);
  draw();
}
export default { render };
"""

_CSS = css_variables(".interdep-choice-group") + """
.interdep-choice-group {margin: 2px 0 4px 0; font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-widgets-label-color, var(--interdep-ink));}
.interdep-choice-caption {margin: 2px 0;}
.interdep-choice-options {display: flex; flex-wrap: wrap; gap: 4px 18px;}
.interdep-choice-options label {display: inline-flex; align-items: center; gap: 6px;
  cursor: pointer; line-height: 28px;}
.interdep-choice-options input {margin: 0; width: 16px; height: 16px;}
.interdep-choice-options input:focus-visible {outline: 3px solid var(--interdep-focus);
  outline-offset: 2px;}
"""


class ChoiceGroup(FrontEndWidget):
    """Radio buttons as one named group. ``label`` is what a screen reader announces."""

    _esm = t.Unicode(_ESM).tag(sync=True)
    _css = t.Unicode(_CSS).tag(sync=True)
    _anywidget_id = t.Unicode("interdependence.views.choices.ChoiceGroup").tag(sync=True)

    options: t.List[Any] = t.List().tag(sync=True)  # [(label, value)]; values JSON-able
    value = t.Any(None, allow_none=True).tag(sync=True)
    label = t.Unicode("").tag(sync=True)
    description = t.Unicode("").tag(sync=True)
    tooltip = t.Unicode("").tag(sync=True)
    disabled = t.Bool(False).tag(sync=True)

    def __init__(self, options=(), **kwargs):
        super().__init__(options=[tuple(o) for o in options], **kwargs)

    @t.validate("options")
    def _pairs(self, proposal):
        pairs = [tuple(o) for o in proposal["value"]]
        if any(len(p) != 2 for p in pairs):
            raise t.TraitError("options are (label, value) pairs")
        return pairs

    @t.validate("value")
    def _one_of_the_options(self, proposal):
        value = proposal["value"]
        if value is not None and value not in [v for _, v in self.options]:
            raise t.TraitError(f"{value!r} is not one of the choices")
        return value
