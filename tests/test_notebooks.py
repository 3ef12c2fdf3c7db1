"""The notebooks exist, are clean in git, and follow the one-short-call rule."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIRS = [ROOT / "notebooks", ROOT / "facilitator_guide"]
STEPS = sorted(p.stem for p in (ROOT / "data" / "curriculum" / "steps").glob("*.yaml"))


def all_notebooks():
    found = [p for d in NOTEBOOK_DIRS for p in sorted(d.glob("*.ipynb"))]
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def test_the_glob_finds_a_notebook_for_every_step():
    assert len(STEPS) == 9
    names = {p.stem for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert names == set(STEPS), f"missing: {set(STEPS) - names}, extra: {names - set(STEPS)}"


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs_or_widget_state(path):
    nb = json.loads(path.read_text())
    dirty = [i for i, c in enumerate(nb["cells"])
             if c.get("outputs") or c.get("execution_count") is not None]
    assert not dirty, f"cells {dirty} carry outputs: run nbstripout {path.name}"
    assert "widgets" not in nb.get("metadata", {}), "widget state is saved in the metadata"


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_participant_code_cells_are_short_calls_with_a_line_above(path):
    cells = json.loads(path.read_text())["cells"]
    assert cells[0]["cell_type"] == "markdown"
    assert "".join(cells[0]["source"]).startswith("# ")
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"]).strip()
        lines = source.splitlines()
        assert len(lines) <= 2, f"cell {i} has {len(lines)} lines: {source!r}"
        assert all(len(line) <= 80 for line in lines)
        assert cells[i - 1]["cell_type"] in ("markdown", "code")
        assert i > 0
        if not re.fullmatch(r"step\.\w+\([^()]*\)", source):  # the setup cell
            assert source.startswith("from interdependence import"), source


#: Wording that only makes sense where there are cells to run (JupyterLab). The app
#: (``make app``) leaves out Markdown cells tagged ``lab-only``; every other cell is shown
#: in both, so it must not use these words.
LAB_ONLY = "lab-only"
LAB_WORDS = re.compile(r"\bcells?\b|shift ?\+ ?enter|\brun (it|them|all)\b|\bre-?run\b", re.I)


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_every_instruction_to_run_cells_is_tagged_lab_only(path):
    cells = json.loads(path.read_text())["cells"]
    untagged = [(i, "".join(c["source"])) for i, c in enumerate(cells)
                if c["cell_type"] == "markdown"
                and LAB_ONLY not in c.get("metadata", {}).get("tags", [])
                and LAB_WORDS.search("".join(c["source"]))]
    assert untagged == [], (
        f"{path.name}: these Markdown cells speak of running cells but the app shows them; "
        "move the instruction into its own cell tagged lab-only, and word the rest for both")
    tagged = [c for c in cells if LAB_ONLY in c.get("metadata", {}).get("tags", [])]
    assert tagged, f"{path.name} has no lab-only cell: how does Lab say to run the cells?"
    assert all(c["cell_type"] == "markdown" for c in tagged), (
        "only Markdown may be lab-only: a tagged code cell would vanish from the app")
    # the first code cell (open_step) has its run instruction right above it
    first_code = next(i for i, c in enumerate(cells) if c["cell_type"] == "code")
    assert LAB_ONLY in cells[first_code - 1].get("metadata", {}).get("tags", [])
    assert "Shift + Enter" in "".join(cells[first_code - 1]["source"])


def test_the_app_leaves_out_the_cells_tagged_lab_only():
    from interdependence.app import LAB_ONLY as APP_TAG
    from interdependence.app import App

    assert APP_TAG == LAB_ONLY
    app = App()
    app.initialize([])
    assert app.config.TagRemovePreprocessor.remove_cell_tags == {LAB_ONLY}


def _headings_and_calls(cells) -> list[tuple[str, str]]:
    """(the Markdown heading just above, the ``step.x(...)`` call) for each code cell that
    follows a heading (lab-only run instructions in between are skipped: Lab shows both)."""
    found, heading = [], None
    for cell in cells:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "markdown":
            titles = re.findall(r"^#{1,4} +(.+?) *$", source, flags=re.M)
            if titles:
                heading = re.sub(r"[*_`]", "", titles[-1])
        elif heading and re.fullmatch(r"step\.\w+\([^()]*\)", source):
            found.append((heading, source))
            heading = None
    return found


def _html_of(widget) -> str:
    """Every HTML string a widget and its children show."""
    parts = [widget.value] if isinstance(getattr(widget, "value", None), str) and \
        "<" in widget.value else []
    return "".join(parts + [_html_of(c) for c in getattr(widget, "children", ())])


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_each_heading_is_said_once_not_again_by_the_widget_under_it(path, journal):
    """The notebook's title is its first heading and the step's title; the header card under
    it, and each exercise part under its own heading, do not say the same words again as a
    heading or a bold line (a reviewer saw step 03's title twice)."""
    import html

    from interdependence.session import StepSession

    cells = json.loads(path.read_text())["cells"]
    session = StepSession(path.stem, journal=journal)
    first = "".join(cells[0]["source"]).splitlines()[0]
    assert first == f"# {session.step.title}"
    pairs = _headings_and_calls(cells)
    assert len(pairs) >= 4, pairs  # ratings, reflections, share... each under a heading
    calls = [(session.step.title, "step.header()")] + [
        (h, c) for h, c in pairs if c.startswith("step.exercise(")]
    if session.step.exercise:  # every exercise cell sits under a heading of its own
        assert len(calls) > 1, pairs
    for heading, call in calls:
        shown = html.unescape(_html_of(eval(call, {"step": session})))  # noqa: S307
        said = re.findall(r">\s*([^<>]+?)\s*<", shown)
        assert heading.lower() not in [s.lower() for s in said], (
            f"{path.name}: '{heading}' is the heading above {call} and the widget says it "
            "again")


def _sentences(text: str) -> list[str]:
    """The sentences of some shown text (HTML tags and styles left out), each of 4 words or
    more, lower-cased with punctuation and emphasis dropped: "Not yet" is a fine answer. and
    Not yet is a fine answer. are the same sentence."""
    import html

    text = re.sub(r"<style.*?</style>", " ", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    said = (re.sub(r"[^\w ]", "", s.lower()) for s in re.split(r"(?<=[.!?…])\s+", text))
    return [" ".join(s.split()) for s in said if len(s.split()) >= 4]


def _widget_text(widget) -> str:
    """What a widget and its children show: HTML, and a rating's statement and question."""
    from interdependence.views.choices import ChoiceGroup

    parts = ([widget.label, getattr(widget, "question", "")]
             if isinstance(widget, ChoiceGroup) else [])
    value = getattr(widget, "value", None)
    if isinstance(value, str) and "<" in value:
        parts.append(value)
    return " ".join([*parts, *(_widget_text(c) for c in getattr(widget, "children", ()))])


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_each_sentence_is_said_once_in_the_markdown_and_the_widgets(path, journal):
    """A sentence of a Markdown cell is not said again by another Markdown cell or by a
    widget's own text (a reviewer read step 03's and 08's instructions twice: once in the
    notebook, once in the widget's intro). Widgets may share a sentence between themselves
    (the same 0-100 legend under two boxes), and the lab-only lines that say how to run the
    cell right under them are left out: each belongs to its own cell, and the app hides them."""
    from reading_level import plain_markdown

    from interdependence.session import StepSession

    cells = json.loads(path.read_text())["cells"]
    session = StepSession(path.stem, journal=journal)
    markdown, widgets = [], []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "markdown":
            if LAB_ONLY not in cell.get("metadata", {}).get("tags", []):
                markdown.append((index, _sentences(plain_markdown(source))))
        elif re.fullmatch(r"step\.\w+\([^()]*\)", source):
            shown = eval(source, {"step": session})  # noqa: S307
            widgets.append((index, _sentences(_widget_text(shown)) if shown else []))
    assert len(markdown) >= 8, markdown  # the glob found a notebook with its narrative
    assert len(widgets) >= 4, widgets
    said_where: dict[str, list[int]] = {}
    for index, sentences in markdown + widgets:
        for sentence in set(sentences):
            said_where.setdefault(sentence, []).append(index)
    in_markdown = {s for _, sentences in markdown for s in sentences}
    twice = {s: cells_ for s, cells_ in said_where.items()
             if s in in_markdown and len(cells_) > 1}
    assert twice == {}, f"{path.name}: said again (sentence: cells) {twice}"


#: The pages whose words were read top to bottom at 390 px for repeats (steps 05-08). Steps
#: 00-04 still say some things twice (see the CHANGELOG's review fixes).
READ_FOR_REPEATS = sorted(p for p in (ROOT / "notebooks").glob("0[5-8]-*.ipynb"))

#: The privacy promise, in any of the words it has been said in: what a person writes stays
#: in their journal (here, private, on this computer) unless they choose to share it.
PROMISE = re.compile(
    r"\b(stays?|kept) (here|private|in your (own |private )?journal|on this computer)\b"
    r"|\bnothing (is|from this step) (is )?(sent|shared)\b(?! anywhere else)"
    r"|\b(unless|only if) you (choose|tick|do)\b|\bcan ever be shared\b|\b(is|are) private\b"
    r"|\bnever leaves? your journal\b|\bnever (shows|sends) it\b")

#: The pages that say the promise once. Not yet: 00 (the welcome names the journal and says
#: who else could open it, in its own words) and 02 (its thought-record widget says it too).
PROMISE_ONCE = sorted(p for p in (ROOT / "notebooks").glob("0[13-8]-*.ipynb"))


def _shown_cells(path, journal):
    """(cell index, call or None, the sentences it shows) for each Markdown cell the app
    shows and each ``step.x()`` cell, in reading order."""
    from reading_level import plain_markdown

    from interdependence.session import StepSession

    cells = json.loads(path.read_text())["cells"]
    session = StepSession(path.stem, journal=journal)
    for index, cell in enumerate(cells):
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "markdown":
            if LAB_ONLY not in cell.get("metadata", {}).get("tags", []):
                yield index, None, _sentences(plain_markdown(source))
        elif re.fullmatch(r"step\.\w+\([^()]*\)", source):
            shown = eval(source, {"step": session})  # noqa: S307
            yield index, source, _sentences(_widget_text(shown)) if shown else []


@pytest.mark.parametrize("path", PROMISE_ONCE, ids=lambda p: p.name)
def test_the_privacy_promise_is_said_before_the_first_question_and_once_where_it_is_specific(
        path, journal):
    """On a phone every repeat costs attention: a reviewer read "it stays private unless you
    choose" in the header card, the narrative, over and under the reflections and at the
    share panel of one page. It is said twice: in short in the header card, before anyone
    is asked anything (a fragile participant writes the most private things of a page before
    reaching its share panel), and once where it is specific: in the words over the share
    panel, where a person decides what leaves their journal, or, in step 1, which has no
    share panel, that nothing of it can be shared. (A therapist's confidentiality, in step
    7, is another promise.)"""
    shown = list(_shown_cells(path, journal))
    assert len(shown) >= 12, shown  # the glob found a page, with its widgets
    said = {index: [s for s in sentences if PROMISE.search(s) and "therapist" not in s]
            for index, _, sentences in shown}
    places = [index for index, s in said.items() if s]
    header = next(index for index, call, _ in shown if call == "step.header()")
    first = min(index for index, call, _ in shown
                if call in ("step.ratings()", "step.reflections()")
                or (call or "").startswith("step.exercise("))
    assert header < first
    assert places[:1] == [header], (
        f"{path.name}: the promise is said in cells {places}; say it first in the header "
        f"(cell {header}), before the first question (cell {first})")
    share = [index for index, call, _ in shown if call == "step.share()"]
    if not share:  # step 1: once more, before the first question
        assert len(places) == 2, f"{path.name}: the promise is said in cells {places}"
        assert places[1] < first, (
            f"{path.name}: the promise is said in cells {places}; say it once more, before "
            f"the first question (cell {first})")
        return
    above_share = max(index for index, call, _ in shown if call is None and index < share[0])
    assert places == [header, above_share], (
        f"{path.name}: the promise is said in cells {places}; say it in the header (cell "
        f"{header}) and once more, over the share panel (cell {above_share})")


def _four_word_runs(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text)
    return {tuple(words[i:i + 4]) for i in range(len(words) - 3)}


@pytest.mark.parametrize("path", READ_FOR_REPEATS, ids=lambda p: p.name)
def test_an_exercise_hint_is_not_said_again_in_other_words_just_above_it(path, journal):
    """Steps 05-07 said an instruction in the Markdown, then again, reworded, in the hint of
    the widget under it ("... then press Enter. It redraws when you change your list above."
    over "Type a number and press Enter. ... The chart redraws when you change your list
    above."). The widget's hint is kept, where a person reads it as they act; the Markdown
    just above shares no run of four words with it."""
    shown = list(_shown_cells(path, journal))
    exercises = [(index, call, " ".join(sentences)) for index, call, sentences in shown
                 if call and call.startswith("step.exercise(")]
    assert exercises, shown
    for index, call, hint in exercises:
        above = [" ".join(s) for i, c, s in shown if c is None and i < index][-1]
        common = _four_word_runs(above) & _four_word_runs(hint)
        assert not common, f"{path.name}: {call} says again what is just above it: {common}"


@pytest.mark.parametrize("step_id", ["00-welcome", "08-embracing-interdependence"])
def test_a_sign_is_rated_under_its_statement_with_no_caption_saying_it_again(step_id, journal):
    """Each of the seven signs showed its short name ("Hard to ask for help") over the
    answers, just under its statement ("When I was overwhelmed, I found it very hard to ask
    anyone for help."): the same thing twice. The statement is said once; the short names
    are the rows of step 08's chart."""
    from interdependence.session import StepSession

    controls = StepSession(step_id, journal=journal).ratings().controls
    assert len(controls) == 7
    assert [c.label for c in controls] == [s.text for s in StepSession(step_id).step.items]
    assert [c.description for c in controls] == [""] * 7


def test_the_welcome_says_once_that_the_journal_is_never_sent(journal):
    """The welcome said that the kit never sends the journal in "Your answers are yours" and
    again in the "Where your answers are kept" card ("as said above"), with what a share
    sends (said before the first rating, for consent, and at the share panel). The card now
    says only where the files are."""
    shown = list(_shown_cells(ROOT / "notebooks" / "00-welcome.ipynb", journal))
    never_sent = [index for index, _, sentences in shown
                  if any(re.search(r"\bnever (shows|sends)\b|\bsends it to anyone\b", s)
                         for s in sentences)]
    assert len(never_sent) == 1, f"00-welcome says it in cells {never_sent}"
    card = next(sentences for _, call, sentences in shown if call == "step.your_data()")
    assert any("where your answers are kept" in s for s in card), card
    assert not [s for s in card if re.search(r"\bno name\b|\bshare\b|said above", s)], card
