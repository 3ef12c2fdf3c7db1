"""The facilitator's dashboard, driven through its widgets: load, refresh, live, export."""

import asyncio
import html
import json
import shutil
from pathlib import Path

from cohort_fakes import CHECK_IN, cohort, loop_if_running, realistic, token_of, write_folder

from interdependence import curriculum as _curriculum
from interdependence import paths, privacy
from interdependence.privacy import hidden_message
from interdependence.views import dashboard as dashboard_view
from interdependence.views.style import esc

CURRICULUM = _curriculum.default()

BROKEN = "Zk3pQx9LmN2vR7tY4wE8aB.json"  # a submission's name with bad content


def _folder(tmp_path, people=8, seed=1, name="cohort"):
    return write_folder(tmp_path / name, realistic(CURRICULUM, people=people, seed=seed))


def _add_people(folder, count, start):
    """New participants sharing the check-in, as a share panel would write them."""
    for i in range(start, start + count):
        token = token_of(f"new{i:04d}")
        sub = {"schema": 2, "token": token, "cohort": "TEST", "date": "2026-11-20",
               "steps": {CHECK_IN: {"ratings": {"sign.asking": 4, "sign.uneasy_relying": 2}}}}
        (folder / f"{token}.json").write_text(json.dumps(sub), encoding="utf-8")


def _all_html(dash):
    out = []
    for title in dash.section.options:
        dash.section.value = title
        out += [child.value for child in dash.section_view.children]
    return "\n".join(out)



def _dashboard_notebook_words() -> str:
    """The dashboard notebook's Markdown, its whitespace made single spaces."""
    notebook = Path(__file__).resolve().parent.parent / "facilitator_guide" / \
        "cohort-dashboard.ipynb"
    return " ".join(" ".join("".join(cell["source"]) for cell in json.loads(
        notebook.read_text(encoding="utf-8"))["cells"] if cell["cell_type"] == "markdown")
        .split())

def test_it_opens_on_the_cohort_named_by_the_environment_else_the_sample(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.COHORT_ENV, raising=False)
    assert dashboard_view.default_source() == str(paths.data_dir() / "sample-cohort")
    folder = _folder(tmp_path)
    monkeypatch.setenv(paths.COHORT_ENV, str(folder))
    dash = dashboard_view.open_dashboard()
    assert dash.source.value == str(folder)
    assert dash.loaded.accepted == 8
    assert "Showing 8 people in the charts" in dash.status.value
    # the report's words on who is not in the charts, folded under the counts
    assert "<summary>Who is not in the charts?</summary>" in dash.status.value
    hidden = privacy.hidden_in(dash.panels)
    assert esc(privacy.not_in_charts(dash.loaded.min_group, 0, *hidden)) in dash.status.value
    # the count at the top says what it is out of: the busiest step, not everyone
    assert f"people in the charts ({privacy.HEADCOUNT_WORDS}; as at the last update)" in \
        dash.status.value
    assert f"· {privacy.hidden_counts(*hidden)}" in dash.status.value


def test_in_the_facilitators_app_only_the_fixed_cohort_is_shown(monkeypatch, tmp_path):
    """INTERDEPENDENCE_COHORT_FIXED=1 (interdependence facilitator-app): no path box, and a
    path sent into the hidden box anyway (a crafted widget message) loads nothing else."""
    fixed, other = _folder(tmp_path, people=8), _folder(tmp_path, people=6, name="other")
    monkeypatch.setenv(paths.COHORT_ENV, str(fixed))
    monkeypatch.setenv(paths.COHORT_FIXED_ENV, "1")
    dash = dashboard_view.open_dashboard(str(other))  # an argument does not win either
    assert dash.fixed == str(fixed)
    assert dash.source.layout.display == dash.load_button.layout.display == "none"
    assert dash.source.disabled
    assert dash.load_button.disabled
    assert "one cohort, chosen when the app was started" in dash.fixed_note.value
    assert dash.loaded.accepted == 8
    dash.source.value = str(other)
    dash.load()
    dash.refresh()
    assert dash.loaded.accepted == 8
    assert str(other) not in dash.status.value


