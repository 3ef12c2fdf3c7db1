"""The HTML report: every visible chart embedded, hidden ones say so, all text escaped."""

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cohort_fakes import CHECK_IN, cohort, realistic, write_folder

from interdependence import curriculum as _curriculum
from interdependence.cohort import aggregate
from interdependence.privacy import PrivacyError, hidden_message
from interdependence.report.build import write_report

ROOT = Path(__file__).resolve().parents[1]
CURRICULUM = _curriculum.default()


class Page(HTMLParser):
    """The parts of a report a test looks at: images, scripts, links and visible text."""

    def __init__(self, text):
        super().__init__()
        self.images, self.scripts, self.links, self.text = [], 0, [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            if key in attrs:
                self.links.append(attrs[key])

    def handle_data(self, data):
        self.text.append(data)

BROKEN = "Zk3pQx9LmN2vR7tY4wE8aB.json"  # a submission's name with bad content


def _report(tmp_path, data, **kwargs):
    folder = write_folder(tmp_path / "cohort", data)
    out = tmp_path / "out" / "report.html"
    result = write_report(folder, out, seed=1, **kwargs)
    return result, out.read_text(encoding="utf-8")


def test_report_embeds_one_image_with_alt_text_per_visible_chart(tmp_path):
    data = realistic(CURRICULUM, people=20, seed=4)
    result, text = _report(tmp_path, data)
    page = Page(text)
    panels = aggregate.all_panels(data, CURRICULUM, seed=1)
    visible_charts = [p for p in panels if p.visible and p.kind != "reflections"]
    assert len(page.images) == result.charts == len(visible_charts) > 10
    for image in page.images:
        assert image["src"].startswith("data:image/png;base64,")
        assert len(image["alt"]) > 30
        assert image["alt"].endswith(".")
    assert result.accepted == 20
    assert result.rejected == 0


def test_report_is_self_contained_with_no_script_and_no_outside_links(tmp_path):
    _, text = _report(tmp_path, realistic(CURRICULUM, people=12, seed=2))
    page = Page(text)
    assert page.scripts == 0
    assert all(link.startswith("data:") or link.startswith("#") for link in page.links)


def test_a_cohort_of_four_shows_no_chart_only_the_hidden_message(tmp_path):
    data = realistic(CURRICULUM, people=4, seed=1)
    result, text = _report(tmp_path, data)
    page = Page(text)
    assert page.images == []
    # nothing is revealed until min_group people have shared (cohort/reveal.py)
    assert result.charts == 0
    assert result.hidden > 10
    assert result.accepted == 0
    assert "fewer than 5 people have shared" in text
    # once per hidden panel, and once in the note at the top that explains the rule
    assert text.count(html.escape(hidden_message(5))) == result.hidden + 1


def test_script_in_a_reflection_is_escaped_in_the_report(tmp_path):
    base = realistic(CURRICULUM, people=8, seed=3)
    attack = '<script>alert("hi")</script><img src=x onerror=alert(1)>'
    shared = [{"step": CHECK_IN, "prompt": "welcome.hopes", "text": f"{attack} {i}"}
              for i in range(6)]
    data = cohort(base.ratings.itertuples(index=False), base.summaries.itertuples(index=False),
                  shared)
    result, text = _report(tmp_path, data, reflections=True)
    page = Page(text)
    assert page.scripts == 0
    assert "<script>" not in text
    assert html.escape(attack) in text
    assert sum(attack in chunk for chunk in page.text) == 6  # shown, as text, six times
    assert len(page.images) == result.charts  # the injected <img> is not an image


def test_rejected_files_are_listed_with_their_reason_and_kept(tmp_path):
    folder = write_folder(tmp_path / "cohort", realistic(CURRICULUM, people=6, seed=5))
    (folder / BROKEN).write_text("{not json", encoding="utf-8")
    out = tmp_path / "report.html"
    result = write_report(folder, out)
    assert result.rejected == 1
    assert result.accepted == 6
    text = out.read_text(encoding="utf-8")
    assert BROKEN in text
    assert "not valid JSON" in text
    assert list(folder.rglob(BROKEN))  # set aside, never deleted


def test_min_group_may_be_raised_but_never_lowered(tmp_path):
    data = realistic(CURRICULUM, people=8, seed=6)
    folder = write_folder(tmp_path / "cohort", data)
    strict = write_report(folder, tmp_path / "strict.html", min_group=9)
    assert strict.charts == 0
    assert strict.min_group == 9
    assert html.escape(hidden_message(9)) in (tmp_path / "strict.html").read_text()
    with pytest.raises(PrivacyError):
        write_report(folder, tmp_path / "loose.html", min_group=3)
    assert not (tmp_path / "loose.html").exists()


def test_every_chart_has_two_or_three_discussion_prompts():
    prompts = _curriculum.load_discussion()
    panels = aggregate.all_panels(realistic(CURRICULUM, people=20), CURRICULUM)
    keys = {p.key for p in panels if p.kind != "reflections"}
    assert keys <= set(prompts.charts), keys - set(prompts.charts)
    assert set(prompts.charts) <= keys, set(prompts.charts) - keys  # no stale keys
    for key, questions in prompts.charts.items():
        assert 2 <= len(questions) <= 3, key
        assert all(q.rstrip().endswith("?") or q.rstrip().endswith(".") for q in questions)
    assert 2 <= len(prompts.reflections) <= 3


def test_a_broken_dashboard_yaml_is_named_with_its_fault_and_the_report_needs_none(
        tmp_path, monkeypatch):
    """The prompts go through the item bank's validation: the error names file and fault.
    The report shows no prompts, so a broken prompts file does not stop it."""
    import shutil

    import yaml

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "curriculum", data / "curriculum")
    prompts_file = data / "curriculum" / "dashboard.yaml"
    raw = yaml.safe_load(prompts_file.read_text(encoding="utf-8"))
    raw["charts"]["participation"] = [{"not": "a question"}]
    prompts_file.write_text(yaml.safe_dump(raw), encoding="utf-8")
    monkeypatch.setenv("INTERDEPENDENCE_DATA", str(data))
    with pytest.raises(_curriculum.CurriculumError) as caught:
        _curriculum.load_discussion()
    assert "dashboard.yaml: chart 'participation': question 1 should be text" in str(
        caught.value)
    folder = write_folder(tmp_path / "cohort", realistic(CURRICULUM, people=8, seed=6))
    out = tmp_path / "report.html"
    assert write_report(folder, out).charts > 0
    assert "To discuss" not in out.read_text(encoding="utf-8")


