"""``interdependence notebooks DEST``: the curriculum notebooks, copied for a person or a hub.

The notebooks come from the installed kit (``paths.notebooks_dir()``: the checkout, or the
copy inside the package), so a wheel install is enough to give someone their own set. A
notebook already in DEST is never replaced unless asked (``force``): it may be a person's
own copy, with their own notes in it. Their answers are not in it (they live in the
journal), but their changes could be. A link or a folder in DEST is never replaced at all.
Each file is written atomically, so an interrupted copy leaves no half notebook.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .atomic import atomic_create_bytes, atomic_write_bytes


@dataclass
class CopyResult:
    """What :func:`copy_notebooks` did, by file name."""

    folder: Path
    notebooks: list[str] = field(default_factory=list)  # every one asked for, in order
    made_folder: bool = False
    copied: list[str] = field(default_factory=list)  # new in the folder
    replaced: list[str] = field(default_factory=list)  # different before, replaced (force)
    same: list[str] = field(default_factory=list)  # already there, identical: nothing to do
    kept: list[tuple[str, str]] = field(default_factory=list)  # (name, why it was left alone)


def sources(facilitator: bool = False) -> list[Path]:
    """The notebooks to copy: the curriculum's in order, then the dashboard if asked for."""
    notebooks = sorted(paths.notebooks_dir().glob("*.ipynb"))
    if not notebooks:
        raise paths.KitFilesMissing(
            f"There are no notebooks in {paths.notebooks_dir()}: reinstall the kit.")
    if facilitator:
        notebooks.append(paths.dashboard_notebook())
    return notebooks


def _file_mode() -> int:
    """What a new file gets from this account's umask (0644 with the usual 022)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def copy_notebooks(folder: str | os.PathLike, *, facilitator: bool = False,
                   force: bool = False) -> CopyResult:
    """Copy the curriculum notebooks (and, with ``facilitator``, the cohort dashboard) into
    ``folder``, made if missing. A different notebook already there is left alone unless
    ``force``; a link or a folder of the same name always is."""
    target = Path(folder).expanduser()
    wanted = sources(facilitator)
    result = CopyResult(folder=target, notebooks=[p.name for p in wanted])
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(f"{target} is a file, not a folder: give a folder to copy "
                                 "the notebooks into.")
    if not target.exists():
        target.mkdir(parents=True)
        result.made_folder = True
    mode = _file_mode()
    for source in wanted:
        data = source.read_bytes()
        destination = target / source.name
        if atomic_create_bytes(destination, data, mode=mode):
            result.copied.append(source.name)
            continue
        if destination.is_symlink():
            result.kept.append((source.name, "it is a link, and links are never followed or "
                                             "replaced"))
        elif destination.is_dir():
            result.kept.append((source.name, "a folder of that name is there"))
        elif not destination.is_file():
            result.kept.append((source.name, "something other than a file is there"))
        elif destination.read_bytes() == data:
            result.same.append(source.name)
        elif force:
            atomic_write_bytes(destination, data, mode=mode)
            result.replaced.append(source.name)
        else:
            result.kept.append((source.name, "a different copy is already there, perhaps with "
                                             "someone's own changes; add --force to replace it "
                                             "with this version"))
    return result