def test_without_the_app_the_cohort_box_is_there_and_loads_what_is_typed(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.COHORT_FIXED_ENV, "0")
    dash = dashboard_view.open_dashboard(str(_folder(tmp_path, people=8)))
    assert dash.fixed is None
    assert dash.source.layout.display != "none"
    assert not dash.source.disabled
    assert dash.fixed_note.value == ""
    dash.source.value = str(_folder(tmp_path, people=6, name="other"))
    dash.load()
    assert dash.loaded.accepted == 6


def test_charts_are_shown_by_step_with_prompts(tmp_path):
    dash = dashboard_view.open_dashboard(str(_folder(tmp_path, people=12)))
    titles = list(dash.section.options)
    assert titles[0] == "The whole group"
    # it opens on the first section, already drawn
    assert dash.section.value == "The whole group"
    assert "".join(c.value for c in dash.section_view.children).count("<img") == 1
    assert "Step 3 of 7: Start small" in titles
    dash.section.value = titles[-1]  # the close: signs at close and the before/after dumbbell
    assert "".join(c.value for c in dash.section_view.children).count("<img") == 2
    assert not any("Pinpoint" in t for t in titles)  # step 1 is never shared
    dash.section.value = "Step 3 of 7: Start small"
    shown = "".join(c.value for c in dash.section_view.children)
    # first ask, discomfort, and the ratings: one chart per answer scale (how often, agree)
    assert shown.count("<img") == 4
    assert "To discuss" in shown
    assert html.escape("How did the discomfort people expected compare") in shown


def test_a_step_with_four_contributors_shows_the_hidden_message(tmp_path):
    dash = dashboard_view.open_dashboard(str(_folder(tmp_path, people=4)))
    everything = _all_html(dash)
    assert "<img" not in everything
    assert html.escape(hidden_message(5)) in everything


def test_a_script_in_a_reflection_is_shown_as_text(tmp_path):
    base = realistic(CURRICULUM, people=6, seed=2)
    attack = "<script>alert('x')</script>"
    shared = [{"step": CHECK_IN, "prompt": "welcome.hopes", "text": attack} for _ in range(5)]
    folder = write_folder(tmp_path / "c", cohort(base.ratings.itertuples(index=False),
                                                 base.summaries.itertuples(index=False), shared))
    dash = dashboard_view.open_dashboard(str(folder))
    dash.section.value = "Check-in: Welcome and check-in"
    shown = "".join(c.value for c in dash.section_view.children)
    assert html.escape(attack) in shown
    assert "<script>" not in shown


def test_rejected_files_are_reported_with_their_reason_escaped(tmp_path):
    folder = _folder(tmp_path)
    (folder / "<b>odd.json").write_text("{}", encoding="utf-8")
    (folder / BROKEN).write_text("{oops", encoding="utf-8")
    dash = dashboard_view.open_dashboard(str(folder))
    report = dash.set_aside().value
    assert BROKEN in report
    assert "not valid JSON" in report
    assert "&lt;b&gt;odd.json" in report
    assert "<b>odd" not in report
    assert "2 set aside" in dash.status.value


def test_a_missing_folder_is_said_plainly_and_another_can_be_loaded(tmp_path):
    dash = dashboard_view.open_dashboard(str(tmp_path / "nowhere"))
    assert "There is no folder at" in dash.problems.value
    assert dash.loaded is None
    assert dash.section.options == ()
    dash.source.value = str(_folder(tmp_path))
    dash.load_button.click()
    assert dash.loaded.accepted == 8
    assert dash.problems.value == ""


