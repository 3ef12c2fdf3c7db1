"""Layouts and styles shared between widgets (views/shared.py, issue 14 item 4): the welcome
page builds far fewer widgets, a shared part can never be changed by one widget behind the
others' backs, and an error area still shows and hides on its own."""

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget import _instances  # every open widget, by id

from interdependence.session import StepSession
from interdependence.views import guard, shared


def _built(make):
    before = set(_instances)
    result = make()
    return result, [widget for key, widget in _instances.items() if key not in before]


def test_the_welcome_page_builds_under_a_hundred_widgets(journal):
    shared._made.clear()  # count the shared parts too, as in a fresh kernel
    step = StepSession("00-welcome", journal=journal)
    _, made = _built(lambda: [part() for part in (
        step.header, step.your_data, step.cohort_code, step.ratings, step.reflections,
        step.progress, step.next_step)])
    assert len(made) <= 100  # 224 before the layouts and styles were shared
    layouts = [widget for widget in made if isinstance(widget, w.Layout)]
    assert layouts
    assert all(shared.is_shared(one) for one in layouts)  # every one on the page is shared


def test_a_shared_layout_or_style_refuses_a_change():
    layout = shared.layout(width="auto")
    with pytest.raises(AttributeError, match="shared by many widgets"):
        layout.display = "none"
    assert layout.display is None
    with pytest.raises(AttributeError, match="shared by many widgets"):
        shared.checkbox_style().description_width = "50px"
    assert shared.layout(width="auto") is layout


def test_widgets_built_alike_share_their_layout_and_style():
    one, two = shared.html("a"), shared.html("b")
    assert one.layout is two.layout
    assert one.style is two.style
    assert shared.layout(width="auto") is not shared.layout()


def test_a_closed_shared_layout_is_made_again():
    layout = shared.layout(width="50%")
    layout.close()
    again = shared.layout(width="50%")
    assert again is not layout
    assert again.comm is not None
    assert again.width == "50%"


def test_error_areas_show_and_hide_each_on_its_own():
    first, second = guard.error_area(), guard.error_area()
    assert first.layout.display == second.layout.display == "none"
    guard.show_error(first, "The journal could not be saved.")
    assert first.layout.display is None
    assert "could not be saved" in first.value
    assert second.layout.display == "none"
    assert second.value == ""
    guard.clear_error(first)
    assert first.layout.display == "none"
    assert first.value == ""


def test_an_error_area_with_a_layout_of_its_own_keeps_it():
    area = w.HTML("", layout=w.Layout(display="none", margin="4px"))
    guard.show_error(area, "Oops.")
    assert area.layout.display is None
    assert area.layout.margin == "4px"


def test_display_moves_a_widget_between_shared_layouts_and_back():
    button = shared.button(description="Yes")
    assert button.layout is shared.layout(width="auto")
    shared.display(button, False)
    assert button.layout is shared.layout(width="auto", display="none")
    other = shared.button(description="No")
    assert other.layout.display is None  # the other button is still shown
    shared.display(button, True)
    assert button.layout is shared.layout(width="auto")


#: Widgets a whole notebook built with a full journal before its parts shared layouts and
#: styles (issue 14, item 2: Run All in JupyterLab); each now builds about half.
BEFORE_SHARING = {"03-start-small": 358, "04-build-a-support-network": 279,
                  "06-set-self-boundaries": 355, "08-embracing-interdependence": 331}


@pytest.mark.parametrize("step_id", list(BEFORE_SHARING))
def test_a_full_exercise_notebook_builds_about_half_the_widgets(step_id, tmp_path):
    from browser.full_journal import fill

    from interdependence import steps
    from interdependence.journal import Journal

    shared._made.clear()  # count the shared parts too, as in a fresh kernel
    step = StepSession(step_id, journal=Journal(fill(tmp_path / "home")))
    parts = [lambda p=p: step.exercise(p) for p in steps.get(step_id).parts]
    _, made = _built(lambda: [part() for part in (
        step.header, step.ratings, *parts, step.reflections, step.share, step.next_step)])
    assert len(made) <= BEFORE_SHARING[step_id] * 0.6
    # every text, button, tick box and drop-down style on the page is a shared one
    styles = [widget for widget in made if type(widget).__name__ in {
        "HTMLStyle", "ButtonStyle", "CheckboxStyle", "TextStyle", "DescriptionStyle",
        "ToggleButtonStyle"}]
    assert styles
    assert all(shared.is_shared(style) for style in styles)


def test_a_later_error_area_is_made_on_its_first_error_where_it_was_placed():
    """Issue 14, item 4: an error area that never says anything is never built; the first
    error puts it at the end of its box, before any area placed after it that is shown."""
    first, second = guard.LaterErrorArea(), guard.LaterErrorArea()
    top = shared.html("top")
    box = shared.vbox([top])
    guard.place(box, first, second)
    guard.clear_error(first)  # nothing shown yet: nothing is built
    assert box.children == (top,)
    assert first.widget is None
    assert first.value == ""
    guard.show_error(second, "The folder is gone.")
    assert box.children == (top, second.widget)
    guard.show_error(first, "The journal could not be saved.")
    assert box.children == (top, first.widget, second.widget)
    assert "could not be saved" in first.value
    assert first.widget.layout.display is None
    guard.clear_error(first)
    assert first.value == ""
    assert first.widget.layout.display == "none"
    assert box.children == (top, first.widget, second.widget)  # kept, hidden, for next time
    with pytest.raises(RuntimeError, match="never placed"):
        guard.show_error(guard.LaterErrorArea(), "Nowhere to say it.")


def test_a_failing_callback_says_so_in_an_area_made_for_it():
    from interdependence.views import guard as g

    area = g.LaterErrorArea()
    box = shared.vbox([])
    g.place(box, area)

    @g.guarded(area)
    def boom():
        raise RuntimeError("boom")

    boom()
    g.CALLBACK_ERRORS.clear()  # expected here; the conftest checks that list stays empty
    assert "RuntimeError: boom" in area.value
    assert box.children == (area.widget,)
