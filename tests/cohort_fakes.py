"""Small cohorts in the loader's shape (cohort/__init__.py), built in memory for chart tests."""

from __future__ import annotations

import json
import random
from types import SimpleNamespace

from interdependence.cohort.settings import new_settings
from interdependence.cohort.stores.base import Store

CHECK_IN, CLOSE = "00-welcome", "08-embracing-interdependence"


def cohort(ratings=(), summaries=(), reflections=(), rejected=(), min_group=5, code="TEST"):
    """A CohortData look-alike from plain rows: (token, step, item, value) and so on."""
    import pandas as pd

    frame = pd.DataFrame(list(ratings), columns=["token", "step", "item", "value"])
    frame["value"] = frame["value"].astype("Int8")
    for column in ("token", "step", "item"):
        frame[column] = frame[column].astype(str)
    sums = pd.DataFrame(list(summaries), columns=["token", "step", "key", "value"])
    sums["value"] = sums["value"].astype(float)
    return SimpleNamespace(ratings=frame, summaries=sums, reflections=list(reflections),
                           rejected=list(rejected),
                           settings={"code": code, "min_group": min_group})


def realistic(curriculum, people=20, seed=3, min_group=5):
    """A spread of answers like a real group: skips, prefer-not-to-say, a drift after."""
    rng = random.Random(seed)
    ratings, summaries, reflections = [], [], []
    for p in range(people):
        token = f"tok{p:04d}"
        for step in curriculum.steps:
            if not step.shareable or rng.random() < 0.12:
                continue
            for item in step.items:
                if rng.random() < 0.06:
                    ratings.append((token, step.id, item.id, None))
                    continue
                centre = 3.6 if step.id == CHECK_IN else 2.8 if step.id == CLOSE else 3.1
                value = min(5, max(1, round(rng.gauss(centre, 1.0))))
                ratings.append((token, step.id, item.id, value))
            if step.id == "03-start-small":
                expected = rng.randint(20, 80)
                summaries += [(token, step.id, "asks", rng.randint(5, 10)),
                              (token, step.id, "first_ask_done", float(rng.random() < 0.6)),
                              (token, step.id, "expected", expected),
                              (token, step.id, "actual", max(0, expected - rng.randint(-10, 35)))]
            if step.id == "04-build-a-support-network":
                for circle, mean in (("inner", 2), ("middle", 4), ("outer", 6)):
                    summaries.append((token, step.id, circle,
                                      max(0, round(rng.gauss(mean, 1.5)))))
                for kind in ("practical", "emotional", "advice", "company"):
                    summaries.append((token, step.id, f"kinds.{kind}", rng.randint(0, 3)))
            if step.id == "06-set-self-boundaries":
                summaries += [(token, step.id, "tasks", 6),
                              (token, step.id, "hours", rng.randint(30, 70)),
                              (token, step.id, "hours_available", rng.randint(25, 50))]
                for decision in ("keep", "drop", "delegate", "ask"):
                    summaries.append((token, step.id, f"decisions.{decision}", rng.randint(0, 3)))
            for prompt in step.prompts:
                if prompt.shareable and rng.random() < 0.4:
                    reflections.append({"step": step.id, "prompt": prompt.id,
                                        "text": f"Answer {p} to {prompt.id}"})
    return cohort(ratings, summaries, reflections, min_group=min_group)


def token_of(fake: str) -> str:
    """A valid-looking token (16+ characters) for a short fake one like ``tok0003``."""
    return f"{fake:0>16}"


