"""A synthetic cohort for practice, demos and benchmarks: ``interdependence demo-cohort``.

Each made-up participant gets an in-memory journal (:class:`DemoJournal`), filled through the
same public API a notebook uses: the journal's ratings and reflections, and each step's
exercise model (``AskLadder``, ``SupportMap``, ``Boundaries``), so the demo holds no copy of
the journal's key layout. The real
:func:`submission.build_submission` turns it into a submission, so the demo goes through the
same allow-list and exercise summaries as a real share. Seeded: the same seed gives the same
files, byte for byte.

The spread is meant to look like a real group: most people lean hyper-independent at
check-in; by the close the signs ease a little on average, but not for everyone (a person's
answers at the close follow their own check-in answers, plus a small, personal shift that
is sometimes the wrong way); fewer people share each later step; some skip questions or
prefer not to say; a few share a reflection, and no reflection is ever shared twice.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .. import privacy, steps
from ..curriculum import Curriculum
from ..curriculum import default as default_curriculum
from ..exercises.ask_ladder import AskLadder
from ..exercises.boundaries import Boundaries
from ..exercises.support_map import KINDS, SupportMap
from ..journal import Journal
from ..shapes import Submission
from .settings import SettingsError, new_settings
from .stores.base import Store, StoreError
from .stores.factory import open_store
from .stores.folder import FolderStore
from .submission import build_submission

#: Chance that a participant shares each step (the check-in and close are the busiest),
#: kept with each step in steps.py (``demo_share``).
SHARE_CHANCE = {s.id: s.demo_share for s in steps.ALL if s.demo_share is not None}
PREFER_NOT = 0.05
SKIPPED = 0.04
REFLECTION_CHANCE = 0.3
SHIFT_MEAN, SHIFT_SPREAD = 0.25, 0.3  # how much the signs ease by the close (scale points)
FIRST_DAY = dt.date(2026, 10, 5)
#: What ``interdependence demo-cohort`` makes when not told otherwise (its help shows these).
DEMO_PARTICIPANTS = 24
DEMO_SEED = 7
DEMO_CODE = "SAMPLE"

#: The pool of shared reflections, in data/ (content, in plain words; see that file).
REFLECTIONS_FILE = "demo-reflections.yaml"


def reflection_pool() -> dict[str, list[str]]:
    """prompt id -> the reflections written for the demo, each text used at most once."""
    import yaml

    from ..paths import data_dir

    with open(data_dir() / REFLECTIONS_FILE, encoding="utf-8") as f:
        raw = yaml.safe_load(f) or {}
    return {str(k): [str(t) for t in v] for k, v in raw.items()}


ASK_STEPS = (10, 20, 35, 50, 65, 80, 95)


def make_token(rng: random.Random) -> str:
    """A token in the form ``secrets.token_urlsafe(16)`` makes, from a seeded generator."""
    return base64.urlsafe_b64encode(rng.getrandbits(128).to_bytes(16, "big")).rstrip(
        b"=").decode("ascii")


def _rating(rng: random.Random, centre: float, spread: float = 0.85) -> int:
    return max(1, min(5, round(rng.gauss(centre, spread))))


class DemoJournal(Journal):
    """A journal that lives in memory only, with a token from the seeded generator.

    The demo writes through the same public API as a notebook (``set_rating``, the step
    models), so it never holds its own copy of the journal's layout. A real journal writes
    the file on every change (lock, re-read, atomic write); a demo participant makes dozens
    of changes that nobody reads back from disk, so :meth:`change` applies them in memory.
    The token is drawn from the cohort's seed, not ``secrets``, so a seed gives the same files.
    """

    def __init__(self, path: Path, token: str):
        super().__init__(path)
        self._demo_token = token

    def change(self, apply: Callable[[Any], Any], what: Any = None) -> None:
        apply(self.data)  # nobody observes a demo journal: nothing to tell

    def ensure_token(self) -> str:
        return self._demo_token


def _journal(folder: Path, rng: random.Random, n: int, curriculum: Curriculum,
             item_bias: dict[str, float], pool: dict[str, list[str]], shift: float,
             ) -> tuple[Journal, dict[str, list[str]], dt.date]:
    journal = DemoJournal(folder / f"p{n}.json", make_token(rng))
    lean = max(1.6, min(4.8, rng.gauss(3.6, 0.6)))   # how hyper-independent at check-in
    # Each sign's level for this person: the close is read from the same level, so answers
    # at check-in and at close belong together instead of being two separate draws.
    level = {s.id: lean + item_bias[s.id] + rng.gauss(0, 0.5) for s in curriculum.signs}
    shared: dict[str, list[str]] = {}
    day = FIRST_DAY
    for step in curriculum.steps:
        chance = SHARE_CHANCE.get(step.id)
        if chance is None or rng.random() > chance:
            continue
        day = FIRST_DAY + dt.timedelta(days=7 * min(step.number, 7) // 2 + rng.randint(0, 2))
        for item in step.items:
            roll = rng.random()
            if roll < SKIPPED:
                continue
            if roll < SKIPPED + PREFER_NOT:
                journal.set_rating(step.id, item.id, None)
                continue
            if item.id in level:
                eased = shift if step.number == 8 else 0.0
                value = _rating(rng, level[item.id] - eased, spread=0.45)
            else:
                value = _rating(rng, 3 + item_bias[item.id] * (lean - 2.5))
            journal.set_rating(step.id, item.id, value)
        ticked = []
        for prompt in step.prompts:
            left = pool.get(prompt.id)
            if prompt.shareable and left and rng.random() < REFLECTION_CHANCE:
                text = left.pop()  # taken: nobody else in this cohort shares the same words
                journal.set_reflection(step.id, prompt.id, text)
                ticked.append(prompt.id)
        fill = DEMO_EXERCISES.get(step.id)
        if fill is not None:
            fill(journal, rng, lean)
        shared[step.id] = ticked
    return journal, shared, day


def _ask_ladder(journal: Journal, rng: random.Random, lean: float) -> None:
    ladder = AskLadder(journal)
    count = rng.randint(5, 9)
    asks = [ladder.asks.add({"text": f"Ask number {i + 1}",
                             "discomfort": min(100, ASK_STEPS[min(i, 6)] + rng.randint(-5, 10))})
            for i in range(count)]
    if rng.random() < 0.85:
        pick = asks[rng.randint(0, min(2, count - 1))]
        ladder.choose(pick["id"])
        if rng.random() < 0.6:
            eased = max(0, min(100, round(pick["discomfort"] * rng.uniform(0.35, 1.05))))
            ladder.record_outcome(pick["id"], done=True, actual=eased)


def _support_map(journal: Journal, rng: random.Random, lean: float) -> None:
    people = SupportMap(journal).people
    circles = ["inner"] * rng.randint(1, 3) + ["middle"] * rng.randint(0, 4)
    circles += ["outer"] * rng.randint(0, 5)
    for i, circle in enumerate(circles):
        kinds = [k for k in KINDS if rng.random() < (0.55 if k == "practical" else 0.35)]
        people.add({"name": f"Person {i + 1}", "circle": circle, "kinds": kinds,
                    "direction": rng.choice(("give", "receive", "both"))})


def _boundaries(journal: Journal, rng: random.Random, lean: float) -> None:
    model = Boundaries(journal)
    for i in range(rng.randint(3, 8)):
        decision = rng.choices(("keep", "drop", "delegate", "ask", None),
                               weights=(5, 1.5, 2, 2, 1.5))[0]
        model.tasks.add({"task": f"Task {i + 1}",
                         "hours": rng.choice((1, 2, 2, 3, 4, 5, 6, 8, 10)),
                         "only_me": rng.random() < 0.2 + 0.1 * lean, "decision": decision})
    model.set_hours_available(rng.choice((15, 20, 20, 25, 30, 30, 35, None)))
    for _ in range(rng.randint(0, 2)):
        model.scripts.add({"kind": "say_no", "situation": "A", "feeling": "B",
                           "request": "C", "why": "D"})


#: Made-up exercise answers for the steps whose summary is shared, made through each step's
#: model (the same checks and journal keys as a participant's own answers).
DEMO_EXERCISES: dict[str, Callable[[Journal, random.Random, float], None]] = {
    steps.ASK_LADDER.id: _ask_ladder, steps.SUPPORT_MAP.id: _support_map,
    steps.BOUNDARIES.id: _boundaries}


def _shifts(count: int, rng: random.Random) -> list[float]:
    """How much each person's signs ease by the close, in scale points, shuffled.

    Spread evenly over a normal curve (not drawn at random), so any cohort tells the same
    modest story: a little easier on average, and about one person in six not at all or the
    other way (noticing more can raise an answer for a while); answer-to-answer noise on top
    makes the close a little worse for some more.
    """
    from statistics import NormalDist

    curve = NormalDist(SHIFT_MEAN, SHIFT_SPREAD)
    shifts = [curve.inv_cdf((i + 0.5) / count) for i in range(count)]
    rng.shuffle(shifts)
    return shifts


def participants(count: int, seed: int = DEMO_SEED, code: str = DEMO_CODE,
                 curriculum: Curriculum | None = None) -> Iterator[Submission]:
    """``count`` synthetic submissions, each valid and built the way a real share is."""
    curriculum = curriculum or default_curriculum()
    rng = random.Random(seed)
    signs = [i.id for i in curriculum.signs]
    item_bias = {i.id: rng.uniform(-0.6, 0.4) if i.id in signs else rng.uniform(-0.8, 0.8)
                 for s in curriculum.steps for i in s.items}
    pool = reflection_pool()
    for texts in pool.values():
        rng.shuffle(texts)
    shifts = _shifts(count, rng)
    with tempfile.TemporaryDirectory(prefix="demo-journals-") as folder:
        made = 0
        while made < count:
            journal, shared, day = _journal(Path(folder), rng, made, curriculum, item_bias,
                                            pool, shifts[made])
            if not shared:
                continue  # somebody who never shared sends nothing
            made += 1
            yield build_submission(journal, curriculum, shared, code, today=day)


URL_PREFIXES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def write_demo_cohort(folder: str | Path, count: int = DEMO_PARTICIPANTS, seed: int = DEMO_SEED,
                      code: str = DEMO_CODE, min_group: int = privacy.DEFAULT_MIN_GROUP
                      ) -> Store:
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