def test_the_sample_cohort_report_has_an_image_per_visible_chart(tmp_path):
    sample = ROOT / "data" / "sample-cohort"
    if not (sample / "settings.json").exists():
        pytest.skip("data/sample-cohort is not there yet (made by `interdependence demo-cohort`)")
    import shutil

    copy = tmp_path / "sample"
    shutil.copytree(sample, copy)  # the loader may set files aside; keep the repo's copy clean
    out = tmp_path / "sample.html"
    result = write_report(copy, out)
    page = Page(out.read_text(encoding="utf-8"))
    assert result.accepted >= 20
    assert result.charts >= 10
    assert len(page.images) == result.charts
    assert all(image.get("alt") for image in page.images)


def test_set_aside_names_cannot_reorder_the_report(tmp_path):
    from interdependence.report.page import rejected_html

    page = rejected_html([("evil\u202egnp.json\x1b[2J", "reason \u2066x\u2069")])
    assert "\u202e" not in page
    assert "\x1b" not in page
    assert "\u2066" not in page
    assert "\\u202e" in page
    assert "\\x1b" in page


# ---- a page a person can find their way around (issue 12, item 16) -------------------------


class Outline(HTMLParser):
    """Landmarks, headings (level, id, the landmarks around them), links, pictures, and any
    text outside every landmark."""

    LANDMARKS = {"header", "nav", "main", "footer"}

    def __init__(self, text):
        super().__init__()
        self.open: list[str] = []
        self.landmarks: list[str] = []
        self.headings: list[tuple[int, str | None, tuple[str, ...]]] = []
        self.ids: set[str] = set()
        self.links: list[tuple[str, tuple[str, ...]]] = []
        self.sources: list[dict] = []
        self.outside: list[str] = []
        self.html_lang = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag in self.LANDMARKS:
            self.landmarks.append(tag)
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append((int(tag[1]), attrs.get("id"), tuple(self.open)))
        if tag == "a":
            self.links.append((attrs.get("href", ""), tuple(self.open)))
        if tag == "source":
            self.sources.append(attrs)
        if tag in self.LANDMARKS:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.LANDMARKS and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_data(self, data):
        if data.strip() and not self.open and self.lasttag not in ("style", "title"):
            self.outside.append(data.strip())


