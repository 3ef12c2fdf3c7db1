"""The item bank loads, is complete, and a broken file is named with the item and the fault."""

import re

import pytest
import yaml

from interdependence import curriculum
from interdependence.curriculum import CurriculumError

EXPECTED_STEPS = [
    "00-welcome", "01-pinpoint-the-root-cause", "02-reframe-help-as-strength", "03-start-small",
    "04-build-a-support-network", "05-practice-vulnerability", "06-set-self-boundaries",
    "07-consider-therapy", "08-embracing-interdependence",
]


@pytest.fixture(scope="module")
def bank():
    return curriculum.load()


def test_the_bank_has_the_nine_notebooks_in_order(bank):
    assert [s.id for s in bank.steps] == EXPECTED_STEPS
    assert [s.number for s in bank.steps] == list(range(9))


def test_every_scale_has_five_labelled_points(bank):
    assert set(bank.scales) >= {"agreement", "frequency"}
    for scale in bank.scales.values():
        assert [v for v, _ in scale.points] == [1, 2, 3, 4, 5]
        assert all(label.strip() for _, label in scale.points)
    assert bank.prefer_not_to_say == "Prefer not to say"


def test_seven_signs_are_rated_at_check_in_and_close_with_the_same_ids(bank):
    assert len(bank.signs) == 7
    sign_ids = [s.id for s in bank.signs]
    assert len(set(sign_ids)) == 7
    assert [i.id for i in bank.step("00-welcome").items][:7] == sign_ids
    assert [i.id for i in bank.step("08-embracing-interdependence").items][:7] == sign_ids
    assert all(s.short for s in bank.signs)


def test_each_step_has_3_to_5_ratings_and_2_to_4_prompts(bank):
    for step in bank.steps[1:8]:
        assert 3 <= len(step.items) <= 5, step.id
        assert 2 <= len(step.prompts) <= 4, step.id
    for step in bank.steps:
        assert step.objectives
        assert step.minutes > 0
        assert step.title


def test_root_cause_step_can_never_be_shared(bank):
    root = bank.step("01-pinpoint-the-root-cause")
    assert root.shareable is False
    assert not any(i.shareable for i in root.items)
    assert not any(p.shareable for p in root.prompts)


def test_only_readiness_ratings_are_shareable_in_the_therapy_step(bank):
    therapy = bank.step("07-consider-therapy")
    assert not any(p.shareable for p in therapy.prompts)
    assert all(i.shareable for i in therapy.items)


