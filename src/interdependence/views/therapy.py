"""Step 07 widgets: the barriers checklist, finding a therapist, first-call questions, crisis lines.

Only the readiness ratings (``step.ratings()``) can ever be shared; nothing built here is.
"""

from __future__ import annotations

import ipywidgets as w

from ..exercises import therapy
from .guard import error_area, guarded
from .style import STYLE, esc, style


def _part(session, part_id: str) -> dict:
    for part in session.step.exercise.get("parts", ()):
        if part["id"] == part_id:
            return dict(part)
    return {"label": "", "help": ""}


def _intro(session, part_id: str) -> str:
    part = _part(session, part_id)
    return (f'<div class="interdep-statement"><b>{esc(part["label"])}</b></div>'
            f'<div class="interdep-muted">{esc(part["help"])}</div>')


def _answer_html(text: str) -> str:
    return (f'<div class="interdep-card" role="note"><b>A way round it:</b> {esc(text)}'
            "</div>")


def barriers_checklist(session) -> w.VBox:
    """A tick box per barrier; ticking one saves it and opens its practical answer."""
    journal, exercise = session.journal, session.step.exercise
    saved = therapy.barriers(journal)
    errors = error_area()
    status = w.HTML("")
    checks: dict[str, w.Checkbox] = {}
    answers: dict[str, w.HTML] = {}
    rows = []

    def describe():
        n = len(therapy.ticked(journal, exercise))
        if n == 0:
            status.value = ('<span class="interdep-muted">Nothing ticked. That is fine too: '
                            "you can read every answer by ticking and unticking.</span>")
        else:
            status.value = (f'<span class="interdep-muted">Saved: {n} barrier'
                            f'{"s" if n != 1 else ""} ticked.</span>')

    for barrier in exercise.get("barriers", ()):
        bid = barrier["id"]
        check = w.Checkbox(value=bool(saved.get(bid)), description=barrier["label"],
                           indent=False, layout=w.Layout(width="auto"))
        answer = w.HTML(_answer_html(barrier["answer"]),
                        layout=w.Layout(display=None if check.value else "none",
                                        margin="0 0 0 28px"))

        @guarded(errors)
        def on_tick(change, bid=bid, answer=answer):
            therapy.set_barrier(journal, exercise, bid, change["new"])
            answer.layout.display = None if change["new"] else "none"
            describe()

        check.observe(on_tick, names="value")
        checks[bid], answers[bid] = check, answer
        rows.append(w.VBox([check, answer]))

    describe()
    # The notebook's Markdown cell carries the heading; the widget keeps the how-to line.
    how_to = _part(session, "barriers")["help"]
    help_line = w.HTML(f'<div class="interdep-muted">{esc(how_to)}</div>')
    box = w.VBox([style(), help_line, *rows, status, errors])
    box.checks, box.answers, box.status = checks, answers, status
    return box


def finding_a_therapist(session) -> w.HTML:
    steps = "".join(f"<li>{esc(s['label'])}</li>"
                    for s in session.step.exercise.get("finding_a_therapist", ()))
    return w.HTML(
        STYLE + '<div class="interdep-card">' + _intro(session, "finding")
        + f'<ol style="line-height:1.6">{steps}</ol></div>'
    )


def first_call_questions(session) -> w.HTML:
    questions = "".join(f"<li>{esc(q['label'])}</li>"
                        for q in session.step.exercise.get("first_call_questions", ()))
    return w.HTML(
        STYLE + '<div class="interdep-card">' + _intro(session, "questions")
        + "<details open><summary><b>Questions you could ask</b></summary>"
        + f'<ul style="line-height:1.6">{questions}</ul></details></div>'
    )


def crisis_html(exercise) -> str:
    """The crisis lines and the note to check them locally, as one readable block."""
    rows = "".join(
        f"<li><b>{esc(r['region'])}:</b> {esc(r['label'])}. {esc(r['how'])}</li>"
        for r in therapy.crisis_resources(exercise)
    )
    note = esc(exercise.get("crisis_note", ""))
    return (f'<ul style="line-height:1.6">{rows}</ul>'
            f'<div class="interdep-muted">{note}</div>')


def crisis_resources(session) -> w.HTML:
    return w.HTML(
        STYLE + '<div class="interdep-notice" role="note">' + _intro(session, "crisis")
        + crisis_html(session.step.exercise) + "</div>"
    )


PARTS = {
    "barriers": barriers_checklist,
    "finding": finding_a_therapist,
    "questions": first_call_questions,
    "crisis": crisis_resources,
}
