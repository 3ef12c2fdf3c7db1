"""The facilitator guide: all it names exists, its plans add up, its key statements are there.

The guide is prose for non-programmers, but it names real things (notebooks, files, `make`
targets, `interdependence` subcommands, environment variables). If one of those is renamed or
never built, a facilitator following the guide gets stuck, so these tests parse the guide and
compare against the repository. Each parser also asserts it found the names we know are there,
so no test can pass by checking nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "facilitator_guide"
STEPS = ROOT / "data" / "curriculum" / "steps"
COPYCHECK = Path(__file__).parents[1].parent / "shared/tools/copycheck.py"
BUILDER = GUIDE / "handouts" / "build_handouts.py"
WORKSHEETS = GUIDE / "worksheets"
WORKSHEET_BUILDER = WORKSHEETS / "build_worksheets.py"
WORKSHEET_NAMES = ["00-check-in", "01-timeline", "02-thought-record", "03-ask-ladder",
                   "04-support-map", "05-disclosure-ladder", "06-load-audit-and-script",
                   "07-therapy-and-crisis-lines", "08-close-and-action-plan"]

GUIDE_PAGES = ["README.md", "session-plans.md", "notebook-notes.md", "safety-and-care.md",
               "data-and-privacy.md", "setup.md", "handouts/seven-signs-and-steps.md",
               "handouts/check-out-card.md"]
SUBCOMMANDS = {"demo-cohort", "setup-cohort", "check", "report", "withdraw", "purge"}
MAKE_TARGETS = {"lab", "test", "app", "report"}
PLAN_COLUMNS = ["Start", "Minutes", "Activity", "Notebook or chart", "What you say / do"]


# --- reading the guide -----------------------------------------------------------------------

def markdown_files() -> list[Path]:
    files = sorted(GUIDE.rglob("*.md"))
    assert len(files) >= len(GUIDE_PAGES), f"expected the guide's pages, found {files}"
    return files


def read(name: str) -> str:
    path = GUIDE / name
    assert path.is_file(), f"facilitator_guide/{name} is missing"
    return path.read_text(encoding="utf-8")


def all_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in markdown_files())


def code_of(text: str) -> list[str]:
    """The code the guide tells people to type: fenced blocks (line by line) and inline spans."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    rest = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
    lines = [line for block in fenced for line in block.splitlines()]
    return lines + re.findall(r"`([^`\n]+)`", rest)


