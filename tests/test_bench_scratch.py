"""A benchmark leaves nothing behind in the temp folder: what it makes (journals, cohort
copies, a served copy of the notebooks) is removed when it ends, even when it fails
(benchmarks/_scratch.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def run(code: str, where: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=BENCHMARKS, capture_output=True,
                          text=True, env={**os.environ, "BENCH_DIR": str(where),
                                          "BENCH_RUNS_SAVE": "5"}, timeout=120)


def test_a_benchmark_that_ends_leaves_no_folder(tmp_path):
    done = run("import runpy, sys; sys.path.insert(0, '.');"
               "runpy.run_path('journal_save.py', run_name='__main__')", tmp_path)
    assert done.returncode == 0, done.stderr
    assert "median save of one answer" in done.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_benchmark_that_fails_leaves_no_folder(tmp_path):
    failed = run("import os, sys; sys.path.insert(0, '.'); from _scratch import scratch;"
                 "folder = scratch('bench-test-', os.environ['BENCH_DIR']);"
                 "(folder / 'journal.json').write_text('{}'); print(folder);"
                 "raise SystemExit('the benchmark failed')", tmp_path)
    assert failed.returncode == 1
    assert "the benchmark failed" in failed.stderr
    assert Path(failed.stdout.strip()).parent == tmp_path
    assert list(tmp_path.iterdir()) == []
