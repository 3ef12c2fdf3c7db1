"""The privacy gate: what the facilitator side may show, and what it must hide.

Every chart, table, count and export goes through here (DESIGN.md, "Privacy model"):

- ``min_group`` (default 5, never below 3) is fixed in a cohort's ``settings.json`` once its
  first submission exists; a report may ask for a larger value, never a smaller one.
- ``n`` for a chart is the number of distinct tokens with a non-null answer in it; "prefer not
  to say" (null) is left out of counts and of n. A chart or count is shown only when
  ``n >= min_group``; otherwise the exact sentence :func:`hidden_message` is shown instead.
- Shared reflections likewise, per prompt, shuffled, with no token or date.
- Every output (dashboard, report, export) shows new results only in batches of at least
  ``min_group`` changed participants (arrivals, withdrawals, changed answers), counted for each
  chart, statement and reflection list on its own, so no single submission can be read off a
  difference between two outputs; the revealed state is kept in the cohort itself
  (``cohort/reveal.py``). :class:`LiveReveal` is the same rule for one set of participants.
- :func:`compare` refuses a comparison of groups (cohorts, rounds) from which a group below
  ``min_group`` could be worked out by subtraction.

No matplotlib here, and pandas only inside functions that are handed a DataFrame.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .frozen import Record

if TYPE_CHECKING:  # imported when reflections are shuffled: not on a participant's path
    import random

from .limits import (  # noqa: F401  (the numbers, said here and in limits.py)
    DEFAULT_KEEP_DAYS,
    DEFAULT_MIN_GROUP,
    HIGHEST_MIN_GROUP,
    LOWEST_MIN_GROUP,
)


class PrivacyError(ValueError):
    """Something would break the privacy model. The message says what and why, plainly."""


def check_min_group(value: Any) -> int:
    """``value`` as a valid min_group, or PrivacyError saying why not."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise PrivacyError(f"The smallest group size must be a whole number, not {value!r}.")
    if value < LOWEST_MIN_GROUP:
        raise PrivacyError(
            f"The smallest group size cannot be below {LOWEST_MIN_GROUP} (asked for {value}): "
            "with fewer people, one person's answers could be worked out from a chart.")
    if value > HIGHEST_MIN_GROUP:
        raise PrivacyError(f"The smallest group size cannot be above {HIGHEST_MIN_GROUP}.")
    return value


def effective_min_group(fixed: int | None, requested: int | None) -> int:
    """The min_group to apply when a report or dashboard asks for ``requested``.

    ``fixed`` is the cohort's own setting. Asking for more is fine (stricter); asking for less
    is refused, because the participants agreed to the cohort's number.
    """
    base = check_min_group(fixed) if fixed is not None else DEFAULT_MIN_GROUP
    if requested is None:
        return base
    requested = check_min_group(requested)
    if fixed is not None and requested < fixed:
        raise PrivacyError(
            f"This cohort shows results only for groups of at least {fixed}; that number is "
            f"fixed, so it cannot be lowered to {requested} here. A larger number is allowed.")
    return requested


def hidden_message(min_group: int) -> str:
    """The exact sentence shown instead of a chart or count below the threshold."""
    return f"Fewer than {min_group} people shared this — hidden to protect anonymity"


def number(n: int) -> str:
    """A count as people read it: "1,519", with a thousands separator (never "1519")."""
    return f"{int(n):,}"


def shown_count(n: int, min_group: int) -> str:
    """A count for people to read: the number from ``min_group`` up, else "fewer than N"
    (so a count of people, or of what fewer than ``min_group`` people sent, never shows)."""
    return number(n) if int(n) >= min_group else f"fewer than {min_group}"


def allows(n: int, min_group: int = DEFAULT_MIN_GROUP) -> bool:
    """Whether something ``n`` distinct people contributed to may be shown."""
    return n >= min_group


def n_contributors(frame, **where) -> int:
    """Distinct tokens with a non-null ``value`` in ``frame`` (ratings or summaries).

    ``where`` filters on columns, e.g. ``n_contributors(ratings, step="03-start-small")`` or
    ``item=["sign.asking", "sign.uneasy_relying"]`` (a list means any of them).
    """
    if frame is None or len(frame) == 0:
        return 0
    return int(frame.loc[_matching(frame, where), "token"].nunique())


def _matching(frame, where: dict[str, Any]):
    """The rows with a value whose columns match ``where`` (None: any; a list: any of them)."""
    mask = frame["value"].notna()
    for column, wanted in where.items():
        if wanted is None:
            continue
        if isinstance(wanted, (list, tuple, set, frozenset)):
            mask &= frame[column].isin(list(wanted))
        else:
            mask &= frame[column] == wanted
    return mask


