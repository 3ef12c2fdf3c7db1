# Two commands do all the set-up: `make lab` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8888
LAB_ARGS ?=
BIN := $(VENV)/bin
# One environment for everything: the kit, the Voila app, the tests and the hub store.
EXTRAS := test,app,hub
# Jupyter refuses to start as root unless told; containers and this kind of VM often are root.
AS_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test lint bench app dashboard-app report wheel clean-venv

# (Re)create the environment when it is missing or older than pyproject.toml.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# setuptools as pyproject.toml's build-system asks, so `make wheel` and tests/test_wheel.py
	@# build offline (--no-build-isolation).
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77,<81'
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	@# No "news" or update pop-ups for participants: JupyterLab reads overrides from here.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp src/interdependence/resources/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@

lab: $(VENV)/.installed
	$(BIN)/jupyter lab --port=$(PORT) --ServerApp.root_dir=. $(AS_ROOT) $(LAB_ARGS) notebooks/00-welcome.ipynb

# The notebooks as Voila apps, no code in sight; landing page at / (src/interdependence/app.py).
app: $(VENV)/.installed
	$(BIN)/python -m interdependence.app --port=$(PORT) $(APP_ARGS)

# The facilitator's cohort dashboard as an app, on one cohort: make dashboard-app COHORT=FOLDER
# (the sample cohort without COHORT). Participants' `make app` has no dashboard.
dashboard-app: $(VENV)/.installed
	$(BIN)/interdependence facilitator-app $(if $(COHORT),--cohort='$(COHORT)') --port=$(PORT) $(APP_ARGS)

# ruff and mypy first: a lint or type error fails in seconds, not after the whole suite.
test: lint
	$(BIN)/python -m pytest tests notebooks facilitator_guide/cohort-dashboard.ipynb --nbval-lax --nbval-current-env $(PYTEST_ARGS)

# ruff (style, complexity, pytest rules), mypy over src/ (pyproject.toml [tool.mypy]) and
# codespell (pyproject.toml [tool.codespell]).
lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks conftest.py
	$(BIN)/mypy
	$(BIN)/codespell

report: $(VENV)/.installed
	$(BIN)/interdependence report data/sample-cohort --out build/sample-report.html

# dist/interdependence-VERSION-py3-none-any.whl, with the notebooks and the item bank inside
# (setup.py); `pip install` it anywhere. build/lib is cleared so no deleted module lingers.
wheel: $(VENV)/.installed
	rm -rf build/lib build/bdist.*
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py

clean-venv:
	rm -rf $(VENV)