def all_code() -> list[str]:
    return [c for p in markdown_files() for c in code_of(p.read_text(encoding="utf-8"))]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces collapsed, for phrase checks."""
    return " ".join(text.split())


def section(text: str, heading: str, level: int = 2) -> str:
    """The text under the first heading that starts with ``heading``, up to the next one."""
    marks = "#" * level
    match = re.search(rf"^{marks} {re.escape(heading)}.*?$(.*?)(?=^#{{1,{level}}} |\Z)",
                      text, flags=re.M | re.S)
    assert match, f"no '{marks} {heading}' section"
    return match.group(1)


def curriculum_stems() -> list[str]:
    stems = sorted(p.stem for p in STEPS.glob("*.yaml"))
    assert len(stems) == 9, f"expected the nine curriculum steps 00-08, found {stems}"
    return stems


def step_field(stem: str, field: str) -> str:
    match = re.search(rf"^{field}:\s*(.+)$", (STEPS / f"{stem}.yaml").read_text(encoding="utf-8"),
                      flags=re.M)
    assert match, f"{stem}.yaml has no '{field}'"
    return match.group(1).strip()


# --- everything the guide names exists --------------------------------------------------------

def test_every_notebook_the_guide_names_exists_and_every_step_is_named():
    named = set(re.findall(r"(?<![\w-])(?:notebooks/)?(\d\d-[a-z0-9-]+)\.ipynb", all_text()))
    assert set(curriculum_stems()) <= named, (
        f"the guide never names {sorted(set(curriculum_stems()) - named)}")
    missing = sorted(n for n in named if not (ROOT / "notebooks" / f"{n}.ipynb").is_file())
    assert not missing, f"the guide names notebooks that do not exist: {missing}"


def test_every_facilitator_guide_path_the_guide_names_exists():
    names = set()
    for text in (p.read_text(encoding="utf-8") for p in markdown_files()):
        names |= {m.rstrip("./") for m in re.findall(r"facilitator_guide/[\w./-]*[\w/]", text)}
    # Most pages are linked relatively (checked below); the dashboard is named by its full path.
    assert "facilitator_guide/cohort-dashboard.ipynb" in names, f"parser found only {names}"
    missing = sorted(n for n in names if not (ROOT / n).exists())
    assert not missing, f"the guide names files that do not exist: {missing}"


def test_every_repository_path_in_code_exists():
    prefixes = ("notebooks/", "facilitator_guide/", "data/", "src/", "tests/")
    top_level = {"Makefile", "environment.yml", "pyproject.toml"}
    paths = set()
    for code in all_code():
        for token in code.split():
            token = token.strip("\"'`,;()")
            if token.startswith(prefixes) or token in top_level:
                paths.add(token.rstrip("/"))
    assert {"environment.yml", "data/sample-cohort", "notebooks/00-welcome.ipynb"} <= paths, paths
    missing = sorted(p for p in paths if not (ROOT / p).exists())
    assert not missing, f"the guide tells people to use paths that do not exist: {missing}"


def test_every_relative_link_in_the_guide_resolves():
    links = []
    for page in markdown_files():
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            target = target.split("#")[0]
            if target and not re.match(r"^[a-z]+:", target):
                links.append((page, target))
    assert len(links) >= 20, f"parser found too few links: {len(links)}"
    broken = sorted(f"{p.relative_to(ROOT)} -> {t}" for p, t in links
                    if not (p.parent / t).exists())
    assert not broken, f"broken links in the guide: {broken}"


def makefile_targets() -> set[str]:
    makefile = ROOT / "Makefile"
    assert makefile.is_file(), "there is no Makefile"
    targets = set()
    for line in makefile.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.][^:=#\t]*?)\s*::?(?!=)", line)
        if match and "$(" not in match.group(1):
            targets |= {t for t in match.group(1).split() if not t.startswith(".")}
    return targets


def test_every_make_target_the_guide_names_exists():
    named = set()
    for code in all_code():
        # `make lab PORT=8890` names lab; `make clean-venv lab` names both.
        for words in re.findall(r"(?:^|[\s;&|(])make((?:\s+[a-z][\w-]*(?![\w=-]))+)", code):
            named |= set(words.split())
    assert named >= MAKE_TARGETS, f"parser did not find the documented targets, only {named}"
    missing = sorted(named - makefile_targets())
    assert not missing, f"the guide names make targets the Makefile lacks: {missing}"


def test_every_interdependence_subcommand_the_guide_names_exists():
    named = set()
    for code in all_code():
        named |= set(re.findall(r"(?:^|[\s;&|(])interdependence\s+([a-z][a-z-]*)", code))
    assert named >= SUBCOMMANDS, f"parser did not find the documented subcommands, only {named}"
    cli = ROOT / "src" / "interdependence" / "cli.py"
    assert cli.is_file(), "src/interdependence/cli.py does not exist yet"
    source = cli.read_text(encoding="utf-8")
    missing = sorted(n for n in named if not re.search(rf"""["']{re.escape(n)}["']""", source))
    assert not missing, f"the guide names subcommands cli.py does not define: {missing}"


def test_every_environment_variable_the_guide_names_is_read_by_the_package():
    named = set(re.findall(r"\bINTERDEPENDENCE_[A-Z_]+\b", all_text()))
    assert {"INTERDEPENDENCE_COHORT", "INTERDEPENDENCE_HOME"} <= named, named
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in (ROOT / "src" / "interdependence").rglob("*.py"))
    missing = sorted(n for n in named if n not in source)
    assert not missing, f"the guide names environment variables the package never reads: {missing}"


