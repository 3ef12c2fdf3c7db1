"""Step 04, the support map, driven as a participant would: type, tick, click, then read the
journal, the counts and the data the map was drawn from."""

import json
import re

import pytest

from interdependence.exercises import support_map as logic
from interdependence.exercises.support_map import PersonError, SupportMap
from interdependence.journal import Journal
from interdependence.session import StepSession

STEP = "04-build-a-support-network"
PARTS = ("people", "map", "counts", "closer")

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
    panel.nickname.value = name
    panel.circle.value = circle
    for kid, check in panel.kinds.items():
        check.value = kid in kinds
    panel.direction.value = direction
    panel.save_button.click()


def saved(session, key, default=None):
    return Journal(session.journal.path).exercise(STEP, key, default)


def person(name, circle=None, kinds=(), direction=None):
    return {"name": name, "circle": circle, "kinds": list(kinds), "direction": direction}


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
    assert people.nickname.value == ""
    assert people.circle.value is None


def test_counts_per_circle_kind_and_direction(session):
    people = session.exercise("people")
    counts = session.exercise("counts")
    fill(people)
    c = session.model.counts()
    assert (c["inner"], c["middle"], c["outer"]) == (2, 2, 2)
    assert c["kinds"] == {"practical": 3, "emotional": 1, "advice": 2, "company": 2}
    assert c["directions"] == {"give": 2, "receive": 2, "both": 2}
    assert c["circle_kinds"]["inner"] == {"practical": 1, "emotional": 1, "advice": 1,
                                          "company": 1}
    # the counts cell on screen redrew itself: the table and the kinds chart's data
    assert "<td" in counts.table.value
    assert ">3</td>" not in counts.table.value.split("All")[0]
    assert "<b>3</b>" in counts.table.value.split("All")[1]  # 3 people with practical help
    assert counts.chart.data["counts"]["practical"] == {"give": 2, "receive": 1, "both": 0}
    assert counts.chart.data["counts"]["emotional"] == {"give": 0, "receive": 0, "both": 1}
    assert "practical 3, emotional 1, advice 2, company 2" in counts.chart.caption


def test_the_map_data_places_everyone_in_their_circle(session):
    people, drawing = session.exercise("people"), session.exercise("map")
    assert drawing.data["people"] == []
    assert "first person" in drawing.caption
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
    assert people.nickname.value == "J"  # still there to finish
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
    assert "already on your map" in people.message.value
    assert "J (work)" in people.message.value
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
    assert (people.nickname.value, people.circle.value, people.direction.value) == (
        "Dad", "inner", "give")
    assert people.kinds["company"].value
    assert not people.kinds["advice"].value
    people.circle.value = "middle"
    people.direction.value = "both"
    people.save_button.click()
    dad = next(p for p in saved(session, "people") if p["name"] == "Dad")
    assert (dad["circle"], dad["direction"]) == ("middle", "both")
    assert SupportMap(session.journal).counts()["middle"] == 1
    assert ("Dad", "middle") in [(p["name"], p["circle"]) for p in drawing.data["people"]]
    next(r for r in people.rows if "Dad" in r.label.value).remove_button.click()
    assert [p["name"] for p in saved(session, "people")] == ["S (sister, abroad)"]
    assert len(drawing.data["people"]) == 1
    people.undo_button.click()
    assert [p["name"] for p in saved(session, "people")] == ["Dad", "S (sister, abroad)"]


def test_the_list_groups_people_by_circle(session):
    people = session.exercise("people")
    fill(people, [AISHA[4], AISHA[0], AISHA[2]])
    texts = [c.value for c in people.listing.children if hasattr(c, "value")]
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
    assert labels[0] == "Nobody yet"
    assert labels[1].endswith("(outer circle)")
    assert labels[-1].endswith("(inner circle)")  # the outer circle is offered first
    lid = next(p["id"] for p in saved(session, "people") if p["name"] == "Choir friend L")
    closer.choice.value = lid
    assert saved(session, "move_closer") == lid
    assert "You chose Choir friend L" in closer.note.value
    assert [p["name"] for p in drawing.data["people"] if p["closer"]] == ["Choir friend L"]
    assert rebuilt(session).exercise("closer").choice.value == lid
    next(r for r in people.rows if r.entry_id == lid).remove_button.click()
    assert saved(session, "move_closer") is None
    assert closer.choice.value is None
    people.undo_button.click()
    assert saved(session, "move_closer") == lid
    assert closer.choice.value == lid


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
    assert "<script>" not in closer.note.value
    assert "&lt;script&gt;" in closer.note.value
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
        assert figure_box.x0 - 1 <= extent.x0
        assert extent.x1 <= figure_box.x1 + 1


