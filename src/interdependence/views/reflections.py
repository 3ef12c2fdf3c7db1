"""The reflection boxes: free text that saves when typing pauses and says that it saved.

Each box says whether its answer could be shared later or is private for good, so nobody
has to guess before writing.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..curriculum import Prompt, Step
from ..journal import Journal
from . import shared
from .autosave import Debouncer
from .guard import LaterErrorArea, guarded, place
from .style import esc, style


def reflection_box(journal: Journal, step: Step, prompt: Prompt) -> w.VBox:
    """A multi-line box that saves when typing pauses, and says "Saved." (no clock time:
    the server's, UTC on a hub, is not the person's own)."""
    badge = (
        '<span class="interdep-shareable">You can choose to share this with your group '
        "below.</span>"
        if prompt.shareable
        else '<span class="interdep-private">Private: this answer is never shared.</span>'
    )
    question = shared.html(f'<div class="interdep-statement"><b>{esc(prompt.text)}</b></div>'
                          f'<div class="interdep-muted">{badge}</div>')
    text = w.Textarea(
        value=journal.reflection(step.id, prompt.id),
        placeholder="Write as much or as little as you like, or leave it blank.",
        description=prompt.text,  # hidden (width 0) but the box's accessible name, in full
        tooltip=prompt.text,
        continuous_update=True,
        rows=5,
        style=shared.text_style(description_width="0px"),
        layout=shared.layout(width="95%"),
    )
    saved_at = journal.reflection_saved_at(step.id, prompt.id)
    status = shared.html(
        # "Saved.", with no time: the server's clock (UTC on a hub) is not the person's own
        '<span class="interdep-muted">Saved.</span>' if saved_at
        else '<span class="interdep-muted">Nothing written yet.</span>'
    )
    errors = LaterErrorArea()

    @guarded(errors)
    def save() -> None:
        journal.set_reflection(step.id, prompt.id, text.value)
        status.value = '<span class="interdep-muted">Saved.</span>'

    debouncer = Debouncer(save)

    def on_change(_change: dict[str, Any]) -> None:
        status.value = '<span class="interdep-muted">Saving…</span>'
        debouncer.poke()

    text.observe(on_change, names="value")
    box = shared.vbox([question, text, status], _dom_classes=("interdep-reflection",))
    place(box, errors)
    box.text, box.status, box.debouncer = text, status, debouncer
    return box


def reflections_panel(journal: Journal, step: Step) -> w.VBox:
    """Every reflection prompt of one step, one box each."""
    boxes = [reflection_box(journal, step, p) for p in step.prompts]
    box = shared.vbox([style(), *boxes])
    box.boxes = boxes
    return box