def test_the_index_links_every_page_of_the_guide_and_the_dashboard():
    readme = read("README.md")
    linked = set(re.findall(r"\]\(([^)\s#]+)", readme))
    for page in GUIDE_PAGES:
        assert page in linked, f"README.md does not link {page}"
    for page in markdown_files():
        assert page.relative_to(GUIDE).as_posix() in linked, f"README.md does not link {page.name}"
    assert {"cohort-dashboard.ipynb", "handouts/build_handouts.py"} <= linked
    assert "worksheets/build_worksheets.py" in linked
    for name in WORKSHEET_NAMES:
        assert f"worksheets/{name}.html" in linked, f"README.md does not link worksheet {name}"


# --- session plans ---------------------------------------------------------------------------

def plans() -> dict[str, tuple[int, list[list[str]]]]:
    """Heading -> (stated minutes, table rows) for every heading that states '(N minutes)'."""
    text = read("session-plans.md")
    found = {}
    for block in re.split(r"\n(?=#{2,3} )", text):
        heading = block.splitlines()[0]
        stated = re.search(r"\((\d+) minutes\)", heading)
        if not stated or not heading.startswith("#"):
            continue
        table = [line for line in block.splitlines() if line.startswith("|")]
        assert len(table) >= 3, f"'{heading}' has no agenda table"
        header = [c.strip() for c in table[0].strip().strip("|").split("|")]
        assert header == PLAN_COLUMNS, f"'{heading}' has columns {header}"
        rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in table[2:]]
        found[heading.lstrip("# ").strip()] = (int(stated.group(1)), rows)
    return found


def test_there_is_a_three_hour_plan_and_four_weekly_plans():
    found = plans()
    single = [h for h, (n, _) in found.items() if n == 180]
    weeks = sorted(h for h in found if re.match(r"Week [1-4] \(75 minutes\)", h))
    assert len(single) == 1, f"expected one plan of (180 minutes), found {list(found)}"
    assert weeks == [f"Week {n} (75 minutes)" for n in range(1, 5)], list(found)
    assert len(found) == 5, f"unexpected plans: {list(found)}"


def test_each_plans_minutes_add_up_to_its_stated_length_and_starts_follow():
    found = plans()
    assert found
    for heading, (stated, rows) in found.items():
        assert len(rows) >= 10, f"'{heading}' is not minute by minute: {len(rows)} rows"
        elapsed = 0
        for row in rows:
            assert len(row) == len(PLAN_COLUMNS), f"'{heading}': row has {len(row)} cells: {row}"
            hours, minutes = map(int, row[0].split(":"))
            assert hours * 60 + minutes == elapsed, (
                f"'{heading}': '{row[2]}' starts at {row[0]}, but the rows before add to {elapsed}")
            assert int(row[1]) > 0, f"'{heading}': empty row {row}"
            assert row[4], f"'{heading}': empty row {row}"
            elapsed += int(row[1])
        assert elapsed == stated, f"'{heading}' adds up to {elapsed}, not {stated} minutes"


def test_plans_include_breaks_sharing_dashboard_charts_and_pair_work():
    pair_work = {}
    for heading, (_, rows) in plans().items():
        activities = " ".join(r[2].lower() for r in rows)
        charts = [r[3] for r in rows if r[3].startswith("Dashboard:")]
        assert "break" in activities, f"'{heading}' has no break"
        assert "invite sharing" in activities, f"'{heading}' never invites sharing"
        assert charts, f"'{heading}' never shows a dashboard chart"
        pair_work[heading] = "(pairs" in activities or "(groups of three" in activities
    # Week 1 is deliberately quiet (consent and a private look back); later weeks pair up.
    assert sum(pair_work.values()) >= 4, f"too little pair or small-group work: {pair_work}"


# --- notebook notes --------------------------------------------------------------------------

@pytest.mark.parametrize("stem", [
    "00-welcome", "01-pinpoint-the-root-cause", "02-reframe-help-as-strength", "03-start-small",
    "04-build-a-support-network", "05-practice-vulnerability", "06-set-self-boundaries",
    "07-consider-therapy", "08-embracing-interdependence"])
