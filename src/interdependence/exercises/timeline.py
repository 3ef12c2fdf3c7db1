"""Step 01: the private timeline of moments that shaped how a person handles needing help.

Journal key ``timeline`` (this step's): a list of
``{"id", "period", "what", "lesson", "themes": [theme ids]}`` in the order the moments were
added (a :class:`~interdependence.exercises.keyed_list.KeyedList`). ``period`` is a period id
from the step's YAML or ``None``; ``themes`` are theme ids from the YAML, in the YAML's order.

Nothing here is ever shared: the step is marked ``shareable: false``, its registry entry has
no summary bounds, and :class:`Timeline` keeps the base model's empty ``share_summary``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .. import steps
from .keyed_list import Entry, KeyedList, ListRules
from .model import ExerciseError, ExerciseModel, step_content

KEY = "timeline"
#: Where moments without a period go on the chart: after every known period.
NO_PERIOD_LABEL = "No period given"
#: Longest text kept for one moment field; a timeline is a few words, not an essay.
MAX_TEXT = 2000


class MomentError(ExerciseError):
    """A moment cannot be saved; the message is written for the participant."""


# ---- checking input ----------------------------------------------------------------------


def clean_moment(period: str | None, what: str, lesson: str, themes: Iterable[str],
                 known_periods: Iterable[str], known_themes: Iterable[str]) -> dict[str, Any]:
    """Check and tidy one moment's fields; raises MomentError with plain words."""
    known_periods, known_themes = list(known_periods), list(known_themes)
    period = period or None
    if period is not None and period not in known_periods:
        raise MomentError("Please choose a period of life from the list.")
    what, lesson = (what or "").strip(), (lesson or "").strip()
    for text in (what, lesson):
        if len(text) > MAX_TEXT:
            raise MomentError(
                f"That is a lot of text for one moment (more than {MAX_TEXT} characters). "
                "A few words are enough here; the reflection boxes below have more room.")
    chosen = list(dict.fromkeys(themes or []))
    unknown = [t for t in chosen if t not in known_themes]
    if unknown:
        raise MomentError("Please tick themes from the list only.")
    # Keep the themes in the order the YAML lists them, so a moment reads the same each time.
    chosen = [t for t in known_themes if t in chosen]
    if period is None and not what and not lesson and not chosen:
        raise MomentError(
            "There is nothing to add yet. Choose a period, write a word or two, or tick a "
            "theme, then press the button again.")
    return {"period": period, "what": what, "lesson": lesson, "themes": chosen}


# ---- reading and drawing (plain functions of a list of moments) ----------------------------


def in_life_order(items: Sequence[Entry], period_ids: Sequence[str]) -> list[Entry]:
    """Moments sorted by period (YAML order), unknown or missing periods last; stable."""
    rank = {pid: i for i, pid in enumerate(period_ids)}
    return sorted(items, key=lambda m: rank.get(m.get("period") or "", len(period_ids)))


def short_label(text: str, width: int = 16, lines: int = 2) -> str:
    """Wrap ``text`` to at most ``lines`` lines of ``width`` characters, with … if cut.

    Chart labels must stay short so neighbouring moments never overlap.
    """
    words = " ".join(str(text).split())
    if not words:
        return ""
    wrapped = textwrap.wrap(words, width=width, break_long_words=True,
                            break_on_hyphens=False)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    last = kept[-1]
    if len(last) >= width:  # make room for the "…", at a word break when there is one
        last = last.rsplit(" ", 1)[0] if " " in last else last[: width - 1]
    kept[-1] = last.rstrip(" ,;:") + "…"
    return "\n".join(kept)


def moment_text(moment: Mapping[str, Any], theme_labels: Mapping[str, str]) -> str:
    """The words that stand for a moment: what happened, else the lesson, else its themes."""
    for key in ("what", "lesson"):
        text = (moment.get(key) or "").strip()
        if text:
            return text
    themes = [theme_labels.get(t, t) for t in moment.get("themes") or []]
    return ", ".join(themes) if themes else "A moment"


