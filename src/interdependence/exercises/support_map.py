"""Step 04, the support map: people in three circles, the kinds of support, which way it flows.

Journal keys (see ``exercises/__init__.py``), all under step ``04-build-a-support-network``:

- ``people``: list of {"id", "name", "circle": inner|middle|outer,
  "kinds": [practical|emotional|advice|company], "direction": give|receive|both};
- ``move_closer``: the id of one person to move a step closer, or None.

Names are the participant's own shorthand ("J", "Aunt M"). They stay in the journal: nothing
here that feeds sharing (:func:`share_summary`) ever carries a name.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from .. import steps

STEP_ID = steps.SUPPORT_MAP.id
CIRCLES = ("inner", "middle", "outer")
KINDS = ("practical", "emotional", "advice", "company")
DIRECTIONS = ("give", "receive", "both")
MAX_NAME = 30
MAX_PEOPLE = 40

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


class PersonError(ValueError):
    """Input that cannot be saved; the message is written for the participant."""


# ---- reading ----------------------------------------------------------------------------


def people(journal) -> list[dict[str, Any]]:
    """The people on the map, in the order they were added."""
    return journal.exercise(STEP_ID, "people", []) or []


def find(journal, person_id: str | None) -> dict[str, Any] | None:
    return next((p for p in people(journal) if p["id"] == person_id), None)


def move_closer(journal) -> dict[str, Any] | None:
    """The person chosen to move a step closer, or None."""
    return find(journal, journal.exercise(STEP_ID, "move_closer"))


def by_circle(journal) -> dict[str, list[dict[str, Any]]]:
    everyone = people(journal)
    return {c: [p for p in everyone if p["circle"] == c] for c in CIRCLES}


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


def clean_person(name: Any, circle: Any, kinds: Any, direction: Any) -> dict[str, Any]:
    """A checked person (without an id); :class:`PersonError` says what is missing."""
    name = " ".join(str(name or "").split())
    if not name:
        raise PersonError('Please write initials or a nickname first, such as "J" or "Aunt M".')
    if len(name) > MAX_NAME:
        raise PersonError(f"Please keep it short: initials or a nickname of up to {MAX_NAME} "
                          f"characters (this one has {len(name)}).")
    if circle not in CIRCLES:
        raise PersonError("Please choose a circle: inner, middle or outer. You can move "
                          "them later.")
    kinds = list(kinds or [])
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise PersonError(f"Unknown kind of support: {', '.join(map(str, unknown))}.")
    if direction not in DIRECTIONS:
        raise PersonError("Please choose which way the support flows: you give, you "
                          "receive, or both. You can change it later.")
    return {"name": name, "circle": circle, "kinds": [k for k in KINDS if k in kinds],
            "direction": direction}


def _check_unique(everyone: list[dict], name: str, except_id: str | None = None) -> None:
    if any(p["name"].casefold() == name.casefold() and p["id"] != except_id
           for p in everyone):
        raise PersonError(f"{name} is already on your map. If this is someone else, add a "
                          'word to tell them apart, such as "J (work)".')


# ---- changing ----------------------------------------------------------------------------


def add_person(journal, name: Any, circle: Any, kinds: Any = (), direction: Any = None,
               maximum: int = MAX_PEOPLE) -> dict[str, Any]:
    everyone = people(journal)
    if len(everyone) >= maximum:
        raise PersonError(f"Your map already has {maximum} people, which is as many as it "
                          "can draw clearly. Remove someone to add someone new.")
    person = clean_person(name, circle, kinds, direction)
    _check_unique(everyone, person["name"])
    taken = {p["id"] for p in everyone}
    while (person_id := "p" + secrets.token_hex(3)) in taken:
        pass
    person = {"id": person_id, **person}
    journal.set_exercise(STEP_ID, "people", [*everyone, person])
    return person


def update_person(journal, person_id: str, name: Any, circle: Any, kinds: Any = (),
                  direction: Any = None) -> dict[str, Any]:
    everyone = people(journal)
    person = next((p for p in everyone if p["id"] == person_id), None)
    if person is None:
        raise PersonError("That person is no longer on your map.")
    cleaned = clean_person(name, circle, kinds, direction)
    _check_unique(everyone, cleaned["name"], except_id=person_id)
    person.update(cleaned)
    journal.set_exercise(STEP_ID, "people", everyone)
    return person


def remove_person(journal, person_id: str) -> dict[str, Any] | None:
    """Take someone off the map; returns what :func:`restore_person` needs, or None."""
    everyone = people(journal)
    index = next((i for i, p in enumerate(everyone) if p["id"] == person_id), None)
    if index is None:
        return None
    removed = {"person": everyone.pop(index), "index": index,
               "move_closer": journal.exercise(STEP_ID, "move_closer") == person_id}
    changes: dict[str, Any] = {"people": everyone}
    if removed["move_closer"]:
        changes["move_closer"] = None
    journal.set_exercises(STEP_ID, changes)  # one write: the person and the pick together
    return removed


def restore_person(journal, removed: dict[str, Any], maximum: int = MAX_PEOPLE) -> None:
    """Undo :func:`remove_person`."""
    everyone = people(journal)
    person = removed["person"]
    if any(p["id"] == person["id"] for p in everyone):
        return
    if len(everyone) >= maximum:
        raise PersonError(f"Your map has {maximum} people again, so this person cannot come "
                          "back. Remove someone else first.")
    _check_unique(everyone, person["name"])
    everyone.insert(min(removed["index"], len(everyone)), person)
    changes: dict[str, Any] = {"people": everyone}
    if removed.get("move_closer") and journal.exercise(STEP_ID, "move_closer") is None:
        changes["move_closer"] = person["id"]
    journal.set_exercises(STEP_ID, changes)


def set_move_closer(journal, person_id: str | None) -> None:
    if person_id is not None and find(journal, person_id) is None:
        raise PersonError("That person is no longer on your map.")
    journal.set_exercise(STEP_ID, "move_closer", person_id)


# ---- counts and chart data ------------------------------------------------------------------


def counts(journal) -> dict[str, Any]:
    """People per circle, per kind of support and per direction; per circle and kind too."""
    everyone = people(journal)
    out: dict[str, Any] = {c: sum(p["circle"] == c for p in everyone) for c in CIRCLES}
    out["kinds"] = {k: sum(k in p["kinds"] for p in everyone) for k in KINDS}
    out["directions"] = {d: sum(p["direction"] == d for p in everyone) for d in DIRECTIONS}
    out["circle_kinds"] = {c: {k: sum(p["circle"] == c and k in p["kinds"] for p in everyone)
                               for k in KINDS} for c in CIRCLES}
    out["circle_directions"] = {
        c: {d: sum(p["circle"] == c and p["direction"] == d for p in everyone)
            for d in DIRECTIONS} for c in CIRCLES}
    return out


def map_people(journal) -> list[dict[str, Any]]:
    """Map chart data: name, circle, direction, and whether chosen to move closer."""
    closer = journal.exercise(STEP_ID, "move_closer")
    return [{"name": p["name"], "circle": p["circle"], "direction": p["direction"],
             "closer": p["id"] == closer} for p in people(journal)]


def kinds_by_direction(journal) -> dict[str, dict[str, int]]:
    """For each kind of support, how many people it flows with in each direction."""
    everyone = people(journal)
    return {k: {d: sum(k in p["kinds"] and p["direction"] == d for p in everyone)
                for d in DIRECTIONS} for k in KINDS}


def share_summary(journal) -> dict[str, Any]:
    """Counts only, for the group's charts: never a name."""
    c = counts(journal)
    return {"inner": c["inner"], "middle": c["middle"], "outer": c["outer"],
            "kinds": dict(c["kinds"])}
