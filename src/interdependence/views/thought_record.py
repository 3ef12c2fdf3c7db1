"""Step 02 views: keep several thought records, and a chart of belief before and after.

A record saves itself as the participant types (like the reflection boxes), so nothing is
lost if they forget a button. "Start a new record" begins another; each saved record can be
opened again, changed or removed (with an undo). The data and its rules are the model,
:class:`~interdependence.exercises.thought_record.ThoughtRecords` (``session.model``); each
part is a class that observes it, so a record saved in one cell shows in every other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from ..exercises.keyed_list import Entry
from ..exercises.thought_record import RecordError, ThoughtRecords, field, title
from . import shared
from .autosave import Debouncer
from .chart_panel import ModelChart, drawn
from .exercise_parts import heading, part_text, say, status_line
from .list_editor import ListEditor
from .slider import NamedSlider
from .style import esc, style
from .timeline import labelled

RECORDS_BADGE = (
    '<span class="interdep-private">Private: your thought records stay in your own journal. '
    "Only your ratings and the reflections you tick can ever be shared, and only if you "
    "choose to.</span>")


def records_of(session) -> ThoughtRecords:
    model = session.model
    if not isinstance(model, ThoughtRecords):
        raise TypeError(f"{session.step.id} is not the thought record")
    return model


def _textarea(part: Mapping, rows: int = 3) -> w.Textarea:
    return w.Textarea(placeholder=part.get("placeholder", ""), rows=rows,
                      description=part["label"], tooltip=part["help"],
                      continuous_update=True, style=shared.text_style(description_width="0px"),
                      layout=shared.layout(width="95%"))


def rating_words(before: int | None, after: int | None, scale: str = "") -> str:
    """A rating pair as a person says it: "80 out of 100, then 45", "80 out of 100",
    "45 when you looked again", or "" when neither is given (``scale``: " out of 100" or
    nothing, said after the first number)."""
    if before is not None and after is not None:
        return f"{before}{scale}, then {after}"
    if before is not None:
        return f"{before}{scale}"
    if after is not None:
        return f"{after}{scale} when you looked again"
    return ""


def scores(item: Mapping[str, Any]) -> str:
    """The record's ratings in a sentence or two, as the list shows them: "You believed it
    71 out of 100; feeling ashamed, 61. Not rated again yet." (a list of "belief 71, not
    re-rated yet · feeling …" read like a status line)."""
    before, after = field(item, "belief_before"), field(item, "belief_after")
    feel_before, feel_after = field(item, "emotion_before"), field(item, "emotion_after")
    word = " ".join(field(item, "emotion").split())
    said = []
    belief = rating_words(before, after, " out of 100")
    if belief:
        said.append(f"you believed it {belief}")
    feeling = rating_words(feel_before, feel_after)
    name = f"feeling {word}" if word else "the feeling"
    if feeling:
        said.append(f"{name}, {feeling}")
    elif word:
        said.append(name)
    if belief or feeling:
        text = "; ".join(said)
        text = text[0].upper() + text[1:] + "."
    else:
        text = (said[0][0].upper() + said[0][1:] + ". " if said else "") + "Not rated yet."
    waiting = (before is not None and after is None) or (
        feel_before is not None and feel_after is None)
    return text + " Not rated again yet." if waiting else text


#: The form's title: a level 3 heading, the level below the notebook's own section headings
#: (a skipped level confuses a screen reader's list of headings), at the size it had.
FORM_TITLE = '<h3 style="margin:14px 0 4px 0;font-size:1.05em">{}</h3>'
#: The line under it: how a new record, or the one open, is saved.
FORM_NOTE = '<div class="interdep-muted">{}</div>'

