#!/usr/bin/env python3
"""Make the paper worksheets from the curriculum: the check-in and one per exercise.

Usage (with the kit's Python, which has PyYAML):
    python facilitator_guide/worksheets/build_worksheets.py            # rebuild the .html files
    python facilitator_guide/worksheets/build_worksheets.py --check    # exit 1 if any is stale
    python facilitator_guide/worksheets/build_worksheets.py --out DIR  # write into DIR instead

Why: some people would rather write on paper, some have no laptop on the day, and a room
should never wait for a hub to come back. Every word on a worksheet is read from
``data/curriculum`` (the signs, the scales, each step's ``exercise:`` section and its
reflection prompts), so a worksheet says what the notebook says and never goes stale: the
committed HTML is checked against a fresh build by tests/test_facilitator_guide.py.

Each page uses the handouts' stylesheet: no paper size is set, so it prints on A4 or US
Letter alike. Boxes and ruled rows are space to write in; a "☐" is a box to tick.
"""

from __future__ import annotations

import argparse
import html
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CURRICULUM = ROOT / "data" / "curriculum"

sys.path.insert(0, str(HERE.parent / "handouts"))
try:
    from build_handouts import CSS as HANDOUT_CSS  # one look for everything printed
    from build_handouts import TEMPLATE
finally:
    sys.path.remove(str(HERE.parent / "handouts"))

CSS = HANDOUT_CSS + """\
.lead { color: #333; }
.private { border-left: 3pt solid #0b4f8a; padding: 2pt 0 2pt 6pt; margin: 0 0 8pt; }
.box { border: 0.75pt solid #777; min-height: 40pt; margin: 2pt 0 8pt; }
.box.small { min-height: 20pt; }
.box.tall { min-height: 70pt; }
.hint { color: #444; font-size: 9.5pt; margin: 0 0 2pt; }
.choices { margin: 2pt 0 8pt; }
.choices span { display: inline-block; margin: 0 12pt 2pt 0; white-space: nowrap; }
.field, .sign { break-inside: avoid; }
.sign { margin: 0 0 8pt; }
td.write { height: 30pt; }
.rate { margin: 2pt 0 8pt; }
footer { margin-top: 12pt; font-size: 9pt; color: #555; }
"""

TICK = "☐"
ROWS = {"timeline": 6, "ladder": 10, "people": 10, "disclosures": 6, "load": 8}


def e(text: object) -> str:
    return html.escape(" ".join(str(text).split()), quote=False)


# ---- reading the curriculum ------------------------------------------------------------------


def read(name: str) -> dict:
    return yaml.safe_load((CURRICULUM / name).read_text(encoding="utf-8"))


def steps() -> list[dict]:
    found = [yaml.safe_load(p.read_text(encoding="utf-8"))
             for p in sorted((CURRICULUM / "steps").glob("*.yaml"))]
    if len(found) != 9:
        raise SystemExit(f"expected 9 step files in {CURRICULUM / 'steps'}, found {len(found)}")
    return found


def by_id(entries: Iterable[dict]) -> dict[str, dict]:
    return {entry["id"]: entry for entry in entries}