class Verdict(Record):
    """Whether one chart or table may be shown. ``data`` is only filled when it may."""

    shown: bool
    n: int
    min_group: int
    data: Any = None

    @property
    def message(self) -> str | None:
        return None if self.shown else hidden_message(self.min_group)

    def __bool__(self) -> bool:
        return self.shown


class Gate(Record):
    """The threshold for one cohort. Build it from the loaded data: ``Gate.of(data)``."""

    min_group: int = DEFAULT_MIN_GROUP

    def __post_init__(self):
        check_min_group(self.min_group)

    @classmethod
    def of(cls, data) -> Gate:
        return cls(int(data.settings["min_group"]))

    @property
    def message(self) -> str:
        return hidden_message(self.min_group)

    def allows(self, n: int) -> bool:
        return allows(n, self.min_group)

    def count(self, n: int) -> int | None:
        """A count that may be shown, or None (show :attr:`message` instead)."""
        return n if self.allows(n) else None

    def check(self, frame, **where) -> Verdict:
        """Verdict for the rows of ``frame`` matching ``where`` (non-null rows in ``data``)."""
        n = n_contributors(frame, **where)
        if not self.allows(n):
            return Verdict(False, n, self.min_group)
        rows = frame.loc[_matching(frame, where)].reset_index(drop=True)
        return Verdict(True, n, self.min_group, rows)

    def ratings(self, ratings, step: str, item: str | Iterable[str] | None = None) -> Verdict:
        """One step's ratings (or some of its items) if enough people answered them."""
        items = item if item is None or isinstance(item, str) else list(item)
        return self.check(ratings, step=step, item=items)

    def participation(self, participation) -> dict[str, Verdict]:
        """People who shared each step, per step; each count gated on its own."""
        out: dict[str, Verdict] = {}
        if participation is None or len(participation) == 0:
            return out
        counts = participation.groupby("step")["token"].nunique()
        for step, n in counts.items():
            n = int(n)
            out[str(step)] = Verdict(self.allows(n), n, self.min_group,
                                     n if self.allows(n) else None)
        return out

    def reflections(self, reflections: Iterable[Mapping], step: str | None = None,
                    rng: random.Random | None = None) -> dict[str, Verdict]:
        """Shared reflections per prompt: shuffled texts, no token or date, or hidden.

        Each person shares at most one text per prompt, so the number of texts for a prompt
        is the number of people who shared it.
        """
        by_prompt: dict[str, list[str]] = {}
        for entry in reflections:
            if step is not None and entry["step"] != step:
                continue
            by_prompt.setdefault(entry["prompt"], []).append(str(entry["text"]))
        if rng is None:
            import random

            rng = random.SystemRandom()
        shuffle = rng.shuffle
        out = {}
        for prompt, texts in by_prompt.items():
            n = len(texts)
            if self.allows(n):
                texts = list(texts)
                shuffle(texts)
                out[prompt] = Verdict(True, n, self.min_group, texts)
            else:
                out[prompt] = Verdict(False, n, self.min_group)
        return out


# ---- live reveal ------------------------------------------------------------------------


def waiting_message(min_group: int, waiting: int, anything_shown: bool,
                    anyone_present: bool = True) -> str:
    """What to say about changes not shown yet; never their exact number (it is below
    ``min_group``, and a small exact number would itself say who changed)."""
    if not waiting:
        if not anything_shown:
            if not anyone_present:
                return "Nobody has shared yet."
            return (f"Nothing is shown yet: fewer than {min_group} people have shared. Results "
                    f"appear once {min_group} have, so no single person's answers can be read "
                    "off a change.")
        return ("Everything shared so far is in the charts, except what fewer than "
                f"{min_group} people shared, which stays hidden.")
    if not anything_shown:
        return (f"Nothing is shown yet: fewer than {min_group} people have shared. Results "
                f"appear once {min_group} have, so no single person's answers can be read "
                "off a change.")
    return (f"Fewer than {min_group} new, withdrawn or changed submissions are waiting in "
            "some charts. Each chart, statement and list shows the group as it was when it "
            f"last changed, and takes in new answers once at least {min_group} people have "
            "changed in it, so no single person's answers can be read off a difference between "
            "two outputs.")


