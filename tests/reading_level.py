"""Participant-facing text, cut into sections and graded for reading level.

A section is one Markdown cell of a participant notebook, or one text field of the
curriculum YAML (a prompt, a hint, an answer), of at least ``MIN_WORDS`` words: on shorter
text a grade formula says more about one long word than about the text. Markdown is reduced
to the words a reader sees, and each heading, list item or line of a list becomes its own
sentence (a list of short items has no full stops, and would otherwise read as one long
sentence).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
CURRICULUM = ROOT / "data" / "curriculum"
#: The YAML files a participant reads (dashboard.yaml is the facilitator's).
CURRICULUM_FILES = ("signs.yaml", "scales.yaml", "steps/*.yaml")
MAX_GRADE = 8.0
MIN_WORDS = 40

_BLOCK_START = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s*|\|)")
_END = re.compile(r"[.!?:;…][\"'”’)*_]*$")


def plain_markdown(text: str) -> str:
    """The words of a Markdown cell, one sentence per block, list item and heading."""
    text = re.sub(r"<details>|</details>|<summary>|</summary>|<br\s*/?>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images: their words
    text = re.sub(r"`([^`]*)`", r"\1", text)
    blocks: list[str] = []
    for line in text.splitlines():
        if not line.strip() or re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line):
            blocks.append("")  # a blank line (or a table's rule) ends a block
            continue
        if _BLOCK_START.match(line) or not blocks or not blocks[-1]:
            blocks.append(_BLOCK_START.sub("", line).replace("|", ". ").strip())
        else:
            blocks[-1] += " " + line.strip()
    sentences = []
    for block in blocks:
        block = re.sub(r"[*_]{1,3}(\S[^*_]*?)[*_]{1,3}", r"\1", block).strip()
        if block:
            sentences.append(block if _END.search(block) else block + ".")
    return " ".join(sentences)


def notebook_sections() -> Iterator[tuple[str, str]]:
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    assert len(paths) == 9, paths
    for path in paths:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for n, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                yield f"{path.name} cell {n}", plain_markdown("".join(cell["source"]))


def _strings(value, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if key != "text" else where)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            name = item.get("id", n) if isinstance(item, dict) else n
            yield from _strings(item, f"{where}[{name}]")
    elif isinstance(value, str):
        yield where, " ".join(value.split())


def curriculum_sections() -> Iterator[tuple[str, str]]:
    files = [p for pattern in CURRICULUM_FILES for p in sorted(CURRICULUM.glob(pattern))]
    assert len(files) >= 11, files
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        yield from _strings(data, path.relative_to(CURRICULUM).as_posix())


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9’']+", text))


def sections() -> list[tuple[str, str]]:
    """(where, text) for every participant-facing section long enough to grade."""
    found = [*notebook_sections(), *curriculum_sections()]
    return [(where, text) for where, text in found if words(text) >= MIN_WORDS]


def grade(text: str) -> float:
    import textstat

    return textstat.flesch_kincaid_grade(text)