def test_ids_are_unique_and_stable_looking(bank):
    ids = [i.id for s in bank.steps for i in s.items if not i.id.startswith("sign.")]
    ids += [p.id for s in bank.steps for p in s.prompts]
    assert len(ids) == len(set(ids))
    assert all(re.match(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$", i) for i in ids)


def test_labels_name_the_part_of_the_curriculum(bank):
    assert bank.step("00-welcome").label == "Check-in"
    assert bank.step("03-start-small").label == "Step 3 of 7"
    assert bank.step("08-embracing-interdependence").label == "Close"
    assert bank.next_step("00-welcome").id == "01-pinpoint-the-root-cause"
    assert bank.next_step("08-embracing-interdependence") is None


def test_loaded_content_is_frozen(bank):
    step = bank.step("00-welcome")
    with pytest.raises(AttributeError):
        step.title = "changed"
    with pytest.raises(TypeError):
        step.exercise["new"] = 1


def _edit(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _expect_error(folder, *fragments):
    with pytest.raises(CurriculumError) as caught:
        curriculum.load(folder)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_unknown_scale_names_file_item_and_fault(curriculum_copy):
    f = curriculum_copy / "steps" / "03-start-small.yaml"
    item_id = yaml.safe_load(f.read_text())["ratings"][0]["id"]
    _edit(f, lambda d: d["ratings"][0].update(scale="sometimes"))
    _expect_error(curriculum_copy, "03-start-small.yaml", item_id, "scale 'sometimes'")


def test_missing_text_is_reported(curriculum_copy):
    f = curriculum_copy / "steps" / "02-reframe-help-as-strength.yaml"
    item_id = yaml.safe_load(f.read_text())["ratings"][1]["id"]
    _edit(f, lambda d: d["ratings"][1].pop("text"))
    _expect_error(curriculum_copy, "02-reframe-help-as-strength.yaml", item_id, "'text'")


def test_duplicate_id_is_reported_with_both_files(curriculum_copy):
    first = yaml.safe_load((curriculum_copy / "steps" / "02-reframe-help-as-strength.yaml")
                           .read_text())["ratings"][0]["id"]
    _edit(curriculum_copy / "steps" / "03-start-small.yaml",
          lambda d: d["ratings"][0].update(id=first))
    _expect_error(curriculum_copy, first, "already used", "02-reframe-help-as-strength.yaml")


def test_prompt_without_shareable_flag_is_refused(curriculum_copy):
    f = curriculum_copy / "steps" / "00-welcome.yaml"
    _edit(f, lambda d: d["prompts"][0].pop("shareable"))
    _expect_error(curriculum_copy, "00-welcome.yaml", "welcome.hopes", "'shareable'")


def test_shareable_prompt_in_private_step_is_refused(curriculum_copy):
    f = curriculum_copy / "steps" / "01-pinpoint-the-root-cause.yaml"
    _edit(f, lambda d: d["prompts"][0].update(shareable=True))
    _expect_error(curriculum_copy, "01-pinpoint-the-root-cause.yaml", "never shared")


def test_scale_with_four_points_is_refused(curriculum_copy):
    _edit(curriculum_copy / "scales.yaml", lambda d: d["scales"]["agreement"]["points"].pop(5))
    _expect_error(curriculum_copy, "scales.yaml", "agreement", "1, 2, 3, 4 and 5")


def test_broken_yaml_names_the_file(curriculum_copy):
    (curriculum_copy / "signs.yaml").write_text("signs: [\n  - id: oops\n")
    _expect_error(curriculum_copy, "signs.yaml", "not valid YAML")


def test_id_that_does_not_match_file_name_is_refused(curriculum_copy):
    _edit(curriculum_copy / "steps" / "03-start-small.yaml", lambda d: d.update(id="03-other"))
    _expect_error(curriculum_copy, "03-start-small.yaml", "file name")


def test_badly_formed_item_id_is_refused(curriculum_copy):
    _edit(curriculum_copy / "signs.yaml", lambda d: d["signs"][0].update(id="Sign Asking"))
    _expect_error(curriculum_copy, "signs.yaml", "Sign Asking", "dotted lower case")


@pytest.fixture
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(curriculum, "_parse_cache", curriculum._ParseCache())
    return tmp_path / "cache"


def test_parsed_yaml_is_cached_and_an_edited_file_is_read_again(curriculum_copy, own_cache):
    first = curriculum.load(curriculum_copy)
    assert curriculum._ParseCache.file().exists()
    step_file = curriculum_copy / "steps" / "03-start-small.yaml"
    _edit(step_file, lambda d: d.update(title="Start smaller"))
    again = curriculum.load(curriculum_copy)
    assert first.step("03-start-small").title != "Start smaller"
    assert again.step("03-start-small").title == "Start smaller"


def test_a_cached_file_broken_afterwards_is_still_refused(curriculum_copy, own_cache):
    curriculum.load(curriculum_copy)
    f = curriculum_copy / "steps" / "03-start-small.yaml"
    _edit(f, lambda d: d["ratings"][0].update(scale="sometimes"))
    _expect_error(curriculum_copy, "03-start-small.yaml", "scale 'sometimes'")


def test_a_damaged_cache_is_ignored(curriculum_copy, own_cache):
    curriculum.load(curriculum_copy)
    curriculum._ParseCache.file().write_bytes(b"\x00not marshal at all")
    curriculum._parse_cache.entries = None
    assert len(curriculum.load(curriculum_copy).steps) == 9


def test_the_cache_keeps_only_the_files_used_last(curriculum_copy, own_cache):
    """Item banks in temporary folders come and go; the cache must not grow with each one
    (a start reads the whole cache file)."""
    import marshal

    stale = {f"/gone/{n}/scales.yaml": (1, 1, {"n": n}) for n in range(500)}
    own_cache.joinpath("interdependence").mkdir(parents=True)
    curriculum._ParseCache.file().write_bytes(marshal.dumps(stale))
    curriculum.load(curriculum_copy)
    kept = marshal.loads(curriculum._ParseCache.file().read_bytes())
    assert len(kept) <= curriculum._ParseCache.MAX_ENTRIES
    assert str((curriculum_copy / "steps" / "03-start-small.yaml").resolve()) in kept
    assert str((curriculum_copy / "scales.yaml").resolve()) in kept


def test_an_overgrown_cache_is_trimmed_even_when_every_file_is_in_it(curriculum_copy, own_cache,
                                                                     monkeypatch):
    import marshal

    curriculum.load(curriculum_copy)  # every file of the bank is now cached
    target = curriculum._ParseCache.file()
    entries = marshal.loads(target.read_bytes())
    entries = {**{f"/gone/{n}/scales.yaml": (1, 1, {}) for n in range(500)}, **entries}
    target.write_bytes(marshal.dumps(entries))
    monkeypatch.setattr(curriculum, "_parse_cache", curriculum._ParseCache())  # a new start
    curriculum.load(curriculum_copy)
    assert len(marshal.loads(target.read_bytes())) <= curriculum._ParseCache.MAX_ENTRIES


# ---- dashboard.yaml: the facilitator's discussion prompts ------------------------------------


def test_the_discussion_prompts_load_validated_and_frozen(bank):
    discussion = curriculum.load_discussion()
    assert discussion.for_chart("signs.check-in") == discussion.charts["signs.check-in"]
    assert all(isinstance(q, str) and q.strip() for q in discussion.for_chart("participation"))
    assert discussion.for_chart("no.such-chart") == ()
    assert 2 <= len(discussion.reflections) <= 3
    assert isinstance(discussion.reflections, tuple)
    steps = {s.id for s in bank.steps}
    step_keys = {k.split(".", 1)[0] for k in discussion.charts if k[:2].isdigit()}
    assert step_keys
    assert step_keys <= steps
    with pytest.raises(TypeError):
        discussion.charts["participation"] = ("Changed?",)
    with pytest.raises(AttributeError):
        discussion.reflections = ()


def _expect_discussion_error(folder, *fragments):
    with pytest.raises(CurriculumError) as caught:
        curriculum.load_discussion(folder)
    message = str(caught.value)
    assert "dashboard.yaml" in message, message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_a_question_that_is_not_text_names_the_chart_and_the_question(curriculum_copy):
    _edit(curriculum_copy / "dashboard.yaml",
          lambda d: d["charts"]["signs.close"].append(5))
    _expect_discussion_error(curriculum_copy, "chart 'signs.close'", "question 3",
                             "should be text, not 5")


def test_a_chart_without_questions_is_refused(curriculum_copy):
    _edit(curriculum_copy / "dashboard.yaml", lambda d: d["charts"].update(participation=[]))
    _expect_discussion_error(curriculum_copy, "chart 'participation'", "one or more questions")


def test_a_chart_of_a_step_the_bank_does_not_have_is_refused(curriculum_copy):
    def rename(d):
        d["charts"]["03-start-smal.first-ask"] = d["charts"].pop("03-start-small.first-ask")

    _edit(curriculum_copy / "dashboard.yaml", rename)
    _expect_discussion_error(curriculum_copy, "chart '03-start-smal.first-ask'",
                             "names no step", "03-start-smal")


def test_a_badly_formed_chart_key_is_refused(curriculum_copy):
    _edit(curriculum_copy / "dashboard.yaml",
          lambda d: d["charts"].update({"Signs Close": ["Why?", "How?"]}))
    _expect_discussion_error(curriculum_copy, "chart 'Signs Close'", "chart's key")


def test_missing_reflection_prompts_and_broken_yaml_name_the_file(curriculum_copy):
    _edit(curriculum_copy / "dashboard.yaml", lambda d: d.pop("reflections"))
    _expect_discussion_error(curriculum_copy, "top level", "'reflections'")
    (curriculum_copy / "dashboard.yaml").write_text("charts: [\n  - oops\n")
    _expect_discussion_error(curriculum_copy, "not valid YAML")
    (curriculum_copy / "dashboard.yaml").unlink()
    _expect_discussion_error(curriculum_copy, "is missing")