def test_refresh_reveals_new_people_only_in_batches_of_min_group(tmp_path):
    folder = _folder(tmp_path, people=8)
    dash = dashboard_view.open_dashboard(str(folder))
    assert len(dash.shown.tokens) == 8
    before = [p.n for p in dash.panels]
    _add_people(folder, 3, start=0)
    dash.refresh_button.click()
    assert dash.loaded.accepted == 11
    assert len(dash.shown.tokens) == 8, "three newcomers must not change the charts"
    assert [p.n for p in dash.panels] == before
    assert "Fewer than 5 people have sent, changed or withdrawn answers" in \
        dash.live_status.value
    assert "3" not in dash.live_status.value  # never the exact number below min_group
    _add_people(folder, 2, start=3)
    dash.refresh_button.click()
    assert len(dash.shown.tokens) == 13
    # loading the same folder again does not start a new round that would reveal one person
    _add_people(folder, 1, start=5)
    dash.load_button.click()
    assert len(dash.shown.tokens) == 13
    dash.close_round_button.click()
    dash.close_round_confirm.click()
    assert len(dash.shown.tokens) == 14
    assert "the round was closed" in dash.live_status.value


def test_live_mode_refreshes_on_a_timer_in_the_event_loop(tmp_path, monkeypatch):
    folder = _folder(tmp_path, people=6, seed=3)
    # Stand in for a live kernel: its loop is the one this scenario runs in.
    monkeypatch.setattr(dashboard_view, "kernel_loop", asyncio.get_running_loop)

    async def scenario():
        dash = dashboard_view.Dashboard(str(folder), live_seconds=0.05)
        dash.live.value = True
        assert dash.live.description == "Live: on"
        _add_people(folder, 5, start=0)
        for _ in range(100):
            await asyncio.sleep(0.05)
            if len(dash.shown.tokens) == 11:
                break
        dash.live.value = False
        return dash

    dash = asyncio.run(scenario())
    assert len(dash.shown.tokens) == 11
    assert dash._task is None
    assert dash.live.description == "Live mode"


def test_live_mode_without_an_event_loop_asks_for_refresh(tmp_path):
    dash = dashboard_view.open_dashboard(str(_folder(tmp_path)))
    dash.live.value = True
    assert "press Refresh" in dash.live_status.value


def test_the_progress_bar_counts_the_files_and_hides_afterwards(tmp_path):
    dash = dashboard_view.open_dashboard(str(_folder(tmp_path, people=7)))
    assert dash.progress.max == 7
    assert dash.progress.value == 7
    assert dash.progress.layout.display == "none"


def test_export_writes_a_png_per_visible_chart_and_the_report(tmp_path):
    dash = dashboard_view.open_dashboard(str(_folder(tmp_path, people=10)))
    target = tmp_path / "export"
    dash.export_folder.value = str(target)
    dash.export_button.click()
    visible = [p for p in dash.panels if p.visible and p.kind != "reflections"]
    pngs = sorted(target.glob("*.png"))
    assert len(pngs) == len(visible) > 5
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
    report = (target / "report.html").read_text(encoding="utf-8")
    assert report.count("<img") == len(visible)
    assert f"Saved {len(visible)} charts" in dash.export_status.value
    # the shared reflections only when the box is ticked (they were shared with the group)
    assert not dash.export_reflections.value
    assert "interdep-reflections" not in report
    assert "shared reflections left out" in dash.export_status.value
    assert any(p.kind == "reflections" and p.visible for p in dash.panels)
    dash.export_reflections.value = True
    dash.export_button.click()
    report = (target / "report.html").read_text(encoding="utf-8")
    assert "interdep-reflections" in report
    assert "shared reflections included" in dash.export_status.value


def test_export_to_a_folder_that_cannot_be_written_says_so(tmp_path):
    dash = dashboard_view.open_dashboard(str(_folder(tmp_path)))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dash.export_folder.value = str(blocker / "inside")
    dash.export_button.click()
    assert "could not be written" in dash.export_problems.value
    assert dash.export_status.value == ""


