#!/usr/bin/env python3
"""Turn every handout (``*.md`` in this folder) into a print-ready HTML file next to it.

Usage:
    python3 facilitator_guide/handouts/build_handouts.py            # rebuild the .html files
    python3 facilitator_guide/handouts/build_handouts.py --check    # exit 1 if any is stale
    python3 facilitator_guide/handouts/build_handouts.py --out DIR  # write into DIR instead

The built-in converter is used by default, so the output is the same byte for byte on every
machine, whatever happens to be installed; the committed HTML is checked against a fresh build
by the tests. ``--markdown-package`` uses the ``markdown`` package instead, if it is installed
(it is never required); its output differs slightly, so don't commit it.

The built-in converter knows only what the handouts use: ``#`` headings, paragraphs, ``-``
and ``1.`` lists, pipe tables, ``**bold**``, ``*italic*``, ``code`` and ``[links](url)``.
A list item that ends with a colon gets a ruled line to write on, for the check-out card.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# One stylesheet for screen and paper. No page size is set, so the printer's own paper
# (A4 or US Letter) is used; the margins suit both.
CSS = """\
@page { margin: 14mm 15mm 16mm 15mm; }
:root { color-scheme: light; }
body {
  font-family: "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif;
  font-size: 10.5pt; line-height: 1.35; color: #111; background: #fff;
  max-width: 178mm; margin: 0 auto; padding: 0;
}
h1 { font-size: 19pt; line-height: 1.2; margin: 0 0 6pt; }
h2 { font-size: 13.5pt; margin: 12pt 0 4pt; break-after: avoid; }
h3 { font-size: 12pt; margin: 10pt 0 4pt; break-after: avoid; }
p { margin: 0 0 6pt; }
ul, ol { margin: 0 0 6pt; padding-left: 18pt; }
li { margin: 0 0 2pt; }
li.write { padding-bottom: 22pt; border-bottom: 0.75pt solid #888; margin-bottom: 8pt; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; font-size: 10pt; }
th, td { border: 0.75pt solid #777; padding: 2.5pt 5pt; text-align: left; vertical-align: top; }
th:first-child, td:first-child { white-space: nowrap; }
th { background: #eef2f5; }
td:empty { height: 46pt; width: 31%; }  /* boxes to write in */
code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.95em; }
a { color: #0b4f8a; }
@media screen {
  body { padding: 24px; }
}
@media print {
  a { color: inherit; text-decoration: none; }
  table, tr, li { break-inside: avoid; }
}
"""

TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def inline(text: str) -> str:
    """Escape the text, then apply code, links, bold and italic."""
    parts = re.split(r"(`[^`]+`)", text)
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{html.escape(part[1:-1], quote=False)}</code>")
            continue
        s = html.escape(part, quote=False)
        s = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)",
                   lambda m: f'<a href="{_href(m.group(2))}">{m.group(1)}</a>', s)
        s = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", s)
        s = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", s)
        out.append(s)
    return "".join(out)


def _href(url: str) -> str:
    # A link to another handout points at its printable twin.
    if not re.match(r"^[a-z]+:", url) and url.endswith(".md"):
        url = url[:-3] + ".html"
    return html.escape(url, quote=True)


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|"):
        line = line[:-1]
    return [c.strip() for c in line.split("|")]


def builtin_convert(text: str) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.strip():
            i += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            blocks.append(f"<h{level}>{inline(heading.group(2))}</h{level}>")
            i += 1
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(
                lines[i + 1].strip()):
            head = _cells(line)
            i += 2
            rows = []
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append(_cells(lines[i]))
                i += 1
            out = ["<table>", "<thead>", "<tr>"]
            out += [f"<th>{inline(c)}</th>" for c in head]
            out += ["</tr>", "</thead>", "<tbody>"]
            for row in rows:
                row = (row + [""] * len(head))[:len(head)]
                out.append("<tr>" + "".join(f"<td>{inline(c)}</td>" for c in row) + "</tr>")
            out += ["</tbody>", "</table>"]
            blocks.append("\n".join(out))
            continue
        kind = "ul" if _BULLET.match(line) else "ol" if _NUMBERED.match(line) else None
        if kind:
            pattern = _BULLET if kind == "ul" else _NUMBERED
            items: list[str] = []
            while i < len(lines) and lines[i].strip():
                current = lines[i].rstrip()
                item = pattern.match(current)
                if item:
                    items.append(item.group(1).strip())
                elif current.startswith((" ", "\t")) and items:
                    items[-1] += " " + current.strip()  # a wrapped line of the same item
                else:
                    break
                i += 1
            out = [f"<{kind}>"]
            for item in items:
                css = ' class="write"' if item.endswith(":") else ""
                out.append(f"<li{css}>{inline(item)}</li>")
            out.append(f"</{kind}>")
            blocks.append("\n".join(out))
            continue
        para = []
        while i < len(lines) and lines[i].strip() and not _HEADING.match(lines[i]) \
                and not _BULLET.match(lines[i]) and not _NUMBERED.match(lines[i]) \
                and not lines[i].lstrip().startswith("|"):
            para.append(lines[i].strip())
            i += 1
        blocks.append(f"<p>{inline(' '.join(para))}</p>")
    return "\n".join(blocks)


def package_convert(text: str) -> str:
    import markdown  # optional; only with --markdown-package

    return markdown.markdown(text, extensions=["tables"], output_format="html")


def title_of(text: str, fallback: str) -> str:
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading:
            return re.sub(r"[*`]", "", heading.group(2))
    return fallback


def render(source: Path, use_package: bool = False) -> str:
    text = source.read_text(encoding="utf-8")
    body = package_convert(text) if use_package else builtin_convert(text)
    title = html.escape(title_of(text, source.stem), quote=False)
    return TEMPLATE.format(title=title, css=CSS, body=body)


def sources(folder: Path = HERE) -> list[Path]:
    return sorted(folder.glob("*.md"))


def build(out_dir: Path = HERE, use_package: bool = False) -> list[Path]:
    """Write one ``.html`` per handout into ``out_dir``; return the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources():
        target = out_dir / (source.stem + ".html")
        with open(target, "w", encoding="utf-8", newline="\n") as f:
            f.write(render(source, use_package))
        written.append(target)
    return written


def stale(folder: Path = HERE) -> list[str]:
    """Handouts whose committed HTML differs from a fresh build (or is missing)."""
    problems = []
    for source in sources(folder):
        target = folder / (source.stem + ".html")
        if not target.exists():
            problems.append(f"{target.name} is missing")
        elif target.read_text(encoding="utf-8") != render(source):
            problems.append(f"{target.name} is out of date with {source.name}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if any HTML file is missing or stale")
    parser.add_argument("--markdown-package", action="store_true",
                        help="convert with the optional 'markdown' package")
    args = parser.parse_args(argv)
    if args.check:
        problems = stale()
        for problem in problems:
            print(problem)
        if problems:
            print("Run: python3 facilitator_guide/handouts/build_handouts.py")
        return 1 if problems else 0
    if args.markdown_package:
        try:
            import markdown  # noqa: F401
        except ImportError:
            print("The 'markdown' package is not installed; run without --markdown-package "
                  "to use the built-in converter.", file=sys.stderr)
            return 1
    for path in build(args.out, args.markdown_package):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
