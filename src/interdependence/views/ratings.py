"""The rating controls: five labelled choices and "prefer not to say", saved as they change.

Each builder returns a widget and takes the objects it works on; it never displays
anything itself. Callbacks go through :func:`~.guard.guarded`, so an error shows up next to
the control that failed, in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..curriculum import Curriculum, Item, Step
from ..journal import Journal
from . import shared
from .choices import ChoiceGroup
from .guard import LaterErrorArea, guarded, place
from .style import esc, style

if TYPE_CHECKING:
    from ..shapes import EarlierAnswer


def _nothing() -> None:
    pass


def rating_control(journal: Journal, step: Step, item: Item, prefer_not_to_say: str,
                   on_saved: Callable[[], None] = _nothing) -> w.VBox:
    """Five labelled choices and a separate "Prefer not to say"; starts unanswered.

    The radio buttons are native inputs, so Tab reaches the group and the arrow keys move
    between choices. The saved value is 1-5, or None for "prefer not to say"; then
    ``on_saved()`` (the session tells its step's model: 08's chart of the signs redraws).
    """
    statement = shared.html(
        f'<div class="interdep-statement"><b>{esc(item.text)}</b></div>'
        f'<div class="interdep-muted">{esc(item.scale.question)}</div>'
    )
    # What is saved is there from the start: each widget is made with its value, classes
    # and words (a change after it is made is one more message to the page; issue 14).
    answered = journal.has_rating(step.id, item.id)
    saved = journal.rating(step.id, item.id) if answered else None
    skipped = answered and saved is None
    # A named radio group (not w.RadioButtons): Tab reaches it once, arrow keys choose, and
    # a screen reader announces the statement with the choices. See views/choices.py.
    choices = ChoiceGroup(
        options=[(label, value) for value, label in item.scale.points],
        value=saved,
        label=item.text,
        description=item.short or "",
        tooltip=item.text,
        layout=shared.layout(width="auto"),
        _dom_classes=("interdep-choices",),
    )
    skip = shared.checkbox(value=skipped, description=prefer_not_to_say, indent=False)
    status = shared.html(status_html(saved, skipped))
    errors = LaterErrorArea()
    box = shared.vbox([statement, choices, skip, status], _dom_classes=("interdep-rating",))
    place(box, errors)
    box.choices, box.skip = choices, skip  # handles for tests and the browser
    syncing = {"busy": False}

    def show_status() -> None:
        status.value = status_html(choices.value, skip.value)

    @guarded(errors)
    def on_choice(change: dict[str, Any]) -> None:
        if syncing["busy"] or change["new"] is None:
            return
        syncing["busy"] = True
        try:
            skip.value = False
        finally:
            syncing["busy"] = False
        journal.set_rating(step.id, item.id, int(change["new"]))
        show_status()
        on_saved()

    @guarded(errors)
    def on_skip(change: dict[str, Any]) -> None:
        if syncing["busy"]:
            return
        syncing["busy"] = True
        try:
            if change["new"]:
                choices.value = None
                journal.set_rating(step.id, item.id, None)
            else:
                journal.clear_rating(step.id, item.id)
        finally:
            syncing["busy"] = False
        show_status()
        on_saved()

    choices.observe(on_choice, names="value")
    skip.observe(on_skip, names="value")
    return box


def status_html(choice: Any, skipped: bool) -> str:
    """What is said under a rating. Quiet until there is something to say: the panel's
    intro says once that every question can be left blank, so an unanswered rating shows
    nothing. The words sit in a status region: a screen reader hears "Saved." on a choice."""
    words = ("Saved." if choice is not None else
             'Saved as "prefer not to say".' if skipped else "")
    return f'<span class="interdep-muted" role="status">{esc(words)}</span>'


def ratings_panel(journal: Journal, curriculum: Curriculum, step: Step,
                  on_saved: Callable[[], None] = _nothing) -> w.VBox:
    """Every rating of one step, with the answers kept from an earlier version below;
    ``on_saved()`` after each rating is saved."""
    intro = shared.html(
        '<div class="interdep-muted">Answer as things are for you now, not as you think '
        "they should be. Every question can be left blank or answered "
        f'"{esc(curriculum.prefer_not_to_say)}".</div>'
    )
    controls = [rating_control(journal, step, item, curriculum.prefer_not_to_say, on_saved)
                for item in step.items]
    earlier = shared.html(earlier_answers_html(journal.earlier(step.id)))
    box = shared.vbox([style(), intro, *controls, earlier])
    box.controls, box.earlier = controls, earlier
    return box


def earlier_answers_html(earlier: Mapping[str, EarlierAnswer]) -> str:
    """A quiet note listing answers kept from an earlier version of the workshop; '' if none."""
    if not earlier:
        return ""
    rows = "".join(f"<li>“{esc(e.get('text', ''))}” You answered: "
                   f"<b>{esc(e.get('answer', ''))}</b>.</li>" for e in earlier.values())
    return ('<div class="interdep-muted interdep-earlier" role="note"><b>From an earlier '
            "version of this workshop.</b> Some statements have been reworded since you "
            "answered them, so your answers are kept here as you gave them and are not "
            "counted as answers to the new statements above. Nothing is lost, and these are "
            f"never shared.<ul>{rows}</ul></div>")