def test_the_sample_cohort_is_never_changed_by_opening_it(tmp_path, monkeypatch):
    # A stand-in for data/: a bad file in the bundled sample is reported, not moved.
    data = tmp_path / "data"
    shutil.copytree(paths.curriculum_dir(), data / "curriculum")
    folder = write_folder(data / "sample-cohort", realistic(CURRICULUM, people=5))
    (folder / BROKEN).write_text("{", encoding="utf-8")
    monkeypatch.setenv(paths.DATA_ENV, str(data))
    monkeypatch.delenv(paths.COHORT_ENV, raising=False)
    dash = dashboard_view.open_dashboard()
    assert dash.loaded.rejected
    assert (folder / BROKEN).exists()
    assert not (folder / "_set_aside").exists()


def test_a_damaged_settings_file_is_said_plainly(tmp_path):
    folder = _folder(tmp_path)
    (folder / "settings.json").write_text("{damaged", encoding="utf-8")
    dash = dashboard_view.open_dashboard(str(folder))
    assert dash.loaded is None
    assert "settings.json" in dash.problems.value


def test_loading_again_never_shows_one_withdrawal_or_one_changed_resubmission(tmp_path):
    """Between reveals, Load must show the last snapshot, not the folder as it is now."""
    folder = _folder(tmp_path, people=8, seed=5)
    first = dashboard_view.open_dashboard(str(folder))
    before_tokens = first.shown.tokens
    before_ratings = first.shown.ratings.copy()
    files = sorted(folder.glob("*.json"))
    files = [f for f in files if f.name != "settings.json"]
    files[0].unlink()  # one participant withdraws
    changed = json.loads(files[1].read_text())  # another re-shares with other answers
    for body in changed["steps"].values():
        for item in body.get("ratings", {}):
            body["ratings"][item] = 1
    files[1].write_text(json.dumps(changed))
    again = dashboard_view.open_dashboard(str(folder))
    assert again.shown.tokens == before_tokens
    assert again.shown.ratings.equals(before_ratings)

    def counts(dash):  # every panel's n and key (reflections are reshuffled on each draw)
        return [(p.key, p.n, p.visible) for p in dash.panels]

    assert counts(again) == counts(first)
    again.close_round()  # the facilitator chooses to end the round: now it shows
    assert len(again.shown.tokens) == len(before_tokens) - 1


def _pictures(page_html: str) -> list[str]:
    """The charts' PNGs in shown HTML (reflection lists come in a fresh random order at
    each load, so whole pages of two loads differ)."""
    import re

    return re.findall(r'src="(data:image/png;base64,[^"]+)"', page_html)


def _counting_panel_html(monkeypatch) -> list:
    """Every panel the dashboard draws, in order (report.page.panel_html, counted)."""
    from interdependence.report import page

    drawn, real = [], page.panel_html

    def counted(panel, prompts, phone=False, pictures=None):
        drawn.append(panel.key)
        return real(panel, prompts, phone, pictures)

    monkeypatch.setattr(page, "panel_html", counted)
    return drawn


async def _until_drawn_ahead(dash, seconds: float = 4.0) -> None:
    """Let the event loop run until the dashboard has drawn every step ahead (or give up)."""
    for _ in range(int(seconds / 0.01)):
        await asyncio.sleep(0.01)
        if dash._ahead is None and not dash.phones_waiting:
            return


def _counting_pictures(monkeypatch) -> list:
    """Every chart picture the dashboard draws or takes from the kept ones, in order:
    (panel key, phone layout or not)."""
    drawn, real = [], dashboard_view.Dashboard._picture

    def counted(self, panel, phone):
        drawn.append((panel.key, phone))
        return real(self, panel, phone)

    monkeypatch.setattr(dashboard_view.Dashboard, "_picture", counted)
    return drawn


