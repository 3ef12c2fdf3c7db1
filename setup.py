"""One build step on top of pyproject.toml: put the kit's own files inside the package.

The notebooks and the item bank stay where people edit them (``notebooks/``, ``data/``,
``facilitator_guide/``). A wheel must still hold them, so ``build_py`` copies them into the
built package as ``interdependence/_shipped/``, laid out as in the repository;
``interdependence.paths.kit_root()`` finds them there. An editable install (``make lab``)
copies nothing: the package then reads the checkout's own folders. MANIFEST.in puts the same
files in the sdist, so a wheel built from it has them too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = Path("interdependence") / "_shipped"

#: What the package reads at run time, relative to the project folder. Each pattern must
#: match at least one file, so a build from an incomplete sdist fails instead of shipping a
#: kit without its questions.
KIT_FILES = (
    "data/curriculum/**/*.yaml",
    "data/curriculum/README.md",
    "data/demo-reflections.yaml",
    "data/sample-cohort/*.json",  # top level only: never a facilitator's _facilitator/ state
    "notebooks/*.ipynb",
    "facilitator_guide/cohort-dashboard.ipynb",
)


def kit_files(root: Path = HERE) -> list[Path]:
    """The kit's files, relative to ``root``, sorted."""
    found: set[Path] = set()
    for pattern in KIT_FILES:
        matches = [p for p in root.glob(pattern)
                   if p.is_file() and not any(part.startswith((".", "_"))
                                              for part in p.relative_to(root).parts)]
        if not matches:
            raise SystemExit(f"setup.py: no file matches {pattern} in {root}: the kit's "
                             "questions or notebooks are missing from this source tree.")
        found.update(p.relative_to(root) for p in matches)
    return sorted(found)


class BuildPy(build_py):
    """``build_py`` that also copies the kit's files into ``interdependence/_shipped``."""

    def _editable(self) -> bool:
        return bool(getattr(self, "editable_mode", False))

    def run(self) -> None:
        super().run()
        if self._editable():
            return
        target = Path(self.build_lib) / SHIPPED
        if target.exists():  # a file deleted from the project must not linger in the wheel
            shutil.rmtree(target)
        for relative in kit_files():
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / relative, destination)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not self._editable():
            outputs += [str(Path(self.build_lib) / SHIPPED / p) for p in kit_files()]
        return outputs


setup(cmdclass={"build_py": BuildPy})