class BeliefRating(w.VBox):
    """A 0-100 slider; :attr:`value` is None until it is rated.

    Parts: ``slider``, ``readout`` (the rating in words, the only place its number is
    said) and ``clear_button`` ("Clear my rating", shown once rated: back to not rated).
    Unrated, the slider is drawn unset (a bare line, no handle: its resting place in the
    middle read as a rating of 50); a tap, a drag or a key press on it is the rating (the
    browser clears ``slider.unset``). A "Not rated yet" tick box read as a double
    negative: ticked before rating, an unticked "Not rated yet" after.
    """

    def __init__(self, part: Mapping):
        self.slider = NamedSlider(value=50, min=0, max=100, step=1, label=part["label"],
                                  readout=False, unset=True,
                                  layout=shared.layout(width="420px", flex="0 1 auto"))
        self.readout = shared.html("")
        self.clear_button = w.Button(description="Clear my rating",
                                     tooltip="Back to not rated",
                                     layout=w.Layout(width="auto"),  # its own: hidden at times
                                     _dom_classes=("interdep-nowrap",))
        self.clear_button.on_click(lambda _b: setattr(self, "value", None))
        narrow = shared.layout(width="auto")
        ends = {"layout": narrow, "_dom_classes": ("interdep-scale-end",)}
        control = shared.vbox([
            shared.hbox([shared.html("0&nbsp;", **ends), self.slider,
                         shared.html("&nbsp;100", **ends)],
                        layout=shared.layout(align_items="center")),
            shared.hbox([self.readout, self.clear_button],
                        layout=shared.layout(flex_flow="row wrap", align_items="center",
                                             grid_gap="8px"))])
        super().__init__(list(labelled(part, control).children))
        self.slider.observe(lambda _c: self.show(), names=["unset", "value"])
        self.show()

    @property
    def value(self) -> int | None:
        return None if self.slider.unset else self.slider.value

    @value.setter
    def value(self, rating: int | None) -> None:
        if rating is not None:
            self.slider.value = int(rating)
        self.slider.unset = rating is None
        self.show()

    def show(self) -> None:
        rated = not self.slider.unset
        self.readout.value = (
            f'<span class="interdep-muted">You rated it <b>{self.slider.value}</b> out '
            "of 100.</span>" if rated else
            '<span class="interdep-muted">Not rated yet: tap the line to rate it.</span>')
        self.clear_button.layout.display = None if rated else "none"