def test_in_a_kernel_every_step_is_drawn_ahead_so_choosing_one_draws_nothing(tmp_path,
                                                                              monkeypatch):
    folder = _folder(tmp_path, people=12)
    on_demand = _pictures(_all_html(dashboard_view.open_dashboard(str(folder))))
    made = _counting_panel_html(monkeypatch)
    drawn = _counting_pictures(monkeypatch)
    monkeypatch.setattr(dashboard_view, "kernel_loop", loop_if_running)
    monkeypatch.setattr(dashboard_view, "AHEAD_PAUSE", 0.001)
    monkeypatch.setattr(dashboard_view, "AHEAD_START", 0.001)

    async def scenario():
        dash = dashboard_view.Dashboard(str(folder))
        assert len(set(made)) < len(dash.panels), "only the first step is drawn before it shows"
        await _until_drawn_ahead(dash)
        return dash

    dash = asyncio.run(scenario())
    assert set(made) == {p.key for p in dash.panels}  # every panel made
    charts = [p.key for p in dash.panels if p.visible and p.kind != "reflections"]
    # each chart's picture in each layout once (the first step's second layout followed)
    assert sorted(drawn) == sorted((key, phone) for key in charts for phone in (False, True))
    before = len(drawn), len(made)
    assert _pictures(_all_html(dash)) == on_demand  # the same pictures as drawn when chosen
    assert (len(drawn), len(made)) == before  # choosing each step drew and made nothing


def _phone_pictures(page_html: str) -> list[str]:
    """The phone layouts' PNGs in shown HTML (a <picture>'s srcset)."""
    import re

    return re.findall(r'srcset="(data:image/png;base64,[^"]+)"', page_html)


async def _all_drawn(dash, turns: int = 400) -> None:
    """Until the pictures waiting for the kernel's idle turns are drawn (at most ``turns``)."""
    for _ in range(turns):
        await asyncio.sleep(0.02)
        if not dash.phones_waiting:
            return


def test_in_a_kernel_a_chosen_step_shows_wide_pictures_first_and_phone_ones_follow(
        tmp_path, monkeypatch):
    """The facilitator waits for the wide pictures only; the phone ones come on the kernel's
    idle turns, with no further click, and are the same as drawn all at once."""
    folder = _folder(tmp_path, people=12)
    plain = dashboard_view.open_dashboard(str(folder))  # no kernel: both layouts at once
    wholes = {}
    for title in list(plain.section.options)[1:]:
        plain.section.value = title
        wholes[title] = "".join(c.value for c in plain.section_view.children)
    # a step with several charts in a phone layout
    title, whole = next((t, h) for t, h in wholes.items() if len(_phone_pictures(h)) > 1)
    monkeypatch.setattr(dashboard_view, "kernel_loop", loop_if_running)
    monkeypatch.setattr(dashboard_view, "AHEAD_START", 60.0)  # no drawing ahead here
    seen = {}

    async def scenario():
        dash = dashboard_view.Dashboard(str(folder))
        dash.section.value = title
        first = "".join(c.value for c in dash.section_view.children)
        seen["first"] = first
        assert _pictures(first) == _pictures(whole)  # every wide picture at once
        assert not _phone_pictures(first)  # no phone picture drawn yet
        assert dash.phones_waiting
        await _all_drawn(dash)  # no further action: the loop only turns
        later = "".join(c.value for c in dash.section_view.children)
        assert _phone_pictures(later) == _phone_pictures(whole)
        assert _pictures(later) == _pictures(whole)

    asyncio.run(scenario())
    assert seen["first"]