@pytest.fixture(scope="module")
def outline(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("outline")
    folder = write_folder(tmp / "cohort", realistic(CURRICULUM, people=20, seed=4))
    out = tmp / "report.html"
    write_report(folder, out, seed=1)
    return Outline(out.read_text(encoding="utf-8"))


def test_the_report_has_one_main_and_every_word_inside_a_landmark(outline):
    assert outline.html_lang == "en"
    assert outline.landmarks.count("main") == 1
    assert outline.landmarks[0] == "header"
    assert outline.landmarks[-1] == "footer"
    assert "nav" in outline.landmarks
    assert outline.outside == []


def test_the_first_link_skips_to_the_main_content(outline):
    href, where = outline.links[0]
    assert href == "#main"
    assert where == ("header",)
    assert "main" in outline.ids


def test_the_contents_link_to_every_section_heading_in_order(outline):
    toc = [href[1:] for href, where in outline.links if where == ("nav",)]
    sections = [hid for level, hid, where in outline.headings
                if level == 2 and where == ("main",)]
    assert toc == sections
    assert len(toc) >= 8
    assert toc[-1] == "section-files-set-aside"
    assert all(target in outline.ids for target in toc)


def test_every_section_ends_with_a_link_back_to_the_contents(outline):
    sections = [hid for level, hid, where in outline.headings
                if level == 2 and where == ("main",)]
    back = [where for href, where in outline.links if href == "#contents"]
    assert len(back) == len(sections) >= 8
    assert all(where == ("main",) for where in back)
    assert "contents" in outline.ids  # the nav it goes back to


def test_headings_go_down_one_level_at_a_time(outline):
    levels = [level for level, _, _ in outline.headings]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False))


def test_every_chart_has_a_phone_picture_with_the_same_alt_text(tmp_path):
    data = realistic(CURRICULUM, people=20, seed=4)
    _, text = _report(tmp_path, data)
    page = Page(text)
    outline = Outline(text)
    assert len(outline.sources) == len(page.images) > 10
    for source in outline.sources:
        assert source["media"] == "(max-width: 640px)"
        assert source["srcset"].startswith("data:image/png;base64,")
    for image in page.images:
        assert "max-width:100%" in image["style"]
        assert "height:auto" in image["style"]


def test_the_report_says_who_is_not_in_the_charts_and_never_how_many_people(tmp_path):
    """A reviewer read "N people in the charts" for more made-up people than N, with no word
    on the others: the report says who is left out and why, with no count of people below
    the threshold (only the files set aside, which it lists anyway)."""
    import re

    from interdependence import privacy
    from interdependence.cohort.demo import write_demo_cohort
    from interdependence.report.build import load

    folder = tmp_path / "demo"
    write_demo_cohort(folder, count=60, seed=7)
    (folder / BROKEN).write_text("{ not json", encoding="utf-8")
    data = load(folder, CURRICULUM, set_aside=False)
    assert data.headcount < data.accepted == 60  # some people skipped the busiest step
    out = tmp_path / "report.html"
    result = write_report(folder, out, seed=1, set_aside=False)
    text = " ".join(" ".join(Page(out.read_text(encoding="utf-8")).text).split())
    # "960 out of how many?" (a review): the count says what it is, and why no total
    assert (f"{result.accepted} people in the charts (the most who shared any one step; each "
            "chart gives its own n)") in text
    assert "No total of everyone who shared is given" in text
    said = privacy.not_in_charts(5, 1, result.hidden, result.hidden_lists)
    assert html.unescape(said) in text
    for words in ("shared only some steps", "not shared yet", "withdrew", "fewer than 5",
                  "the 1 file set aside"):
        assert words in said
    # no count of people at all: only the threshold, the file and the hidden charts
    assert set(re.findall(r"\d+", said)) <= {"5", "1", str(result.hidden)}
    assert str(data.accepted - data.headcount) not in re.findall(r"\d+", said)