def test_a_map_is_limited_to_forty_people_kindly(journal):
    people = SupportMap(journal).people
    for n in range(40):
        people.add(person(f"P{n}", "outer", [], "give"))
    with pytest.raises(logic.MapFull, match="as many as it can draw clearly"):
        people.add(person("P40", "outer", [], "give"))


def test_share_summary_holds_counts_and_never_names(session):
    people = session.exercise("people")
    assert session.model.share_summary() == {
        "inner": 0, "middle": 0, "outer": 0,
        "kinds": {"practical": 0, "emotional": 0, "advice": 0, "company": 0}}
    fill(people)
    add(people, "Zebedee Quill", "outer", ["emotional"], "receive")
    session.exercise("closer").choice.value = saved(session, "people")[0]["id"]
    summary = session.model.share_summary()
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
    assert summary_for(STEP, session.journal) == session.model.share_summary()


# ---- the model: its rules, one write per change, and cells that update each other ---------------


@pytest.fixture
def spy(private_home):
    from model_helpers import SpyJournal

    return SpyJournal(private_home / "journal.json")


@pytest.mark.parametrize(("values", "problem"), [
    (person("", "inner", [], "give"), "initials or a nickname first"),
    (person("x" * 31, "inner", [], "give"), "up to 30 characters (this one has 31)"),
    (person("J", "nearby", [], "give"), "Please choose a circle"),
    (person("J", "inner", ["money"], "give"), "Unknown kind of support: money."),
    (person("J", "inner", [], "sideways"), "Please choose which way the support flows"),
])
def test_the_model_refuses_what_it_cannot_save_kindly_and_writes_nothing(spy, values, problem):
    with pytest.raises(PersonError, match=re.escape(problem)):
        SupportMap(spy).people.add(values)
    assert spy.writes == []


def test_each_change_is_one_journal_write_with_its_pick(spy):
    model = SupportMap(spy)
    heard = []
    model.observe(lambda: heard.append(len(spy.writes)))
    leah = model.people.add(person("  Leah ", "outer", ["advice", "practical"], "give"))
    assert leah["name"] == "Leah"
    assert leah["kinds"] == ["practical", "advice"]
    model.choose_closer(leah["id"])
    model.people.update(leah["id"], person("Leah", "middle", [], "both"))
    assert len(spy.writes) == 3
    assert heard == [1, 2, 3]
    removed = model.people.remove(leah["id"])
    assert spy.writes[-1] == {"people": [], "move_closer": None}  # person and pick together
    model.people.restore(removed)
    assert spy.writes[-1]["move_closer"] == leah["id"]
    assert len(spy.writes) == 5
    assert model.closer()["circle"] == "middle"
    with pytest.raises(PersonError, match="no longer on your map"):
        model.choose_closer("p-gone")
    assert len(spy.writes) == 5


def test_undo_is_refused_kindly_when_someone_of_that_name_was_added_since(session):
    people, other_cell = session.exercise("people"), session.exercise("people")
    add(people, "J", "inner", [], "both")
    people.rows[0].remove_button.click()
    add(other_cell, "j", "outer", [], "give")  # (adding in the same cell forgets the undo)
    people.undo_button.click()
    assert "J is already on your map" in people.message.value
    assert [p["name"] for p in saved(session, "people")] == ["j"]
    assert people.errors.value == ""


def test_undo_after_the_map_filled_up_again_says_why(journal):
    model = SupportMap(journal)
    first = model.people.add(person("P0", "outer", [], "give"))
    removed = model.people.remove(first["id"])
    for n in range(1, 41):
        model.people.add(person(f"P{n}", "outer", [], "give"))
    with pytest.raises(logic.MapFull, match="40 people again, so this person cannot come back"):
        model.people.restore(removed)


def test_the_editor_says_what_happened_with_each_person(session):
    people = session.exercise("people")
    add(people, "Dad", "inner", ["company"], "give")
    people.rows[0].edit_button.click()
    assert "Changing Dad: make your changes above, then press Save changes." in \
        people.message.value
    assert people.save_button.description == "Save changes"
    people.save_button.click()
    assert "Your changes to Dad are saved." in people.message.value
    assert people.save_button.description == "Add to my map"
    people.rows[0].remove_button.click()
    assert "Dad was taken off your map." in people.message.value
    assert people.undo_button.layout.display is None
    people.undo_button.click()
    assert "They are back on your map." in people.message.value
    assert people.undo_button.layout.display == "none"
    assert "Nobody on your map yet" not in people.listing.children[0].value


