"""A synthetic cohort for practice, demos and benchmarks: ``interdependence demo-cohort``.

Each made-up participant gets an in-memory journal (ratings, a few reflections, exercise data
in the journal keys of ``exercises/__init__.py``), and the real
:func:`submission.build_submission` turns it into a submission, so the demo goes through the
same allow-list and exercise summaries as a real share. Seeded: the same seed gives the same
files, byte for byte.

The spread is meant to look like a real group: most people lean hyper-independent at
check-in and a little less at the close; fewer people share each later step; some skip
questions or prefer not to say; a few share a reflection, in kind, plain words.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..curriculum import Curriculum
from ..curriculum import default as default_curriculum
from ..journal import Journal
from .settings import SettingsError, new_settings
from .store import FolderStore, Store, StoreError, open_store
from .submission import build_submission

#: Chance that a participant shares each step (the check-in and close are the busiest).
SHARE_CHANCE = {
    "00-welcome": 0.95, "02-reframe-help-as-strength": 0.8, "03-start-small": 0.8,
    "04-build-a-support-network": 0.75, "05-practice-vulnerability": 0.6,
    "06-set-self-boundaries": 0.65, "07-consider-therapy": 0.45,
    "08-embracing-interdependence": 0.8,
}
PREFER_NOT = 0.05
SKIPPED = 0.04
REFLECTION_CHANCE = 0.3
FIRST_DAY = dt.date(2026, 10, 5)

#: Shared reflections for the demo, written for it: short, kind, plain.
REFLECTIONS = {
    "welcome.hopes": [
        "To notice sooner when I am running on empty.",
        "I would like to ask for help once without apologising three times.",
        "To feel less alone with the small stuff.",
        "Honestly, I am not sure yet. I am curious.",
        "To stop saying I am fine when I am not.",
        "That I can let my family in a bit more.",
        "To learn that needing people is normal.",
    ],
    "reframe.surprise": [
        "The evidence against my belief was longer than the evidence for it.",
        "I would never judge a friend the way I judge myself.",
        "Most of the help I turned down was offered gladly.",
        "I found I was guessing what people thought rather than asking.",
        "The belief felt like a fact until I wrote it down.",
    ],
    "reframe.friend_view": [
        "They would tell me to take the help and say thank you.",
        "A friend would say that asking shows trust.",
        "They would be glad to be asked, I think.",
        "My best friend would laugh and tell me to stop being so hard on myself.",
        "They would remind me of all the times I helped them.",
    ],
    "small.lesson": [
        "The ask was over in a minute and nobody minded.",
        "It felt awkward before and fine after.",
        "People seemed pleased to be asked.",
        "I did not do it this week, and that is something to learn from too.",
        "Starting with something tiny really helped.",
        "The worry was much bigger than the moment.",
    ],
    "small.advice": [
        "Pick the easiest rung and do it today.",
        "Say what you need in one sentence and then stop talking.",
        "Ask someone who has offered before.",
        "Let it be a bit clumsy; it still counts.",
        "Write the words down first if that helps.",
    ],
    "network.notice": [
        "My inner circle is smaller than I thought, but it is solid.",
        "I give a lot more support than I let myself receive.",
        "There are more people around me than I usually count.",
        "Most of my support is practical; very little is about feelings.",
        "Some people I had forgotten about belong on the map.",
    ],
    "network.gaps": [
        "Nobody to talk to about work worries.",
        "I have no one nearby for practical things.",
        "Emotional support is the gap for me.",
        "Company. I spend a lot of evenings on my own.",
        "Someone to ask for advice without feeling judged.",
    ],
    "vulnerability.what_makes_it_easier": [
        "Knowing the other person has been through something similar.",
        "Talking while walking, side by side.",
        "Starting small and seeing how it lands.",
        "When someone asks a second time.",
        "Writing it in a message first.",
        "A quiet place and enough time.",
    ],
    "boundaries.audit_surprise": [
        "How many hours go to things nobody asked me to do.",
        "I keep tasks that someone else would happily take.",
        "My week is fuller than the hours I actually have.",
        "Only a few of my tasks truly need me.",
        "I had never added the hours up before.",
    ],
    "boundaries.hour_back": [
        "A walk on my own, without my phone.",
        "Sleep, plain and simple.",
        "Time with my kids that is not about chores.",
        "Reading something just for fun.",
        "Cooking slowly for once.",
        "Seeing a friend I keep putting off.",
    ],
    "close.what_shifted": [
        "Asking feels a bit less like failing.",
        "I see support as something that goes both ways now.",
        "I notice the moment I start to take everything on.",
        "I said yes to help twice this month.",
        "I am kinder to myself when I struggle.",
        "Less than I hoped, but something did move.",
    ],
    "close.idea_to_keep": [
        "Small asks first.",
        "Needing people is part of being a person.",
        "Look at the evidence before believing the thought.",
        "My support map, on the fridge.",
        "Letting someone help is also a gift to them.",
        "One boundary a week.",
    ],
}

ASK_STEPS = (10, 20, 35, 50, 65, 80, 95)


def make_token(rng: random.Random) -> str:
    """A token in the form ``secrets.token_urlsafe(16)`` makes, from a seeded generator."""
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).rstrip(
        b"=").decode("ascii")


def _rating(rng: random.Random, centre: float) -> int:
    return max(1, min(5, round(rng.gauss(centre, 0.85))))


def _journal(folder: Path, rng: random.Random, n: int, curriculum: Curriculum,
             item_bias: dict[str, float]) -> tuple[Journal, dict[str, list[str]], dt.date]:
    journal = Journal(folder / f"p{n}.json")  # never saved: it lives in memory only
    journal.data["token"] = make_token(rng)
    lean = max(1.6, min(4.9, rng.gauss(3.7, 0.6)))   # how hyper-independent at check-in
    shift = max(-0.4, rng.gauss(0.6, 0.45))           # how much that eases by the close
    shared: dict[str, list[str]] = {}
    day = FIRST_DAY
    for step in curriculum.steps:
        chance = SHARE_CHANCE.get(step.id)
        if chance is None or rng.random() > chance:
            continue
        day = FIRST_DAY + dt.timedelta(days=7 * min(step.number, 7) // 2 + rng.randint(0, 2))
        ratings = journal.data["steps"].setdefault(step.id, {}).setdefault("ratings", {})
        centre = lean - shift if step.number == 8 else lean
        for item in step.items:
            roll = rng.random()
            if roll < SKIPPED:
                continue
            if roll < SKIPPED + PREFER_NOT:
                ratings[item.id] = None
                continue
            if item.id.startswith("sign."):
                ratings[item.id] = _rating(rng, centre + item_bias[item.id])
            else:
                ratings[item.id] = _rating(rng, 3 + item_bias[item.id] * (lean - 2.5))
        ticked = []
        for prompt in step.prompts:
            pool = REFLECTIONS.get(prompt.id)
            if prompt.shareable and pool and rng.random() < REFLECTION_CHANCE:
                text = rng.choice(pool)
                journal.data["steps"][step.id].setdefault("reflections", {})[prompt.id] = {
                    "text": text, "saved": f"{day.isoformat()}T00:00:00"}
                ticked.append(prompt.id)
        _exercise(journal, step.id, rng, lean)
        shared[step.id] = ticked
    return journal, shared, day


def _exercise(journal: Journal, step_id: str, rng: random.Random, lean: float) -> None:
    body = journal.data["steps"].setdefault(step_id, {}).setdefault("exercise", {})
    if step_id == "03-start-small":
        count = rng.randint(5, 9)
        asks = [{"id": f"a{i}", "text": f"Ask number {i + 1}",
                 "discomfort": min(100, ASK_STEPS[min(i, 6)] + rng.randint(-5, 10))}
                for i in range(count)]
        body["asks"] = asks
        if rng.random() < 0.85:
            pick = asks[rng.randint(0, min(2, count - 1))]
            body["chosen"] = pick["id"]
            if rng.random() < 0.6:
                eased = max(0, min(100, round(pick["discomfort"] * rng.uniform(0.35, 1.05))))
                body["outcomes"] = {pick["id"]: {"done": True, "actual": eased, "note": ""}}
    elif step_id == "04-build-a-support-network":
        circles = ["inner"] * rng.randint(1, 3) + ["middle"] * rng.randint(0, 4)
        circles += ["outer"] * rng.randint(0, 5)
        kinds = ("practical", "emotional", "advice", "company")
        body["people"] = [
            {"id": f"p{i}", "name": f"Person {i + 1}", "circle": circle,
             "kinds": [k for k in kinds if rng.random() < (0.55 if k == "practical" else 0.35)],
             "direction": rng.choice(("give", "receive", "both"))}
            for i, circle in enumerate(circles)]
    elif step_id == "06-set-self-boundaries":
        tasks = []
        for i in range(rng.randint(3, 8)):
            decision = rng.choices(("keep", "drop", "delegate", "ask", None),
                                   weights=(5, 1.5, 2, 2, 1.5))[0]
            tasks.append({"id": f"t{i}", "task": f"Task {i + 1}",
                          "hours": rng.choice((1, 2, 2, 3, 4, 5, 6, 8, 10)),
                          "only_me": rng.random() < 0.2 + 0.1 * lean, "decision": decision})
        body["load"] = tasks
        body["hours_available"] = rng.choice((15, 20, 20, 25, 30, 30, 35, None))
        body["scripts"] = [{"id": f"s{i}", "kind": "say_no", "situation": "A", "feeling": "B",
                            "request": "C", "why": "D"} for i in range(rng.randint(0, 2))]


def participants(count: int, seed: int = 7, code: str = "SAMPLE",
                 curriculum: Curriculum | None = None) -> Iterator[dict[str, Any]]:
    """``count`` synthetic submissions, each valid and built the way a real share is."""
    curriculum = curriculum or default_curriculum()
    rng = random.Random(seed)
    signs = [i.id for i in curriculum.signs]
    item_bias = {i.id: rng.uniform(-0.6, 0.4) if i.id in signs else rng.uniform(-0.8, 0.8)
                 for s in curriculum.steps for i in s.items}
    with tempfile.TemporaryDirectory(prefix="demo-journals-") as folder:
        made = 0
        while made < count:
            journal, shared, day = _journal(Path(folder), rng, made, curriculum, item_bias)
            if not shared:
                continue  # somebody who never shared sends nothing
            made += 1
            yield build_submission(journal, curriculum, shared, code, today=day)


URL_PREFIXES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def write_demo_cohort(folder: str | Path, count: int = 24, seed: int = 7, code: str = "SAMPLE",
                      min_group: int = 5) -> Store:
    """Fill a new or empty cohort with a synthetic one: a folder (created here), or a
    ``postgresql://`` URL naming a cohort with no submissions yet.

    Every value is checked before anything is created, so a refused call leaves nothing
    behind (no empty folder, no settings row).
    """
    try:
        new_settings(code, min_group)  # the code and smallest group, checked before creating
    except SettingsError as exc:
        raise StoreError(str(exc)) from None
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise StoreError("A demo cohort needs at least one participant.")
    if str(folder).startswith(URL_PREFIXES):
        return _write_demo_database(str(folder), count, seed, code, min_group)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a folder: give a new folder for the demo "
                         "cohort.")
    if folder.exists() and any(p for p in folder.iterdir() if not p.name.startswith(".")):
        raise StoreError(f"{folder} is not empty: give a new folder for the demo cohort, so no "
                         "real submissions are mixed with made-up ones.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Could not create {folder}: {exc.strerror or exc}") from exc
    store = FolderStore(folder)
    store.init_settings(code, min_group, created=(FIRST_DAY - dt.timedelta(days=7)).isoformat())
    for submission in participants(count, seed=seed, code=code):
        store.put(submission, durable=False)
    return store


def _write_demo_database(url: str, count: int, seed: int, code: str, min_group: int) -> Store:
    """The demo through the PostgreSQL store (its ``put`` and ``init_settings`` have no
    ``durable`` or ``created``: every row is committed, and the cohort is dated today)."""
    store = open_store(url)  # a plain StoreError when the hub extra is missing
    if isinstance(store, FolderStore):  # pragma: no cover - open_store reads the prefix too
        raise StoreError(f"{url} was not taken for a database URL; nothing was written.")
    if store.has_submissions():
        raise StoreError(f"The cohort at {store.location} already has submissions: name a new "
                         "cohort in the URL (…?cohort=PRACTICE) for the demo, so no real "
                         "submissions are mixed with made-up ones.")
    store.init_settings(code, min_group)
    for submission in participants(count, seed=seed, code=code):
        store.put(submission)
    return store
