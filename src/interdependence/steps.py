"""THE step registry: for each step of the workshop, its model, its notebook parts, what its
share summary may hold, and its charts on the facilitator's dashboard.

What wires a step into the kit's code lives here, once: the notebook cells
(``views/exercises.py``), the submission's summary and its bounds (``cohort/submission.py``),
which dashboard charts it has (``cohort/aggregate.py``), the reveal units
(``cohort/reveal.py``), the demo cohort (``cohort/demo.py``) and the close's summary
(``exercises/closing.py``). A sharing step's chart functions and demo answers themselves are
written in those modules (see the recipe in ``exercises/README.md``). Step ids are
written only here (and in ``data/curriculum/steps/*.yaml``); other code names a step as
``steps.ASK_LADDER.id``.

Importing this module imports no widgets, no matplotlib, no exercise module: models and
views are named by dotted path (``"package.module:Name"``) and imported when first used,
so logic and cohort code can read the registry freely. See ``exercises/README.md``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .exercises.model import ExerciseModel

#: A share-summary key's plausible values: (kind, low, high); kind is "count" (a whole
#: number), "number", "flag" (true/false) or "counts" (an object of counts). See
#: ``cohort/submission.py``.
Bound = tuple[str, float, float]

HOURS_IN_A_WEEK = 168  # step 06: every hours figure is 0-168 per week


def _frozen(mapping: Mapping | None = None) -> MappingProxyType:
    return MappingProxyType(dict(mapping or {}))


def load(dotted: str) -> Any:
    """``"package.module:Name"`` -> the object, imported now."""
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class Step:
    """One step's wiring. Only ``id`` is required: a step with no exercise has no model.

    - ``model``: ``"module:Class"`` of its :class:`ExerciseModel`;
    - ``parts``: notebook part name -> ``"module:builder"``; a builder takes the
      StepSession and returns the widget (a view class).
      The first part is the default of ``step.exercise()``;
    - ``summary_bounds``: the keys its share summary may send, with their plausible values;
      None when the step sends no summary;
    - ``summary_units``: summary keys drawn by one dashboard chart together (reveal units);
    - ``dashboard``: its charts, as keys of ``STEP_CHARTS`` in ``cohort/aggregate.py``, in order;
    - ``demo_share``: the chance that a demo participant shares this step (None: never);
    - ``draws_charts``: its notebook draws a chart of the person's own answers, so its
      kernel starts loading matplotlib as soon as it starts (``warmup.py``).
    """

    id: str
    model: str | None = None
    parts: Mapping[str, str] = field(default_factory=_frozen)
    summary_bounds: Mapping[str, Bound] | None = None
    summary_units: Mapping[str, str] = field(default_factory=_frozen)
    dashboard: tuple[str, ...] = ()
    demo_share: float | None = None
    draws_charts: bool = False

    @property
    def shares_summary(self) -> bool:
        return self.summary_bounds is not None

    def new_model(self, journal: Any) -> ExerciseModel | None:
        """This step's model over ``journal`` (None if the step has no exercise)."""
        if self.model:
            return load(self.model)(journal)
        return None

    def part(self, name: str | None = None) -> Callable[[Any], Any]:
        """The builder of one notebook part (the first one when ``name`` is None)."""
        if not self.parts:
            raise LookupError("has no exercise")
        name = next(iter(self.parts)) if name is None else name
        if name not in self.parts:
            raise LookupError(f"has no exercise part {name!r}; choose one of: "
                              + ", ".join(self.parts))
        return load(self.parts[name])

    def share_summary(self, journal: Any) -> dict[str, Any]:
        """The numbers-only summary its model shares, or {} for a step that shares none."""
        model = self.new_model(journal) if self.shares_summary else None
        return model.share_summary() if model is not None else {}


def _views(module: str, **parts: str) -> Mapping[str, str]:
    return _frozen({part: f"interdependence.views.{module}:{name}"
                    for part, name in parts.items()})


MAX_ASKS = 12      # exercises/ask_ladder.py AskLadder.MAX_ASKS: a ladder holds at most 12
MAX_PEOPLE = 40    # exercises/support_map.py MAX_PEOPLE: a map draws at most 40 clearly
MAX_TASKS = 100    # the load audit has no cap of its own; 100 tasks in a week is plenty
MAX_SCRIPTS = 100  # likewise for written scripts

CHECK_IN = Step("00-welcome", dashboard=("signs_before",), demo_share=0.95)

TIMELINE = Step(
    "01-pinpoint-the-root-cause",
    model="interdependence.exercises.timeline:Timeline",
    parts=_views("timeline", timeline="TimelineEditor", chart="TimelineChart"),
    draws_charts=True,
)

THOUGHT_RECORD = Step(
    "02-reframe-help-as-strength",
    model="interdependence.exercises.thought_record:ThoughtRecords",
    parts=_views("thought_record", records="ThoughtRecordEditor", chart="BeliefChart"),
    demo_share=0.8,
    draws_charts=True,
)