def waiting_to_do(min_group: int, anything_shown: bool = True) -> str:
    """The dashboard's words while changes wait (Refresh, Live mode): what is happening and
    what the facilitator can do, in plain words. Never how many wait: fewer than
    ``min_group``, and a small exact number would itself say who changed."""
    if not anything_shown:  # closing the round would not help: each chart needs min_group
        return (f"Nothing is shown yet: fewer than {min_group} people have shared (the exact "
                "number is never shown, to protect those people). You do not need to do "
                "anything: leave Live mode on, or press Refresh now and then, and the charts "
                f"appear on their own once {min_group} have shared.")
    return (f"Fewer than {min_group} people have sent, changed or withdrawn answers since the "
            "charts last changed, so the charts hold them back for now (the exact number is "
            "never shown, to protect those people). You do not need to do anything: leave Live "
            "mode on, or press Refresh now and then, and the charts take them in on their own "
            f"once {min_group} have. To show them now, for example at the end of the session, "
            "press 'Close the round', ideally when the group cannot see the screen: someone who "
            "compares the charts before and after could work out those people's answers.")


#: What the count of people at the top of the dashboard and the report is, said beside it.
HEADCOUNT_WORDS = "the most who shared any one step; each chart gives its own n"


def count_of(n: int, word: str, words: str) -> str:
    """``n`` things in words: "1 chart", "1,519 people"."""
    return f"{number(n)} {word if n == 1 else words}"


def hidden_counts(charts: int, lists: int | None) -> str:
    """How many charts, and how many lists of shared reflections, are hidden, said the same
    way by the dashboard and the report ("1 chart hidden · 11 lists of shared reflections
    hidden"). ``lists`` None: the output has no shared reflections (a report made without
    them), so none is counted, hidden or not, and the words say they were left out.

    Every shareable question has its list, shared or not (``aggregate.reflections``), so the
    number of hidden lists counts questions, never people: it cannot tell whether anyone
    shared an answer that stays hidden."""
    said = count_of(charts, "chart", "charts") + " hidden"
    if lists is None:
        return said + " · shared reflections left out"
    return said + " · " + count_of(lists, "list", "lists") + " of shared reflections hidden"


def hidden_in(panels) -> tuple[int, int | None]:
    """(charts hidden, lists of shared reflections hidden) among ``panels``, the second None
    when no panel is a list (a report made without the shared reflections)."""
    panels = list(panels)
    lists = [p for p in panels if p.kind == "reflections"]
    charts = sum(1 for p in panels if p.kind != "reflections" and not p.visible)
    return charts, (sum(1 for p in lists if not p.visible) if lists else None)


def not_in_charts(min_group: int, set_aside: int, hidden: int = 0,
                  lists: int | None = None) -> str:
    """Who the "N people in the charts" count (the most who shared any one step) leaves out,
    and why, in words. The only numbers in it are the files set aside, the charts hidden
    (``hidden``) and the lists of shared reflections hidden (``lists``; None: the output has
    none), which every output already shows beside it, in the same words
    (:func:`hidden_counts`): never a count of people."""
    files = count_of(set_aside, "file", "files") + " set aside"
    parts = []
    if hidden:
        parts.append(count_of(hidden, "chart", "charts"))
    if lists:
        parts.append(count_of(lists, "list", "lists") + " of shared reflections")
    if parts:
        small = (f"anything fewer than {min_group} people shared (the {' and the '.join(parts)} "
                 "hidden, and any row a chart marks as hidden)")
    else:
        small = (f"any row that fewer than {min_group} people answered (its chart marks it as "
                 "hidden; no whole chart or list is hidden now)")
    return ("That is the most people who shared any one step; someone who shared only some "
            "steps is in those steps' charts only. No total of everyone who shared is given: "
            "from one update to the next it could move by a single person. Not in any chart: "
            "people who have not shared yet or who withdrew; answers sent, changed or withdrawn "
            f"lately, which a chart takes in only once at least {min_group} people have sent, "
            "changed or withdrawn theirs (so no one person's answers can be read off the "
            f"difference); {small}; and the {files} (files that could not be read, listed "
            "with the reason).")


def close_round_risk(min_group: int) -> str:
    """The risk of closing a round, said where the choice is offered."""
    return (f"Closing the round shows every waiting change now, even fewer than {min_group}: "
            f"revealing fewer than {min_group} changes at once lets someone who compares the "
            "output before and after work out those people's answers.")


