"""Step 04, the support map: people in three circles, the kinds of support, which way it flows.

Journal keys (see ``exercises/__init__.py``), all under this step:

- ``people``: list of {"id", "name", "circle": inner|middle|outer,
  "kinds": [practical|emotional|advice|company], "direction": give|receive|both}, in the
  order they were added (a :class:`~interdependence.exercises.keyed_list.KeyedList`);
- ``move_closer``: the id of one person to move a step closer, or None.

Removing a person takes the "move closer" pick with them, in the same write; undo puts both
back. Names are the participant's own shorthand ("J", "Aunt M"). They stay in the journal:
nothing here that feeds sharing (:meth:`SupportMap.share_summary`) ever carries a name. Each
problem with the participant's input raises :class:`PersonError` with a message meant for
them.
"""

from __future__ import annotations

import re
from typing import Any

from .. import steps
from .keyed_list import Entry, KeyedList, ListRules
from .model import ExerciseError, ExerciseModel

CIRCLES = ("inner", "middle", "outer")
KINDS = ("practical", "emotional", "advice", "company")
DIRECTIONS = ("give", "receive", "both")
MAX_NAME = 30
MAX_PEOPLE = steps.MAX_PEOPLE  # the submission's bounds say the same (one number, in steps.py)

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Words that make a two-word entry a role or a relation ("Aunt Mary", "Choir friend L"),
# not a first name and a surname. Only used for a gentle hint, never to refuse anything.
RELATION_WORDS = frozenset("""
    aunt auntie uncle cousin gran granny grandma grandpa grandad grandmother grandfather nan
    nana mum mom mother dad father sister brother sis bro son daughter niece nephew wife
    husband partner boyfriend girlfriend friend neighbour neighbor colleague boss manager
    coach teacher doctor dr gp nurse mr mrs ms miss mx sir pastor priest rabbi imam vicar
    therapist counsellor counselor work school church choir gym club team group old big
    little baby the my our online helpline
""".split())


class PersonError(ExerciseError):
    """Input that cannot be saved; the message is written for the participant."""


class MapFull(PersonError):
    """A 41st person: kindly refused (the map cannot draw more clearly)."""


# ---- checking input ----------------------------------------------------------------------


def name_warning(name: str) -> str | None:
    """'email' or 'full_name' when an entry looks like more than initials need; else None.

    Only a hint: the participant decides. A first name with a relation or a role ("Aunt
    Mary", "Work friend N") is not flagged; two capitalised words of two letters or more
    ("Mary Jones") are.
    """
    if EMAIL.search(name):
        return "email"
    words = [w.strip(".,;:()[]\"'") for w in name.split()]
    words = [w for w in words if w]
    if len(words) < 2 or any(w.casefold() in RELATION_WORDS for w in words):
        return None
    return "full_name" if all(_name_like(w) for w in words) else None


def _name_like(word: str) -> bool:
    """'Mary', 'Jones', 'O'Neil', 'Smith-Lee'; not 'J', 'GP' or 'friend'."""
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return len(letters) >= 2 and letters.isalpha() and word[0].isupper() and not word.isupper()


def clean_name(name: Any) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise PersonError('Please write initials or a nickname first, such as "J" or "Aunt M".')
    if len(name) > MAX_NAME:
        raise PersonError(f"Please keep it short: initials or a nickname of up to {MAX_NAME} "
                          f"characters (this one has {len(name)}).")
    return name


def clean_person(values: dict[str, Any], others: list[Entry]) -> dict[str, Any]:
    """The stored fields of a person, checked: a short name not already on the map, a
    circle, known kinds of support (none is fine) and a direction."""
    name = clean_name(values.get("name"))
    circle, direction = values.get("circle"), values.get("direction")
    if circle not in CIRCLES:
        raise PersonError("Please choose a circle: inner, middle or outer. You can move "
                          "them later.")
    kinds = list(values.get("kinds") or [])
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise PersonError(f"Unknown kind of support: {', '.join(map(str, unknown))}.")
    if direction not in DIRECTIONS:
        raise PersonError("Please choose which way the support flows: you give, you "
                          "receive, or both. You can change it later.")
    if any(str(p.get("name", "")).casefold() == name.casefold() for p in others):
        raise PersonError(f"{name} is already on your map. If this is someone else, add a "
                          'word to tell them apart, such as "J (work)".')
    return {"name": name, "circle": circle, "kinds": [k for k in KINDS if k in kinds],
            "direction": direction}


