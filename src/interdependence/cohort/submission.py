"""Submissions: built from the journal on the participant's side, validated on both sides.

The allow-list is the contract in ``cohort/__init__.py``: ``schema``, ``token``, ``cohort``,
``date`` and ``steps`` -> ``ratings`` / ``reflections`` / ``summary``. Nothing else is ever
copied out of the journal: not the reflection's saved time, not a name from the support map,
not the journal's path. :func:`build_submission` checks its own output with the same
:func:`validate` the loader uses, so a submission the loader would reject is never written.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .. import privacy, steps
from ..curriculum import Curriculum
from ..frozen import Record
from ..shapes import SharedStep, Submission, SummaryValue
from .settings import COHORT_CODE

#: The version of a submission, which is the version of the item bank it answers (see
#: data/curriculum/migrations.yaml). Version-1 submissions are still read: validated against
#: the version-1 ids, and the loader leaves out answers whose meaning has changed since.
SCHEMA = 2
EARLIER_SCHEMAS = (1,)
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SUMMARY_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
MAX_REFLECTION_CHARS = 10_000
MAX_SUMMARY_KEYS = 60
MAX_SUMMARY_NUMBER = 1_000_000
FIELDS = frozenset({"schema", "token", "cohort", "date", "steps"})
#: Optional: the smallest group size the sharer was shown; the largest in a cohort applies.
OPTIONAL_FIELDS = frozenset({"min_group"})
STEP_FIELDS = frozenset({"ratings", "reflections", "summary"})

#: Plausible values for each summary key a step's model shares (``share_summary``): kept
#: with each step in the step registry (``steps.py``, ``summary_bounds``), read those before
#: changing a bound. ``(kind, low, high)`` where kind is "count" (a whole number), "number"
#: (whole or decimal), "flag" (true/false) or "counts" (an object of counts). Null is always
#: allowed (not known). A value outside its bounds makes the whole submission invalid, with a
#: reason that names the key and the range, so a made-up -500,000 hours is set aside instead
#: of charted. Keys not listed keep the general limits of :func:`_is_number`. Only the steps
#: listed here send a ``summary``.
HOURS_IN_A_WEEK = steps.HOURS_IN_A_WEEK
SUMMARY_BOUNDS: dict[str, Mapping[str, tuple[str, float, float]]] = steps.summary_bounds()


class Invalid(ValueError):
    """A submission breaks the contract; the message says where and what, in plain words."""


class StepRules(Record):
    items: Mapping[str, str]    # allowed item id -> the same id (one shared str object)
    prompts: Mapping[str, str]  # shareable prompt id -> itself
    summary: bool


class Rules(Record):
    """What a submission may hold, taken from the item bank (ids, never wording).

    ``earlier``: the same for a version-1 submission (the version-1 rating ids).
    """

    steps: Mapping[str, StepRules]
    earlier: Mapping[str, StepRules] | None = None

    @classmethod
    def of(cls, curriculum: Curriculum) -> Rules:
        steps, earlier = {}, {}
        migration = curriculum.migration
        for step in curriculum.steps:
            if not step.shareable:
                continue
            prompts = {p.id: p.id for p in step.prompts if p.shareable}
            steps[step.id] = StepRules(
                items={i.id: i.id for i in step.items if i.shareable},
                prompts=prompts,
                summary=step.id in SUMMARY_BOUNDS,
            )
            private = {i.id for i in step.items if not i.shareable}
            old = sorted(i for i in migration.earlier_ids(step) if i not in private)
            earlier[step.id] = StepRules(items={i: i for i in old}, prompts=prompts,
                                         summary=step.id in SUMMARY_BOUNDS)
        return cls(steps, earlier)


_RULES: dict[int, Rules] = {}


def rules_for(curriculum: Curriculum) -> Rules:
    key = id(curriculum)
    if key not in _RULES:
        _RULES[key] = Rules.of(curriculum)
    return _RULES[key]


# ---- validation (shared by the writer and the loader; plain Python, it runs per file) ----


def validate(obj: Any, rules: Rules, code: str | None = None,
             today: dt.date | None = None) -> tuple[str, dict[str, dict]]:
    """Check one submission; return (token, steps) or raise :class:`Invalid` with the reason.

    ``code``: the cohort's code, when the store has settings; a submission for another cohort
    is rejected. ``today``: dates more than a day ahead are rejected (they would dodge purge).
    """
    if type(obj) is not dict:
        raise Invalid("it is not a submission (expected a JSON object)")
    schema = obj.get("schema")
    if type(schema) is not int or (schema != SCHEMA and schema not in EARLIER_SCHEMAS):
        known = ", ".join(map(str, (*EARLIER_SCHEMAS, SCHEMA)))
        raise Invalid(f"unknown schema version {schema!r} (this kit reads {known})")
    if obj.keys() != FIELDS:
        _check_fields(obj)
    token = obj["token"]
    if type(token) is not str or not TOKEN.fullmatch(token):
        raise Invalid("its token is not a valid token (16 to 64 letters, digits, - or _)")
    cohort = obj["cohort"]
    if type(cohort) is not str or not COHORT_CODE.fullmatch(cohort):
        raise Invalid("its cohort code is not valid (letters, digits, - and _, up to 40)")
    if code is not None and cohort != code:
        raise Invalid(f"it belongs to cohort {cohort!r}, but this folder is cohort {code!r}")
    _check_date(obj["date"], today)
    steps = obj["steps"]
    if type(steps) is not dict:
        raise Invalid("'steps' should be a JSON object of step id -> answers")
    all_rules = rules.steps if schema == SCHEMA else (rules.earlier or {})
    for step_id, body in steps.items():
        step_rules = all_rules.get(step_id)
        if step_rules is None:
            raise Invalid(f"step {_short(step_id)} is not a step that can be shared")
        _check_step(step_id, body, step_rules)
    return token, steps


def _check_fields(obj: dict) -> None:
    """The top-level fields, when they are not exactly the required ones."""
    extra = sorted(obj.keys() - FIELDS - OPTIONAL_FIELDS)
    if extra:
        raise Invalid(f"it has fields that are not allowed: {', '.join(map(repr, extra))}")
    missing = sorted(FIELDS - obj.keys())
    if missing:
        raise Invalid(f"it is missing the field(s) {', '.join(missing)}")
    if "min_group" in obj:
        try:
            privacy.check_min_group(obj["min_group"])
        except privacy.PrivacyError as exc:
            raise Invalid(f"its smallest group size is not valid: {exc}") from None


def _check_step(step_id: str, body: Any, step_rules: StepRules) -> None:
    """One shared step's answers against what that step may carry."""
    if type(body) is not dict:
        raise Invalid(f"{step_id}: the answers should be a JSON object")
    if not body.keys() <= STEP_FIELDS:
        extra = ", ".join(repr(k) for k in sorted(body.keys() - STEP_FIELDS))
        raise Invalid(f"{step_id}: fields that are not allowed: {extra}")
    ratings = body.get("ratings", {})
    if type(ratings) is not dict:
        raise Invalid(f"{step_id}: 'ratings' should be a JSON object")
    # The fast check runs in C (set operations); only a file that fails it is walked
    # value by value, to say exactly what is wrong.
    if ratings and not (ratings.keys() <= step_rules.items.keys()
                        and set(map(type, ratings.values())) <= _RATING_TYPES
                        and set(ratings.values()) <= _RATING_VALUES):
        _explain_ratings(step_id, ratings, step_rules.items)
    reflections = body.get("reflections", {})
    if type(reflections) is not dict:
        raise Invalid(f"{step_id}: 'reflections' should be a JSON object")
    if reflections and not (reflections.keys() <= step_rules.prompts.keys()
                            and set(map(type, reflections.values())) == _TEXT
                            and max(map(len, reflections.values())) <= MAX_REFLECTION_CHARS):
        _explain_reflections(step_id, reflections, step_rules.prompts)
    summary = body.get("summary", {})
    if type(summary) is not dict:
        raise Invalid(f"{step_id}: 'summary' should be a JSON object")
    if summary:
        if not step_rules.summary:
            raise Invalid(f"{step_id}: this step carries no summary")
        _check_summary(step_id, summary)


