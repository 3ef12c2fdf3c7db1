"""Step 04, the support map, driven as a participant would: type, tick, click, then read the
journal, the counts and the data the map was drawn from."""

import json

import pytest

from interdependence.exercises import support_map as logic
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "04-build-a-support-network"

AISHA = [
    ("Dad", "inner", ["practical", "company"], "give"),
    ("S (sister, abroad)", "inner", ["emotional", "advice"], "both"),
    ("Neighbour B", "middle", ["practical"], "give"),
    ("Choir friend L", "middle", ["company"], "both"),
    ("Work friend N", "outer", ["advice"], "receive"),
    ("GP receptionist", "outer", ["practical"], "receive"),
]


@pytest.fixture
def session(journal):
    return StepSession(STEP, journal=journal)


def rebuilt(session):
    return StepSession(STEP, journal=Journal(session.journal.path))


def add(panel, name, circle=None, kinds=(), direction=None):
    panel.name.value = name
    panel.circle.value = circle
    for kid, check in panel.kinds.items():
        check.value = kid in kinds
    panel.direction.value = direction
    panel.add_button.click()


def saved(session, key, default=None):
    return Journal(session.journal.path).exercise(STEP, key, default)


def fill(panel, rows=AISHA):
    for name, circle, kinds, direction in rows:
        add(panel, name, circle, kinds, direction)


def test_people_are_saved_with_circle_kinds_and_direction(session):
    people = session.exercise("people")
    add(people, "Dad", "inner", ["company", "practical"], "give")
    assert [{k: v for k, v in p.items() if k != "id"} for p in saved(session, "people")] == [
        {"name": "Dad", "circle": "inner", "kinds": ["practical", "company"],
         "direction": "give"}]
    assert "Dad is on your map, in the inner circle." in people.message.value
    assert people.name.value == "" and people.circle.value is None  # ready for the next


def test_counts_per_circle_kind_and_direction(session):
    people = session.exercise("people")
    counts = session.exercise("counts")
    fill(people)
    c = logic.counts(session.journal)
    assert (c["inner"], c["middle"], c["outer"]) == (2, 2, 2)
    assert c["kinds"] == {"practical": 3, "emotional": 1, "advice": 2, "company": 2}
    assert c["directions"] == {"give": 2, "receive": 2, "both": 2}
    assert c["circle_kinds"]["inner"] == {"practical": 1, "emotional": 1, "advice": 1,
                                          "company": 1}
    # the counts cell on screen redrew itself: the table and the kinds chart's data
    assert "<td" in counts.table.value and ">3</td>" not in counts.table.value.split("All")[0]
    assert "<b>3</b>" in counts.table.value.split("All")[1]  # 3 people with practical help
    assert counts.chart.data["counts"]["practical"] == {"give": 2, "receive": 1, "both": 0}
    assert counts.chart.data["counts"]["emotional"] == {"give": 0, "receive": 0, "both": 1}
    assert "practical 3, emotional 1, advice 2, company 2" in counts.chart.caption


def test_the_map_data_places_everyone_in_their_circle(session):
    people, drawing = session.exercise("people"), session.exercise("map")
    assert drawing.data["people"] == [] and "first person" in drawing.caption
    fill(people)
    assert [(p["name"], p["circle"], p["direction"]) for p in drawing.data["people"]] == [
        (name, circle, direction) for name, circle, _, direction in AISHA]
    assert "6 people around you (2 in the inner circle, 2 in the middle circle, 2 in the " \
        "outer circle)" in drawing.caption
    assert '<img src="data:image/png;base64,' in drawing.picture.value


@pytest.mark.parametrize(("circle", "direction", "problem"), [
    (None, "give", "Please choose a circle"),
    ("inner", None, "Please choose which way the support flows"),
])
def test_a_missing_choice_is_named_plainly_and_nothing_is_saved(session, circle, direction,
                                                                 problem):
    people = session.exercise("people")
    add(people, "J", circle, [], direction)
    assert problem in people.message.value
    assert saved(session, "people") is None
    assert people.name.value == "J"  # still there to finish
    assert people.errors.value == ""


def test_a_name_is_needed_and_kept_short(session):
    people = session.exercise("people")
    add(people, "  ", "inner", [], "both")
    assert "initials or a nickname first" in people.message.value
    add(people, "x" * 31, "inner", [], "both")
    assert "up to 30 characters" in people.message.value
    assert saved(session, "people") is None


def test_kinds_are_optional(session):
    add(session.exercise("people"), "J", "outer", [], "receive")
    assert saved(session, "people")[0]["kinds"] == []


