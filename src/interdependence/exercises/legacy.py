"""ADAPTER, to delete: a step whose exercise is still a module of plain functions, seen as a
model, so the registry (``steps.py``) can treat every step alike while steps are converted.

Only ``share_summary`` is adapted; the old views keep calling their module directly. When a
step gets its own :class:`ExerciseModel`, its registry entry names it as ``model=`` and
drops ``legacy_logic=``; when no entry uses ``legacy_logic`` any more, delete this file.
"""

from __future__ import annotations

import importlib
from typing import Any

from .model import ExerciseModel


class LegacyModel(ExerciseModel):
    """The function-based exercise module ``module`` of step ``step_id``, over ``journal``."""

    def __init__(self, journal: Any, step_id: str, module: str):
        self.STEP_ID = step_id
        super().__init__(journal)
        self.module_name = module

    def share_summary(self) -> dict[str, Any]:
        try:
            module = importlib.import_module(self.module_name)
        except ModuleNotFoundError as exc:
            if exc.name != self.module_name:
                raise
            return {}  # that exercise is not part of this installation
        share = getattr(module, "share_summary", None)
        return share(self.journal) if share else {}
