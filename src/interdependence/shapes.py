"""The shapes of what the kit keeps and sends, declared once as TypedDicts.

Three families, each described in prose where it is owned:

- the journal file (``journal.py``'s docstring): :class:`JournalData` and its parts;
- the exercise data under a step's ``exercise`` (``exercises/__init__.py``, one key per
  module): :class:`TimelineMoment`, :class:`ThoughtRecord` and so on;
- the submission, the only thing that ever leaves the participant's machine
  (``cohort/submission.py``, the contract in ``cohort/__init__.py``): :class:`Submission`.

These are types only: nothing is checked at run time here (the journal's loader and
``submission.validate`` do that), and mypy checks the code that builds or reads them. Logic
layer: this module imports nothing of the kit and no widget or chart library.
"""

# No `from __future__ import annotations`: TypedDict reads NotRequired at run time only from
# real annotations, and tests/test_shapes.py compares the keys with the allow-lists.
from typing import Any, Literal, NotRequired, TypedDict

# ---- the journal (journal.json, schema 2) ---------------------------------------------------

#: A rating: 1-5, or None for "prefer not to say" (an unanswered item has no key at all).
Rating = int | None


class Reflection(TypedDict):
    text: str
    saved: str  # local time the text was saved, ISO 8601 to the second


class EarlierAnswer(TypedDict):
    """An answer to a statement an earlier version of the workshop asked (never shared)."""

    version: int
    text: str
    scale: str
    value: Rating
    answer: str


class StepRecord(TypedDict, total=False):
    """One step in the journal; every part appears once something is saved in it."""

    ratings: dict[str, Rating]
    reflections: dict[str, Reflection]
    exercise: dict[str, Any]  # the exercise keys below, owned by one module each
    rated_on: str  # YYYY-MM-DD: the day a rating of this step last changed
    earlier: dict[str, EarlierAnswer]


class JournalData(TypedDict):
    schema: int
    created: str  # YYYY-MM-DD
    settings: dict[str, Any]  # cohort_code, cohort_location, shared_steps, shared_to...
    token: str | None  # made with secrets on first share, never from a name
    steps: dict[str, StepRecord]


# ---- exercise keys (journal.exercise(step_id, key); see exercises/__init__.py) ----------------

#: 0-100: discomfort, exposure, how strongly a belief or feeling is held.
Percent = int


class TimelineMoment(TypedDict):
    """01 ``timeline``: a shaping moment (never shareable)."""

    id: str
    period: str  # a period id from the step's YAML
    what: str
    lesson: str
    themes: list[str]  # theme ids


class ThoughtRecord(TypedDict):
    """02 ``records``. Records saved before the feeling was asked lack the ``emotion*`` keys."""

    id: str
    situation: str
    belief: str
    belief_before: Percent | None
    emotion: NotRequired[str]
    emotion_before: NotRequired[Percent | None]
    evidence_for: str
    evidence_against: str
    traps: list[str]  # thinking-trap ids
    balanced: str
    belief_after: Percent | None
    emotion_after: NotRequired[Percent | None]


class Ask(TypedDict):
    """03 ``asks``: one rung of the ask ladder (``chosen`` is an ask id or None)."""

    id: str
    text: str
    discomfort: Percent


class AskOutcome(TypedDict):
    """03 ``outcomes``: ask id -> how the ask went."""

    done: bool
    actual: Percent | None
    note: str


class Person(TypedDict):
    """04 ``people``: someone on the support map (``move_closer`` is a person id or None)."""

    id: str
    name: str
    circle: Literal["inner", "middle", "outer"]
    kinds: list[Literal["practical", "emotional", "advice", "company"]]
    direction: Literal["give", "receive", "both"]


class Disclosure(TypedDict):
    """05 ``disclosures``: one rung of the disclosure ladder (``completions``: stem -> text)."""

    id: str
    text: str
    exposure: Percent
    person: str


class Practice(TypedDict):
    """05 ``practice``: the plan to practise."""

    what: str
    who: str
    date: str | None  # YYYY-MM-DD


class Task(TypedDict):
    """06 ``load``: one task of the load audit (``hours_available``: a number or None).
    Tasks saved before energy was asked have no ``energy`` key."""

    id: str
    task: str
    hours: float  # per week, 0-168
    only_me: bool
    energy: NotRequired[Literal["low", "medium", "high"] | None]
    decision: Literal["keep", "drop", "delegate", "ask"] | None


class Script(TypedDict):
    """06 ``scripts``: a script for saying no or asking for help."""

    id: str
    kind: Literal["say_no", "ask_for_help"]
    situation: str
    feeling: str
    request: str
    why: str


class PlanRow(TypedDict):
    """08 ``plan``: one of the three commitments (``look_back``: stem id -> text;
    07 ``barriers``: barrier id -> bool)."""

    commitment: str
    supporter: str
    check_in: str


# ---- the submission (cohort/submission.py) ---------------------------------------------------

#: A summary value: a count, a number, true/false, null, or an object of those (counts).
SummaryNumber = int | float | bool | None
SummaryValue = SummaryNumber | dict[str, SummaryNumber]


class SharedStep(TypedDict):
    """One shared step: allow-listed item ratings, ticked reflections, numbers-only summary."""

    ratings: dict[str, Rating]
    reflections: dict[str, str]  # prompt id -> text (no time saved)
    summary: dict[str, SummaryValue]


class Submission(TypedDict):
    """What a participant shares: a random token, the cohort, the date (no time), the steps.

    ``min_group``: the smallest group size the participant was shown, when known."""

    schema: int
    token: str
    cohort: str
    date: str  # YYYY-MM-DD
    steps: dict[str, SharedStep]
    min_group: NotRequired[int]