def test_the_same_name_twice_asks_for_a_way_to_tell_them_apart(session):
    people = session.exercise("people")
    add(people, "J", "inner", [], "both")
    add(people, "j", "outer", [], "give")
    assert "already on your map" in people.message.value and "J (work)" in people.message.value
    assert len(saved(session, "people")) == 1


@pytest.mark.parametrize(("name", "warning"), [
    ("Mary Jones", "full_name"), ("Anne-Marie O'Neil", "full_name"),
    ("mary.jones@example.org", "email"), ("J", None), ("Aunt M", None),
    ("Choir friend L", None), ("GP receptionist", None), ("S (sister, abroad)", None),
    ("Dad", None), ("Work friend N", None), ("Tom K", None),
])
def test_a_gentle_warning_for_what_looks_like_a_full_name_or_email(session, name, warning):
    assert logic.name_warning(name) == warning
    people = session.exercise("people")
    add(people, name, "middle", [], "both")
    assert saved(session, "people")[0]["name"] == name  # saved either way: only a hint
    if warning:
        assert session.step.exercise["warnings"][warning][:40] in people.warning.value
    else:
        assert people.warning.value == ""


def test_change_a_person_then_remove_and_undo(session):
    people, drawing = session.exercise("people"), session.exercise("map")
    fill(people, AISHA[:2])
    row = next(r for r in people.rows if "Dad" in r.label.value)
    row.edit_button.click()
    assert (people.name.value, people.circle.value, people.direction.value) == (
        "Dad", "inner", "give")
    assert people.kinds["company"].value and not people.kinds["advice"].value
    people.circle.value = "middle"
    people.direction.value = "both"
    people.add_button.click()
    dad = next(p for p in saved(session, "people") if p["name"] == "Dad")
    assert (dad["circle"], dad["direction"]) == ("middle", "both")
    assert logic.counts(session.journal)["middle"] == 1
    assert ("Dad", "middle") in [(p["name"], p["circle"]) for p in drawing.data["people"]]
    next(r for r in people.rows if "Dad" in r.label.value).remove_button.click()
    assert [p["name"] for p in saved(session, "people")] == ["S (sister, abroad)"]
    assert len(drawing.data["people"]) == 1
    people.undo_button.click()
    assert [p["name"] for p in saved(session, "people")] == ["Dad", "S (sister, abroad)"]


def test_the_list_groups_people_by_circle(session):
    people = session.exercise("people")
    fill(people, [AISHA[4], AISHA[0], AISHA[2]])
    texts = [c.value for c in people.children[-1].children if hasattr(c, "value")]
    assert [t.split("</b>")[0].split("<b>")[-1] for t in texts] == [
        "Inner circle", "Middle circle", "Outer circle"]
    assert [r.label.value.split("</b>")[0] for r in people.rows] == [
        "<b>Dad", "<b>Neighbour B", "<b>Work friend N"]


def test_move_closer_is_saved_cleared_on_removal_and_comes_back(session):
    people, closer = session.exercise("people"), session.exercise("closer")
    drawing = session.exercise("map")
    assert "Add a few people" in closer.note.value
    fill(people)
    labels = [label for label, _ in closer.choice.options]
    assert labels[0] == "Nobody yet" and labels[1].endswith("(outer circle)")
    assert labels[-1].endswith("(inner circle)")  # the outer circle is offered first
    lid = next(p["id"] for p in saved(session, "people") if p["name"] == "Choir friend L")
    closer.choice.value = lid
    assert saved(session, "move_closer") == lid
    assert "You chose Choir friend L" in closer.note.value
    assert [p["name"] for p in drawing.data["people"] if p["closer"]] == ["Choir friend L"]
    assert rebuilt(session).exercise("closer").choice.value == lid
    next(r for r in people.rows if r.person_id == lid).remove_button.click()
    assert saved(session, "move_closer") is None and closer.choice.value is None
    people.undo_button.click()
    assert saved(session, "move_closer") == lid and closer.choice.value == lid


def test_choosing_someone_already_in_the_inner_circle_gets_a_kind_word(session):
    people, closer = session.exercise("people"), session.exercise("closer")
    fill(people, AISHA[:1])
    closer.choice.value = saved(session, "people")[0]["id"]
    assert "already in your inner circle" in closer.note.value


def test_everything_comes_back_after_a_restart(session):
    fill(session.exercise("people"))
    again = rebuilt(session)
    assert [r.label.value for r in again.exercise("people").rows] == [
        r.label.value for r in session.exercise("people").rows]
    assert len(again.exercise("map").data["people"]) == 6


