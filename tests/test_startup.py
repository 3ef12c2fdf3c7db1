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


WHOLE = """
import json, sys
from interdependence import open_step
step = open_step("00-welcome")
parts = [getattr(step, name)() for name in NAMES]
panel = parts[NAMES.index("share")]
print(json.dumps({"modules": sorted(sys.modules), "where": panel.where.value,
                  "consent": panel.consent.value, "exact": panel.exact.value,
                  "share": panel.share_button.disabled, "save": panel.save_button.disabled}))
"""
WHOLE_PARTS = ("header", "your_data", "cohort_code", "cohort_location", "ratings",
               "reflections", "share", "progress", "next_step")
LATER = ("interdependence.cohort.submission", "interdependence.steps",
         "interdependence.cohort.settings", "interdependence.cohort.stores.base",
         "interdependence.privacy")  # the gate: its numbers come from limits.py


def _whole_notebook(tmp_path) -> dict:
    env = dict(os.environ, INTERDEPENDENCE_HOME=str(tmp_path / "home"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("INTERDEPENDENCE_COHORT", None)
    code = WHOLE.replace("NAMES", repr(WHOLE_PARTS))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_a_first_run_of_the_welcome_notebook_draws_sharing_without_its_rules(tmp_path):
    """Cold start of the whole welcome notebook (issue 14, item 4): with no group code and no
    folder yet, the group-folder box and the share panel are drawn, saying so, without the
    submission rules, the step registry, the cohort settings, the stores' rules or the
    privacy gate."""
    got = _whole_notebook(tmp_path)
    assert [m for m in LATER if m in got["modules"]] == []
    assert "no shared group folder is set up here" in got["where"]
    assert "<i>none yet</i>" in got["where"]
    assert "by default after 90 days" in got["consent"]
    assert "There is no file yet" in got["exact"]
    assert got["share"]  # nothing to send without a group code
    assert got["save"]


def test_with_a_group_code_the_welcome_share_panel_shows_the_exact_file(tmp_path):
    """The same notebook once a code is typed: the rules are loaded and the file shown."""
    from interdependence.journal import open_journal

    journal = open_journal(tmp_path / "home" / "journal.json")
    journal.set_setting("cohort_code", "SPRING-26")
    got = _whole_notebook(tmp_path)
    assert "interdependence.cohort.submission" in got["modules"]
    assert "SPRING-26" in got["where"]
    assert "SPRING-26" in got["exact"]
    assert "00-welcome" in got["exact"]


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


CHART = """
import json, sys
from interdependence import open_step
step = open_step("04-build-a-support-network")
step.model.people.add({"name": "Sam", "circle": "inner", "kinds": ["practical"],
                       "direction": "both"})
chart = step.exercise("map")
print(json.dumps({"pyplot": "matplotlib.pyplot" in sys.modules,
                  "drawn": "data:image/png" in chart.picture.value,
                  "errors": chart.errors.value}))
"""


def test_a_chart_cell_never_imports_pyplot(tmp_path):
    """Run All (issue 14, item 2): a kernel's first chart imports matplotlib's Figure and
    Agg canvas only (the map measures its labels through that canvas), not pyplot."""
    env = dict(os.environ, INTERDEPENDENCE_HOME=str(tmp_path / "home"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("MPLBACKEND", None)
    out = subprocess.run([sys.executable, "-c", CHART], capture_output=True, text=True,
                         env=env, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "pyplot": False, "drawn": True, "errors": ""}


def test_a_kit_figure_is_kept_by_no_figure_manager():
    """Nothing to close: pyplot's list of open figures does not grow as charts are drawn."""
    import matplotlib.pyplot as plt

    from interdependence.charts.render import figure_png
    from interdependence.charts.style import new_figure

    before = plt.get_fignums()
    fig, ax = new_figure(4, 3)
    assert plt.get_fignums() == before
    ax.set_title("A title to measure")
    assert fig.canvas.get_renderer() is not None
    assert figure_png(fig).startswith(b"\x89PNG")
    assert plt.get_fignums() == before