def test_damaged_people_are_skipped_not_a_reason_to_fail(session, journal):
    journal.set_exercise(STEP, "people", [
        "not a person", {"name": "no id"},
        {"id": "p1", "name": "J", "circle": "inner", "kinds": "oops", "direction": "give"}])
    assert session.model.counts()["inner"] == 1
    assert session.model.share_summary()["kinds"] == {
        "practical": 0, "emotional": 0, "advice": 0, "company": 0}
    assert session.exercise("counts").errors.value == ""


def test_two_cells_update_each_other_through_the_model(session):
    """Two editors, the map, the counts and the pick in one notebook share one model: a
    change in any cell shows in the others without re-running them."""
    first, second = session.exercise("people"), session.exercise("people")
    drawing, counts = session.exercise("map"), session.exercise("counts")
    closer = session.exercise("closer")
    assert first.model is second.model is session.model
    add(first, "Dad", "inner", ["practical"], "give")
    assert [r.label.value for r in second.rows] == [r.label.value for r in first.rows]
    assert [p["name"] for p in drawing.data["people"]] == ["Dad"]
    assert counts.chart.data["counts"]["practical"]["give"] == 1
    assert "<b>1</b>" in counts.table.value.split("All")[1]
    assert [label for label, _ in closer.choice.options] == ["Nobody yet", "Dad (inner circle)"]
    second.rows[0].edit_button.click()
    second.circle.value = "outer"
    second.save_button.click()
    assert "Outer circle" in first.listing.children[0].value
    assert closer.choice.options[1][0] == "Dad (outer circle)"
    closer.choice.value = first.rows[0].entry_id
    assert drawing.data["people"][0]["closer"] is True
    first.rows[0].remove_button.click()
    assert second.rows == []
    assert closer.choice.value is None
    assert "Nobody on your map yet" in second.listing.children[0].value
    assert drawing.data["people"] == []
    assert "Add a few people" in closer.note.value


def test_a_cell_run_twenty_times_leaves_only_a_few_live_observers(session):
    from model_helpers import assert_few_observers_after_reruns

    assert_few_observers_after_reruns(session, PARTS,
                                      slots=("people", "map", "counts", "counts_table", "closer"))
    newest = session.exercise("people")
    add(newest, "J", "inner", [], "both")  # the newest still redraws
    assert len(newest.rows) == 1


def test_step_04_no_longer_uses_the_global_refresh_list(session):
    from model_helpers import assert_no_global_refresh

    assert_no_global_refresh(session, PARTS)


@pytest.mark.parametrize("crowd", [(0, 1, 0), (1, 0, 0), (2, 2, 2), (4, 8, 14), (0, 0, 40),
                                   (12, 14, 14), (0, 30, 1)])
def test_on_a_phone_each_name_in_the_key_stands_under_its_own_circle(crowd):
    """The phone key names everyone in two columns: reading up a column from a name, the first
    circle heading is that person's circle (before, "1  Jo" of the middle circle could top the
    second column, beside "Inner circle (0)"). The picture is tall enough for both columns."""
    from interdependence.charts import support_map as charts
    from interdependence.charts.style import PHONE_WIDTH, new_figure

    data = _crowd(crowd)
    size = charts.figure_size(data, phone=True)
    assert size[0] == PHONE_WIDTH
    fig, ax = new_figure(*size)
    charts.map_chart(ax, data)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    circle_of = {p["name"]: p["circle"] for p in data["people"]}
    label_of = dict(data["circles"])
    key = [t for t in ax.texts if re.match(r"^\s*\d+  ", t.get_text())
           or re.match(r"^(Inner|Middle|Outer) circle( \(\d+\)|, continued)", t.get_text())]
    columns: dict[float, list] = {}
    for text in key:
        columns.setdefault(round(text.get_position()[0], 3), []).append(text)
    assert 1 <= len(columns) <= 2
    named = set()
    for texts in columns.values():
        heading = None
        for text in sorted(texts, key=lambda t: -t.get_position()[1]):  # top to bottom
            words = text.get_text()
            if not re.match(r"^\s*\d+  ", words):
                heading = words
                continue
            name = words.split("  ", 1)[1]
            assert heading is not None, f"{name!r} stands under no circle"
            assert heading.startswith(label_of[circle_of[name]]), (
                f"{name!r} stands under {heading!r}")
            named.add(name)
    assert named == set(circle_of)
    bottom = min(t.get_window_extent(renderer).y0 for t in key)
    assert bottom >= fig.bbox.y0 - 1  # nothing runs off the bottom of the picture


