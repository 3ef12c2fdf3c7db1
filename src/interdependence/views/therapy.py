"""Step 07 views: the barriers checklist, finding a therapist, first-call questions, crisis lines.

Every word comes from the ``exercise:`` section of the step's YAML; the ticks are the model,
:class:`~interdependence.exercises.therapy.Therapy` (``session.model``), which the checklist
observes, so two open copies of it stay in step. The other three parts are reading only.
Only the readiness ratings (``step.ratings()``) can ever be shared; nothing built here is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import ipywidgets as w

from ..exercises.therapy import BarrierError, Therapy, crisis_resources
from .exercise_parts import part_text, private_mark, say
from .guard import error_area, guarded
from .style import STYLE, esc, style


def therapy_of(session) -> Therapy:
    model = session.model
    if not isinstance(model, Therapy):
        raise TypeError(f"{session.step.id} is not the therapy step")
    return model


def _intro(part: Mapping) -> str:
    # The part's label is the notebook's Markdown heading just above: not said twice.
    return f'<div class="interdep-muted">{esc(part["help"])}</div>'


# ---- the barriers checklist ------------------------------------------------------------------


class BarriersChecklist(w.VBox):
    """A tick box per barrier; ticking one saves it and opens its practical answer.

    Parts: ``checks`` (barrier id -> tick box), ``answers`` (barrier id -> its answer, shown
    while ticked), ``status`` (how many are ticked, or what went wrong), ``errors``.
    """

    def __init__(self, session):
        self.model = therapy_of(session)
        self.part = part = part_text(session, "barriers")
        self.checks: dict[str, w.Checkbox] = {}
        self.answers: dict[str, w.HTML] = {}
        for barrier in session.step.exercise.get("barriers", ()):
            self.checks[barrier["id"]] = w.Checkbox(value=False, description=barrier["label"],
                                                    indent=False, layout=w.Layout(width="auto"))
            self.answers[barrier["id"]] = w.HTML(
                f'<div class="interdep-card" role="note"><b>{esc(part["answer_title"])}</b> '
                f'{esc(barrier["answer"])}</div>', layout=w.Layout(margin="0 0 0 28px"))
        self.status, self.errors = w.HTML(""), error_area()
        # The notebook's Markdown cell carries the heading; the widget keeps the how-to line.
        super().__init__([style(), private_mark(),
                          w.HTML(f'<div class="interdep-muted">{esc(part["help"])}</div>'),
                          *(w.VBox([self.checks[b], self.answers[b]]) for b in self.checks),
                          self.status, self.errors])
        self._filling = False
        for barrier_id, check in self.checks.items():
            check.observe(guarded(self.errors)(
                lambda change, b=barrier_id: self.tick(b, change["new"])), names="value")
        self.load()
        self._stop = self.model.observe(self.refresh, slot="barriers")

    def refresh(self) -> None:
        guarded(self.errors)(self.load)()

    def load(self) -> None:
        """The ticks as saved (read now), each answer shown under a ticked barrier."""
        saved = self.model.barriers()
        self._filling = True
        try:
            for barrier_id, check in self.checks.items():
                check.value = bool(saved.get(barrier_id))
                self.answers[barrier_id].layout.display = None if check.value else "none"
        finally:
            self._filling = False
        say(self.status, self.describe())

    def describe(self) -> str:
        count = len(self.model.ticked())
        if count == 0:
            return self.part["none_ticked"]
        return self.part["ticked_one" if count == 1 else "ticked_many"].format(count=count)

    def tick(self, barrier_id: str, ticked: bool) -> None:
        if self._filling:
            return
        try:
            self.model.tick(barrier_id, ticked)  # the model tells every view, this one too
        except BarrierError as exc:
            say(self.status, str(exc), problem=True)


# ---- reading only ------------------------------------------------------------------------------


class _Reading(w.HTML):
    """A part that is only read: its heading and help from the YAML, then :meth:`body`."""

    PART = ""
    CARD = "interdep-card"  # the box around it
    ROLE = ""  # its ARIA role attribute, if any

    def __init__(self, session):
        self.part = part_text(session, self.PART)
        exercise = session.step.exercise
        super().__init__(STYLE + f'<div class="{self.CARD}"' + self.ROLE + ">"
                         + _intro(self.part) + self.body(exercise) + "</div>")

    def body(self, exercise: Mapping[str, Any]) -> str:
        raise NotImplementedError


class FindingATherapist(_Reading):
    """How to find a therapist: the step's numbered list."""

    PART = "finding"

    def body(self, exercise: Mapping[str, Any]) -> str:
        steps = "".join(f"<li>{esc(s['label'])}</li>"
                        for s in exercise.get("finding_a_therapist", ()))
        return f'<ol style="line-height:1.6">{steps}</ol>'


class FirstCallQuestions(_Reading):
    """Questions to ask on a first call, in an open fold."""

    PART = "questions"

    def body(self, exercise: Mapping[str, Any]) -> str:
        questions = "".join(f"<li>{esc(q['label'])}</li>"
                            for q in exercise.get("first_call_questions", ()))
        return (f'<details open><summary><b>{esc(self.part["list_title"])}</b></summary>'
                f'<ul style="line-height:1.6">{questions}</ul></details>')


class CrisisLines(_Reading):
    """The crisis lines and the note to check them locally (the close shows the same
    lines, through :func:`~interdependence.exercises.therapy.crisis_resources`)."""

    PART = "crisis"
    CARD = "interdep-notice"
    ROLE = ' role="note"'

    def body(self, exercise: Mapping[str, Any]) -> str:
        return crisis_html(exercise)


def linked(how: str, website: str | None) -> str:
    """``how`` as HTML, its mention of the line's website (``988lifeline.org``) a real link
    that opens in a new tab; plain words when the line has no website or does not name it."""
    words = esc(how)
    if not website:
        return words
    site = urlsplit(website).netloc.removeprefix("www.")
    link = (f'<a href="{esc(website)}" target="_blank" rel="noopener noreferrer">'
            f"{esc(site)}</a>")
    if site and esc(site) in words:
        return words.replace(esc(site), link, 1)
    return f"{words} {link}"


def crisis_html(exercise: Mapping[str, Any]) -> str:
    """The crisis lines and the note to check them locally, as one readable block."""
    rows = "".join(
        f"<li><b>{esc(r['region'])}:</b> {esc(r['label'])}. "
        f"{linked(r['how'], r.get('website'))}</li>"
        for r in crisis_resources(exercise)
    )
    note = esc(exercise.get("crisis_note", ""))
    return (f'<ul style="line-height:1.6">{rows}</ul>'
            f'<div class="interdep-muted">{note}</div>')
