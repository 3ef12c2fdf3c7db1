"""The cohort loader: the contract's shape, and every bad file set aside with a clear reason."""

import datetime as dt
import json
import os
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest
from cohort_helpers import CODE, cohort, files_under, submission, token, write

from interdependence import privacy, steps
from interdependence.cohort import (
    FolderStore,
    StoreError,
    load_cohort,
    open_store,
)
from interdependence.cohort.stores.base import MAX_BYTES


def test_loaded_cohort_has_the_contract_shape(tmp_path):
    store = cohort(tmp_path / "c", 0)
    sub = submission()
    sub["steps"][steps.SUPPORT_MAP.id] = {  # a summary holding an object of counts
        "ratings": {}, "reflections": {},
        "summary": {"inner": 1, "middle": 0, "outer": 0,
                    "kinds": {"practical": 2, "emotional": 1}}}
    store.put(sub)
    data = load_cohort(tmp_path / "c")

    assert list(data.ratings.columns) == ["token", "step", "item", "value"]
    assert str(data.ratings["value"].dtype) == "Int8"
    rows = {(r.step, r.item): r.value for r in data.ratings.itertuples()}
    assert rows[("00-welcome", "sign.asking")] == 4
    assert rows[("00-welcome", "sign.uneasy_relying")] is pd.NA  # prefer not to say: kept as <NA>
    assert rows[("03-start-small", "small.stuck_alone")] == 3
    assert set(data.ratings["token"]) == {sub["token"]}

    summary = {(r.step, r.key): r.value for r in data.summaries.itertuples()}
    assert list(data.summaries.columns) == ["token", "step", "key", "value"]
    ladder, support = steps.ASK_LADDER.id, steps.SUPPORT_MAP.id
    assert summary == {(ladder, "asks"): 5.0, (ladder, "first_ask_done"): 1.0,
                       (ladder, "expected"): 60.0, (ladder, "actual"): 30.0,
                       (support, "inner"): 1.0, (support, "middle"): 0.0,
                       (support, "outer"): 0.0, (support, "kinds.practical"): 2.0,
                       (support, "kinds.emotional"): 1.0}

    assert data.reflections == [{"step": "00-welcome", "prompt": "welcome.hopes",
                                 "text": "To ask for help once this week."}]
    assert data.rejected == []
    assert data.set_aside == []
    assert data.settings["code"] == CODE
    assert data.settings.min_group == 5
    assert sorted(data.participation["step"]) == ["00-welcome", "03-start-small",
                                                  "04-build-a-support-network"]
    assert data.accepted == 1
    assert data.tokens == {sub["token"]}


def test_a_step_shared_with_nothing_answered_still_counts_as_taking_part(tmp_path):
    store = cohort(tmp_path / "c")
    store.put(submission(steps={"05-practice-vulnerability": {"ratings": {}}}))
    data = load_cohort(tmp_path / "c")
    assert list(data.participation["step"]) == ["05-practice-vulnerability"]
    assert data.ratings.empty
    assert list(data.ratings.columns) == ["token", "step", "item", "value"]


def _step(step_id, **body):
    return submission(steps={step_id: body})