class ThoughtRecordEditor(ListEditor):
    """The list of thought records, and the form of the one that is open.

    Built on :class:`ListEditor` (rows with Open and Remove, undo, redrawn whenever the
    model changes), with two differences a long form needs: the form saves itself as the
    participant types (``debouncer``, :meth:`save`), so ListEditor's ``save_button`` and
    ``cancel_button`` are not shown and "Start a new record" (``new_button``) stands in for
    Add; and, as before, the list comes first and the form under it.

    Parts beyond ListEditor's: the form (``situation``, ``example_pick``, ``belief``,
    ``before``, ``emotion``, ``emotion_before``, ``evidence_for``, ``evidence_against``,
    ``traps`` (trap id -> tick box), ``balanced``, ``after``, ``emotion_after``; the
    ratings are :class:`BeliefRating`), ``form_title``, ``new_button``, ``status`` (saved,
    or what is wrong with the input) and ``debouncer``. ``editing`` is the open record's id
    (None: a new record, saved once something is written or rated); ``message`` says what
    happened to the list.
    """

    model: ThoughtRecords

    def __init__(self, session):
        self.model = records_of(session)
        exercise = session.step.exercise
        self.part = part_text(session, "records")
        questions = {p["id"]: p for p in exercise["parts"]}
        self.examples = {e["id"]: e["label"] for e in exercise["example_beliefs"]}
        self._loading = self._dirty = self._saving = False
        self._numbers: dict[str, int] = {}
        self._make_form(questions, exercise["thinking_traps"])
        self.new_button = w.Button(description=self.part["new"], icon="plus",
                                   tooltip=self.part["new_tip"], layout=shared.layout(width="auto"),
                                   _dom_classes=("interdep-nowrap",))
        self.form_title, self.status = shared.html(""), status_line()
        super().__init__(self.model, self.model.records, slot="records", form=[],
                         words=self.part)
        self.debouncer = Debouncer(self.guard(self.save))
        # ListEditor puts its form above the list; a thought record is long, so (as before)
        # the list of records comes first and the form that saves itself under it.
        self.children = [
            style(),
            shared.html(f'<div class="interdep-card">{esc(exercise["intro"])}<br>'
                   f"{RECORDS_BADGE}</div>"),
            heading(self.part), self.listing,
            shared.hbox([self.new_button, self.undo_button, self.message],
                        layout=shared.layout(flex_flow="row wrap", align_items="center")),
            self.form_title, *self._form_rows(questions), self.status, self.errors]
        self.add_class("interdep-thought-record")
        self._watch()
        existing = self.items.items()
        if existing:
            self.start_edit(existing[-1]["id"])  # the last record, open, as it was left

    def first_field(self) -> w.Widget:
        # the form is not ListEditor's ``form`` (it sits under the list): its first box
        return self.situation

    # ---- the form ---------------------------------------------------------------------------

    def _make_form(self, questions: Mapping[str, Mapping], trap_list: list[Mapping]) -> None:
        self.situation = _textarea(questions["situation"])
        self.example_pick = w.Dropdown(
            options=[("Choose one, or write your own below", "")]
            + [(label, eid) for eid, label in self.examples.items()],
            value="", description=questions["belief"].get("examples_label", "Examples"),
            style=shared.description_style(description_width="initial"),
            layout=shared.layout(width="95%"))
        self.belief = _textarea(questions["belief"], rows=2)
        self.before = BeliefRating(questions["belief_rating"])
        emotion = questions["emotion"]
        self.emotion = w.Text(placeholder=emotion.get("placeholder", ""),
                              description=emotion["label"], tooltip=emotion["help"],
                              continuous_update=True,
                              style=shared.text_style(description_width="0px"),
                              layout=shared.layout(width="20em"))
        self.emotion_before = BeliefRating(questions["emotion_rating"])
        self.evidence_for = _textarea(questions["evidence_for"])
        self.evidence_against = _textarea(questions["evidence_against"])
        self.traps = {t["id"]: shared.checkbox(value=False, description=t["label"],
                                               tooltip=t["hint"], indent=False)
                      for t in trap_list}
        self.trap_grid = w.GridBox(
            [shared.vbox([self.traps[t["id"]],
                          shared.html('<div class="interdep-muted" style="margin:-4px 0 6px 22px">'
                                      f'{esc(t["hint"])}</div>')]) for t in trap_list],
            layout=shared.layout(grid_template_columns="repeat(auto-fill, minmax(300px, 1fr))",
                                 width="95%"))
        self.balanced = _textarea(questions["balanced_thought"])
        self.after = BeliefRating(questions["rerating"])
        self.emotion_after = BeliefRating(questions["emotion_rerating"])

    def _form_rows(self, questions: Mapping[str, Mapping]) -> list[w.Widget]:
        return [labelled(questions["situation"], self.situation),
                labelled(questions["belief"], shared.vbox([self.example_pick, self.belief])),
                self.before,
                labelled(questions["emotion"], self.emotion),
                self.emotion_before,
                labelled(questions["evidence_for"], self.evidence_for),
                labelled(questions["evidence_against"], self.evidence_against),
                labelled(questions["traps"], self.trap_grid),
                labelled(questions["balanced_thought"], self.balanced),
                self.after,
                self.emotion_after]

    def _ratings(self) -> tuple[BeliefRating, ...]:
        return self.before, self.emotion_before, self.after, self.emotion_after

    def _watch(self) -> None:
        """Every box of the form saves (after a pause in typing) when it changes."""
        for box in (self.situation, self.belief, self.emotion, self.evidence_for,
                    self.evidence_against, self.balanced, *self.traps.values()):
            box.observe(self.guard(self.changed), names="value")
        for rating in self._ratings():
            rating.slider.observe(self.guard(self._on_slider(rating)), names="value")
            rating.slider.observe(self.guard(self._on_unset(rating)), names="unset")
        self.example_pick.observe(self.guard(self.pick_example), names="value")
        self.new_button.on_click(self.guard(lambda _b: self.start_new()))

    def _on_slider(self, rating: BeliefRating) -> Callable[[Any], None]:
        return lambda _change: self.moved(rating)

    def _on_unset(self, rating: BeliefRating) -> Callable[[Any], None]:
        def rated_or_cleared(_change: Any) -> None:
            rating.show()
            self.changed()
        return rated_or_cleared

    def read_form(self) -> dict[str, Any]:
        return {
            "situation": self.situation.value, "belief": self.belief.value,
            "belief_before": self.before.value,
            "emotion": self.emotion.value, "emotion_before": self.emotion_before.value,
            "evidence_for": self.evidence_for.value,
            "evidence_against": self.evidence_against.value,
            "traps": [tid for tid, check in self.traps.items() if check.value],
            "balanced": self.balanced.value, "belief_after": self.after.value,
            "emotion_after": self.emotion_after.value,
        }

    def fill_form(self, entry: Entry) -> None:
        """Show a record in the form (an older one may lack the feeling: see ``field``);
        filling it is not a change to save."""
        self._loading = True
        try:
            self.situation.value = field(entry, "situation")
            self.belief.value = field(entry, "belief")
            match = [eid for eid, label in self.examples.items() if label == self.belief.value]
            self.example_pick.value = match[0] if match else ""
            self.emotion.value = field(entry, "emotion")
            self.evidence_for.value = field(entry, "evidence_for")
            self.evidence_against.value = field(entry, "evidence_against")
            ticked = field(entry, "traps")
            for trap_id, check in self.traps.items():
                check.value = trap_id in ticked
            self.balanced.value = field(entry, "balanced")
            for rating, key in zip(self._ratings(), ("belief_before", "emotion_before",
                                                     "belief_after", "emotion_after"),
                                   strict=True):
                rating.value = field(entry, key)
        finally:
            self._loading = False
        self._dirty = False

    def clear_form(self) -> None:
        self.fill_form({})

    # ---- saving as the participant types ------------------------------------------------------

    def changed(self, _change: Any = None) -> None:
        """Something in the form changed: save it once typing pauses."""
        if self._loading:
            return
        self._dirty = True
        say(self.status, "Saving…")
        self.debouncer.poke()

    def moved(self, rating: BeliefRating) -> None:
        """A slider moved: that is the participant's rating, so it is no longer unrated."""
        if self._loading:
            return
        rating.slider.unset = False
        rating.show()
        self.changed()

    def pick_example(self, change: Mapping) -> None:
        if not self._loading and change["new"]:
            self.belief.value = self.examples[change["new"]]

    def save(self) -> Entry | None:
        """Save the open record as it is now (the debouncer calls this); a new record gets
        its id here. A problem with the input is said in ``status``; the form keeps it."""
        if self._loading or not self._dirty:
            return None
        self._dirty = False
        self._saving = True  # this editor redraws once, below, with the record open
        try:
            entry = self.model.keep(self.editing, self.read_form())
        except RecordError as exc:
            say(self.status, str(exc), problem=True)
            return None
        finally:
            self._saving = False
        if entry is None:  # a new record with nothing in it yet
            say(self.status, "")
            return None
        self.editing = entry["id"]
        say(self.status, f"Saved at {dt.datetime.now():%H:%M:%S}.")
        self.render()
        return entry

    def flush(self) -> None:
        """Save what is waiting to be saved now (before the form shows another record)."""
        if self._dirty:
            self.debouncer.flush()

    # ---- the list's actions -------------------------------------------------------------------

    def start_new(self) -> None:
        self.flush()
        self._reset_form()
        say(self.status, "")
        say(self.message, self.part["kept"] if len(self.items) else "")
        self.render()

    def start_edit(self, entry_id: str) -> None:
        """Open a saved record in the form (what the form held is saved first)."""
        self.flush()
        super().start_edit(entry_id)
        say(self.status, "")
        self.render()

    def remove(self, entry_id: str) -> None:
        self.flush()
        super().remove(entry_id)

    # ---- drawing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        if not self._saving:
            super().refresh()

    def ordered(self, entries: list[Entry]) -> list[Entry]:
        self._numbers = {e["id"]: n for n, e in enumerate(entries, start=1)}
        return entries

    def describe(self, entry: Entry) -> str:
        # which record is open is said by its button (see render), once
        return (f"<b>{esc(title(self._numbers[entry['id']], entry))}</b> "
                f'<span class="interdep-muted">{esc(scores(entry))}</span>')

    def name(self, entry: Entry) -> str:
        return title(self._numbers.get(entry["id"], 0), entry)

    def row_tips(self) -> tuple[str, str]:
        return self.part["open_tip"], self.part["remove_tip"]

    def render(self) -> None:
        super().render()
        for row in self.rows:
            self._show_button(row)
        number = self._numbers.get(self.editing or "", len(self._numbers) + 1)
        # a line under the title either way: "Start a new record" moved the form 28 px
        # when a line appeared above it
        if self.editing is None:
            self.form_title.value = (FORM_TITLE.format(f"Thought record {number} (new)")
                                     + FORM_NOTE.format(self.part["new_note"]))
        else:
            self.form_title.value = (FORM_TITLE.format(f"Thought record {number}")
                                     + FORM_NOTE.format(self.part["open_note"]))

    def _show_button(self, row: w.HBox) -> None:
        """A row's Open, or for the record in the form, words saying so (it cannot be
        opened again)."""
        row.add_class("interdep-record-row")  # on a phone, its buttons under its words
        entry = self.items.find(row.entry_id)
        is_open = row.entry_id == self.editing
        button = row.edit_button
        button.description = self.part["open_now"] if is_open else self.words["change"]
        button.icon = "pencil" if is_open else "folder-open"
        button.disabled = is_open
        button.tooltip = (self.part["open_now_tip"] if is_open or entry is None
                          else self.row_tip(self.row_tips()[0], entry))


class BeliefChart(ModelChart):
    """Belief (and feeling) before and after, one dumbbell per record (data:
    :meth:`ThoughtRecords.chart_data`)."""

    def __init__(self, session):
        super().__init__(session, "chart")

    def read(self) -> dict[str, Any]:
        return records_of(self.session).chart_data()

    def is_empty(self, data: dict[str, Any]) -> bool:
        return not data["rows"] and not data["feelings"]

    def draw(self, data: dict[str, Any], phone: bool = False) -> tuple[Any, str]:
        from ..charts import thought_record as charts

        return drawn(charts.figure_size(data, phone), charts.belief_chart, charts.caption, data,
                     phone)
