"""The widgets, driven as a participant would: set .value, .click(), then read the journal."""

import ipywidgets as w
import pytest

from interdependence import curriculum
from interdependence.journal import Journal, open_journal
from interdependence.session import StepSession
from interdependence.views import autosave, guard, reflections
from interdependence.views.ratings import CLEARED
from interdependence.views.style import esc


@pytest.fixture
def session(journal):
    return StepSession("00-welcome", journal=journal)


def rebuilt(session):
    """What a participant sees after restarting the kernel and re-running the notebook."""
    return StepSession(session.step.id, journal=Journal(session.journal.path))


def test_rating_starts_unanswered_with_five_labelled_choices(session):
    control = session.ratings().controls[0]
    assert control.value is None
    assert control.skipped is False
    labels = [label for label, _ in control.options]
    assert labels == ["Never", "Rarely", "Sometimes", "Often", "Almost always"]
    assert control.skip_label == "Prefer not to say"
    # Quiet: nothing under an unanswered rating (the panel's intro says skipping is fine,
    # once); the page keeps a status region there for "Saved." to be announced in.
    assert control.status == ""
    assert "can be left blank" in session.ratings().children[1].value
    control.value = 2
    assert control.status == "Saved."
    control.skipped = True
    assert control.status == 'Saved as "prefer not to say".'


def test_choosing_a_rating_saves_an_int_and_comes_back_after_restart(session):
    control = session.ratings().controls[0]
    control.value = 4
    assert Journal(session.journal.path).rating("00-welcome", "sign.asking") == 4
    again = rebuilt(session).ratings().controls[0]
    assert again.value == 4
    assert again.skipped is False
    assert again.status == "Saved."


def test_prefer_not_to_say_saves_null_and_clears_the_choice(session):
    control = session.ratings().controls[1]
    control.value = 2
    control.skipped = True
    assert control.value is None
    stored = Journal(session.journal.path)
    assert stored.has_rating("00-welcome", "sign.uneasy_relying")
    assert stored.rating("00-welcome", "sign.uneasy_relying") is None
    again = rebuilt(session).ratings().controls[1]
    assert again.skipped is True
    assert again.value is None
    assert again.status == 'Saved as "prefer not to say".'


def test_choosing_after_prefer_not_to_say_unticks_it(session):
    control = session.ratings().controls[2]
    control.skipped = True
    control.value = 5
    assert control.skipped is False
    assert Journal(session.journal.path).rating("00-welcome", "sign.overcommitting") == 5


def test_unticking_prefer_not_to_say_makes_it_unanswered(session):
    control = session.ratings().controls[2]
    control.skipped = True
    control.skipped = False
    assert not Journal(session.journal.path).has_rating("00-welcome", "sign.overcommitting")
    # said, not left blank (a participant review read the blank as "nothing happened")
    assert control.status == CLEARED
    assert rebuilt(session).ratings().controls[2].status == ""  # a page opens quiet on it


def test_a_rating_is_one_widget(session):
    """Issue 14, item 4: statement, choices, "Prefer not to say", status and the error area
    are one widget (``choices.Rating``), not five or six, on a page of forty ratings."""
    from ipywidgets.widgets.widget import _instances

    from interdependence.views.ratings import rating_control

    session.ratings()  # the shared layout is made once per kernel
    item = session.step.items[0]
    before = set(_instances)
    control = rating_control(session.journal, session.step, item, "Prefer not to say")
    assert set(_instances) - before == {control.model_id}
    control.value = 1
    control.skipped = True  # a save: nothing else is made
    assert set(_instances) - before == {control.model_id}


def test_every_sign_gets_a_control(session):
    panel = session.ratings()
    assert [c.tooltip for c in panel.controls] == [s.text for s in session.step.items]


def test_reflection_saves_and_says_so_with_no_clock_time(session):
    """"Saved at 06:03:50" showed the server's clock (UTC on a hub), not the person's own:
    it says "Saved.", with no time."""
    import re

    box = session.reflections().boxes[0]
    box.text.value = "I want to sleep more."
    assert "Saved." in box.status.value
    assert not re.search(r"\d:\d\d", box.status.value)
    assert Journal(session.journal.path).reflection("00-welcome", "welcome.hopes") == \
        "I want to sleep more."
    again = rebuilt(session).reflections().boxes[0]
    assert again.text.value == "I want to sleep more."
    assert "Saved." in again.status.value
    assert not re.search(r"\d:\d\d", again.status.value)


def test_reflection_boxes_say_whether_they_can_be_shared(session):
    boxes = session.reflections().boxes
    texts = {p.id: b.children[0].value for p, b in zip(session.step.prompts, boxes, strict=True)}
    assert "can choose to share this with your group below" in texts["welcome.hopes"]
    assert "never shared" in texts["welcome.recent_moment"]


