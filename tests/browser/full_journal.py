"""A journal with something in every list, chart and table: what the layout tests walk.

An empty journal shows placeholders; the problems a phone shows (long rows, drop-downs
with choices, tables of counts, charts) appear once a person has written things. Filled
through the journal API and the step models, as a participant's answers are, with words as
long as people really write.
"""

from __future__ import annotations

from pathlib import Path

from interdependence import curriculum
from interdependence.exercises.ask_ladder import AskLadder
from interdependence.exercises.boundaries import Boundaries
from interdependence.exercises.support_map import SupportMap
from interdependence.journal import Journal

REFLECTION = ("I noticed I said \"I'm fine\" three times this week when I was not, and that "
              "nobody minded when I finally asked my sister to help with the shopping.")
ASKS = (("Ask a colleague which bus stop is nearest", 10),
        ("Ask R to take in a parcel on Thursday", 20),
        ("Ask a neighbour to water the plants", 35),
        ("Ask my sister for a lift to the station", 50),
        ("Tell a friend I am having a hard week", 70),
        ("Ask my manager for a day's extension", 85))
PEOPLE = (("Dad", "inner", ["practical", "company"], "give"),
          ("S (sister, abroad)", "inner", ["emotional", "advice"], "both"),
          ("Neighbour B", "middle", ["practical"], "give"),
          ("Choir friend L", "middle", ["company"], "both"),
          ("Work friend N", "outer", ["advice"], "receive"),
          ("GP receptionist", "outer", ["practical"], "receive"))
TASKS = (("Cooking every evening meal for the household", 8, True, "keep"),
         ("Organising the family's appointments", 3, True, "delegate"),
         ("Covering a colleague's reports", 5, False, "drop"),
         ("Looking after the neighbour's dog", 2, False, "ask"),
         ("Sorting out my parents' paperwork", 4, True, None))


def fill(home: Path) -> Path:
    """Answers in every step of a journal in ``home``; returns the journal's path."""
    journal = Journal(home / "journal.json")
    for step in curriculum.default().steps:
        for n, item in enumerate(step.items):
            journal.set_rating(step.id, item.id, None if n == 2 else 1 + n % 5)
        for prompt in step.prompts:
            journal.set_reflection(step.id, prompt.id, REFLECTION)
    ladder = AskLadder(journal)
    asks = [ladder.asks.add({"text": text, "discomfort": level}) for text, level in ASKS]
    ladder.choose(asks[1]["id"])
    ladder.record_outcome(asks[1]["id"], done=True, actual=10)
    people = SupportMap(journal)
    added = [people.people.add({"name": name, "circle": circle, "kinds": kinds,
                                "direction": direction})
             for name, circle, kinds, direction in PEOPLE]
    people.choose_closer(added[3]["id"])
    load = Boundaries(journal)
    for task, hours, only_me, decision in TASKS:
        load.tasks.add({"task": task, "hours": hours, "only_me": only_me,
                        "decision": decision})
    load.set_hours_available(15)
    load.scripts.add({"kind": "say_no", "situation": "When I am asked to cover a shift",
                      "feeling": "I feel stretched thin", "request": "I would like to say no "
                      "this time", "why": "so I can rest before Monday"})
    return journal.path
