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

.PHONY: lab test lint bench app dashboard-app report wheel clean-venv axe

# (Re)create the environment when it is missing or older than pyproject.toml or the files
# it copies from src/interdependence/resources.
$(VENV)/.installed: pyproject.toml $(wildcard src/interdependence/resources/*.json) \
		$(wildcard src/interdependence/resources/labextension/*/*.json src/interdependence/resources/labextension/*/static/*)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@# setuptools as pyproject.toml's build-system asks, so `make wheel` and tests/test_wheel.py
	@# build offline (--no-build-isolation).
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77,<81'
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	@# No "news" or update pop-ups for participants: JupyterLab reads overrides from here.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp src/interdependence/resources/lab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@# A cell run before the notebook's first one says so kindly instead of a NameError
	@# (src/interdependence/views/first_cell.py): every kernel reads IPython config from here.
	@mkdir -p $(VENV)/etc/ipython
	@cp src/interdependence/resources/ipython_kernel_config.json $(VENV)/etc/ipython/ipython_kernel_config.json
	@# Closing a notebook saves it instead of asking "Save your work? Discard"; a prebuilt
	@# JupyterLab extension, no Node needed (resources/labextension/interdependence-lab).
	@mkdir -p $(VENV)/share/jupyter/labextensions
	@rm -rf $(VENV)/share/jupyter/labextensions/interdependence-lab
	@cp -R src/interdependence/resources/labextension/interdependence-lab $(VENV)/share/jupyter/labextensions/
	@touch $@

# The URL printed (and opened) is the welcome notebook's, not the Launcher's.
WELCOME_URL := /lab/tree/notebooks/00-welcome.ipynb

# Kernels talk to the server encrypted (CurveZMQ): their ports on 127.0.0.1 are open to
# every user of the computer (src/interdependence/app.py, KERNEL_ENCRYPTION).
PRIVATE_KERNELS := --KernelManager.transport_encryption=required
# A notebook reopened after its kernel has gone comes without "Error displaying widget: model
# not found" placeholders (src/interdependence/lab_contents.py).
KIT_CONTENTS := --ServerApp.contents_manager_class=interdependence.lab_contents.KitContentsManager
lab: $(VENV)/.installed
	$(BIN)/jupyter lab --port=$(PORT) --ServerApp.root_dir=. --LabApp.default_url=$(WELCOME_URL) $(PRIVATE_KERNELS) $(KIT_CONTENTS) $(AS_ROOT) $(LAB_ARGS)

# The notebooks as Voila apps, no code in sight; landing page at / (src/interdependence/app.py).
app: $(VENV)/.installed
	$(BIN)/python -m interdependence.app --port=$(PORT) $(APP_ARGS)

# axe-core, the accessibility checker the browser tests run in each page, from npm into
# build/axe (ignored by git, never shipped: axe-core is MPL-2.0). Without npm the axe checks
# skip and say so (under CI=true a skip fails).
AXE := build/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE):
	@if command -v npm >/dev/null; then \
	  npm install --no-save --no-audit --no-fund --silent --prefix build/axe 'axe-core@4'; \
	else echo "npm not found: install Node.js and npm for the axe-core checks (they skip)."; fi

# The facilitator's cohort dashboard as an app, on one cohort: make dashboard-app COHORT=FOLDER
# (the sample cohort without COHORT). Participants' `make app` has no dashboard.
dashboard-app: $(VENV)/.installed
	$(BIN)/interdependence facilitator-app $(if $(COHORT),--cohort='$(COHORT)') --port=$(PORT) $(APP_ARGS)

# ruff and mypy first: a lint or type error fails in seconds, not after the whole suite.
test: lint $(AXE)
	$(BIN)/python -m pytest tests notebooks facilitator_guide/cohort-dashboard.ipynb --nbval-lax --nbval-current-env $(PYTEST_ARGS)

# ruff (style, complexity, pytest rules), mypy over src/ (pyproject.toml [tool.mypy]) and
# codespell (pyproject.toml [tool.codespell]).
lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks conftest.py
	$(BIN)/mypy
	$(BIN)/codespell

# Shared reflections are left out of a report unless asked for:
# make report REPORT_ARGS=--with-reflections (only for a report that stays with the group).
report: $(VENV)/.installed
	$(BIN)/interdependence report data/sample-cohort --out build/sample-report.html $(REPORT_ARGS)

# dist/interdependence-VERSION-py3-none-any.whl, with the notebooks and the item bank inside
# (setup.py); `pip install` it anywhere. build/lib is cleared so no deleted module lingers.
wheel: $(VENV)/.installed
	rm -rf build/lib build/bdist.*
	$(BIN)/python -m pip wheel --quiet --no-deps --no-build-isolation -w dist .

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py

clean-venv:
	rm -rf $(VENV)