ASK_LADDER = Step(
    "03-start-small",
    model="interdependence.exercises.ask_ladder:AskLadder",
    parts=_views("ask_ladder", ladder="LadderEditor", chart="LadderChart", pick="PickAsk",
                 report="OutcomeReport", compare="CompareChart"),
    summary_bounds=_frozen({
        "asks": ("count", 0, MAX_ASKS),
        "first_ask_done": ("flag", 0, 1),
        "expected": ("count", 0, 100),  # discomfort, 0-100
        "actual": ("count", 0, 100),
    }),
    summary_units=_frozen({"asks": "first_ask", "first_ask_done": "first_ask",
                           "expected": "discomfort", "actual": "discomfort"}),
    dashboard=("first_ask", "discomfort"),
    demo_share=0.8,
    draws_charts=True,
)

SUPPORT_MAP = Step(
    "04-build-a-support-network",
    model="interdependence.exercises.support_map:SupportMap",
    parts=_views("support_map", people="PeopleEditor", map="MapChart",
                 counts="CountsPanel", closer="PickCloser"),
    summary_bounds=_frozen({
        "inner": ("count", 0, MAX_PEOPLE),
        "middle": ("count", 0, MAX_PEOPLE),
        "outer": ("count", 0, MAX_PEOPLE),
        "kinds": ("counts", 0, MAX_PEOPLE),
    }),
    # Both charts read every key, and a person's circle counts decide whether their kinds
    # count ("people who drew a map"), so the whole summary is one unit. The share summary
    # sends circles as bare keys (inner, middle, outer); older submissions as circles.<id>.
    summary_units=_frozen({key: "support" for key in
                           ("inner", "middle", "outer", "circles", "circle", "kinds")}),
    dashboard=("support_circles", "support_kinds"),
    demo_share=0.75,
    draws_charts=True,
)

DISCLOSURE = Step(
    "05-practice-vulnerability",
    model="interdependence.exercises.disclosure:DisclosureLadder",
    parts=_views("disclosure", ladder="DisclosureEditor", chart="DisclosureChart",
                 stems="SentenceStems", plan="PracticePlan"),
    demo_share=0.6,
    draws_charts=True,
)

BOUNDARIES = Step(
    "06-set-self-boundaries",
    model="interdependence.exercises.boundaries:Boundaries",
    parts=_views("boundaries", audit="LoadAudit", chart="LoadChart",
                 decisions="Decisions", script="ScriptBuilder"),
    summary_bounds=_frozen({
        "tasks": ("count", 0, MAX_TASKS),
        # the total of the tasks' hours: up to 168 for each task (checked against "tasks")
        "hours": ("number", 0, HOURS_IN_A_WEEK * MAX_TASKS),
        "hours_available": ("number", 0, HOURS_IN_A_WEEK),
        "decisions": ("counts", 0, MAX_TASKS),
        "energy": ("counts", 0, MAX_TASKS),  # tasks per energy level: low, medium, high
        "scripts": ("count", 0, MAX_SCRIPTS),
    }),
    summary_units=_frozen({"tasks": "load", "hours": "load", "hours_available": "load",
                           "decisions": "decisions", "energy": "energy",
                           "scripts": "scripts"}),
    dashboard=("load_hours", "decisions"),
    demo_share=0.65,
    draws_charts=True,
)

THERAPY = Step(
    "07-consider-therapy",
    model="interdependence.exercises.therapy:Therapy",
    parts=_views("therapy", barriers="BarriersChecklist", finding="FindingATherapist",
                 questions="FirstCallQuestions", crisis="CrisisLines"),
    # its four ratings are drawn once, as the step's diverging chart (no second chart of them)
    demo_share=0.45,
)

CLOSING = Step(
    "08-embracing-interdependence",
    model="interdependence.exercises.closing:Closing",
    parts=_views("closing", look_back="LookBack", chart="SignsChart", summary="SummaryPanel",
                 plan="ActionPlan", export="ExportPanel"),
    dashboard=("signs_after", "signs_dumbbell"),
    demo_share=0.8,
    draws_charts=True,
)

#: Every step, in teaching order.
ALL: tuple[Step, ...] = (CHECK_IN, TIMELINE, THOUGHT_RECORD, ASK_LADDER, SUPPORT_MAP,
                         DISCLOSURE, BOUNDARIES, THERAPY, CLOSING)
_BY_ID = {s.id: s for s in ALL}


def get(step_id: str) -> Step:
    """The registry's entry for a step id; a step the registry does not know (a curriculum
    with extra steps) gets an empty entry: no exercise, no summary, no charts."""
    return _BY_ID.get(step_id) or Step(step_id)


def known(step_id: str) -> bool:
    return step_id in _BY_ID


def summary_bounds() -> dict[str, Mapping[str, Bound]]:
    """step id -> the bounds of its share summary, for the steps that send one."""
    return {s.id: s.summary_bounds for s in ALL if s.summary_bounds is not None}


def summary_units() -> dict[str, Mapping[str, str]]:
    """step id -> {summary key: the dashboard chart (reveal unit) that draws it}."""
    return {s.id: s.summary_units for s in ALL if s.summary_units}
