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
from .choices import Rating
from .guard import OwnErrorArea, guarded
from .style import esc, style

if TYPE_CHECKING:
    from ..shapes import EarlierAnswer


def _nothing() -> None:
    pass


def rating_control(journal: Journal, step: Step, item: Item, prefer_not_to_say: str,
                   on_saved: Callable[[], None] = _nothing) -> Rating:
    """Five labelled choices and a separate "Prefer not to say"; starts unanswered.

    One widget (``choices.Rating``): the statement and its question, a named radio group
    (Tab reaches it once, the arrow keys choose, a screen reader hears the statement with the
    choices), the "Prefer not to say" tick box, the status and, after a failure, its words.
    ``value`` is 1-5 or None; ``skipped`` is the tick box. What is saved is 1-5, or None for
    "prefer not to say"; then ``on_saved()`` (the session tells its step's model: 08's chart
    of the signs redraws).
    """
    # What is saved is there from the start: the widget is made with its value and words (a
    # change after it is made is one more message to the page; issue 14).
    answered = journal.has_rating(step.id, item.id)
    saved = journal.rating(step.id, item.id) if answered else None
    skipped = answered and saved is None
    control = Rating(
        options=[(label, value) for value, label in item.scale.points],
        value=saved,
        skipped=skipped,
        label=item.text,
        question=item.scale.question,
        # No caption with the sign's short name ("Hard to ask for help"): under the statement
        # it only said the statement again; the short names label 08's chart rows instead.
        tooltip=item.text,
        skip_label=prefer_not_to_say,
        status=status_words(saved, skipped),
        layout=shared.layout(),
        _dom_classes=("interdep-rating",),
    )
    errors = OwnErrorArea(control)
    syncing = {"busy": False}

    def save(write: Callable[[], None]) -> None:
        try:
            write()
        except BaseException:
            control.status = ""  # never "Saved." (not even an earlier one) over a failed save
            raise
        control.status = status_words(control.value, control.skipped)
        on_saved()

    def on_choice(value: Any) -> None:
        if value is None:
            return
        syncing["busy"] = True
        try:
            control.skipped = False
        finally:
            syncing["busy"] = False
        save(lambda: journal.set_rating(step.id, item.id, int(value)))

    def on_skip(ticked: bool) -> None:
        syncing["busy"] = True
        try:
            if ticked:
                control.value = None
        finally:
            syncing["busy"] = False
        save(lambda: journal.set_rating(step.id, item.id, None) if ticked
             else journal.clear_rating(step.id, item.id))
        if not ticked:  # said once, after the untick: the page opens quiet on an unanswered one
            control.status = CLEARED

    @guarded(errors)
    def on_change(change: dict[str, Any]) -> None:
        if syncing["busy"]:  # the other half of a change already being saved
            return
        (on_choice if change["name"] == "value" else on_skip)(change["new"])

    # One observer for both: a rating is built seven times on a page (issue 14, item 4).
    control.observe(on_change, names=("value", "skipped"))
    return control


#: Said under a rating when "prefer not to say" is unticked: the answer is cleared, and the
#: question is unanswered again (a blank status there read as if nothing had happened).
CLEARED = "Cleared: this question is unanswered now."


def status_words(choice: Any, skipped: bool) -> str:
    """What is said under a rating. Quiet until there is something to say: the panel's
    intro says once that every question can be left blank, so an unanswered rating says
    nothing. The words sit in a status region: a screen reader hears "Saved." on a choice."""
    return ("Saved." if choice is not None else
            'Saved as "prefer not to say".' if skipped else "")


def ratings_panel(journal: Journal, curriculum: Curriculum, step: Step,
                  on_saved: Callable[[], None] = _nothing) -> w.VBox:
    """Every rating of one step, with the answers kept from an earlier version below
    (``earlier``: None if there are none); ``on_saved()`` after each rating is saved."""
    intro = shared.html(
        '<div class="interdep-muted">Answer as things are for you now, not as you think '
        "they should be. Every question can be left blank or answered "
        f'"{esc(curriculum.prefer_not_to_say)}".</div>'
    )
    controls = [rating_control(journal, step, item, curriculum.prefer_not_to_say, on_saved)
                for item in step.items]
    # The note on earlier answers is made only when there are some: it never changes while
    # the page is open, and nearly every page has none (one widget fewer; issue 14).
    note = earlier_answers_html(journal.earlier(step.id))
    earlier = shared.html(note) if note else None
    box = shared.vbox([style(), intro, *controls, *([earlier] if earlier else [])])
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
