"""Where the participant's export goes and how its files are written, never how they read.

The export of the closing summary and action plan is two files in ``paths.exports_dir()``:
a standalone HTML page and a Markdown file with its chart PNGs beside it. Their words and
markup are made by ``interdependence.plan_export`` (the logic layer renders nothing); this
module names the files, checks the charts are PNG images, and writes everything atomically.
Charts arrive here as PNG bytes; drawing them is the caller's job, so this module needs no
matplotlib.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..atomic import atomic_write_bytes, atomic_write_text, remove_each

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class ChartImage:
    name: str  # used in the PNG's file name: letters, digits and dashes
    caption: str  # one sentence: the alt text and the visible caption
    png: bytes


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    html: Path
    markdown: Path
    images: tuple[Path, ...]


def file_stem(made: dt.date) -> str:
    """The files' shared name: one export a day, so saving again that day replaces it."""
    return f"interdependence-plan-{made.isoformat()}"


def image_files(charts: list[ChartImage], made: dt.date) -> list[tuple[ChartImage, str]]:
    """Each chart with the file name its PNG gets beside the Markdown file.

    A chart that is not a PNG image is refused here, before anything is written.
    """
    images = []
    for chart in charts:
        if not chart.png.startswith(PNG_SIGNATURE):
            raise ValueError(f"The chart {chart.name!r} is not a PNG image.")
        name = f"{file_stem(made)}-{re.sub(r'[^a-z0-9-]+', '-', chart.name.lower())}.png"
        images.append((chart, name))
    return images


def save_export(page: str, markdown: str, images: list[tuple[ChartImage, str]],
                made: dt.date, folder: Path | None = None) -> ExportResult:
    """Write the HTML page, the Markdown file and its PNGs; returns where they are.

    Saving again on the same day replaces that day's files (each written atomically).
    """
    folder = Path(folder) if folder else paths.exports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for chart, name in images:
        atomic_write_bytes(folder / name, chart.png)
    stem = file_stem(made)
    html_path, md_path = folder / f"{stem}.html", folder / f"{stem}.md"
    atomic_write_text(html_path, page)
    atomic_write_text(md_path, markdown)
    return ExportResult(folder=folder, html=html_path, markdown=md_path,
                        images=tuple(folder / n for _, n in images))


@dataclass(frozen=True)
class ExportsDeleted:
    """What :func:`delete_exports` did: the names removed, and each one that could not be
    removed with the reason."""
    removed: tuple[str, ...]
    failed: tuple[str, ...]


def exported_files(folder: Path | None = None) -> list[Path]:
    """The files in the exports folder (``paths.exports_dir()``), in name order: the plans
    and their pictures, the files saved for a facilitator, and a half-written one an
    interrupted save left behind (its name starts with a dot). Not a folder in it, whatever
    it holds: the kit never makes one there. A link counts as the link itself."""
    folder = Path(folder) if folder else paths.exports_dir()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    return sorted((p for p in entries if p.is_symlink() or not p.is_dir()),
                  key=lambda p: p.name)


def delete_exports(folder: Path | None = None) -> ExportsDeleted:
    """Remove every file :func:`exported_files` lists, for good (a link is removed, never
    what it points to). A file that cannot be removed is left and named with the reason;
    the others are still removed."""
    removed, failed = remove_each(exported_files(folder))
    return ExportsDeleted(tuple(p.name for p in removed), tuple(failed))