def first_sentence(text: str) -> str:
    """The first sentence of a hint: the rest is often about the screen ("press Enter")."""
    text = " ".join(str(text).split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


IDEAS = "Some ideas"  # the notebooks' "add an example with one click" has no paper twin

#: Sentences that are true of the notebook (a private journal) but not of a sheet of paper,
#: and what paper says instead. Each must be found in its text, so a reworded notebook
#: sentence fails the build rather than printing a promise paper cannot keep.
PAPER_WORDING = {
    # every sheet's lead already says "This sheet is yours. Keep it; nobody will collect it."
    # The support map's screen words leave the privacy promise to the share panel; paper
    # has none, so the sheet says here where the names stay.
    "no full names are needed.":
        "no full names are needed. Use initials; this sheet stays with you.",
}

SIGNS_HEADING = "The seven signs: the past two weeks"
CONDITIONAL_NOTE = ("Some statements start with \"When I was overwhelmed…\" or a similar moment. If "
                    "this did not come up in the past two weeks, choose \"Prefer not to say\".")
SAME_DAY_NOTE = ("If you did the check-in earlier today: you answered these about the past two "
                 "weeks this morning. Answer again as they look to you now, after today's "
                 "thinking. It is fine, and common, if nothing changes.")


def on_paper(text: str) -> str:
    """``text`` with the notebook-only sentences of PAPER_WORDING swapped for paper ones."""
    text = " ".join(str(text).split())
    for notebook, paper in PAPER_WORDING.items():
        text = text.replace(notebook, paper)
    text = " ".join(text.split())
    if "private journal" in text:
        raise SystemExit(f"a worksheet would promise a private journal on paper: {text!r}; "
                             "update PAPER_WORDING in build_worksheets.py")
    return text


# ---- pieces of a page ------------------------------------------------------------------------


def choices(labels: Iterable[str]) -> str:
    return ('<div class="choices">' + "".join(f"<span>{TICK} {e(label)}</span>"
                                              for label in labels) + "</div>")


def field(label: str, hint: str = "", size: str = "") -> str:
    """A question, its hint and a box to write in (size: "", "small" or "tall")."""
    css = f"box {size}".strip()
    return (f'<div class="field"><h3>{e(label)}</h3>'
            + (f'<p class="hint">{e(hint)}</p>' if hint else "")
            + f'<div class="{css}"></div></div>')


def rating(label: str, hint: str = "") -> str:
    """A 0-100 rating: a number to write, with the ends named."""
    return (f'<div class="field"><h3>{e(label)}</h3>'
            + (f'<p class="hint">{e(hint)}</p>' if hint else "")
            + '<p class="rate">____ out of 100 &nbsp; (0 = not at all, 100 = completely)</p>'
            "</div>")


def table(headers: list[str], rows: int, first: Callable[[int], str] | None = None) -> str:
    out = ["<table>", "<thead>", "<tr>"] + [f"<th>{e(h)}</th>" for h in headers]
    out += ["</tr>", "</thead>", "<tbody>"]
    for n in range(1, rows + 1):
        cells = [first(n) if first else ""] + [""] * (len(headers) - 1)
        out.append("<tr>" + "".join(f'<td class="write">{c}</td>' for c in cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def bullet_list(items: Iterable[str], ordered: bool = False) -> str:
    tag = "ol" if ordered else "ul"
    return f"<{tag}>" + "".join(f"<li>{item}</li>" for item in items) + f"</{tag}>"


def defined(entries: Iterable[dict], text_key: str) -> str:
    """A list of "**Label**: description" from entries with a label and a text."""
    return bullet_list(f"<strong>{e(x['label'])}</strong>: {e(x[text_key])}"
                       if x.get(text_key) else f"<strong>{e(x['label'])}</strong>"
                       for x in entries)


def heading(step: dict, what: str) -> str:
    number = "" if step["number"] == 0 else (
        "Close: " if step["number"] == 8 else f"Step {step['number']}: ")
    return (f"<h1>{html.escape(number, quote=False)}{e(step['title'])}</h1>"
            f'<p class="lead">{e(on_paper(what))} Write as much or as little as you like; every box is '
            "optional. This sheet is yours. Keep it; nobody will collect it.</p>")


def reflections(step: dict) -> str:
    prompts = step.get("prompts") or []
    if not prompts:
        return ""
    return "<h2>To reflect on</h2>" + "".join(field(p["text"]) for p in prompts)


def crisis(step_07: dict) -> str:
    ex = step_07["exercise"]
    part = by_id(ex["parts"])["crisis"]
    return (f"<h2>{e(part['label'])}</h2><p>{e(part['help'])}</p>"
            + bullet_list(f"<strong>{e(r['region'])}: {e(r['label'])}.</strong> {e(r['how'])}"
                          for r in ex["crisis_resources"])
            + f'<p class="hint">{e(ex["crisis_note"])}</p>')


def grounding(step_01: dict) -> str:
    """The one-minute grounding that ends step 1, for the foot of a page."""
    g = step_01["exercise"]["grounding"]
    return (f"<h2>{e(g['title'])}</h2><p>{e(g['intro'])}</p>"
            + bullet_list(e(s) for s in g["steps"])
            + '<p class="hint">If you still feel shaken after that, it is fine to stop for '
            "today. The crisis lines above are there day and night.</p>")


# ---- the check-in (and the same signs at the close) -------------------------------------------


def signs_block() -> str:
    signs, scales = read("signs.yaml")["signs"], read("scales.yaml")
    out = []
    for n, sign in enumerate(signs, 1):
        scale = scales["scales"][sign["scale"]]
        points = [scale["points"][k] for k in sorted(scale["points"])]
        out.append(f'<div class="sign"><h3>{n}. {e(sign["short"])}</h3>'
                   f"<p>{e(sign['text'])}</p>"
                   f'<p class="hint">{e(scale["question"])}</p>'
                   + choices([*points, scales["prefer_not_to_say"]]) + "</div>")
    return "".join(out)


def check_in(step: dict, everything: dict) -> str:
    return (heading(step, "The seven signs, on paper. Tick one answer for each statement, "
                          "or \"Prefer not to say\".")
            + f"<h2>{e(SIGNS_HEADING)}</h2>"
            + f'<p class="hint">Think of the past two weeks and tick how often each was true, '
            f"as it was, not as you think it should have been. {e(CONDITIONAL_NOTE)}</p>"
            + signs_block() + reflections(step)
            + crisis(everything["07-consider-therapy"]))


# ---- one page per exercise --------------------------------------------------------------------


def timeline(step: dict, everything: dict) -> str:
    ex = step["exercise"]
    fields = by_id(ex["fields"])
    return (heading(step, ex["intro"])
            + f'<p class="private">{e(ex["pause_note"])}</p>'
            + f"<h2>{e(by_id(ex['parts'])['timeline']['label'])}</h2>"
            + f'<p class="hint">{e(fields["period"]["label"])} '
            + " · ".join(e(p["label"]) for p in ex["periods"]) + "</p>"
            + f'<p class="hint">{e(fields["theme"]["label"])}: '
            + " · ".join(e(t["label"]) for t in ex["themes"]) + "</p>"
            + table([fields["period"]["label"], fields["what_happened"]["label"],
                     fields["lesson"]["label"], fields["theme"]["label"]], ROWS["timeline"])
            + reflections(step)
            + crisis(everything["07-consider-therapy"])
            + grounding(step))


def thought_record(step: dict, _all: dict) -> str:
    ex = step["exercise"]
    out = [heading(step, ex["intro"])]
    for part in ex["parts"]:
        pid = part["id"]
        if pid.endswith(("rating", "rerating")):
            out.append(rating(part["label"], part["help"]))
        elif pid == "belief":
            out.append(field(part["label"], part["help"], "small"))
            out.append(f'<p class="hint">{e(part.get("examples_label", "Examples"))}:</p>'
                       + bullet_list(e(b["label"]) for b in ex["example_beliefs"]))
        elif pid == "emotion":
            out.append(field(part["label"], part["help"], "small"))
        elif pid == "traps":
            out.append(f'<div class="field"><h3>{e(part["label"])}</h3>'
                       f'<p class="hint">{e(part["help"])}</p>'
                       + bullet_list(f"{TICK} <strong>{e(t['label'])}</strong>: {e(t['hint'])}"
                                     for t in ex["thinking_traps"]) + "</div>")
        else:
            out.append(field(part["label"], part["help"]))
    return "".join(out) + reflections(step)


def ask_ladder(step: dict, _all: dict) -> str:
    ex = step["exercise"]
    parts, fields = by_id(ex["parts"]), by_id(ex["fields"])
    done = fields["done"]
    return (heading(step, ex["intro"])
            + f"<h2>{e(parts['ladder']['label'])}</h2>"
            + f'<p class="hint">{e(first_sentence(parts["ladder"]["help"]))}</p>'
            + "<p><strong>How uncomfortable?</strong></p>"
            + bullet_list(f"{a['value']}: {e(a['label'])}" for a in ex["discomfort_anchors"])
            + table(["#", fields["ask"]["label"], fields["expected_discomfort"]["label"]],
                    ROWS["ladder"], first=str)
            + f'<p class="hint">{IDEAS}:</p>'
            + bullet_list(e(x["label"]) for x in ex["example_asks"])
            + f"<h2>{e(parts['pick']['label'])}</h2>"
            + field(parts["pick"]["label"], parts["pick"]["help"], "small")
            + f"<h2>{e(parts['report']['label'])}</h2>"
            + f'<div class="field"><h3>{e(done["label"])}</h3>'
            + f'<p class="hint">{e(done["help"])}</p>'
            + choices(o["label"] for o in done["options"]) + "</div>"
            + field(fields["what_happened"]["label"], fields["what_happened"]["help"])
            + rating(fields["actual_discomfort"]["label"], fields["actual_discomfort"]["help"])
            + reflections(step))


def support_map(step: dict, _all: dict) -> str:
    ex = step["exercise"]
    parts, fields = by_id(ex["parts"]), by_id(ex["fields"])
    return (heading(step, ex["intro"])
            + f"<h2>{e(fields['circle']['label'])}</h2>"
            + f'<p class="hint">{e(fields["circle"]["help"])}</p>'
            + defined(ex["circles"], "description")
            + f"<h2>{e(fields['kinds']['label'])}</h2>"
            + f'<p class="hint">{e(fields["kinds"]["help"])}</p>'
            + defined(ex["kinds"], "description")
            + f"<h2>{e(parts['people']['label'])}</h2>"
            + f'<p class="hint">{e(fields["direction"]["label"])}: '
            + " · ".join(e(d["label"]) for d in ex["directions"]) + "</p>"
            + table([fields["name"]["label"], fields["circle"]["label"],
                     fields["kinds"]["label"], fields["direction"]["label"]], ROWS["people"])
            + field(parts["closer"]["label"], parts["closer"]["help"])
            + reflections(step))


def disclosure(step: dict, _all: dict) -> str:
    ex = step["exercise"]
    parts, fields = by_id(ex["parts"]), by_id(ex["fields"])
    return (heading(step, parts["ladder"]["help"])
            + f"<h2>{e(parts['ladder']['label'])}</h2>"
            + table([fields["text"]["label"], fields["person"]["label"],
                     fields["exposure"]["label"]], ROWS["disclosures"])
            + f'<p class="hint">{IDEAS}:</p>'
            + bullet_list(f"{e(x['label'])} ({x['exposure']}; {e(x['who'])})"
                          for x in ex["example_disclosures"])
            + f"<h2>{e(parts['stems']['label'])}</h2>"
            + f'<p class="hint">{e(first_sentence(parts["stems"]["help"]))}</p>'
            + "".join(field(s["label"], size="small") for s in ex["sentence_stems"])
            + f"<h2>{e(parts['plan']['label'])}</h2>"
            + f'<p class="hint">{e(parts["plan"]["help"])}</p>'
            + "".join(field(p["label"], p.get("hint", ""), "small") for p in ex["practice_plan"])
            + reflections(step))


def boundaries(step: dict, _all: dict) -> str:
    ex = step["exercise"]
    parts, fields = by_id(ex["parts"]), by_id(ex["fields"])
    energy = fields["energy"]
    return (heading(step, parts["audit"]["help"])
            + f"<h2>{e(parts['audit']['label'])}</h2>"
            + f'<p class="hint"><strong>{e(energy["label"])}</strong> {e(energy["help"])} '
            + " · ".join(f"{e(x['label'])}: {e(x['hint'])}" for x in ex["energy_levels"])
            + "</p>"
            + f'<p class="hint"><strong>{e(parts["decisions"]["label"])}.</strong> '
            + f'{e(parts["decisions"]["help"])}</p>'
            + defined(ex["decisions"], "hint")
            + table([fields["task"]["label"], fields["hours"]["label"],
                     f"{fields['only_me']['label']} ({TICK})",
                     f"{energy['label']} ({' / '.join(x['label'] for x in ex['energy_levels'])})",
                     " / ".join(d["label"] for d in ex["decisions"])], ROWS["load"])
            + field(fields["hours_available"]["label"],
                    first_sentence(parts["chart"]["available_help"]), "small")
            + f"<h2>{e(parts['script']['label'])}</h2>"
            + f'<p class="hint">{e(first_sentence(parts["script"]["help"]))}</p>'
            + choices(f"{k['label']}: {k['hint']}" for k in ex["script_kinds"])
            + "".join(field(p["label"], p["hint"], "small") for p in ex["script_parts"])
            + reflections(step))


def therapy(step: dict, everything: dict) -> str:
    ex = step["exercise"]
    parts = by_id(ex["parts"])
    return (heading(step, first_sentence(parts["barriers"]["help"]))
            + f"<h2>{e(parts['barriers']['label'])}</h2>"
            + bullet_list(f"{TICK} <strong>{e(b['label'])}</strong>. {e(b['answer'])}"
                          for b in ex["barriers"])
            + f"<h2>{e(parts['finding']['label'])}</h2>"
            + f'<p class="hint">{e(parts["finding"]["help"])}</p>'
            + bullet_list((f"{TICK} {e(s['label'])}" for s in ex["finding_a_therapist"]),
                          ordered=True)
            + f"<h2>{e(parts['questions']['label'])}</h2>"
            + f'<p class="hint">{e(parts["questions"]["help"])}</p>'
            + bullet_list(f"{TICK} {e(q['label'])}" for q in ex["first_call_questions"])
            + crisis(step) + reflections(step))


def closing(step: dict, everything: dict) -> str:
    ex = step["exercise"]
    parts = by_id(ex["parts"])
    plan_fields = ex["plan_fields"]
    return (heading(step, "The seven signs again, a look back and your action plan.")
            + f"<h2>{e(SIGNS_HEADING)}</h2>"
            + '<p class="hint">Tick one answer for each, or "Prefer not to say". '
            f"{e(CONDITIONAL_NOTE)} {e(SAME_DAY_NOTE)}</p>"
            + signs_block()
            + f"<h2>{e(parts['look_back']['label'])}</h2>"
            + f'<p class="hint">{e(parts["look_back"]["help"])}</p>'
            + "".join(field(s["label"], size="small") for s in ex["look_back_stems"])
            + f"<h2>{e(parts['plan']['label'])}</h2>"
            + f'<p class="hint">{e(parts["plan"]["help"])}</p>'
            + bullet_list(f"<strong>{e(f['label'])}</strong>: {e(f['hint'])}"
                          for f in plan_fields)
            + table(["#"] + [f["label"] for f in plan_fields], int(ex["commitments"]),
                    first=str)
            + reflections(step)
            + crisis(everything["07-consider-therapy"]))


#: Step id -> (file name, how its page is made). Every step has one: a missing step fails.
PAGES: dict[str, tuple[str, Callable[[dict, dict], str]]] = {
    "00-welcome": ("00-check-in", check_in),
    "01-pinpoint-the-root-cause": ("01-timeline", timeline),
    "02-reframe-help-as-strength": ("02-thought-record", thought_record),
    "03-start-small": ("03-ask-ladder", ask_ladder),
    "04-build-a-support-network": ("04-support-map", support_map),
    "05-practice-vulnerability": ("05-disclosure-ladder", disclosure),
    "06-set-self-boundaries": ("06-load-audit-and-script", boundaries),
    "07-consider-therapy": ("07-therapy-and-crisis-lines", therapy),
    "08-embracing-interdependence": ("08-close-and-action-plan", closing),
}


def render_all() -> dict[str, str]:
    """File name (without .html) -> the page's HTML, for every worksheet."""
    everything = {step["id"]: step for step in steps()}
    missing = set(everything) - set(PAGES)
    if missing:
        raise SystemExit(f"no worksheet for {sorted(missing)}: add one to PAGES")
    pages = {}
    for step_id, (name, make) in PAGES.items():
        step = everything[step_id]
        body = (make(step, everything)
                + "<footer>Made from the Interdependence curriculum "
                f"(data/curriculum/steps/{e(step_id)}.yaml). A reflective learning workshop, "
                "not therapy.</footer>")
        title = f"Worksheet: {step['title']}"
        page = TEMPLATE.format(title=e(title), css=CSS, body=body)
        pages[name] = page
    return pages


def build(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, page in render_all().items():
        target = out_dir / f"{name}.html"
        with open(target, "w", encoding="utf-8", newline="\n") as f:
            f.write(page)
        written.append(target)
    return written


def stale(folder: Path = HERE) -> list[str]:
    problems = []
    for name, page in render_all().items():
        target = folder / f"{name}.html"
        if not target.exists():
            problems.append(f"{target.name} is missing")
        elif target.read_text(encoding="utf-8") != page:
            problems.append(f"{target.name} is out of date with data/curriculum")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any worksheet is missing or stale")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for problem in problems:
            print(problem)
        if problems:
            print("Run: python facilitator_guide/worksheets/build_worksheets.py")
        return 1 if problems else 0
    for path in build(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