def chart_data(items: Sequence[Entry], periods: Sequence[Mapping[str, str]],
               themes: Sequence[Mapping[str, str]], width: int = 15) -> dict[str, Any]:
    """Tidy data for the timeline chart.

    ``periods`` and ``themes`` are the YAML lists of ``{"id", "label"}``. Returns
    ``{"columns": [period labels in life order, plus "No period given" if needed],
    "points": [{"id", "x", "y", "label", "theme", "theme_label", "themes"}],
    "themes": [{"id", "label"} used, YAML order]}``. ``x`` is the column, ``y`` the
    moment's place in its column (0 at the bottom), ``theme`` the first theme ticked (or
    None), which sets the marker.
    """
    period_ids = [p["id"] for p in periods]
    period_labels = {p["id"]: p["label"] for p in periods}
    theme_labels = {t["id"]: t["label"] for t in themes}
    ordered = in_life_order(items, period_ids)
    columns = [period_labels[p] for p in period_ids]
    if any(m.get("period") not in period_labels for m in ordered):
        columns.append(NO_PERIOD_LABEL)
    stacked: dict[int, int] = {}
    points = []
    for moment in ordered:
        period = moment.get("period")
        x = period_ids.index(period) if period in period_labels else len(period_ids)
        y = stacked.get(x, 0)
        stacked[x] = y + 1
        ticked = [t for t in moment.get("themes") or [] if t in theme_labels]
        first = ticked[0] if ticked else None
        points.append({
            "id": moment.get("id"),
            "x": x,
            "y": y,
            "label": short_label(moment_text(moment, theme_labels), width=width),
            "theme": first,
            "theme_label": theme_labels[first] if first else "No theme ticked",
            "themes": [theme_labels[t] for t in ticked],
        })
    used = {p["theme"] for p in points}
    return {
        "columns": columns,
        "points": points,
        "themes": [{"id": t["id"], "label": t["label"]} for t in themes if t["id"] in used],
        "untagged": None in used,
    }


# ---- the model -----------------------------------------------------------------------------


class Timeline(ExerciseModel):
    """The private timeline of one journal. ``moments`` is the list (add, update, remove,
    restore); the periods and themes a moment may name come from ``content``, the step's
    ``exercise:`` YAML (the bundled curriculum's unless given)."""

    STEP_ID = steps.TIMELINE.id

    def __init__(self, journal: Any, content: Mapping[str, Any] | None = None):
        super().__init__(journal)
        self.content = content if content is not None else step_content(self.STEP_ID)
        self.moments = KeyedList(self, KEY, ListRules(
            prefix="m", clean=self.clean,
            gone="That moment is no longer in your timeline; it may have been removed.",
            error=MomentError))

    # ---- what the YAML allows -------------------------------------------------------------

    def periods(self) -> list[Mapping[str, str]]:
        return list(self.content.get("periods", ()))

    def themes(self) -> list[Mapping[str, str]]:
        return list(self.content.get("themes", ()))

    def period_ids(self) -> list[str]:
        return [p["id"] for p in self.periods()]

    def theme_ids(self) -> list[str]:
        return [t["id"] for t in self.themes()]

    def clean(self, values: dict[str, Any], others: list[Entry]) -> dict[str, Any]:
        """The stored fields of a moment, checked (the list's ``clean``; moments may repeat:
        the same words can belong to two periods of a life)."""
        return clean_moment(values.get("period"), values.get("what", ""),
                            values.get("lesson", ""), values.get("themes", ()),
                            self.period_ids(), self.theme_ids())

    # ---- reading ---------------------------------------------------------------------------

    def in_life_order(self) -> list[Entry]:
        """The moments by period of life (earliest first), those without one last."""
        return in_life_order(self.moments.items(), self.period_ids())

    def chart_data(self, width: int = 15) -> dict[str, Any]:
        """The chart's data (see :func:`chart_data`), read from the journal now."""
        return chart_data(self.moments.items(), self.periods(), self.themes(), width=width)