def test_each_notebook_has_notes_with_goal_time_prompts_reactions_and_donts(stem):
    assert stem in curriculum_stems()
    notes = flat(section(read("notebook-notes.md"), stem[:2]))
    assert f"notebooks/{stem}.ipynb" in notes
    minutes = step_field(stem, "minutes")
    assert re.search(rf"about {minutes} minutes", notes), f"{stem}: time differs from the yaml"
    for part in ("**Goal.**", "**How to introduce it.**", "**Discussion prompts, with the "
                 "dashboard.**", "**Reactions people often have.**", "**What not to do.**"):
        assert part in notes, f"{stem}: no {part}"


def test_notebook_notes_state_the_three_rules():
    rules = flat(section(read("notebook-notes.md"), "Three rules")).lower()
    for rule in ("no diagnostic reading of scores", "never read one person's words aloud",
                 "never press anyone to share"):
        assert rule in rules


# --- safety, privacy, setup ------------------------------------------------------------------

def test_safety_and_care_has_its_key_statements():
    text = read("safety-and-care.md")
    lower = flat(text).lower()
    said_aloud = section(text, "Say this aloud")
    assert "not therapy" in said_aloud
    assert re.search(r"^> ", said_aloud, flags=re.M)
    assert "right to pass" in lower
    assert "## The right to pass" in text
    assert "## Group agreements" in text
    for principle in ("Safety", "Trust and transparency", "Peer support", "Collaboration",
                      "Empowerment, voice and choice", "Cultural, historical and gender issues"):
        assert re.search(rf"^### \d\. {re.escape(principle)}$", text, flags=re.M), principle
    distress = flat(section(text, "When someone is distressed"))
    for step in ("**Pause.**", "**A co-facilitator follows up.**", "**Refer.**"):
        assert step in distress
    for resource in ("988", "116 123", "findahelpline.com", "emergency"):
        assert resource in distress
        assert resource in text
    assert re.search(r"replace[^.]*numbers", lower), "no reminder to replace the numbers"
    assert "## Aftercare" in text


def test_data_and_privacy_has_threshold_consent_withdrawal_purge_and_limits():
    text = read("data-and-privacy.md")
    threshold = flat(section(text, "The group-size threshold"))
    assert "`min_group`" in text
    assert "default is 5" in threshold.lower()
    assert "never be below 3" in threshold
    assert "fixed once" in threshold
    consent = section(text, "The consent script")
    assert re.search(r"^> ", consent, flags=re.M)
    assert "Withdraw my shared answers" in flat(consent)
    withdraw = flat(section(text, "How a participant withdraws"))
    assert "Withdraw my shared answers" in withdraw
    assert "interdependence withdraw" in withdraw
    assert "interdependence purge" in section(text, "How long to keep")
    limits = flat(section(text, "Honest limits")).lower()
    assert "administrator" in limits
    assert "recognisable" in limits
    assert "journal" in limits
    never = flat(section(text, "What is never collected"))
    assert "step 1" in never
    assert "step 7" in never.lower()


def test_setup_covers_each_setting_a_checklist_and_troubleshooting():
    text = read("setup.md")
    laptops = flat(section(text, "Laptops"))
    for command in ("make lab", "make test", "conda env create -f environment.yml",
                    "interdependence check", "Save a file to send to my facilitator"):
        assert command in laptops, command
    hub = flat(section(text, "A shared JupyterHub"))
    assert "INTERDEPENDENCE_COHORT" in hub
    assert "interdependence setup-cohort" in hub
    assert "drop box" in hub.lower()
    assert "postgresql://" in hub
    assert "make app" in section(text, "Voilà app mode")
    checklist = re.findall(r"^- \[ \] ", section(text, "Checklist for the day before"), flags=re.M)
    assert len(checklist) >= 8, f"checklist has {len(checklist)} items"
    trouble = flat(section(text, "Troubleshooting"))
    for problem in ("### The questions (widgets) don't show", "### A participant lost their kernel",
                    '### The dashboard says "hidden"'):
        assert problem in trouble, problem
    assert "restart" in trouble.lower()
    assert "reinstall" in trouble.lower()


