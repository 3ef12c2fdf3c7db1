"""Folder store against PostgreSQL store, and both against the floor, in one run.

Load + validate + aggregate for 10,000 and 100,000 participants from each store, against
``pandas.read_json(lines=True)`` of the same records from one file (parsing only: no
validation, no privacy gate, the least any loader must do). Then sharing throughput: 50
participants (processes) sharing at once into each store.

Needs PostgreSQL's server binaries (Debian's `postgresql`); prints a line and skips that
store when they are missing. Sizes: BENCH_SIZES=10000,100000 (default).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import secrets
import sys
import time
from pathlib import Path

from _scratch import scratch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from interdependence import curriculum  # noqa: E402
from interdependence.cohort.loader import load_cohort  # noqa: E402
from interdependence.cohort.stores.factory import open_store  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
SHARERS = 50
SHARES_EACH = 10


def make_submissions(n: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    bank = curriculum.default()
    steps = [s for s in bank.steps if s.shareable]
    out = []
    for _ in range(n):
        chosen = [s for s in steps if rng.random() < 0.7] or steps[:1]
        body = {}
        for step in chosen:
            ratings = {i.id: (None if rng.random() < 0.05 else rng.randint(1, 5))
                       for i in step.items if i.shareable}
            body[step.id] = {"ratings": ratings, "reflections": {}, "summary": {}}
        out.append({"schema": 1, "token": secrets.token_urlsafe(16), "cohort": "BENCH",
                    "date": "2026-11-27", "steps": body})
    return out


def aggregate(data) -> int:
    """What every chart starts from: counts per (step, item, answer), nulls left out."""
    answered = data.ratings.dropna(subset=["value"])
    return len(answered.groupby(["step", "item", "value"], observed=True).size())


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def fill_folder(folder: Path, subs: list[dict]) -> None:
    store = open_store(folder)
    store.init_settings("BENCH", 5)
    for sub in subs:
        store.put(sub, durable=False)


def fill_postgres(url: str, subs: list[dict]) -> None:
    import psycopg

    from interdependence.cohort.stores.postgres import PostgresStore, split_url
    from interdependence.cohort.submission import encode

    store = PostgresStore(url)
    store.init_settings("BENCH", 5)
    cohort = split_url(url)[1]
    with psycopg.connect(url.split("?")[0]) as conn, conn.cursor() as cur, \
            cur.copy("COPY interdependence_submissions (cohort, token, body, shared_on) "
                     "FROM STDIN") as copy:
            for sub in subs:
                copy.write_row((cohort, sub["token"], encode(sub).decode(), sub["date"]))


def _share_worker(args):
    location, n = args
    store = open_store(location)
    subs = make_submissions(n, seed=os.getpid())
    t = time.perf_counter()
    for sub in subs:
        store.put(sub)
    took = time.perf_counter() - t
    _dispose_engines()
    return took


def _dispose_engines() -> None:
    try:
        from interdependence.cohort.stores import postgres
    except ImportError:
        return
    for engine in postgres._engines.values():
        engine.dispose()


def sharing_throughput(location: str) -> tuple[float, float]:
    """(shares per second overall, median seconds per share) with 50 sharers at once."""
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(SHARERS) as pool:
        pool.map(_share_worker, [(location, 1)] * SHARERS)  # warm: imports, connections
        t = time.perf_counter()
        per_worker = pool.map(_share_worker, [(location, SHARES_EACH)] * SHARERS)
        wall = time.perf_counter() - t
    per_share = sorted(w / SHARES_EACH for w in per_worker)[len(per_worker) // 2]
    return SHARERS * SHARES_EACH / wall, per_share


def main() -> None:
    import pandas as pd
    from postgres_server import missing_reason, running_postgres

    pg_missing = missing_reason()
    context = running_postgres() if not pg_missing else None
    server = context.__enter__() if context else None
    try:
        print(f"{'participants':>12} {'read_json':>10} {'folder':>10} {'postgres':>10} "
              f"{'folder/floor':>13} {'pg/floor':>9} {'pg/folder':>10}")
        for n in SIZES:
            subs = make_submissions(n)
            tmp = scratch("bench-stores-")
            lines = tmp / "records.jsonl"
            lines.write_text("\n".join(json.dumps(s) for s in subs))
            floor, _ = timed(lambda lines=lines: pd.read_json(lines, lines=True))
            folder = tmp / "cohort"
            folder.mkdir()
            fill_folder(folder, subs)
            t_folder, data = timed(lambda folder=folder: load_cohort(folder, set_aside=False))
            assert data.accepted == n, (data.accepted, data.rejected[:3])
            t_folder += timed(lambda data=data: aggregate(data))[0]
            t_pg = float("nan")
            if server:
                url = server.url() + f"?cohort=B{n}"
                fill_postgres(url, subs)
                t_pg, data = timed(lambda url=url: load_cohort(url, set_aside=False))
                assert data.accepted == n
                t_pg += timed(lambda data=data: aggregate(data))[0]
            print(f"{n:>12,} {floor:>9.2f}s {t_folder:>9.2f}s {t_pg:>9.2f}s "
                  f"{t_folder / floor:>12.2f}x {t_pg / floor:>8.2f}x {t_pg / t_folder:>9.2f}x",
                  flush=True)
        folder = scratch("bench-stores-share-") / "share"
        folder.mkdir()
        open_store(folder).init_settings("BENCH", 5)
        rate, each = sharing_throughput(str(folder))
        print(f"sharing, {SHARERS} at once, folder:     {rate:8.0f} shares/s "
              f"(median {each * 1000:.1f} ms per share)")
        if server:
            url = server.url() + "?cohort=SHARE"
            open_store(url).init_settings("BENCH", 5)
            rate, each = sharing_throughput(url)
            print(f"sharing, {SHARERS} at once, postgres:   {rate:8.0f} shares/s "
                  f"(median {each * 1000:.1f} ms per share)")
        else:
            print(f"postgres: not measured ({pg_missing})")
    finally:
        _dispose_engines()
        if context:
            context.__exit__(None, None, None)


if __name__ == "__main__":
    main()
