"""A row's Change (Edit, Open) in every list editor moves the keyboard focus to the form's
first box, which makes the browser scroll the form into view: on a phone the form is a long
list away from the row, and the words being changed were off the screen. Opening the last
entry when a cell runs (02's records, 06's scripts) takes no focus: the page must not jump.
Each row's buttons name their entry for a screen reader, which heard "Change, Change"."""

import ipywidgets as w
import pytest

from interdependence.session import StepSession


@pytest.fixture
def focused(monkeypatch):
    calls = []
    monkeypatch.setattr(w.DOMWidget, "focus", lambda self: calls.append(self))
    return calls


def timeline(p, n=1):
    p.period.value, p.what.value = "teens", f"A moment {n}"
    p.save_button.click()


def records(p, n=1):
    p.situation.value = f"A busy week {n}"
    p.debouncer.flush()
    p.new_button.click()


def asks(p, n=1):
    p.text.value, p.discomfort.value = f"Ask K question {n}", "30"
    p.save_button.click()


def people(p, n=1):
    p.nickname.value, p.circle.value = ("Sam" if n == 1 else "Jo"), "inner"
    p.direction.value = "give"
    p.save_button.click()


def rungs(p, n=1):
    p.text.value, p.exposure.value = f"I am tired {n}", "20"
    p.save_button.click()


def audit(p, n=1):
    p.task.value, p.hours.value = f"Cooking {n}", "5"
    p.save_button.click()


def scripts(p, n=1):
    p.parts["request"].value = f"Could you do the school run {n}?"
    p.debouncer.flush()
    p.new_button.click()


EDITORS = [
    ("01-pinpoint-the-root-cause", "timeline", timeline, "what"),
    ("02-reframe-help-as-strength", "records", records, "situation"),
    ("03-start-small", "ladder", asks, "text"),
    ("04-build-a-support-network", "people", people, "nickname"),
    ("05-practice-vulnerability", "ladder", rungs, "text"),
    ("06-set-self-boundaries", "audit", audit, "task"),
    ("06-set-self-boundaries", "script", scripts, None),
]


@pytest.mark.parametrize(("step", "part", "fill", "box"), EDITORS,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_change_gives_the_forms_first_box_the_keyboard(journal, focused, step, part, fill,
                                                       box):
    editor = StepSession(step, journal=journal).exercise(part)
    fill(editor)
    fill(editor, 2)  # two rows: the one changed is not simply the one just added
    assert len(editor.rows) == 2
    # a cell run that opens the last entry (02, 06's scripts) takes no focus
    editor = StepSession(step, journal=journal).exercise(part)
    assert focused == []
    row = editor.rows[0]
    row.edit_button.click()
    assert editor.editing == row.entry_id
    expected = getattr(editor, box) if box else next(iter(editor.parts.values()))
    assert focused == [expected]
    assert isinstance(expected, (w.Text, w.Textarea))
    assert expected.value or box is None  # the words being changed (a script may leave
    # its first part empty)


def test_change_of_an_entry_removed_elsewhere_takes_no_focus(journal, focused):
    session = StepSession("03-start-small", journal=journal)
    ladder, other = session.exercise("ladder"), session.exercise("ladder")
    asks(ladder)
    row = ladder.rows[0]
    ladder._shown = None  # keep the stale row on screen, as a second view would
    other.rows[0].remove_button.click()
    row.edit_button.click()
    assert focused == []
    assert "already removed" in ladder.message.value


#: How each row names the entry a filler wrote (n: 1 or 2).
NAMED = {"timeline": "A moment {n}", "records": "{n}. (A busy week {n})",
         "03-ladder": "Ask K question {n}", "people": "{who}", "05-ladder": "I am tired {n}",
         "audit": "Cooking {n}", "script": "Could you do the school run {n}?"}


@pytest.mark.parametrize(("step", "part", "fill", "box"), EDITORS,
                         ids=lambda v: v if isinstance(v, str) else None)
def test_each_rows_buttons_name_the_entry_they_act_on(journal, step, part, fill, box):
    """The visible word stays short ("Change", "Edit", "Open"); the tooltip, which a screen
    reader says with it, names the entry: "Change: Ask K question 1"."""
    editor = StepSession(step, journal=journal).exercise(part)
    fill(editor)
    fill(editor, 2)
    named = NAMED.get(f"{step[:2]}-{part}", NAMED.get(part, ""))
    names = {named.format(n=n, who=who) for n, who in ((1, "Sam"), (2, "Jo"))}
    tips: dict[str, set[str]] = {}
    for row in editor.rows:
        for button, word in ((row.edit_button, editor.words["change"]),
                             (row.remove_button, editor.words["remove"])):
            assert button.description == word  # the word on the button, as short as before
            action, _, entry = button.tooltip.partition(": ")
            assert action, button.tooltip
            assert entry in names, button.tooltip
            tips.setdefault(word, set()).add(entry)
    assert all(said == names for said in tips.values()), tips  # each row its own entry


def test_a_long_entry_is_named_in_a_shortened_tooltip(journal):
    editor = StepSession("03-start-small", journal=journal).exercise("ladder")
    editor.text.value, editor.discomfort.value = "Ask " + "a very long favour " * 10, "30"
    editor.save_button.click()
    tip = editor.rows[0].edit_button.tooltip
    assert tip.startswith("Change: Ask a very long favour")
    assert tip.endswith("…")
    assert len(tip) <= len("Change: ") + 80