def test_readme_says_what_the_kit_is_not_and_who_to_refer():
    text = flat(read("README.md"))
    assert "not therapy" in text
    assert "acute crisis" in text
    assert "Refer" in text
    for setting in ("A group workshop", "Self-paced study", "Cohort review"):
        assert setting in text, setting


# --- handouts --------------------------------------------------------------------------------

def test_handouts_html_is_up_to_date_with_its_markdown(tmp_path):
    sources = sorted(p.stem for p in (GUIDE / "handouts").glob("*.md"))
    assert sources == ["check-out-card", "seven-signs-and-steps"], sources
    run = subprocess.run([sys.executable, str(BUILDER), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    for stem in sources:
        committed = GUIDE / "handouts" / f"{stem}.html"
        assert committed.is_file(), f"{committed.name} was never built"
        fresh = (tmp_path / f"{stem}.html").read_bytes()
        assert committed.read_bytes() == fresh, (
            f"{committed.name} is stale: run python3 {BUILDER.relative_to(ROOT)}")
    html_files = sorted(p.stem for p in (GUIDE / "handouts").glob("*.html"))
    assert html_files == sources, "an HTML handout has no Markdown source"


def test_handouts_are_printable_and_escape_what_they_convert(tmp_path):
    sys.path.insert(0, str(BUILDER.parent))
    try:
        import build_handouts
    finally:
        sys.path.remove(str(BUILDER.parent))
    page = build_handouts.render(GUIDE / "handouts" / "seven-signs-and-steps.md")
    assert "@page" in page
    assert "@media print" in page
    assert "<table>" in page
    body = build_handouts.builtin_convert("# T\n\nA <script>x</script> & **b**\n\n- one:\n- two\n")
    assert "&lt;script&gt;" in body
    assert "<strong>b</strong>" in body
    assert '<li class="write">one:</li>' in body
    assert "<li>two</li>" in body


def test_signs_handout_names_every_sign_and_step_from_the_item_bank():
    handout = read("handouts/seven-signs-and-steps.md")
    signs = re.findall(r"^\s+short:\s*(.+)$",
                       (ROOT / "data" / "curriculum" / "signs.yaml").read_text(encoding="utf-8"),
                       flags=re.M)
    assert len(signs) == 7, signs
    for short in signs:
        assert f"| {short.strip()} |" in handout, f"sign '{short}' missing from the handout"
    for stem in curriculum_stems()[1:8]:
        title = step_field(stem, "title")
        assert f"{int(stem[:2])}. {title}" in handout, f"step '{title}' missing from the handout"


# --- paper worksheets (review #11 item 13) ---------------------------------------------------

def worksheet(name: str) -> str:
    path = WORKSHEETS / f"{name}.html"
    assert path.is_file(), f"worksheets/{name}.html was never built"
    return path.read_text(encoding="utf-8")


def visible(page: str) -> str:
    """The words of a page, unescaped, as a reader sees them."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def curriculum_yaml(name: str) -> dict:
    import yaml

    return yaml.safe_load((ROOT / "data" / "curriculum" / name).read_text(encoding="utf-8"))


def test_worksheets_html_is_up_to_date_with_the_curriculum(tmp_path):
    run = subprocess.run([sys.executable, str(WORKSHEET_BUILDER), "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    fresh = sorted(p.stem for p in tmp_path.glob("*.html"))
    assert fresh == WORKSHEET_NAMES, fresh  # one for the check-in and one per exercise
    for name in fresh:
        assert worksheet(name) == (tmp_path / f"{name}.html").read_text(encoding="utf-8"), (
            f"worksheets/{name}.html is stale: run python {WORKSHEET_BUILDER.relative_to(ROOT)}")
    committed = sorted(p.stem for p in WORKSHEETS.glob("*.html"))
    assert committed == WORKSHEET_NAMES, "a worksheet is committed that the builder never makes"
    check = subprocess.run([sys.executable, str(WORKSHEET_BUILDER), "--check"],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout


def test_worksheets_print_on_a4_or_letter_with_the_handouts_look():
    for name in WORKSHEET_NAMES:
        page = worksheet(name)
        assert "@page" in page, name
        assert "@media print" in page, name
        assert "size:" not in page.split("@page", 1)[1].split("}", 1)[0], name  # any paper
        assert '<html lang="en">' in page
        assert "<h1>" in page


def test_the_paper_check_in_has_the_seven_signs_each_with_every_point_of_its_scale():
    page = worksheet("00-check-in")
    signs, scales = curriculum_yaml("signs.yaml")["signs"], curriculum_yaml("scales.yaml")
    assert len(signs) == 7
    blocks = re.findall(r'<div class="sign">(.*?)</div></div>', page, flags=re.S)
    assert len(blocks) == 7, "one block per sign"
    for sign, block in zip(signs, blocks, strict=True):
        words = visible(block)
        scale = scales["scales"][sign["scale"]]
        assert sign["text"] in words
        assert sign["short"] in words
        assert scale["question"] in words
        ticks = re.findall(r"☐ ([^☐]+?)(?= ☐|$)", words)
        assert ticks == [*[scale["points"][k] for k in sorted(scale["points"])],
                         scales["prefer_not_to_say"]], ticks
    # the close asks the same seven signs the same way, to compare on paper
    close = visible(worksheet("08-close-and-action-plan"))
    assert all(sign["text"] in close for sign in signs)


def test_every_exercise_worksheet_carries_its_steps_words():
    stems = curriculum_stems()
    for stem, name in zip(stems, WORKSHEET_NAMES, strict=True):
        step = curriculum_yaml(f"steps/{stem}.yaml")
        words = visible(worksheet(name))
        assert " ".join(step["title"].split()) in words, name
        for prompt in step.get("prompts") or []:
            assert " ".join(prompt["text"].split()) in words, (name, prompt["id"])
    record = visible(worksheet("02-thought-record"))
    parts = curriculum_yaml("steps/02-reframe-help-as-strength.yaml")["exercise"]["parts"]
    for part in parts:
        assert part["label"] in record, part["id"]
    audit = curriculum_yaml("steps/06-set-self-boundaries.yaml")["exercise"]
    load = visible(worksheet("06-load-audit-and-script"))
    assert all(x["label"] in load for x in audit["energy_levels"] + audit["decisions"])
    therapy = curriculum_yaml("steps/07-consider-therapy.yaml")["exercise"]
    for name in ("00-check-in", "01-timeline", "07-therapy-and-crisis-lines",
                 "08-close-and-action-plan"):
        words = visible(worksheet(name))
        for line in therapy["crisis_resources"]:
            assert " ".join(line["how"].split()) in words, (name, line["id"])


def test_paper_promises_only_what_paper_can_keep_and_asks_about_the_past_two_weeks():
    for name in WORKSHEET_NAMES:
        words = visible(worksheet(name))
        assert "private journal" not in words, name
        assert "never be shared" not in words, name
        assert "nobody will collect it" in words, name
    assert "Use initials; this sheet stays with you." in visible(worksheet("04-support-map"))
    for name in ("00-check-in", "08-close-and-action-plan"):
        words = visible(worksheet(name))
        assert "The seven signs: the past two weeks" in words, name
        assert "How things are for you now" not in words, name
        assert "signs, today" not in words, name
        assert "If this did not come up in the past two weeks" in words, name
    assert "It is fine, and common, if nothing changes." in visible(
        worksheet("08-close-and-action-plan"))
    # the paper timeline ends with the same one-minute grounding as the notebook
    ground = curriculum_yaml("steps/01-pinpoint-the-root-cause.yaml")["exercise"]["grounding"]
    words = visible(worksheet("01-timeline"))
    notebook = json.loads((ROOT / "notebooks" / "01-pinpoint-the-root-cause.ipynb").read_text(
        encoding="utf-8"))
    last = flat("".join(notebook["cells"][-1]["source"]))
    assert ground["title"] in words
    assert ground["title"] in last
    for line in ground["steps"]:
        assert line in words, line
        assert line in last, line


def test_worksheets_escape_what_they_read_from_the_curriculum():
    sys.path.insert(0, str(WORKSHEETS))
    try:
        import build_worksheets
    finally:
        sys.path.remove(str(WORKSHEETS))
    assert build_worksheets.field("A <b> & C", "x < y") == (
        '<div class="field"><h3>A &lt;b&gt; &amp; C</h3><p class="hint">x &lt; y</p>'
        '<div class="box"></div></div>')


def test_close_the_round_is_explained_with_what_when_and_its_risk():
    notes = flat(section(read("notebook-notes.md"), 'The dashboard\'s "Close the round"'))
    assert "Close the round" in notes
    assert "min_group" in notes
    assert "even when there are fewer than `min_group`" in notes  # what it does
    assert "at the end of a session" in notes  # when
    assert ("revealing fewer than `min_group` changes at once lets someone who compares two "
            "outputs") in notes
    assert "work out those people's answers" in notes


# --- own words -------------------------------------------------------------------------------

def test_copycheck_finds_no_runs_shared_with_the_article():
    if not COPYCHECK.is_file():
        pytest.skip(f"copycheck not found at {COPYCHECK}; it lives in the shared workspace")
    run = subprocess.run([sys.executable, str(COPYCHECK), "facilitator_guide"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert "copycheck: 0 run(s)" in run.stdout, run.stdout
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_guide_says_how_to_project_the_charts():
    """The review: at 1280 x 800 a tall chart's legend fell off the screen; the guide now
    says to zoom the browser and show one chart at a time."""
    notes = " ".join((GUIDE / "notebook-notes.md").read_text(encoding="utf-8").split())
    assert "## Projecting the charts" in notes
    assert "**one chart at a time**" in notes
    assert "zoom the browser" in notes
    assert "not whether it is good" in notes
    # the sizes it names are those the browser tests check: the dashboard at 1280 x 720
    # (test_cohort_dashboard.py), the report's tallest chart at 1280 x 800 (742 px tall)
    assert "The dashboard is checked at 1280 × 720" in notes
    assert "zoom out one step" in notes
    assert "usual 1280 × 800" not in notes


def test_the_guide_says_what_the_threshold_does_not_hide_and_to_raise_it():
    """A facilitator review: the guide said "Never one person's answers", but a share in a
    chart of few people, or one dot, can stand for one person. It says so, in the summary, the
    threshold section and the threat table, with the advice to raise `--min-group`."""
    text = read("data-and-privacy.md")
    assert "Never one person's answers" not in text
    summary = flat(section(text, "In short"))
    assert "a share or a dot can still stand for one person" in summary
    limit = flat(section(text, "What the threshold does not hide", level=3))
    assert "knows who said what" in limit
    assert "--min-group 8" in limit
    table = flat(section(text, "Who could learn what"))
    assert "Someone who reads the charts or the report" in table
    assert "a share or a dot can stand for one person" in table
    assert "Raise `--min-group`" in table


def test_setup_gives_the_app_s_memory_figures_as_the_readme_and_the_app_do():
    """A facilitator review: setup.md said about 120 MB per part and 1 GB for nine, while the
    README and the app's log said 150 MB and 1.3 GB (measured: 141 MB, 1,272 MB for nine)."""
    from interdependence import app

    setup = flat(read("setup.md"))
    readme = flat((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "120 MB" not in setup
    assert "about 1 GB" not in setup
    assert f"about {app.KERNEL_MB} MB for each part, about 1.3 GB for all nine" in setup
    assert "measured: 141 MB per part" in setup
    assert f"about {app.KERNEL_MB} MB per waiting kernel, about 1.3 GB for the nine" in readme