def test_reflection_text_is_escaped_in_html(journal):
    step = curriculum.default().step("00-welcome")
    journal.set_reflection("00-welcome", "welcome.hopes", "<script>alert(1)</script>")
    box = reflections.reflection_box(journal, step, step.prompts[0])
    assert box.text.value == "<script>alert(1)</script>"  # a Textarea shows text, not HTML


def test_debouncer_waits_for_a_pause_when_a_loop_runs():
    import asyncio

    calls = []

    async def typing():
        d = autosave.Debouncer(lambda: calls.append(1), delay=0.5,
                             loop=asyncio.get_running_loop())
        assert not d.pending
        for _ in range(5):  # typing: five changes, well inside the pause
            d.poke()
            await asyncio.sleep(0.01)
        assert calls == []
        assert d.pending
        await asyncio.sleep(1.0)
        assert not d.pending

    asyncio.run(typing())
    assert calls == [1]


def test_outside_a_kernel_saves_at_once_even_with_a_running_loop():
    """Playwright's sync API leaves a loop marked running; a timer there would never fire."""
    import asyncio

    calls = []

    async def inside_some_loop():
        autosave.Debouncer(lambda: calls.append(1)).poke()
        assert calls == [1]

    asyncio.run(inside_some_loop())


def test_failing_save_is_shown_next_to_the_widget(session, monkeypatch):
    control = session.ratings().controls[0]
    control.value = 2
    assert control.status == "Saved."

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr("interdependence.journal.atomic_write_text", full_disk)
        control.value = 3
    assert "No space left on device" in control.error  # shown under the rating
    assert control.status == ""  # not the "Saved." of the choice before
    assert Journal(session.journal.path).rating("00-welcome", "sign.asking") == 2
    assert guard.CALLBACK_ERRORS  # recorded, so tests notice
    guard.CALLBACK_ERRORS.clear()
    control.value = 4  # the disk has room again
    assert control.error == ""
    assert control.status == "Saved."
    assert Journal(session.journal.path).rating("00-welcome", "sign.asking") == 4


def test_unexpected_callback_error_is_shown_not_swallowed(session, monkeypatch):
    box = session.reflections().boxes[0]

    def boom(*args):
        raise RuntimeError("boom")

    monkeypatch.setattr(session.journal, "set_reflection", boom)
    box.text.value = "x"
    assert "RuntimeError: boom" in box.children[3].value
    assert len(guard.CALLBACK_ERRORS) == 1
    guard.CALLBACK_ERRORS.clear()


def test_header_shows_step_minutes_and_objectives_but_not_the_title_again(session):
    html = session.header().children[1].value
    step = session.step
    assert step.title not in html  # the notebook's first heading, just above, says it
    assert "Check-in" in html
    assert f"about {step.minutes} minutes" in html
    for objective in step.objectives:
        assert esc(objective) in html


def test_header_says_plainly_when_a_corrupt_journal_was_kept_aside(private_home):
    private_home.mkdir(parents=True)
    (private_home / "journal.json").write_text("{ not json")
    session = StepSession("00-welcome", journal=open_journal())
    notice = session.header().children[-1].value
    assert "could not be opened" in notice
    assert "kept, not deleted" in notice
    assert "journal.corrupt-" in notice


def test_progress_lists_every_notebook_and_marks_answered_ones(session):
    session.journal.set_rating("00-welcome", "sign.asking", 1)
    html = session.progress().value
    for step in session.curriculum.steps:
        assert f'href="{step.notebook}"' in html
    assert "✓ 1 answer saved" in html
    assert html.count("not started") == len(session.curriculum.steps) - 1


def test_next_step_links_to_the_following_notebook(session):
    assert 'href="01-pinpoint-the-root-cause.ipynb"' in session.next_step().value


def test_delete_my_journal_needs_confirmation(session):
    session.journal.set_rating("00-welcome", "sign.asking", 1)
    panel = session.your_data()
    assert str(session.journal.path) in panel.children[1].value
    panel.delete.click()
    assert session.journal.path.exists()
    assert panel.confirm.layout.display is None
    panel.cancel.click()
    assert session.journal.path.exists()
    assert "Nothing was deleted" in panel.message.value
    panel.delete.click()
    panel.confirm.click()
    assert not session.journal.path.exists()
    assert "has been deleted" in panel.message.value


def test_cohort_code_is_saved_and_checked(session):
    panel = session.cohort_code()
    panel.text.value = "SPRING-26"
    assert Journal(session.journal.path).setting("cohort_code") == "SPRING-26"
    panel.text.value = "../../etc"
    assert "letters, numbers" in panel.status.value
    assert Journal(session.journal.path).setting("cohort_code") == "SPRING-26"
    panel.text.value = ""
    assert Journal(session.journal.path).setting("cohort_code") is None