def write_folder(folder, data, code="TEST", min_group=5, date="2026-11-20"):
    """Write ``data`` (from :func:`cohort` or :func:`realistic`) as a real cohort folder.

    Reflections carry no token in CohortData, so each is given to a participant who shared
    that step (or the first participant), one per person and prompt as in real submissions.
    """
    import pandas as pd

    from interdependence.cohort.stores.factory import open_store
    from interdependence.cohort.submission import SCHEMA

    store = open_store(folder) if folder.exists() else None
    if store is None:
        folder.mkdir(parents=True)
        store = open_store(folder)
    store.init_settings(code, min_group)
    subs: dict[str, dict] = {}

    def step_of(token, step):
        sub = subs.setdefault(token, {"schema": SCHEMA, "token": token_of(token), "cohort": code,
                                      "date": date, "steps": {}})
        return sub["steps"].setdefault(step, {"ratings": {}})

    for row in data.ratings.itertuples():
        value = None if pd.isna(row.value) else int(row.value)
        step_of(row.token, row.step)["ratings"][row.item] = value
    for row in data.summaries.itertuples():
        summary = step_of(row.token, row.step).setdefault("summary", {})
        number = float(row.value)
        number = int(number) if number.is_integer() else number
        if "." in row.key:
            outer, inner = row.key.split(".", 1)
            summary.setdefault(outer, {})[inner] = number
        elif row.key in ("first_ask_done",):
            summary[row.key] = bool(number)
        else:
            summary[row.key] = number
    people = sorted(subs) or ["tok9999"]
    used: set[tuple[str, str]] = set()
    for entry in data.reflections:
        sharers = [t for t in people if entry["step"] in subs.get(t, {}).get("steps", {})]
        owner = next((t for t in sharers + people if (t, entry["prompt"]) not in used), None)
        if owner is None:
            owner = f"tok{len(people) + len(used):04d}"
            people.append(owner)
        used.add((owner, entry["prompt"]))
        step_of(owner, entry["step"]).setdefault("reflections", {})[entry["prompt"]] = (
            entry["text"])
    for sub in subs.values():
        store.put(sub, durable=False)
    return folder


def memory_store(min_group: int = 5, keeps_state: bool = True, location: str = "memory://test"):
    """A cohort kept in dicts, on the real Store base: a stand-in for a database store.

    ``put(sub, account=...)`` records which account wrote a file (``sources()``), as a
    folder does from file owners; ``keeps_state=False`` keeps the base class's refusal to
    save the facilitator's state."""
    kind = MemoryStoreWithState if keeps_state else MemoryStore
    return kind(min_group, location)


class MemoryStore(Store):
    def __init__(self, min_group: int, location: str):
        self.location = location
        self.notes: list[str] = []
        self.files: dict[str, bytes] = {}
        self.state: dict[str, bytes] = {}
        self.accounts: dict[str, str] = {}
        self._settings = new_settings("TEST-1", min_group)

    def put(self, sub, account: str | None = None):
        self.files[sub["token"] + ".json"] = json.dumps(sub).encode()
        if account is not None:
            self.accounts[sub["token"]] = account
        return sub["token"]

    def delete(self, tok):
        self.accounts.pop(tok, None)
        return self.files.pop(tok + ".json", None) is not None

    def records(self):
        yield from sorted(self.files.items())

    def count(self):
        return len(self.files)

    def settings(self):
        return self._settings

    def init_settings(self, code, min_group=5, keep_days=None):
        return self._settings

    def _save_settings(self, settings):
        self._settings = settings

    def set_aside(self, name, reason):
        return None

    def has_submissions(self):
        return bool(self.files)

    def set_aside_records(self):
        return iter(())

    def delete_set_aside(self, name):
        return False

    def sources(self):
        return {t: a for t, a in self.accounts.items() if t + ".json" in self.files}


class MemoryStoreWithState(MemoryStore):
    """Keeps the facilitator's state (the revealed set), as the real stores do."""

    def read_state(self, name):
        return self.state.get(name)

    def write_state(self, name, data):
        self.state[name] = bytes(data)


def prepared_folder(tmp_path, curriculum, people=20, seed=4):
    """A cohort folder as setup-cohort leaves it: ``_facilitator/`` the facilitator's, 0700."""
    from interdependence.cohort.stores.factory import open_store

    folder = write_folder(tmp_path / "cohort", realistic(curriculum, people=people, seed=seed))
    open_store(folder).prepare()
    return folder


def kept_pictures(folder):
    """The chart pictures kept in ``folder``'s ``_facilitator/charts/``, by name."""
    return sorted((folder / "_facilitator" / "charts").glob("*.png"))


def loop_if_running():
    """A live kernel's loop stand-in for the dashboard: the running loop inside asyncio.run,
    else none (``views.dashboard.kernel_loop`` is patched with it)."""
    import asyncio

    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