@dataclass
class LiveReveal:
    """Which participants every output shows; it changes only in batches.

    ``present`` (in :meth:`offer`, :meth:`waiting`...) is the participants there now: their
    keys, or a mapping key -> digest of what each one shared, so that a resubmission that
    changes someone's answers counts as a change too. The revealed set (with its digests)
    moves to the present one only when at least ``min_group`` participants arrived, left or
    changed their answers since the last reveal, or when the facilitator calls
    :meth:`close_round`. Between reveals every output shows the last revealed state, so one
    new submission, one withdrawal or one changed answer never changes an output on its own.
    A withdrawal therefore takes effect at the next reveal; its file is gone from the store
    at once.

    This class decides for one set of participants. The outputs use ``cohort/reveal.py``,
    which applies the same rule to each chart, statement and reflection list on its own (a
    batch counted across the whole cohort could add one person to one chart) and keeps its
    state in the cohort itself, so the dashboard in any kernel, however the folder is spelled,
    and ``interdependence report`` all share one revealed state.
    """

    min_group: int = DEFAULT_MIN_GROUP
    revealed: frozenset[str] = field(default_factory=frozenset)
    rounds: int = 0
    digests: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        check_min_group(self.min_group)
        self.revealed = frozenset(self.revealed)

    @staticmethod
    def _present(present: Iterable[str] | Mapping[str, str | None]) -> dict[str, str | None]:
        if isinstance(present, Mapping):
            return dict(present)
        return dict.fromkeys(present)

    def changes(self, present: Iterable[str] | Mapping[str, str | None]) -> frozenset[str]:
        """Who arrived, left, or (with digests) changed their answers since the last reveal."""
        now = self._present(present)
        keys = frozenset(now)
        changed = {k for k in keys & self.revealed
                   if now[k] is not None and self.digests.get(k) != now[k]}
        return (keys - self.revealed) | (self.revealed - keys) | changed

    def waiting(self, present) -> int:
        """How many participants arrived, left or changed since the last reveal."""
        return len(self.changes(present))

    def still_needed(self, present) -> int:
        """How many more changes before the next reveal (0 = it happens at the next offer)."""
        return max(0, self.min_group - self.waiting(present))

    def _take(self, present) -> None:
        now = self._present(present)
        self.revealed = frozenset(now)
        self.digests = {k: d for k, d in now.items() if d is not None}
        self.rounds += 1

    def offer(self, present) -> bool:
        """Reveal ``present`` if enough changed; returns whether the revealed set changed."""
        if self.waiting(present) >= self.min_group:
            self._take(present)
            return True
        return False

    def close_round(self, present) -> bool:
        """The facilitator ends the round: reveal everyone present now (charts stay gated).

        See :func:`close_round_risk`: fewer than ``min_group`` changes revealed at once can
        be read off by comparing two outputs.
        """
        if not self.waiting(present):
            return False
        self._take(present)
        return True

    def select(self, data):
        """``data`` (CohortData) cut down to the revealed participants."""
        return data.only(self.revealed)


# ---- comparing groups --------------------------------------------------------------------


def _token_set(group) -> frozenset[str]:
    tokens = getattr(group, "tokens", group)
    return frozenset(tokens)


def comparison_problem(groups: Mapping[str, Any], min_group: int) -> str | None:
    """Why comparing ``groups`` (name -> tokens or CohortData) would be unsafe, or None.

    Any two counts that differ by a few people reveal those people. So every part of the
    overlap pattern (people in exactly the same set of groups) must be empty or have at least
    ``min_group`` people: A against A+B is refused when B is small, and so is a group that is
    itself too small.
    """
    check_min_group(min_group)
    names = list(groups)
    sets = [_token_set(groups[name]) for name in names]
    parts: dict[tuple[bool, ...], int] = {}
    for token in frozenset().union(*sets):
        key = tuple(token in s for s in sets)
        parts[key] = parts.get(key, 0) + 1
    for key, size in sorted(parts.items(), key=lambda kv: kv[1]):
        if size >= min_group:
            continue
        inside = [n for n, member in zip(names, key, strict=True) if member]
        outside = [n for n, member in zip(names, key, strict=True) if not member]
        where = "in " + " and ".join(repr(n) for n in inside)
        if outside:
            where += " but not in " + " or ".join(repr(n) for n in outside)
        return (f"This comparison is not shown: {size} {'person is' if size == 1 else 'people are'}"
                f" {where}, and a difference between the groups could reveal their answers. "
                f"Each part needs at least {min_group} people.")
    return None


def compare(groups: Mapping[str, Any], min_group: int) -> None:
    """Raise PrivacyError when comparing ``groups`` could single out a small group."""
    problem = comparison_problem(groups, min_group)
    if problem:
        raise PrivacyError(problem)