BAD = {
    "corrupt JSON": (b'{"schema": 1, "token": ', "not valid JSON (line 1"),
    "not UTF-8": (b'{"schema": 1, "x": "\xff\xfe"}', "not UTF-8"),
    "a JSON list": (b"[1, 2, 3]", "not a submission"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    "unknown schema": (dict(submission(), schema=3), "unknown schema version 3"),
    "schema as text": (dict(submission(), schema="1"), "unknown schema version '1'"),
    "extra field": (dict(submission(), name="Alex Example"), "not allowed: 'name'"),
    "missing field": ({k: v for k, v in submission().items() if k != "date"}, "missing"),
    "time of day": (submission(date="2026-11-27T10:41:07"), "no time of day"),
    "not a real date": (submission(date="2026-02-30"), "not a real date"),
    "future date": (submission(date=(dt.date.today() + dt.timedelta(days=30)).isoformat()),
                    "in the future"),
    "steps as a list": (dict(submission(), steps=[]), "'steps' should be"),
    "rating as text": (_step("00-welcome", ratings={"sign.asking": "4"}), "whole number"),
    "rating as a float": (_step("00-welcome", ratings={"sign.asking": 4.0}), "whole number"),
    "rating as true": (_step("00-welcome", ratings={"sign.asking": True}), "whole number"),
    "rating of 0": (_step("00-welcome", ratings={"sign.asking": 0}), "1 to 5"),
    "rating of 6": (_step("00-welcome", ratings={"sign.asking": 6}), "1 to 5"),
    "ratings as a list": (_step("00-welcome", ratings=[4]), "'ratings' should be"),
    "unknown item": (_step("00-welcome", ratings={"sign.unknown": 3}), "unknown item id"),
    "item of another step": (_step("03-start-small", ratings={"sign.asking": 3}),
                             "unknown item id 'sign.asking'"),
    "private prompt": (_step("00-welcome", reflections={"welcome.recent_moment": "x"}),
                       "not a prompt that can be shared"),
    "reflection as a number": (_step("00-welcome", reflections={"welcome.hopes": 5}),
                               "should be text"),
    "reflection too long": (_step("00-welcome", reflections={"welcome.hopes": "a" * 10_001}),
                            "longer than"),
    "root-cause step": (_step("01-pinpoint-the-root-cause", ratings={"root.only_me": 3}),
                        "not a step that can be shared"),
    "unknown step": (_step("09-extra", ratings={}), "not a step that can be shared"),
    "traversal step id": (_step("../../etc", ratings={}), "not a step that can be shared"),
    "extra step field": (_step("00-welcome", ratings={}, saved="10:41"), "not allowed"),
    "summary on a step without one": (_step("00-welcome", summary={"asks": 1}),
                                      "carries no summary"),
    "text in a summary": (_step("03-start-small", summary={"asks": "seven"}),
                          "should be a number"),
    "a name as summary key": (_step("03-start-small", summary={"Alex": 1}), "allowed name"),
    "nested text in a summary": (_step("04-build-a-support-network",
                                       summary={"circles": {"inner": "Sam"}}),
                                 "should be a number"),
    "infinite summary": (b"", "should be a number"),  # filled in below (json cannot say inf)
    "traversal token": (submission(tok="../../../etc/passwd"), "not a valid token"),
    "traversal cohort code": (submission(code="../other-cohort"), "cohort code is not valid"),
    "another cohort": (submission(code="OTHER-2"), "belongs to cohort 'OTHER-2'"),
}
_inf = submission(steps={"03-start-small": {"summary": {"asks": 1}}})
BAD["infinite summary"] = (json.dumps(_inf).replace('"asks": 1', '"asks": 1e999').encode(),
                           "should be a number")


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_a_bad_file_is_set_aside_with_a_reason_and_nothing_is_deleted(tmp_path, case):
    content, reason = BAD[case]
    folder = tmp_path / "c"
    store = cohort(folder, 5)
    if isinstance(content, dict):
        name = f"{content.get('token')}.json" if isinstance(content.get("token"), str) and \
            "/" not in content["token"] else f"{token()}.json"
    else:
        name = f"{token()}.json"
    write(folder, name, content)
    before = files_under(folder)

    data = load_cohort(folder)

    assert data.accepted == 5  # the good ones still load: one bad file never stops the rest
    assert len(data.rejected) == 1
    rejected_name, why = data.rejected[0]
    assert rejected_name == name
    if reason:
        assert reason in why
    assert why
    assert "Traceback" not in why
    # nothing deleted: the same bytes, moved under _set_aside with a note of the reason
    after = files_under(folder)
    assert sorted(after.values()) == sorted(before.values())
    assert not (folder / name).exists()
    assert (folder / "_set_aside" / name).read_bytes() == before[name]
    note = (folder / "_set_aside" / f"{name}.reason.txt").read_text()
    assert why in note
    assert data.set_aside == [(name, str(folder / "_set_aside" / name))]
    assert store.has_submissions()


def test_a_file_whose_name_is_not_its_token_is_set_aside_without_showing_the_token(tmp_path):
    folder = tmp_path / "c"
    cohort(folder)
    sub = submission()
    misnamed = f"{token()}.json"
    write(folder, misnamed, sub)
    write(folder, "submission (1).json", submission())
    data = load_cohort(folder)
    reasons = dict(data.rejected)
    assert reasons[misnamed] == "its name does not match the token inside it"
    assert sub["token"] not in str(data.rejected)  # the token is a secret: never printed
    assert (folder / "_set_aside" / misnamed).exists()
    assert "left where it is" in reasons["submission (1).json"]
    assert (folder / "submission (1).json").exists()
    assert data.accepted == 0


def test_html_and_script_in_a_reflection_are_kept_verbatim_as_text(tmp_path):
    folder = tmp_path / "c"
    store = cohort(folder)
    text = '<script>alert("hi")</script> & <b>bold</b> "quoted"'
    store.put(_step("00-welcome", reflections={"welcome.hopes": text}))
    data = load_cohort(folder)
    assert data.rejected == []
    assert data.reflections == [{"step": "00-welcome", "prompt": "welcome.hopes", "text": text}]


def test_a_50_mb_file_is_set_aside_without_being_read_into_memory(tmp_path):
    folder = tmp_path / "c"
    cohort(folder, 5)
    big = folder / f"{token()}.json"
    with open(big, "wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: 50 MB to stat, no disk used
    tracemalloc.start()
    try:
        data = load_cohort(folder)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"peak {peak} bytes: the big file was read"
    assert data.accepted == 5
    assert data.rejected == [(big.name, "it is 50.0 MB, more than the 256 KB a submission can "
                                        "be; it was not read")]
    assert (folder / "_set_aside" / big.name).stat().st_size == 50 * 1024 * 1024


def test_a_file_just_over_the_cap_is_rejected_and_one_under_is_read(tmp_path):
    folder = tmp_path / "c"
    cohort(folder)
    ok = submission()
    ok["steps"]["00-welcome"]["reflections"]["welcome.hopes"] = "x" * 9_000
    write(folder, f"{ok['token']}.json", ok)
    padded = json.dumps(submission()) + " " * MAX_BYTES
    write(folder, f"{token()}.json", padded)
    data = load_cohort(folder)
    assert data.accepted == 1
    assert "more than the 256 KB" in data.rejected[0][1]


def test_temp_files_of_an_interrupted_writer_are_never_read(tmp_path):
    folder = tmp_path / "c"
    store = cohort(folder, 1)
    sub = submission()
    half = json.dumps(sub)[:40]
    write(folder, f".{sub['token']}.json.k3j4l5.tmp", half)          # killed mid-write
    write(folder, f".{token()}.json.abcdef.tmp", json.dumps(submission()))  # killed before rename
    data = load_cohort(folder)
    assert data.accepted == 1
    assert data.rejected == []
    assert sub["token"] not in data.tokens
    assert (folder / f".{sub['token']}.json.k3j4l5.tmp").exists()  # left alone, not deleted
    assert store.count() == 1


def test_links_and_folders_are_reported_and_never_followed(tmp_path):
    folder = tmp_path / "c"
    cohort(folder, 1)
    outside = tmp_path / "private.json"
    secret = submission()
    outside.write_text(json.dumps(secret))
    (folder / f"{secret['token']}.json").symlink_to(outside)
    odd = f"{token()}.json"
    (folder / odd).mkdir()
    data = load_cohort(folder)
    reasons = dict(data.rejected)
    assert "link" in reasons[f"{secret['token']}.json"]
    assert "folder" in reasons[odd]
    assert data.accepted == 1
    assert secret["token"] not in data.tokens
    assert outside.read_text() == json.dumps(secret)  # the link's target is untouched
    assert (folder / odd).is_dir()  # a folder is reported, not moved


def test_a_file_not_named_like_a_submission_is_reported_and_never_moved(tmp_path):
    folder = tmp_path / "c"
    cohort(folder, 5)
    write(folder, "journal.json", {"schema": 1, "steps": {}})
    write(folder, "abc.json", submission(tok="abc"))
    write(folder, "notes.txt", "my notes")
    before = files_under(folder)
    data = load_cohort(folder)
    reasons = dict(data.rejected)
    assert set(reasons) == {"journal.json", "abc.json", "notes.txt"}
    assert all("left where it is" in why for why in reasons.values())
    assert data.accepted == 5
    assert files_under(folder) == before
    assert not (folder / "_set_aside").exists()


def test_check_mode_reports_without_moving_anything(tmp_path):
    folder = tmp_path / "c"
    cohort(folder, 2)
    write(folder, f"{token()}.json", "{broken")
    before = files_under(folder)
    data = load_cohort(folder, set_aside=False)
    assert len(data.rejected) == 1
    assert data.set_aside == []
    assert files_under(folder) == before


def test_a_folder_without_settings_is_refused_and_nothing_in_it_is_touched(tmp_path):
    """Typing the wrong folder (one's own journal folder, say) must never move a file."""
    folder = tmp_path / "home"
    folder.mkdir()
    FolderStore(folder).put(submission(code="ANY-CODE"))
    (folder / "journal.json").write_text('{"schema": 1, "steps": {}}')
    (folder / "broken.json").write_text("{not json")
    before = files_under(folder)
    with pytest.raises(StoreError, match="not a cohort folder.*Nothing in it was read or moved"):
        load_cohort(folder)
    assert files_under(folder) == before
    assert not (folder / "_set_aside").exists()


def test_damaged_settings_stop_the_load_with_a_plain_error(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    write(folder, "settings.json", {"schema": 1, "code": "X", "min_group": 2})
    with pytest.raises(StoreError, match="cannot be below 3"):
        load_cohort(folder)


def test_a_missing_folder_is_a_plain_error(tmp_path):
    with pytest.raises(StoreError, match="There is no cohort folder"):
        load_cohort(tmp_path / "nowhere")


def test_a_report_may_raise_min_group_but_never_lower_it(tmp_path):
    folder = tmp_path / "c"
    cohort(folder, 6, min_group=6)
    assert load_cohort(folder, min_group=8).settings.min_group == 8
    with pytest.raises(privacy.PrivacyError, match="cannot be lowered to 5"):
        load_cohort(folder, min_group=5)
    with pytest.raises(privacy.PrivacyError, match="cannot be below 3"):
        load_cohort(folder, min_group=2)


def test_progress_is_reported_to_the_end(tmp_path, monkeypatch):
    from interdependence.cohort import loader

    monkeypatch.setattr(loader, "PROGRESS_EVERY", 3)
    folder = tmp_path / "c"
    cohort(folder, 7)
    seen = []
    load_cohort(folder, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(3, 7), (6, 7), (7, 7)]


def test_only_keeps_the_chosen_participants_in_every_table(tmp_path):
    folder = tmp_path / "c"
    store = cohort(folder)
    subs = [submission() for _ in range(3)]
    for sub in subs:
        store.put(sub)
    data = load_cohort(folder)
    keep = {subs[0]["token"], subs[2]["token"]}
    part = data.only(keep)
    assert set(part.ratings["token"]) == keep
    assert set(part.summaries["token"]) == keep
    assert set(part.participation["token"]) == keep
    assert len(part.reflections) == 2
    assert part.tokens == keep
    assert data.accepted == 3  # the original is unchanged


def test_open_store_takes_a_folder_a_store_or_refuses_an_empty_location(tmp_path):
    store = open_store(tmp_path)
    assert isinstance(store, FolderStore)
    assert open_store(store) is store
    with pytest.raises(StoreError, match="No cohort folder"):
        open_store("  ")


def test_records_come_from_the_store_interface_so_any_store_can_be_loaded(tmp_path):
    """A store that yields dicts (as a database store would) is validated the same way."""
    from interdependence.cohort import CohortSettings, Store

    good, bad = submission(), submission(asking=9)

    class MemoryStore(Store):
        location = "memory"

        def records(self):
            yield f"{good['token']}.json", good
            yield f"{bad['token']}.json", bad
            yield f"{good['token']}.json", good  # a duplicate token

        def count(self):
            return 3

        def settings(self):
            return CohortSettings(CODE, 5)

        def set_aside(self, name, reason):
            self.aside.append((name, reason))
            return "aside"

        aside = []
        put = delete = _save_settings = has_submissions = None
        set_aside_records = delete_set_aside = None

    store = MemoryStore()
    data = load_cohort(store)
    assert data.tokens == {good["token"]}
    assert [r for _, r in data.rejected] == [
        "00-welcome: rating sign.asking is 9; a rating is a whole number from 1 to 5, or null",
        "another submission has the same token"]
    assert len(store.aside) == 2


def test_folder_store_refuses_tokens_that_are_paths(tmp_path):
    store = cohort(tmp_path / "c")
    (tmp_path / "victim.json").write_text("keep me")
    for bad in ("../victim", "../../etc/passwd", "a/b" * 8, "", None, "x" * 65):
        with pytest.raises(StoreError, match="not a valid token"):
            store.delete(bad)
        with pytest.raises(StoreError, match="not a valid token"):
            store.put({"token": bad})
    assert (tmp_path / "victim.json").read_text() == "keep me"
    assert store.set_aside("../victim.json", "x") is None
    assert store.delete_set_aside("../../victim.json") is False
    assert (tmp_path / "victim.json").exists()


def test_set_aside_never_overwrites_an_earlier_set_aside_file(tmp_path):
    folder = tmp_path / "c"
    cohort(folder)
    name = f"{token()}.json"
    write(folder, name, "{first")
    load_cohort(folder)
    write(folder, name, "{second")
    load_cohort(folder)
    aside = folder / "_set_aside"
    assert (aside / name).read_text() == "{first"
    assert (aside / f"{name}.1").read_text() == "{second"


def test_submission_files_are_written_atomically_with_restricted_permissions(tmp_path):
    store = cohort(tmp_path / "c")
    sub = submission()
    path = store.put(sub)
    assert json.loads(Path(path).read_text()) == sub
    assert oct(os.stat(path).st_mode & 0o777) == oct(0o640)
    assert [p.name for p in (tmp_path / "c").iterdir() if p.name.startswith(".")] == []
