"""The building blocks every notebook uses: ratings, reflections, header, progress.

Each builder returns a widget and takes the objects it works on; it never displays
anything itself. Callbacks go through :func:`guarded`, so an error shows up next to the
widget that failed, in words, instead of vanishing into the log console.
"""

from __future__ import annotations

import html
import logging
import traceback
from collections.abc import Callable
from functools import wraps

import ipywidgets as w

from ..curriculum import Curriculum, Item, Prompt, Step
from ..journal import Journal, JournalError
from .choices import ChoiceGroup
from .refresh import changed

#: What charts listen to (``refresh.listen``) to redraw when a rating is saved.
RATINGS_TOPIC = "ratings"

log = logging.getLogger(__name__)

#: Every error a callback met, newest last. Tests assert this stays empty.
CALLBACK_ERRORS: list[BaseException] = []

STYLE = """<style>
.interdep-card {border-left: 4px solid #0072B2; padding: 4px 12px; margin: 8px 0 12px 0;}
.interdep-statement {font-size: 1.05em; margin: 6px 0 2px 0;}
.interdep-choices .widget-radio-box {flex-direction: row; flex-wrap: wrap; gap: 2px 18px;}
.interdep-choices .widget-radio-box label {width: auto !important; margin-right: 4px;}
.interdep-muted {color: #555; font-size: 0.92em;}
.interdep-error {color: #8b0000; background: #fff3f3; border: 1px solid #d9a0a0;
  padding: 6px 10px; border-radius: 4px;}
.interdep-notice {background: #fff8e1; border: 1px solid #e0c070; padding: 6px 10px;
  border-radius: 4px;}
.interdep-private {color: #5a3e85;}
.interdep-shareable {color: #006046;}
.interdep-card a, .interdep-progress a {color: #0057a8; text-decoration: underline;}
.interdep-progress th, .interdep-progress td {padding: 4px 14px 4px 0; text-align: left;}
</style>"""


def style() -> w.HTML:
    """The kit's CSS; included in each composite widget so any cell can stand alone."""
    return w.HTML(STYLE, layout=w.Layout(display="none"))


def esc(text: object) -> str:
    """Escape anything a person wrote before it goes into HTML."""
    return html.escape(str(text), quote=True)


def error_area() -> w.HTML:
    return w.HTML("", layout=w.Layout(display="none"))


def show_error(area: w.HTML, message: str) -> None:
    area.value = f'<div class="interdep-error" role="alert">{esc(message)}</div>'
    area.layout.display = None


def clear_error(area: w.HTML) -> None:
    area.value = ""
    area.layout.display = "none"


def guarded(area: w.HTML) -> Callable:
    """Decorate a callback so a failure is shown in ``area`` and recorded, never lost."""

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(*args, **kwargs):
            try:
                result = func(*args, **kwargs)
            except JournalError as exc:  # an expected failure: say it plainly
                CALLBACK_ERRORS.append(exc)
                show_error(area, str(exc))
                return None
            except Exception as exc:
                CALLBACK_ERRORS.append(exc)
                log.exception("widget callback failed")
                show_error(
                    area,
                    "Something went wrong here, and your last change may not be saved: "
                    f"{type(exc).__name__}: {exc}. Please tell your facilitator or open an "
                    "issue with this message.\n" + traceback.format_exc(limit=2),
                )
                return None
            clear_error(area)
            return result

        return wrapper

    return decorate


# ---- the rating control ------------------------------------------------------------------


def rating_control(journal: Journal, step: Step, item: Item, prefer_not_to_say: str) -> w.VBox:
    """Five labelled choices and a separate "Prefer not to say"; starts unanswered.

    The radio buttons are native inputs, so Tab reaches the group and the arrow keys move
    between choices. The saved value is 1-5, or None for "prefer not to say".
    """
    statement = w.HTML(
        f'<div class="interdep-statement"><b>{esc(item.text)}</b></div>'
        f'<div class="interdep-muted">{esc(item.scale.question)}</div>'
    )
    # A named radio group (not w.RadioButtons): Tab reaches it once, arrow keys choose, and
    # a screen reader announces the statement with the choices. See views/choices.py.
    choices = ChoiceGroup(
        options=[(label, value) for value, label in item.scale.points],
        value=None,
        label=item.text,
        description=item.short or "",
        tooltip=item.text,
        layout=w.Layout(width="auto"),
    )
    choices.add_class("interdep-choices")
    skip = w.Checkbox(value=False, description=prefer_not_to_say, indent=False,
                      layout=w.Layout(width="auto"))
    status = w.HTML("")
    errors = error_area()
    box = w.VBox([statement, choices, skip, status, errors])
    box.add_class("interdep-rating")
    box.choices, box.skip = choices, skip  # handles for tests and the browser

    if journal.has_rating(step.id, item.id):
        saved = journal.rating(step.id, item.id)
        if saved is None:
            skip.value = True
        else:
            choices.value = saved
    syncing = {"busy": False}

    def show_status():
        if choices.value is not None:
            status.value = '<span class="interdep-muted">Saved.</span>'
        elif skip.value:
            status.value = '<span class="interdep-muted">Saved as "prefer not to say".</span>'
        else:
            status.value = '<span class="interdep-muted">Not answered yet. You can skip it.</span>'

    @guarded(errors)
    def on_choice(change):
        if syncing["busy"] or change["new"] is None:
            return
        syncing["busy"] = True
        try:
            skip.value = False
        finally:
            syncing["busy"] = False
        journal.set_rating(step.id, item.id, int(change["new"]))
        show_status()
        changed(journal, RATINGS_TOPIC)

    @guarded(errors)
    def on_skip(change):
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
        changed(journal, RATINGS_TOPIC)

    choices.observe(on_choice, names="value")
    skip.observe(on_skip, names="value")
    show_status()
    return box


