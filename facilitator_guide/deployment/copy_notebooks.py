"""Give one person the workshop notebooks they do not have yet; never replace their own copy.

    python copy_notebooks.py SOURCE_FOLDER TARGET_FOLDER

Run it as the participant (the hub's pre-spawn hook does; on Zero to JupyterHub the
server's start-up hook does). A notebook already in TARGET_FOLDER, even an edited or an empty
one, is left alone, so a second start, or a new notebook added to the kit mid-course, never
costs anyone their own notes. Links are never followed or replaced. Uses the standard
library only, so any Python 3 can run it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def copy_missing(source: Path, target: Path) -> tuple[list[str], list[str]]:
    """Copy each ``*.ipynb`` of ``source`` missing from ``target``: (copied, kept)."""
    target.mkdir(mode=0o755, parents=True, exist_ok=True)
    copied, kept = [], []
    for notebook in sorted(source.glob("*.ipynb")):
        destination = target / notebook.name
        data = notebook.read_bytes()
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(destination, flags, 0o644)
        except FileExistsError:  # theirs already (a file, a folder or a link): keep it
            kept.append(notebook.name)
            continue
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        copied.append(notebook.name)
    return copied, kept


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python copy_notebooks.py SOURCE_FOLDER TARGET_FOLDER", file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    if not any(source.glob("*.ipynb")):
        print(f"No notebooks found in {source}.", file=sys.stderr)
        return 1
    copied, kept = copy_missing(source, target)
    print(f"copied {len(copied)} notebook(s) to {target}, kept {len(kept)} already there")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