_RATING_TYPES = frozenset({int, type(None)})
_RATING_VALUES = frozenset({1, 2, 3, 4, 5, None})  # after the type check: ints, never bools
_TEXT = {str}


def _explain_ratings(step_id: str, ratings: dict, items) -> None:
    for item_id, value in ratings.items():
        if item_id not in items:
            raise Invalid(f"{step_id}: unknown item id {_short(item_id)}")
        if value is not None and (type(value) is not int or not 1 <= value <= 5):
            raise Invalid(f"{step_id}: rating {item_id} is {_short(value)}; "
                          "a rating is a whole number from 1 to 5, or null")
    raise Invalid(f"{step_id}: the ratings are not valid")  # not reached: the walk says why


def _explain_reflections(step_id: str, reflections: dict, prompts) -> None:
    for prompt_id, text in reflections.items():
        if prompt_id not in prompts:
            raise Invalid(f"{step_id}: {_short(prompt_id)} is not a prompt that can be shared")
        if type(text) is not str:
            raise Invalid(f"{step_id}: reflection {prompt_id} should be text")
        if len(text) > MAX_REFLECTION_CHARS:
            raise Invalid(f"{step_id}: reflection {prompt_id} is longer than "
                          f"{MAX_REFLECTION_CHARS} characters")
    raise Invalid(f"{step_id}: the reflections are not valid")  # not reached