def ratings_panel(journal: Journal, curriculum: Curriculum, step: Step) -> w.VBox:
    intro = w.HTML(
        '<div class="interdep-muted">Answer as things are for you now, not as you think '
        "they should be. Every question can be left blank or answered "
        f'"{esc(curriculum.prefer_not_to_say)}".</div>'
    )
    controls = [rating_control(journal, step, item, curriculum.prefer_not_to_say)
                for item in step.items]
    earlier = w.HTML(earlier_answers_html(journal.earlier(step.id)))
    box = w.VBox([style(), intro, *controls, earlier])
    box.controls, box.earlier = controls, earlier
    return box


def earlier_answers_html(earlier: dict) -> str:
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


# ---- the reflection box ------------------------------------------------------------------


def kernel_loop():
    """The event loop of the live Jupyter kernel we run in, or None outside a kernel.

    Timers need a loop that keeps turning while nothing else happens. Inside a kernel that
    is the kernel's own loop. Elsewhere (plain Python, pytest, a script that also drives
    a browser through Playwright, whose sync API leaves a loop marked "running") a timer
    could wait forever, so callers act at once instead.
    """
    import asyncio
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is None or getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """Run ``action`` once typing pauses for ``delay`` seconds; at once outside a kernel."""

    def __init__(self, action: Callable[[], None], delay: float = 0.8, loop=None):
        self.action, self.delay, self._handle = action, delay, None
        self._loop = loop  # tests pass a loop; notebooks use the kernel's

    def poke(self) -> None:
        loop = self._loop or kernel_loop()
        if loop is None:
            self.action()
            return
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(self.delay, self.flush)

    def flush(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self.action()


def reflection_box(journal: Journal, step: Step, prompt: Prompt) -> w.VBox:
    """A multi-line box that saves when typing pauses, and says when it last saved."""
    badge = (
        '<span class="interdep-shareable">You may choose to share this with your group '
        "later; it stays private unless you do.</span>"
        if prompt.shareable
        else '<span class="interdep-private">Private: this answer is never shared.</span>'
    )
    question = w.HTML(f'<div class="interdep-statement"><b>{esc(prompt.text)}</b></div>'
                      f'<div class="interdep-muted">{badge}</div>')
    text = w.Textarea(
        value=journal.reflection(step.id, prompt.id),
        placeholder="Write as much or as little as you like, or leave it blank.",
        description=prompt.text,  # hidden (width 0) but the box's accessible name, in full
        tooltip=prompt.text,
        continuous_update=True,
        rows=5,
        style={"description_width": "0px"},
        layout=w.Layout(width="95%"),
    )
    saved_at = journal.reflection_saved_at(step.id, prompt.id)
    status = w.HTML(
        f'<span class="interdep-muted">Saved at {esc(saved_at[11:])}.</span>' if saved_at
        else '<span class="interdep-muted">Nothing written yet.</span>'
    )
    errors = error_area()

    @guarded(errors)
    def save():
        when = journal.set_reflection(step.id, prompt.id, text.value)
        status.value = f'<span class="interdep-muted">Saved at {when}.</span>'

    debouncer = Debouncer(save)

    def on_change(_change):
        status.value = '<span class="interdep-muted">Saving…</span>'
        debouncer.poke()

    text.observe(on_change, names="value")
    box = w.VBox([question, text, status, errors])
    box.add_class("interdep-reflection")
    box.text, box.status, box.debouncer = text, status, debouncer
    return box


def reflections_panel(journal: Journal, step: Step) -> w.VBox:
    boxes = [reflection_box(journal, step, p) for p in step.prompts]
    box = w.VBox([style(), *boxes])
    box.boxes = boxes
    return box


# ---- header, notices and progress --------------------------------------------------------


def journal_notice(journal: Journal) -> str:
    """Plain words for a journal that had to be set aside or cannot be read now, or ''."""
    if getattr(journal, "unreadable", None):
        return journal.unreadable
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
    objectives = "".join(f"<li>{esc(o)}</li>" for o in step.objectives)
    card = w.HTML(
        f'<div class="interdep-card"><div class="interdep-muted">{esc(step.label)} · '
        f"about {step.minutes} minutes</div>"
        f'<h2 style="margin:4px 0">{esc(step.title)}</h2>'
        f"<div>In this part you will:</div><ul>{objectives}</ul>"
        '<div class="interdep-muted">Every question is optional. Your answers are saved as '
        "you go and stay on this computer unless you choose to share them.</div></div>"
    )
    notice = journal_notice(journal)
    parts = [style(), card]
    if notice:
        parts.append(w.HTML(f'<div class="interdep-notice" role="alert">{esc(notice)}</div>'))
    return w.VBox(parts)


def progress_view(journal: Journal, curriculum: Curriculum) -> w.HTML:
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
    return w.HTML(
        STYLE + '<table class="interdep-progress" style="border-collapse:collapse">'
        "<thead><tr><th>Part</th><th>Notebook</th><th>Time</th><th>Your progress</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def next_step_link(curriculum: Curriculum, step: Step) -> w.HTML:
    following = curriculum.next_step(step.id)
    if following is None:
        return w.HTML(
            '<div class="interdep-card">You have reached the end of the curriculum. '
            'You can go back to any part from the <a href="00-welcome.ipynb">welcome '
            "notebook</a>.</div>"
        )
    return w.HTML(
        f'<div class="interdep-card">Next: <a href="{esc(following.notebook)}">'
        f"{esc(following.label)}: {esc(following.title)}</a> (about {following.minutes} "
        "minutes). Take a break first if you need one; your answers here are saved.</div>"
    )