def test_the_report_leaves_out_the_questions_for_the_room_and_says_where_they_are(tmp_path):
    """The "To discuss" questions speak to a group in the room ("Does that surprise
    anyone?"); a report is read later, perhaps by someone who was not there."""
    from interdependence.report.page import ROOM_QUESTIONS_NOTE

    _, text = _report(tmp_path, realistic(CURRICULUM, people=20, seed=4))
    prompts = _curriculum.load_discussion()
    assert "To discuss" not in text
    assert 'class="prompts"' not in text
    every = [*prompts.reflections, *(q for qs in prompts.charts.values() for q in qs)]
    assert every
    assert not [q for q in every if html.escape(q) in text]
    assert text.count(html.escape(ROOM_QUESTIONS_NOTE)) == 1


def _with_reflections(people=8):
    base = realistic(CURRICULUM, people=people, seed=3)
    shared = [{"step": CHECK_IN, "prompt": "welcome.hopes", "text": f"words-shared-{i}"}
              for i in range(6)]
    return cohort(base.ratings.itertuples(index=False), base.summaries.itertuples(index=False),
                  shared)


def test_a_report_leaves_out_every_shared_reflection_unless_asked_and_says_which(tmp_path):
    """A report can go beyond the room (a manager, an HR file): without ``reflections`` no
    shared word is in it, not even a hidden list, and its top says they were left out."""
    from interdependence.report.page import REFLECTIONS_IN, REFLECTIONS_LEFT_OUT

    data = _with_reflections()
    left_out, text = _report(tmp_path / "default", data)
    assert "words-shared-" not in text
    assert "interdep-reflections" not in text
    assert text.count(html.escape(REFLECTIONS_LEFT_OUT)) == 1
    assert html.escape(REFLECTIONS_IN) not in text
    assert "shared reflections left out" in left_out.summary()

    included, text = _report(tmp_path / "asked", data, reflections=True)
    assert sum(f"words-shared-{i}<" in text for i in range(6)) == 6
    assert text.count(html.escape(REFLECTIONS_IN)) == 1
    assert html.escape(REFLECTIONS_LEFT_OUT) not in text
    assert "shared reflections included" in included.summary()
    # the lists left out are not counted as hidden either: the same charts, fewer lists
    assert included.charts == left_out.charts
    lists = [p for p in aggregate.all_panels(data, CURRICULUM, seed=1)
             if p.kind == "reflections"]
    assert lists
    assert included.hidden == left_out.hidden  # charts only: lists are counted apart
    assert included.hidden_lists == sum(1 for p in lists if not p.visible)
    assert left_out.hidden_lists is None


@pytest.mark.parametrize("hidden", [0, 1, 3])
def test_who_is_not_in_the_charts_agrees_with_the_hidden_count_beside_it(hidden):
    """A review: the header said "0 charts or lists hidden" and the words under it "(hidden)",
    which read as a contradiction. The words now give the header's number, or say that no
    whole chart or list is hidden."""
    from interdependence import privacy

    said = privacy.not_in_charts(5, 2, hidden)
    if hidden:
        assert f"the {hidden} chart{'s' if hidden > 1 else ''} hidden" in said
        assert "no whole chart" not in said
    else:
        assert "(hidden)" not in said
        assert "no whole chart or list is hidden now" in said


def test_the_report_header_and_its_words_give_the_same_hidden_count(tmp_path):
    import re

    from interdependence import privacy

    result, text = _report(tmp_path, realistic(CURRICULUM, people=20, seed=4))
    header = re.search(r"(\d+) charts? hidden · shared reflections left out", text)
    assert header
    assert int(header.group(1)) == result.hidden
    assert html.escape(privacy.not_in_charts(5, 0, result.hidden)) in text


def _words(text):
    return " ".join("".join(Page(text).text).split())


def test_the_privacy_note_promises_only_what_the_charts_keep_and_says_the_limit(tmp_path):
    """A facilitator review: the report said "no chart shows one person's answers", but a
    share in a chart of few people ("94% (n = 18)") or one dot can stand for one person. It
    says what is guaranteed, what is not, and to raise the threshold before sending it on."""
    _, text = _report(tmp_path, realistic(CURRICULUM, people=20, seed=4))
    words = _words(text)
    assert "no chart shows one person's answers" not in words
    assert "Group results only" not in words
    assert "appears only when at least 5 people contributed to it" in words
    assert "No chart or list carries a name, a token or a date." in words
    assert "A caption says how many of a chart's people did something only when" in words
    assert "a share, or a dot, can stand for one person" in words
    assert "someone who knows who answered what in the room might" in words
    assert "--min-group 8" in words