def test_on_a_phone_a_chosen_step_shows_phone_pictures_first_and_wide_ones_follow(
        tmp_path, monkeypatch):
    """The page said its screen is narrow (views/viewport.py): the phone pictures come first,
    standing in for the wide ones until those are drawn on the kernel's idle turns."""
    from interdependence.views import viewport

    folder = _folder(tmp_path, people=12)
    plain = dashboard_view.open_dashboard(str(folder))  # no kernel: both layouts at once
    plain.section.value = title = list(plain.section.options)[1]
    whole = "".join(c.value for c in plain.section_view.children)
    assert _phone_pictures(whole)
    monkeypatch.setattr(dashboard_view, "kernel_loop", loop_if_running)
    monkeypatch.setattr(dashboard_view, "AHEAD_START", 60.0)
    monkeypatch.setattr(viewport, "_SCREEN", viewport.Viewport(narrow=True))

    async def scenario():
        dash = dashboard_view.Dashboard(str(folder))
        dash.section.value = title
        first = "".join(c.value for c in dash.section_view.children)
        assert _phone_pictures(first) == _phone_pictures(whole)  # every phone picture at once
        assert set(_pictures(first)) == set(_phone_pictures(whole))  # standing in for wide
        assert dash.phones_waiting
        await _all_drawn(dash)
        later = "".join(c.value for c in dash.section_view.children)
        assert _pictures(later) == _pictures(whole)
        assert _phone_pictures(later) == _phone_pictures(whole)

    asyncio.run(scenario())


def test_a_new_reveal_drops_phone_pictures_still_waiting(tmp_path, monkeypatch):
    folder = _folder(tmp_path, people=8)
    monkeypatch.setattr(dashboard_view, "kernel_loop", loop_if_running)
    monkeypatch.setattr(dashboard_view, "AHEAD_START", 60.0)

    async def scenario():
        dash = dashboard_view.Dashboard(str(folder))
        assert dash.phones_waiting  # the first step's, shown as it opens
        old = list(dash._phones)
        _add_people(folder, 5, start=0)
        dash.refresh_button.click()  # a new revealed state: the old phone pictures are dropped
        assert all(p.action is None for p in old)
        await asyncio.sleep(0.5)
        return dash

    dash = asyncio.run(scenario())
    assert len(dash.shown.tokens) == 13


def test_a_new_reveal_never_shows_charts_drawn_ahead_of_the_old_one(tmp_path, monkeypatch):
    folder = _folder(tmp_path, people=8)
    monkeypatch.setattr(dashboard_view, "kernel_loop", loop_if_running)
    monkeypatch.setattr(dashboard_view, "AHEAD_PAUSE", 0.001)
    monkeypatch.setattr(dashboard_view, "AHEAD_START", 0.001)

    async def scenario():
        dash = dashboard_view.Dashboard(str(folder))
        await asyncio.sleep(0.05)  # some steps drawn ahead of the 8 people's state
        _add_people(folder, 5, start=0)
        dash.refresh_button.click()  # 13 people now: a new revealed state
        await _until_drawn_ahead(dash)
        return dash

    dash = asyncio.run(scenario())
    assert len(dash.shown.tokens) == 13
    shown = _pictures(_all_html(dash))
    assert shown
    assert shown == _pictures(_all_html(dashboard_view.open_dashboard(str(folder))))


def test_the_dashboard_notebook_s_words_fit_a_real_cohort_and_the_sample_alike():
    """The review: opened on a real cohort, it still said "It opens on the synthetic sample
    cohort" and "The sample cohort is never changed"; step 1 was missing with no word why."""


    words = _dashboard_notebook_words()
    assert "It opens on the synthetic sample cohort" not in words
    assert "The sample cohort is never changed" not in words
    assert "when one is set for you" in words
    assert "with none set" in words
    assert "Step 1 is not in the list: its answers stay private and are never shared." in words


def test_the_header_names_a_folder_by_its_name_never_its_full_path(tmp_path):
    """On a projector the header showed the whole path, the facilitator's home folder with
    it (facilitator review)."""
    folder = _folder(tmp_path, people=6, seed=3)
    dash = dashboard_view.Dashboard(str(folder))
    dash.load_button.click()
    assert f"folder {folder.name}" in dash.status.value
    assert str(folder.parent) not in dash.status.value
    assert dashboard_view.on_screen("postgresql://db.example/cohort=A") == (
        "postgresql://db.example/cohort=A")