def test_names_are_escaped_everywhere_they_are_shown(session):
    people, closer = session.exercise("people"), session.exercise("closer")
    counts = session.exercise("counts")
    add(people, "<script>x</script>", "inner", ["advice"], "both")
    assert "<script>" not in people.rows[0].label.value
    assert "&lt;script&gt;x&lt;/script&gt;" in people.rows[0].label.value
    assert "<script>" not in people.message.value
    closer.choice.value = saved(session, "people")[0]["id"]
    assert "<script>" not in closer.note.value and "&lt;script&gt;" in closer.note.value
    assert "script" not in counts.table.value  # counts only, never names


def test_a_dollar_in_a_name_is_drawn_as_typed():
    from interdependence.charts import support_map as charts
    from interdependence.charts.style import new_figure

    data = {"people": [{"name": "Bob $5 $6", "circle": "inner", "direction": "give",
                        "closer": False}],
            "circles": [("inner", "Inner"), ("middle", "Middle"), ("outer", "Outer")],
            "directions": [("give", "I give"), ("receive", "I receive"), ("both", "Both")]}
    fig, ax = new_figure(*charts.figure_size(data))
    charts.map_chart(ax, data)
    assert r"Bob \$5 \$6" in [t.get_text() for t in ax.texts]
    fig.canvas.draw()


def _crowd(n_per_circle):
    people = []
    for circle, n in zip(logic.CIRCLES, n_per_circle, strict=True):
        people += [{"name": f"{circle[:3]} friend {i}", "circle": circle,
                    "direction": logic.DIRECTIONS[i % 3], "closer": False} for i in range(n)]
    return {"people": people,
            "circles": [("inner", "Inner circle"), ("middle", "Middle circle"),
                        ("outer", "Outer circle")],
            "directions": [("give", "I give"), ("receive", "I receive"), ("both", "Both")]}


@pytest.mark.parametrize("crowd", [(2, 2, 2), (4, 8, 14), (9, 5, 8), (8, 8, 24), (0, 0, 40),
                                   (12, 14, 14)])
def test_every_name_is_readable_on_the_map_or_in_its_key(crowd):
    """Names never overlap each other; where a circle is too full, they are numbered."""
    from interdependence.charts import support_map as charts
    from interdependence.charts.style import new_figure

    data = _crowd(crowd)
    fig, ax = new_figure(*charts.figure_size(data))
    charts.map_chart(ax, data)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    names = {p["name"] for p in data["people"]}
    on_map = [t for t in ax.texts if t.get_text() in names]
    in_key = {t.get_text().split("  ", 1)[1] for t in ax.texts
              if "  " in t.get_text() and t.get_text().split("  ", 1)[1] in names}
    assert {t.get_text() for t in on_map} | in_key == names
    # no text on the chart (names, numbers, circle titles, the key) overlaps another
    texts = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    for i, (text, box) in enumerate(texts):
        for other_text, other in texts[i + 1:]:
            assert not box.overlaps(other), f"{text!r} overlaps {other_text!r}"
    if crowd == (2, 2, 2):
        assert not in_key  # a small map carries every name on it
    if crowd == (8, 8, 24):
        assert in_key  # a full one numbers people and names them beside it
    # the figure keeps everything inside it
    figure_box = fig.bbox
    for text in ax.texts:
        extent = text.get_window_extent(renderer)
        assert figure_box.x0 - 1 <= extent.x0 and extent.x1 <= figure_box.x1 + 1


def test_a_map_is_limited_to_forty_people_kindly(journal):
    for n in range(40):
        logic.add_person(journal, f"P{n}", "outer", [], "give")
    with pytest.raises(logic.PersonError, match="as many as it can draw clearly"):
        logic.add_person(journal, "P40", "outer", [], "give")


def test_share_summary_holds_counts_and_never_names(session):
    people = session.exercise("people")
    assert logic.share_summary(session.journal) == {
        "inner": 0, "middle": 0, "outer": 0,
        "kinds": {"practical": 0, "emotional": 0, "advice": 0, "company": 0}}
    fill(people)
    add(people, "Zebedee Quill", "outer", ["emotional"], "receive")
    session.exercise("closer").choice.value = saved(session, "people")[0]["id"]
    summary = logic.share_summary(session.journal)
    assert summary == {"inner": 2, "middle": 2, "outer": 3,
                       "kinds": {"practical": 3, "emotional": 2, "advice": 2, "company": 2}}
    text = json.dumps(summary).lower()
    for name, *_ in [*AISHA, ("Zebedee Quill",)]:
        for word in name.lower().replace("(", " ").replace(")", " ").replace(",", " ").split():
            if len(word) > 2:
                assert word not in text, word


def test_the_summary_passes_the_submission_allow_list_unchanged(session):
    from interdependence.cohort.submission import summary_for

    fill(session.exercise("people"), AISHA[:3])
    assert summary_for(STEP, session.journal) == logic.share_summary(session.journal)