def test_the_report_says_what_it_is_about_in_plain_words_for_a_reader_not_in_the_room(
        tmp_path):
    """A facilitator review: an HR lead who was not in the room got no context, and the top
    spoke of files "set aside", a "last revealed state" and "changes waiting"."""
    from interdependence.report.page import ABOUT

    _, text = _report(tmp_path, realistic(CURRICULUM, people=20, seed=4))
    words = _words(text)
    assert "learning workshop on asking for and accepting help" in ABOUT
    assert "not a validated measure, a diagnosis or a figure for how common" in ABOUT
    assert "not a judgement of anyone's work" in ABOUT
    # near the top: under the heading, before the counts and the charts
    assert words.index(ABOUT) < words.index("people in the charts") < words.index("Contents")
    assert "revealed state" not in words
    assert "changes waiting" not in words
    assert "0 files set aside (could not be read; listed at the end)" in words
    assert "files that could not be read, listed with the reason" in words


def test_a_report_with_reflections_says_so_in_its_title_heading_and_a_warning(tmp_path):
    """A facilitator review: the report with the group's reflections looked like the one made
    for HR. Its title, heading and notice say it holds the group's words and stays within the
    group, the notice styled as a warning; the default report is unchanged."""
    from interdependence.report.page import REFLECTIONS_IN, WITH_REFLECTIONS

    data = _with_reflections()
    _, plain = _report(tmp_path / "default", data)
    _, words = _report(tmp_path / "asked", data, reflections=True)
    assert "keep within the group" in WITH_REFLECTIONS
    assert "group's own words" in REFLECTIONS_IN
    assert "<title>Cohort report — TEST</title>" in plain  # write_folder's cohort code
    assert "<h1>Cohort report: TEST</h1>" in plain
    assert WITH_REFLECTIONS not in html.unescape(plain)
    assert 'class="privacy warning"' not in plain
    assert f"<title>{html.escape('Cohort report — TEST' + WITH_REFLECTIONS)}</title>" in words
    assert f"<h1>{html.escape('Cohort report: TEST' + WITH_REFLECTIONS)}</h1>" in words
    assert (f'<p class="privacy warning" role="note">{html.escape(REFLECTIONS_IN)}</p>'
            in words)
    assert ".privacy.warning {" in words


def test_a_report_of_over_a_thousand_people_writes_its_counts_with_a_thousands_separator(
        tmp_path):
    """A facilitator review: "1519 people in the charts". The header, every caption (the alt
    text too) and the command's summary write a count of 1,000 or more as "1,519"."""
    import re

    from interdependence.cohort.demo import write_demo_cohort

    write_demo_cohort(tmp_path / "cohort", count=1200)
    out = tmp_path / "report.html"
    result = write_report(tmp_path / "cohort", out, seed=1)
    text = out.read_text(encoding="utf-8")
    assert result.accepted >= 1000
    page = Page(re.sub(r"<style>.*?</style>", "", text, flags=re.S))  # no colour codes
    words = [" ".join("".join(page.text).split()), *(i["alt"] for i in page.images)]
    four_digits = r"(?<![\d,.\-#])\d{4,}(?![\d,\-])"  # not a date's year (2026-12-01)
    assert not [re.findall(four_digits, w) for w in words if re.search(four_digits, w)]
    assert f"{result.accepted:,} people in the charts" in words[0]
    assert f"{result.accepted:,} people in the charts" in result.summary()
    assert str(result.accepted) not in result.summary()


def test_the_report_counts_charts_and_lists_of_reflections_hidden_apart(tmp_path):
    """A facilitator review: the dashboard counted hidden lists of reflections among "charts
    or lists hidden" and the report (made without the reflections) did not, so the two gave
    different numbers. Both now count charts and lists apart, in the same words
    (privacy.hidden_counts); a report without the reflections counts none of them."""
    from interdependence import privacy

    data = _with_reflections()
    left_out, plain = _report(tmp_path / "default", data)
    included, words = _report(tmp_path / "asked", data, reflections=True)
    assert included.hidden_lists  # counted, and more than 0
    assert html.escape(privacy.hidden_counts(left_out.hidden, None)) in plain
    assert "lists of shared reflections hidden" not in plain
    assert html.escape(privacy.hidden_counts(included.hidden, included.hidden_lists)) in words
    assert f"{included.hidden_lists} lists of shared reflections hidden" in \
        included.summary()
    assert "lists of shared reflections" not in left_out.summary()
    assert "charts or lists hidden" not in plain + words
