"""Median time to save one answer into a journal that holds the whole curriculum (aim: at
most 5 ms), against the floor: an atomic write of the same bytes, and a plain write."""

import os
import statistics
import sys
import time
from pathlib import Path

from _scratch import scratch

from interdependence import curriculum
from interdependence.atomic import atomic_write_text
from interdependence.journal import Journal

RUNS = int(os.environ.get("BENCH_RUNS_SAVE", "300"))


def full_journal(path: Path) -> Journal:
    bank = curriculum.default()
    journal = Journal(path)
    for step in bank.steps:
        for n, item in enumerate(step.items):
            journal.data["steps"].setdefault(step.id, {}).setdefault("ratings", {})[item.id] = (
                None if n % 7 == 6 else 1 + n % 5)
        for prompt in step.prompts:
            journal.data["steps"][step.id].setdefault("reflections", {})[prompt.id] = {
                "text": "A few honest sentences about this question. " * 8,
                "saved": "2026-11-27T10:00:00"}
    journal.data["steps"]["03-start-small"]["exercise"] = {
        "asks": [{"id": f"a{i}", "text": f"Ask number {i} of the ladder", "discomfort": i * 8}
                 for i in range(12)]}
    journal.data["steps"]["04-build-a-support-network"]["exercise"] = {
        "people": [{"id": f"p{i}", "name": f"P{i}", "circle": "middle",
                    "kinds": ["practical", "advice"], "direction": "both"} for i in range(20)]}
    journal.save()
    return journal


def timed(fn, runs: int) -> float:
    samples = []
    for i in range(runs):
        t = time.perf_counter()
        fn(i)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def main() -> None:
    folder = scratch("bench-journal-", os.environ.get("BENCH_DIR"))
    journal = full_journal(folder / "journal.json")
    size = journal.path.stat().st_size
    text = journal.path.read_text()
    save = timed(lambda i: journal.set_rating("00-welcome", "sign.asking", 1 + i % 5), RUNS)
    floor = timed(lambda i: atomic_write_text(folder / "floor.json", text), RUNS)

    def plain(i):
        with open(folder / "plain.json", "w") as f:
            f.write(text)

    bare = timed(plain, RUNS)
    print(f"journal size with the whole curriculum:   {size / 1024:7.1f} KiB ({sys.platform})")
    print(f"median save of one answer:                {save * 1000:7.2f} ms   (aim <= 5 ms)")
    print(f"floor, atomic write of the same bytes:    {floor * 1000:7.2f} ms   (fsync included)")
    print(f"plain write, no fsync (not crash-safe):   {bare * 1000:7.2f} ms")
    print(f"save / atomic-write floor:                {save / floor:7.2f}x")


if __name__ == "__main__":
    main()
