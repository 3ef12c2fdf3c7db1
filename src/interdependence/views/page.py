"""The frame around each notebook: its header, the journal notice, progress, the next step.

These say where a person is in the workshop and what happened to their saved answers, in
plain words; none of them saves anything.
"""

from __future__ import annotations

import os

import ipywidgets as w

from ..curriculum import Curriculum, Step
from ..journal import Journal
from . import mode, shared
from .style import STYLE, esc, style


def journal_notice(journal: Journal) -> str:
    """Plain words for a journal that had to be set aside or cannot be read now, or ''."""
    unreadable: str | None = getattr(journal, "unreadable", None)
    if unreadable:
        return unreadable
    if journal.set_aside is None and not getattr(journal, "_read_only", False):
        return ""
    if journal.set_aside is not None:
        return (
            f"Your saved answers could not be opened, because {journal.set_aside_reason}. "
            f"The old file was kept, not deleted: it is now {journal.set_aside}. A fresh "
            "journal has been started, so you can carry on. If you need the old answers, "
            "show that file to your facilitator."
        )
    return (
        f"Your saved answers at {journal.path} could not be opened ({journal.set_aside_reason})"
        " or moved aside, so nothing will be saved over them."
    )


def step_header(journal: Journal, step: Step) -> w.VBox:
    """The step's card (label, time, objectives) and any notice about the journal. The
    step's title is the notebook's first heading, just above: the card does not repeat it."""
    objectives = "".join(f"<li>{esc(o)}</li>" for o in step.objectives)
    card = shared.html(
        f'<div class="interdep-card"><div class="interdep-muted">{esc(step.label)} · '
        f"about {step.minutes} minutes</div>"
        f"<div>In this part you will:</div><ul>{objectives}</ul>"
        # The promise, in short, before the first question; said once more where it is
        # specific (over the share panel: what a share sends and what stays), never again.
        '<div class="interdep-muted">Every question is optional. Your answers are saved as '
        "you go and stay in your private journal unless you choose to share them.</div></div>"
    )
    notice = journal_notice(journal)
    parts = [style(), card]
    if notice:
        parts.append(shared.html(
            f'<div class="interdep-notice" role="alert">{esc(notice)}</div>'))
    return shared.vbox(parts)


def progress_html(journal: Journal, curriculum: Curriculum) -> str:
    """Which notebooks have answers: a table with a link to each."""
    answered = journal.answered_steps()
    rows = []
    for step in curriculum.steps:
        n = answered.get(step.id, 0)
        mark = f"✓ {n} answer{'s' if n != 1 else ''} saved" if n else "not started"
        rows.append(
            f'<tr><td>{esc(step.label)}</td><td><a href="{esc(step.notebook)}">'
            f"{esc(step.title)}</a></td><td>{step.minutes} min</td><td>{mark}</td></tr>"
        )
    return (
        STYLE + '<table class="interdep-progress" style="border-collapse:collapse">'
        f"<thead><tr><th>Part</th><th>{mode.page_word().capitalize()}</th><th>Time</th>"
        "<th>Your progress</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


class ProgressTable(w.HTML):
    """The progress table, following the journal: every answer saved in this kernel (in any
    cell, of any notebook) updates it at once, with no re-run."""

    def __init__(self, journal: Journal, curriculum: Curriculum):
        self.journal, self.curriculum = journal, curriculum
        super().__init__(progress_html(journal, curriculum), layout=shared.layout(),
                         style=shared.html_style())
        self._stop = journal.observe(self.follow, slot="progress")

    def follow(self, _change: object = None) -> None:
        self.value = progress_html(self.journal, self.curriculum)


def progress_view(journal: Journal, curriculum: Curriculum) -> ProgressTable:
    """Which notebooks have answers: a table with a link to each, kept up to date."""
    return ProgressTable(journal, curriculum)


#: The welcome part's heading over the crisis lines, and its anchor (Voila's and
#: JupyterLab's heading ids: the words with "-" for each space).
CRISIS_HEADING = "A learning space, not therapy"
WELCOME = "00-welcome.ipynb"


def parts_href() -> str:
    """Where all the parts are listed: the app's landing page in the app (``/`` of the
    app, ``interdependence/`` of a hub user's server), the welcome notebook in Lab."""
    if not mode.in_app():
        return WELCOME
    base = os.environ.get("VOILA_BASE_URL") or "/"
    return base.rstrip("/") + ("/interdependence/" if os.environ.get("JUPYTERHUB_USER") else "/")


def ways_back() -> str:
    """One line with the way to every part and to the crisis lines (the welcome part's)."""
    crisis = f"{WELCOME}#{CRISIS_HEADING.replace(' ', '-')}"
    return (f'<div class="interdep-muted interdep-ways-back" style="margin-top:6px">'
            f'<a href="{esc(parts_href())}">All the parts</a> · '
            f'<a href="{esc(crisis)}">Crisis lines</a>, if you need someone to talk to now.'
            "</div>")


def next_step_link(curriculum: Curriculum, step: Step) -> w.HTML:
    """Where to go next (after the last step, that the end is reached); and under it, the
    way to all the parts and to the crisis lines."""
    following = curriculum.next_step(step.id)
    if following is None:
        # "All the parts" under it is the way back: a second link beside it, to the welcome
        # part, read as the same place and was not (a participant's review)
        return shared.html(
            '<div class="interdep-card">You have reached the end of the curriculum. You can '
            f"come back to any part whenever you like.{ways_back()}</div>"
        )
    return shared.html(
        f'<div class="interdep-card">Next: <a href="{esc(following.notebook)}">'
        f"{esc(following.label)}: {esc(following.title)}</a> (about {following.minutes} "
        "minutes). Take a break first if you need one; your answers here are saved."
        f"{ways_back()}</div>"
    )