def kinds_of(person: Entry) -> list[str]:
    """A person's kinds of support ([] when missing or damaged)."""
    kinds = person.get("kinds")
    return kinds if isinstance(kinds, list) else []


RULES = ListRules(
    prefix="p", clean=clean_person, maximum=MAX_PEOPLE,
    full=("Your map already has {maximum} people, which is as many as it can draw clearly. "
          "Remove someone to add someone new."),
    full_again=("Your map has {maximum} people again, so this person cannot come back. "
                "Remove someone else first."),
    gone="That person is no longer on your map.",
    error=PersonError, full_error=MapFull,
    id_links=("move_closer",),
    recheck_restore=True,  # someone of the same name added since: they cannot both be there
)


class SupportMap(ExerciseModel):
    """The support map of one journal. ``people`` is the list (add, update, remove, restore)."""

    STEP_ID = steps.SUPPORT_MAP.id

    def __init__(self, journal: Any):
        super().__init__(journal)
        self.people = KeyedList(self, "people", RULES)

    # ---- reading ----------------------------------------------------------------------

    def by_circle(self) -> dict[str, list[Entry]]:
        """The people of each circle (inner first), each in the order they were added."""
        everyone = self.people.items()
        return {c: [p for p in everyone if p.get("circle") == c] for c in CIRCLES}

    def closer(self) -> Entry | None:
        """The person chosen to move a step closer, or None (none chosen, or removed)."""
        return self.people.find(self.read("move_closer"))

    # ---- changing ---------------------------------------------------------------------

    def choose_closer(self, person_id: str | None) -> None:
        """Pick the person to move a step closer (None: nobody yet, which is fine)."""
        if person_id is not None and self.people.find(person_id) is None:
            raise PersonError(RULES.gone)
        self.save({"move_closer": person_id})

    # ---- counts, chart data and the group's summary ---------------------------------------

    def counts(self) -> dict[str, Any]:
        """People per circle, per kind of support and per direction; per circle and kind,
        and per circle and direction, too."""
        everyone = self.people.items()

        def count(circle: str | None = None, kind: str | None = None,
                  direction: str | None = None) -> int:
            return sum(1 for p in everyone
                       if (circle is None or p.get("circle") == circle)
                       and (kind is None or kind in kinds_of(p))
                       and (direction is None or p.get("direction") == direction))

        out: dict[str, Any] = {c: count(circle=c) for c in CIRCLES}
        out["kinds"] = {k: count(kind=k) for k in KINDS}
        out["directions"] = {d: count(direction=d) for d in DIRECTIONS}
        out["circle_kinds"] = {c: {k: count(c, kind=k) for k in KINDS} for c in CIRCLES}
        out["circle_directions"] = {c: {d: count(c, direction=d) for d in DIRECTIONS}
                                    for c in CIRCLES}
        return out

    def map_people(self) -> list[dict[str, Any]]:
        """Map chart data: name, circle, direction, and whether chosen to move closer."""
        closer = self.read("move_closer")
        return [{"name": p.get("name", ""), "circle": p.get("circle"),
                 "direction": p.get("direction"), "closer": p["id"] == closer}
                for p in self.people.items()]

    def kinds_by_direction(self) -> dict[str, dict[str, int]]:
        """For each kind of support, how many people it flows with in each direction."""
        everyone = self.people.items()
        return {k: {d: sum(1 for p in everyone
                           if k in kinds_of(p) and p.get("direction") == d)
                    for d in DIRECTIONS} for k in KINDS}

    def share_summary(self) -> dict[str, Any]:
        """Counts only, for the group's charts: never a name."""
        c = self.counts()
        return {"inner": c["inner"], "middle": c["middle"], "outer": c["outer"],
                "kinds": dict(c["kinds"])}
