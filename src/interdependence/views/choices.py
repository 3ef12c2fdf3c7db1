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

# The radio group itself, shared by ChoiceGroup and Rating: the caption and the named group
# of native radios are appended to `box` (and `box.title` is the tooltip). Traits read:
# options, value, label, description, tooltip, disabled.
_GROUP_JS = r"""
function radioGroup(model, box) {
  const name = "interdep-choice-" + Math.random().toString(36).slice(2);
  const caption = document.createElement("div");
  caption.className = "interdep-choice-caption";
  caption.setAttribute("aria-hidden", "true");  // the group's own name says it in full
  const group = document.createElement("div");
  group.className = "interdep-choice-options";
  group.setAttribute("role", "radiogroup");
  box.append(caption, group);
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
    box.title = model.get("tooltip") || "";
    inputs.forEach((input) => { input.disabled = !!model.get("disabled"); });
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
"""

_ESM = _GROUP_JS + r"""
function render({ model, el }) {
  el.classList.add("interdep-choice-group");
  radioGroup(model, el);
}
export default { render };
"""

_GROUP_CSS = """
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

_CSS = css_variables(".interdep-choice-group") + _GROUP_CSS


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


_RATING_ESM = _GROUP_JS + r"""
function render({ model, el }) {
  el.classList.add("interdep-rating-control");
  const part = (tag, className) => {
    const e = document.createElement(tag);
    e.className = className;
    return e;
  };
  const statement = part("div", "interdep-statement");
  const bold = document.createElement("b");
  statement.append(bold);
  const question = part("div", "interdep-rating-question");
  const choices = part("div", "interdep-choice-group");
  const skip = part("label", "interdep-skip");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.setAttribute("data-lm-suppress-shortcuts", "true");  // Space ticks, as in a form
  const skipWords = document.createElement("span");
  skip.append(box, skipWords);
  // A status region from the start, empty until there is something to say: a screen
  // reader hears "Saved." when Python says it, after the journal has saved.
  const status = part("div", "interdep-rating-status");
  status.setAttribute("role", "status");
  // The words of a failed save; class "interdep-error" only while there are some (the
  // browser tests count every element of that class as a failure shown on the page).
  const error = part("div", "interdep-rating-error");
  error.setAttribute("role", "alert");
  el.append(statement, question, choices, skip, status, error);
  radioGroup(model, choices);
  box.addEventListener("change", () => {
    model.set("skipped", box.checked);
    model.save_changes();
  });
  // Each part is rewritten only when its own trait changes: rewriting a live region's words
  // with the same words can make a screen reader say them again.
  const parts = {
    label: () => { bold.textContent = model.get("label"); },
    question: () => {
      question.textContent = model.get("question");
      question.hidden = !model.get("question");
    },
    skip_label: () => { skipWords.textContent = model.get("skip_label"); },
    skipped: () => { box.checked = model.get("skipped"); },
    disabled: () => { box.disabled = !!model.get("disabled"); },
    status: () => { status.textContent = model.get("status"); },
    error: () => {
      error.textContent = model.get("error");
      error.hidden = !model.get("error");
      error.classList.toggle("interdep-error", !!model.get("error"));
    },
  };
  for (const [name, show] of Object.entries(parts)) {
    model.on("change:" + name, show);
    show();
  }
}
export default { render };
"""

_RATING_CSS = css_variables(".interdep-rating-control") + _GROUP_CSS + """
.interdep-rating-control {display: flex; flex-direction: column; align-items: flex-start;
  font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-widgets-label-color, var(--interdep-ink));}
.interdep-rating-control > * {max-width: 100%;}
.interdep-rating-control .interdep-statement {font-size: 1.05em; line-height: 1.45;
  margin: 10px 0 2px 0;}
.interdep-rating-question, .interdep-rating-status {color: var(--interdep-muted);
  font-size: 0.92em; line-height: 1.45;}
.interdep-rating-control .interdep-choice-group {margin: 4px 0 2px 0; align-self: stretch;}
.interdep-skip {display: inline-flex; align-items: center; gap: 6px; min-height: 28px;
  margin: 4px 0 0 0; cursor: pointer;}
.interdep-skip input {margin: 0; width: 16px; height: 16px;}
.interdep-skip input:focus-visible {outline: 3px solid var(--interdep-focus);
  outline-offset: 2px;}
/* One line's room even while empty: the text under a rating stays put when "Saved." comes
   and goes (it used to grow by 25 px). */
.interdep-rating-status {margin: 4px 0; min-height: 1.45em;}
.interdep-rating-control .interdep-error {align-self: stretch; white-space: pre-line;
  overflow-wrap: anywhere; color: var(--interdep-error);
  background: var(--interdep-error-background);
  border: 1px solid var(--interdep-error-border); padding: 6px 10px; border-radius: 4px;}
@media (max-width: 640px) {
  .interdep-rating-control .interdep-choice-options label, .interdep-skip {min-height: 44px;}
  /* A phone has no room for five choices on a line: wrapped, they fell into uneven pairs
     ("Strongly disagree  Disagree" / "Neutral  Agree") that read like a grid with a
     meaning. One choice a line reads as the scale it is, "Prefer not to say" under it. */
  .interdep-rating-control .interdep-choice-options {flex-direction: column; flex-wrap: nowrap;
    align-items: stretch; gap: 0;}
  /* the whole line is the target, not the word alone ("Never" was 61 px of 340), and the
     circles and the tick box are larger than a mouse needs */
  .interdep-rating-control .interdep-choice-options label {display: flex;}
  .interdep-rating-control .interdep-choice-options input, .interdep-skip input {width: 20px;
    height: 20px;}
}
"""


class Rating(ChoiceGroup):
    """One rating, drawn as one widget: the statement (bold, ``label``, which also names the
    radio group) and its ``question`` (muted), the named radio group of ``ChoiceGroup``, a
    native tick box ``skip_label`` ("Prefer not to say") whose state is ``skipped``, a status
    region whose words are ``status``, and the words of a failed save, ``error`` (shown
    under it with ``role="alert"``; "" hides it).

    The widget only draws and reports: a choice sets ``value``, the tick box ``skipped``.
    Whoever observes them saves, keeps the two consistent (``views/ratings.py``) and sets
    ``status`` once the save is done, so "Saved." is never said for a save that failed.
    Five widgets in one (issue 14, item 4): a page of ratings starts that much sooner.
    """

    _esm = t.Unicode(_RATING_ESM).tag(sync=True)
    _css = t.Unicode(_RATING_CSS).tag(sync=True)
    _anywidget_id = t.Unicode("interdependence.views.choices.Rating").tag(sync=True)

    question = t.Unicode("").tag(sync=True)
    skip_label = t.Unicode("").tag(sync=True)
    skipped = t.Bool(False).tag(sync=True)
    status = t.Unicode("").tag(sync=True)
    error = t.Unicode("").tag(sync=True)