def test_close_the_round_asks_in_place_says_whether_changes_wait_and_clears_after(tmp_path):
    """A facilitator review: the question did not say how many changes wait, pushed the page
    down, and its risk sentence stayed after the round was closed. It says that fewer than
    min_group wait (never the number: that is what must not be shown), stands where the words
    on what is waiting stood with its answers in the buttons' row, and is gone once closed."""
    folder = _folder(tmp_path, people=8)
    dash = dashboard_view.open_dashboard(str(folder))
    controls = dash.controls()
    row = next(c for c in controls.children
               if isinstance(c, dashboard_view.w.HBox) and dash.close_round_button in c.children)
    assert dash.close_round_confirm in row.children
    assert dash.close_round_cancel in row.children
    order = list(controls.children)
    assert order.index(dash.close_round_question) == order.index(dash.live_status) + 1

    dash.close_round_button.click()  # nothing waits yet
    assert "nothing was waiting" in dash.close_round_question.value
    dash.close_round_cancel.click()
    assert dash.close_round_question.layout.display == "none"
    assert dash.close_round_question.value == ""
    assert dash.live_status.layout.display is None

    _add_people(folder, 3, start=0)
    dash.refresh_button.click()
    dash.close_round_button.click()
    question = dash.close_round_question.value
    assert dash.close_round_question.layout.display is None
    assert "Fewer than 5 new, withdrawn or changed submissions are waiting" in question
    assert "3" not in question  # never the exact number below min_group
    assert esc(privacy.close_round_risk(5)) in question
    assert dash.live_status.layout.display == "none"  # the question stands in its place
    assert dash.close_round_button.disabled

    dash.close_round_confirm.click()
    assert len(dash.shown.tokens) == 11
    assert "the round was closed" in dash.live_status.value
    assert dash.live_status.layout.display is None
    assert dash.close_round_question.value == ""
    assert dash.close_round_question.layout.display == "none"
    assert dash.close_round_confirm.layout.display == "none"
    assert not dash.close_round_button.disabled
    # the risk was said when asked; after closing it is not repeated
    assert esc(privacy.close_round_risk(5)) not in dash.live_status.value
    assert "work out those people's answers" not in dash.live_status.value


def test_the_dashboard_notebook_promises_only_what_the_charts_keep():
    """A facilitator review: it said "Only group totals, never one person's answers", but a
    share in a chart of few people, or a dot, can stand for one person."""
    words = _dashboard_notebook_words()
    assert "never one person's answers" not in words
    assert "Group results, with no name, token or date." in words
    assert "a share, or a dot, can stand for one person" in words
    assert "`--min-group 8`" in words


def test_the_dashboard_notebook_says_the_app_has_no_folder_box():
    """A facilitator review: the notebook, shown in the facilitator app too, said "type the
    path... and press Load", but the app shows one cohort and has no box to type in."""
    words = _dashboard_notebook_words()
    assert "type the path of your cohort folder in the box above the charts and press" not in (
        words)
    assert "In JupyterLab, a *Cohort folder* box stands above the charts" in words
    assert "has no such box: it shows the one cohort it was started with" in words
    # what the app shows instead: test_in_the_facilitators_app_only_the_fixed_cohort_is_shown


# ---- a facilitator review: counts, hidden lists, the words while changes wait ------------


def test_the_dashboard_writes_counts_of_a_thousand_or_more_with_a_thousands_separator(
        tmp_path):
    """A facilitator review: "Showing 1519 people". The counts above the charts and the
    captions of the charts shown write "1,519"."""
    import re

    from interdependence.cohort.demo import write_demo_cohort

    write_demo_cohort(tmp_path / "big", count=1200)
    dash = dashboard_view.open_dashboard(str(tmp_path / "big"))
    headcount = dash.shown.headcount
    assert headcount >= 1000
    assert f"Showing {headcount:,} people in the charts" in dash.status.value
    page = re.sub(r"<style>.*?</style>", "", dash.status.value + "".join(
        c.value for c in dash.section_view.children), flags=re.S)
    # the words on the page and the pictures' alt text (not a picture's width="1100")
    shown = html.unescape(" ".join([re.sub(r"<[^>]*>", " ", page),
                                    *re.findall(r'alt="([^"]*)"', page)]))
    assert f"to {headcount:,} for Check-in" in shown  # the participation chart's caption
    assert not re.findall(r"(?<![\d,.#])\d{4,}(?![\d,])", shown)