_DATES: dict[str, dt.date] = {}  # dates already parsed: a cohort has few distinct ones


def _check_date(value: Any, today: dt.date | None) -> None:
    day = _DATES.get(value) if type(value) is str else None
    if day is None:
        if type(value) is not str or not DATE.fullmatch(value):
            raise Invalid("its date should be a date like 2026-11-27 (no time of day)")
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise Invalid(f"its date {value!r} is not a real date") from None
        if len(_DATES) < 10_000:
            _DATES[value] = day
    if day > (today or dt.date.today()) + dt.timedelta(days=1):
        raise Invalid(f"its date {value} is in the future")


_GOOD_KEYS: set[str] = set()  # summary names already checked: a few dozen, seen again and again


def _good_key(key: str) -> bool:
    if key in _GOOD_KEYS:
        return True
    if SUMMARY_KEY.fullmatch(key):
        if len(_GOOD_KEYS) < 10_000:
            _GOOD_KEYS.add(key)
        return True
    return False


def _check_summary(step_id: str, summary: dict) -> None:
    if len(summary) > MAX_SUMMARY_KEYS:
        raise Invalid(f"{step_id}: the summary has too many fields")
    for key, value in summary.items():
        if not _good_key(key):
            raise Invalid(f"{step_id}: summary field {_short(key)} is not an allowed name")
        if type(value) is dict:
            if len(value) > MAX_SUMMARY_KEYS:
                raise Invalid(f"{step_id}: summary field {key} has too many fields")
            for sub, number in value.items():
                if not _good_key(sub):
                    raise Invalid(f"{step_id}: summary field {key}.{_short(sub)} "
                                  "is not an allowed name")
                if not _is_number(number):
                    raise Invalid(f"{step_id}: summary {key}.{sub} should be a number")
        elif not _is_number(value):
            raise Invalid(f"{step_id}: summary {key} should be a number, true/false or null")
    bounds = SUMMARY_BOUNDS.get(step_id)
    if bounds:
        # An allow-list: a field the step does not share (steps.py summary_bounds) could be
        # anything a changed client chose to send about its person, so it is refused.
        unknown = sorted(set(summary) - set(bounds))
        if unknown:
            raise Invalid(f"{step_id}: summary field {_short(unknown[0])} is not one this step "
                          "shares (" + ", ".join(sorted(bounds)) + ")")
        _check_bounds(step_id, summary, bounds)


_KIND_WORDS = {"count": "a whole number", "number": "a number", "counts": "whole numbers"}


def _check_bounds(step_id: str, summary: dict, bounds: Mapping) -> None:
    """Each known key's value within its plausible range (see SUMMARY_BOUNDS)."""
    for key, value in summary.items():
        rule = bounds.get(key)
        if rule is None or value is None:
            continue
        kind, low, high = rule
        if key == "hours" and type(summary.get("tasks")) is int:
            high = HOURS_IN_A_WEEK * summary["tasks"]  # at most 168 hours for each task
        if kind == "flag":
            if type(value) is not bool:
                raise Invalid(f"{step_id}: summary {key} is {_short(value)}; it should be "
                              "true or false (or null)")
            continue
        if kind == "counts":
            if type(value) is not dict:
                raise Invalid(f"{step_id}: summary {key} should be an object of counts, each "
                              f"a whole number from {low} to {high}, not {_short(value)}")
            for sub, number in value.items():
                if number is not None and not _within(number, low, high, whole=True):
                    raise Invalid(f"{step_id}: summary {key}.{sub} is {_short(number)}; it "
                                  f"should be a whole number from {low} to {high}")
            continue
        if not _within(value, low, high, whole=kind == "count"):
            allowed = f"{_KIND_WORDS[kind]} from {low} to {high}"
            if key == "hours":
                allowed += f" (at most {HOURS_IN_A_WEEK} hours a week for each listed task)"
            raise Invalid(f"{step_id}: summary {key} is {_short(value)}; it should be "
                          f"{allowed}")


