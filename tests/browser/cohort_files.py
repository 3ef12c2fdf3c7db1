"""Submissions written into a cohort folder as the share panel writes them, for the browser
tests of the dashboard (in Lab, in the facilitator's app, on a pre-heated kernel)."""

from __future__ import annotations

import json
from pathlib import Path

from interdependence import curriculum


def share_checkins(folder: Path, people: range, cohort: str) -> None:
    """Participants ``people`` who shared the check-in's ratings with ``cohort``."""
    signs = [s.id for s in curriculum.default().signs]
    for i in people:
        token = f"{cohort.lower()}-test-{i:06d}"
        ratings = {sign: 1 + (i + n) % 5 for n, sign in enumerate(signs)}
        sub = {"schema": 2, "token": token, "cohort": cohort, "date": "2026-11-20",
               "steps": {"00-welcome": {"ratings": ratings}}}
        (folder / f"{token}.json").write_text(json.dumps(sub), encoding="utf-8")