def test_builders_return_widgets_and_display_nothing(session, capsys):
    for build in (session.header, session.ratings, session.reflections, session.progress,
                  session.next_step, session.your_data, session.cohort_code):
        assert isinstance(build(), w.Widget)
    assert capsys.readouterr().out == ""


def test_delete_my_journal_lists_every_file_it_removes_and_leaves_exports(session):
    from test_journal import _journal_with_leftovers

    home = session.journal.path.parent
    home.mkdir(parents=True, exist_ok=True)
    _journal_with_leftovers(home)
    panel = session.your_data()
    panel.delete.click()
    question = panel.message.value
    assert "This removes 4 files" in question
    for name in ("journal.json", "journal.corrupt-2026-11-01.json",
                 "journal.corrupt-2026-11-01-1.json", ".journal.json.k3j4h5.tmp"):
        assert f"<code>{name}</code>" in question
    assert "1 exported file" in question
    assert "is not part of the journal and stays, unless you tick" in question
    assert len(list(home.iterdir())) == 6  # nothing removed before the confirmation
    panel.confirm.click()
    assert sorted(p.name for p in home.iterdir()) == ["exports", "notes.txt"]
    assert (home / "exports" / "support-map.png").exists()
    assert "has been deleted" in panel.message.value
    assert ".journal.json.k3j4h5.tmp" in panel.message.value


@pytest.mark.parametrize("text", ['<script>alert("x")</script>', "Tom & Jerry's", "&amp;",
                                  "a > b < c", "", "ünïcode — “quotes”", 42, None])
def test_esc_escapes_exactly_as_html_escape(text):
    """style.esc no longer imports html (cold start, issue 14): it must stay identical."""
    import html

    assert esc(text) == html.escape(str(text), quote=True)


def test_delete_my_journal_can_also_delete_the_exported_files_when_ticked(session):
    """A participant's review: deleting the journal left the saved plans and the files saved
    for a facilitator, with no way on a phone to reach their folder. A tick box under the
    question offers them, never ticked ahead; a link there is removed, not what it points
    to; a file the kit cannot remove is named, and the rest still go."""
    home = session.journal.path.parent
    session.journal.set_rating("00-welcome", "sign.asking", 1)
    exports = home / "exports"
    exports.mkdir()
    (exports / "interdependence-plan-2026-12-01.html").write_text("my plan")
    (exports / "interdependence-plan-2026-12-01.md").write_text("my plan")
    outside = home / "not-an-export.txt"
    outside.write_text("keep me")
    (exports / "planted-link").symlink_to(outside)
    (exports / "a-folder").mkdir()
    panel = session.your_data()
    assert panel.exports.layout.display == "none"  # offered only with the question
    panel.delete.click()
    assert panel.exports.layout.display is None
    assert panel.exports.value is False
    assert panel.exports.description == "Also delete my 3 exported files"
    assert "Also delete my 3 exported files" in panel.message.value
    panel.cancel.click()  # nothing goes, and the box hides again
    assert len(list(exports.iterdir())) == 4
    assert panel.exports.layout.display == "none"
    panel.delete.click()
    panel.confirm.click()  # not ticked: the exports stay
    assert not session.journal.path.exists()
    assert len(list(exports.iterdir())) == 4
    assert "exported" not in panel.message.value
    session.journal.set_rating("00-welcome", "sign.asking", 2)
    panel.delete.click()
    panel.exports.value = True
    panel.confirm.click()
    assert not session.journal.path.exists()
    assert [p.name for p in exports.iterdir()] == ["a-folder"]
    assert outside.read_text() == "keep me"  # the link went, not what it pointed to
    assert "Your 3 exported files were deleted too" in panel.message.value
    assert panel.exports.layout.display == "none"


def test_an_exported_file_that_cannot_be_deleted_is_named_and_the_others_still_go(tmp_path,
                                                                                   monkeypatch):
    from pathlib import Path

    from interdependence.exercises.export import delete_exports
    from interdependence.views.welcome import deleted_exports_words

    (tmp_path / "one.md").write_text("a")
    (tmp_path / "two.md").write_text("b")
    real_unlink = Path.unlink

    def unlink(path, *args, **kwargs):
        if path.name == "one.md":
            raise PermissionError(13, "Permission denied")
        return real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", unlink)
    done = delete_exports(tmp_path)
    assert done.removed == ("two.md",)
    assert done.failed == ("one.md (Permission denied)",)
    assert (tmp_path / "one.md").exists()
    words = deleted_exports_words(done)
    assert words.startswith("Your 1 exported file was deleted too (removed: <code>two.md")
    assert "This exported file could not be deleted: one.md (Permission denied). Delete it" \
        in words