def _within(value: Any, low: float, high: float, whole: bool) -> bool:
    kind = type(value)
    if kind is int or (kind is float and not whole):
        return low <= value <= high
    return False


def _is_number(value: Any) -> bool:
    kind = type(value)
    if value is None or kind is bool:
        return True
    if kind is int:
        return -MAX_SUMMARY_NUMBER <= value <= MAX_SUMMARY_NUMBER
    if kind is float:
        return math.isfinite(value) and -MAX_SUMMARY_NUMBER <= value <= MAX_SUMMARY_NUMBER
    return False


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---- building, on the participant's side -------------------------------------------------


def summary_for(step_id: str, journal) -> dict[str, SummaryValue]:
    """The numbers-only summary of a step's exercise (its model's, through the step
    registry), or {} for steps that have none."""
    return clean_summary(steps.get(step_id).share_summary(journal))


def clean_summary(summary: Any) -> dict[str, SummaryValue]:
    """Keep only what the allow-list permits: numbers, true/false, null, dicts of those.

    A defence in depth: an exercise module that returned text by mistake does not get to
    send it. Text, lists and anything unknown are dropped, never sent.
    """
    if not isinstance(summary, Mapping):
        return {}
    out: dict[str, SummaryValue] = {}
    for key, value in summary.items():
        if not isinstance(key, str) or not SUMMARY_KEY.fullmatch(key):
            continue
        if isinstance(value, Mapping):
            inner = {k: _plain(v) for k, v in value.items()
                     if isinstance(k, str) and SUMMARY_KEY.fullmatch(k) and _is_number(_plain(v))}
            out[key] = inner
        elif _is_number(_plain(value)):
            out[key] = _plain(value)
        if len(out) >= MAX_SUMMARY_KEYS:
            break
    return out


def _plain(value: Any) -> Any:
    """numpy and other number types as plain bool/int/float, so they pass json and validation."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and not isinstance(value, (str, bytes)):
        try:
            plain = item()
        except (TypeError, ValueError):
            return value
        if isinstance(plain, (bool, int, float)):
            return plain
    return value


def build_submission(journal, curriculum: Curriculum, shared: Mapping[str, Iterable[str]],
                     code: str, today: dt.date | None = None,
                     min_group: int | None = None) -> Submission:
    """The submission for ``shared`` (step id -> ticked prompt ids), from the journal.

    Ratings with no answer are left out; "prefer not to say" is sent as null. Only ticked
    reflections of prompts marked shareable, and only when something is written. The token
    is the journal's own (made with ``secrets``, kept in the journal). ``min_group``: the
    smallest group size the participant was told, carried so that a cohort can never show
    smaller groups than someone agreed to, whatever its settings file says later.
    """
    rules = rules_for(curriculum)
    steps: dict[str, SharedStep] = {}
    for step_id in sorted(shared):
        step_rules = rules.steps.get(step_id)
        if step_rules is None:
            raise Invalid(f"{step_id} can never be shared")
        step = curriculum.step(step_id)
        answers = journal.ratings(step_id)
        ratings = {item.id: answers[item.id] for item in step.items
                   if item.id in step_rules.items and item.id in answers}
        reflections = {}
        for prompt_id in sorted(set(shared[step_id])):
            if prompt_id in step_rules.prompts:
                text = journal.reflection(step_id, prompt_id).strip()
                if text:
                    reflections[prompt_id] = text[:MAX_REFLECTION_CHARS]
        steps[step_id] = {"ratings": ratings, "reflections": reflections,
                          "summary": summary_for(step_id, journal) if step_rules.summary else {}}
    submission: Submission = {"schema": SCHEMA, "token": journal.ensure_token(), "cohort": code,
                              "date": (today or dt.date.today()).isoformat(), "steps": steps}
    if min_group is not None:
        submission["min_group"] = min_group
    validate(submission, rules, code=code, today=today)
    return submission


def encode(submission: Mapping[str, Any]) -> bytes:
    """The bytes written for a submission: compact, stable key order, UTF-8."""
    return json.dumps(submission, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")
