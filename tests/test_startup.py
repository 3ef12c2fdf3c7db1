"""Cold start (issue 14, item 4): what a notebook's first cell costs beyond ipywidgets.

The figures come from `make bench` (benchmarks/startup.py); these tests hold the behaviour
that keeps them low: the welcome notebook's widgets import only the kit's own modules on top
of ipywidgets, and a second start reads the item bank's parsed form instead of PyYAML.
"""

import json
import os
import subprocess
import sys

WELCOME = """
import json, sys
import ipywidgets
before = set(sys.modules)
from interdependence import open_step
step = open_step("00-welcome")
for part in (step.header, step.your_data, step.cohort_code, step.ratings, step.reflections,
             step.progress, step.next_step):
    part()
print(json.dumps(sorted(set(sys.modules) - before)))
"""

# Nothing beyond the kit: not even `html` (views/style.esc escapes without it), nor
# `interdependence.shapes` (types only) or `interdependence.steps` (the exercise models).
ALLOWED: set[str] = set()
NOT_ON_THE_WAY = ("interdependence.shapes", "interdependence.steps")


def _new_modules(tmp_path) -> list[str]:
    env = dict(os.environ, INTERDEPENDENCE_HOME=str(tmp_path / "home"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-c", WELCOME], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_welcome_notebook_imports_only_the_kit_beyond_ipywidgets(tmp_path):
    _new_modules(tmp_path)  # the first start fills the parse cache
    extra = [m for m in _new_modules(tmp_path)
             if m.split(".")[0] != "interdependence" and m not in ALLOWED]
    assert extra == []
    assert not [m for m in _new_modules(tmp_path) if m in NOT_ON_THE_WAY]


def test_a_first_start_parses_yaml_and_a_second_does_not(tmp_path):
    assert "yaml" in _new_modules(tmp_path)
    again = _new_modules(tmp_path)
    assert "yaml" not in again
    assert not [m for m in again if m.split(".")[0] in ("pandas", "matplotlib", "asyncio")]


SHARE = """
import json, sys
import ipywidgets
from interdependence import open_step
step = open_step("03-start-small")
before = set(sys.modules)
step.share()
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_the_share_panel_opens_no_store_until_a_button_is_pressed(tmp_path):
    """Run All (issue 14, item 2): the share panel's preview needs the submission only; the
    stores (the hub service's HTTP client, the folder's hashing) wait for Share or Save."""
    env = dict(os.environ, INTERDEPENDENCE_HOME=str(tmp_path / "home"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("INTERDEPENDENCE_COHORT", None)
    out = subprocess.run([sys.executable, "-c", SHARE], capture_output=True, text=True,
                         env=env, check=True)
    new = json.loads(out.stdout.strip().splitlines()[-1])
    assert "interdependence.views.share" in new
    heavy = [m for m in new if m.split(".")[0] in ("http", "email", "urllib", "hashlib", "hmac")
             or m.startswith(("interdependence.cohort.stores.f", "interdependence.cohort.stores.h",
                              "interdependence.cohort.loader"))]
    assert heavy == []