def _with_shared(tmp_path, name, sharers):
    """A cohort of 8 where ``sharers`` people shared a reflection on the check-in's prompt."""
    data = realistic(CURRICULUM, people=8, seed=3)
    shared = [{"step": CHECK_IN, "prompt": "welcome.hopes", "text": f"words {i}"}
              for i in range(sharers)]
    return write_folder(tmp_path / name, cohort(data.ratings.itertuples(index=False),
                                                data.summaries.itertuples(index=False),
                                                shared))


def test_the_dashboard_and_the_report_count_hidden_lists_of_reflections_the_same(tmp_path):
    """A facilitator review: the dashboard counted a hidden list of reflections among its
    "charts or lists hidden" and the report did not. Both now say "N charts hidden · M lists
    of shared reflections hidden" with the same numbers (a report made without the
    reflections says they were left out), and the number of hidden lists is the same whether
    nobody or fewer than min_group people shared on a question: it never tells that someone
    did (DESIGN.md, privacy model)."""
    from interdependence.report.build import write_report

    said = {}
    for sharers in (0, 2):
        folder = _with_shared(tmp_path, f"shared{sharers}", sharers)
        dash = dashboard_view.open_dashboard(str(folder))
        charts, lists = privacy.hidden_in(dash.panels)
        assert lists  # a number above 0: the lists are counted
        words = privacy.hidden_counts(charts, lists)
        assert f"· {esc(words)}" in dash.status.value
        assert "charts or lists hidden" not in dash.status.value
        with_lists = write_report(folder, tmp_path / f"with{sharers}.html", seed=1,
                                  reflections=True)
        assert (with_lists.hidden, with_lists.hidden_lists) == (charts, lists)
        assert esc(words) in (tmp_path / f"with{sharers}.html").read_text(encoding="utf-8")
        without = write_report(folder, tmp_path / f"without{sharers}.html", seed=1)
        assert without.hidden == charts
        assert esc(privacy.hidden_counts(charts, None)) in \
            (tmp_path / f"without{sharers}.html").read_text(encoding="utf-8")
        said[sharers] = words
    assert said[0] == said[2]  # two people sharing below the threshold change no count


def test_while_changes_wait_the_dashboard_says_plainly_what_to_do_and_no_small_number(
        tmp_path):
    """A facilitator review: the paragraph under the buttons ("Fewer than 5 new, withdrawn or
    changed submissions are waiting in some charts. Each chart, statement and list shows the
    group as it was when it last changed...") did not say what to do. It now says that
    nothing needs doing, that the charts take the answers in on their own, and when and how
    to show them at once; still never how many wait."""
    import re

    folder = _folder(tmp_path, people=8)
    dash = dashboard_view.open_dashboard(str(folder))
    dash.live.value = True  # live mode (without a kernel it asks for Refresh: pressed below)
    _add_people(folder, 3, start=0)
    dash.refresh_button.click()
    words = html.unescape(dash.live_status.value)
    assert "You do not need to do anything" in words
    assert "leave Live mode on, or press Refresh now and then" in words
    assert "take them in on their own once 5 have" in words
    assert "To show them now, for example at the end of the session, press 'Close the round'" \
        in words
    assert "Each chart, statement and list shows the group as it was" not in words
    assert "submissions" not in words
    assert set(re.findall(r"\d+", words)) == {"5"}  # never the 3 waiting
    # the same words say nothing of closing the round while nothing is shown yet
    first = privacy.waiting_to_do(5, anything_shown=False)
    assert "Close the round" not in first
    assert "the charts appear on their own once 5 have shared" in first