def test_the_phone_key_splits_where_a_circle_starts_or_says_continued():
    from interdependence.charts.support_map import phone_columns

    def lines(*counts):
        out = []
        for label, n in zip(("Inner", "Middle", "Outer"), counts, strict=True):
            out += [(f"{label} ({n})", True)] + [(f"{i}  {label[0]}{i}", False) for i in range(n)]
        return out

    first, second = phone_columns(lines(0, 1, 0))
    assert first == [("Inner (0)", True)]
    assert second == [("Middle (1)", True), ("0  M0", False), ("Outer (0)", True)]
    assert all(column[0][1] for column in phone_columns(lines(3, 3, 3)))  # a heading on top
    first, second = phone_columns(lines(0, 30, 0))
    assert second[0] == ("Middle (30), continued", True)
    assert abs(len(first) - len(second)) <= 2


@pytest.mark.parametrize("inner", [1, 2, 5, 6, 7, 12])
def test_on_a_phone_the_inner_circle_gives_you_room(inner):
    """On the phone picture the first inner-circle marker sat 0.45 from the "You" star,
    pressing on it and on the "Inner circle" title under it (a participant's review). Every
    inner marker now keeps well clear of the star, and inside its circle."""
    import math

    from interdependence.charts import support_map as charts
    from interdependence.charts.style import new_figure

    data = _crowd((inner, 3, 3))
    fig, ax = new_figure(*charts.figure_size(data, phone=True))
    charts.map_chart(ax, data)
    fig.draw_without_rendering()
    markers = [line for line in ax.lines if line.get_markersize() == 19]  # numbered people
    assert len(markers) == inner + 6
    inner_spots = [(line.get_xdata()[0], line.get_ydata()[0]) for line in markers[:inner]]
    for x, y in inner_spots:
        assert 0.55 <= math.hypot(x, y) <= 0.87, (x, y)  # clear of "You", inside the ring
    # and apart from each other: no two markers of the inner circle touch
    to_points = ax.transData.transform
    points = [to_points(spot) for spot in inner_spots]
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            assert math.dist(a, b) >= 19 * fig.dpi / 72, (a, b)


@pytest.mark.parametrize(("crowd", "words"), [
    ((1, 0, 0), "Your support map: one person around you (one in the inner circle, "
                "nobody in the middle circle, nobody in the outer circle). You mostly give "
                "to one person, mostly receive from nobody yet, and support flows both ways "
                "with nobody yet."),
    ((2, 3, 0), "Your support map: 5 people around you (2 in the inner circle, 3 "
                "in the middle circle, nobody in the outer circle). You mostly give to "
                "2 people, mostly receive from 2 people, and support flows both ways with "
                "one person."),
    ((0, 0, 6), "Your support map: 6 people around you (nobody in the inner circle, nobody in "
                "the middle circle, 6 in the outer circle). You mostly give to "
                "2 people, mostly receive from 2 people, and support flows both ways with "
                "2 people."),
])
def test_the_map_caption_says_its_numbers_as_a_person_would(crowd, words):
    """It read "you mostly give to 0, mostly receive from 1": now nobody, one person, people."""
    from interdependence.charts import support_map as charts

    assert charts.map_caption(_crowd(crowd)) == words


def test_each_direction_in_the_caption_says_nobody_one_person_or_people():
    from interdependence.charts import support_map as charts

    def direction_people(give, receive, both):
        people = [{"name": f"P{i}", "circle": "middle", "direction": d, "closer": False}
                  for i, d in enumerate(["give"] * give + ["receive"] * receive
                                        + ["both"] * both)]
        return {**_crowd((0, 0, 0)), "people": people}

    said = charts.map_caption(direction_people(0, 1, 2))
    assert ("You mostly give to nobody yet, mostly receive from one person, and support "
            "flows both ways with 2 people.") in said
    said = charts.map_caption(direction_people(2, 0, 1))
    assert ("You mostly give to 2 people, mostly receive from nobody yet, and support flows "
            "both ways with one person.") in said
    said = charts.map_caption(direction_people(1, 2, 0))
    assert ("You mostly give to one person, mostly receive from 2 people, and support flows "
            "both ways with nobody yet.") in said
    assert " 0" not in said
    assert " 1 " not in said


@pytest.mark.parametrize("inner", [0, 1, 5])
def test_on_a_phone_you_and_the_inner_circles_title_keep_apart(inner):
    """They nearly touched on the phone picture (3 pt apart): now a clear gap, and the title
    still inside its circle."""
    from interdependence.charts import support_map as charts
    from interdependence.charts.style import new_figure

    data = _crowd((inner, 2, 2))
    fig, ax = new_figure(*charts.figure_size(data, phone=True))
    charts.map_chart(ax, data)
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    you, title = ([t for t in ax.texts if t.get_text() == words][0].get_window_extent(renderer)
                  for words in ("You", "Inner circle"))
    assert (you.y0 - title.y1) * 72 / fig.dpi >= 6  # points between them
    assert title.y0 > ax.transData.transform((0, -1))[1]  # above the circle's bottom edge
