"""Which module builds each step's exercise. A notebook cell calls ``step.exercise("part")``.

Each module named here has ``PARTS``: a dict of part name -> builder(session) -> widget.
The first part is the default when a notebook calls ``step.exercise()`` with no name.
"""

from __future__ import annotations

import importlib

MODULES = {
    "01-pinpoint-the-root-cause": "interdependence.views.timeline",
    "02-reframe-help-as-strength": "interdependence.views.thought_record",
    "03-start-small": "interdependence.views.ask_ladder",
    "04-build-a-support-network": "interdependence.views.support_map",
    "05-practice-vulnerability": "interdependence.views.disclosure",
    "06-set-self-boundaries": "interdependence.views.boundaries",
    "07-consider-therapy": "interdependence.views.therapy",
    "08-embracing-interdependence": "interdependence.views.closing",
}


def build(session, part: str | None = None):
    name = MODULES.get(session.step.id)
    if name is None:
        raise LookupError(f"{session.step.title} has no exercise.")
    parts = importlib.import_module(name).PARTS
    if part is None:
        part = next(iter(parts))
    if part not in parts:
        raise LookupError(
            f"{session.step.title} has no exercise part {part!r}; choose one of: "
            + ", ".join(parts))
    return parts[part](session)
