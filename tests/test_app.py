"""The `make app` landing page and server set-up, without a browser (tests/browser/test_voila.py
drives it live): which notebooks each app renders, kernel culling, the facilitator's app."""

import os
import re

import pytest
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from interdependence import app as app_module
from interdependence import curriculum, paths
from interdependence.app import (
    CULL_IDLE_SECONDS,
    CULL_INTERVAL_SECONDS,
    KERNEL_MB,
    App,
    DashboardRedirectHandler,
    FacilitatorApp,
    LandingHandler,
    NotFoundHandler,
    RenderHandler,
    available_memory_mb,
    curriculum_notebook,
    dashboard_notebook,
    landing_html,
    pages_to_pool,
)


def test_landing_page_lists_the_steps_in_order_with_links_and_minutes(tmp_path):
    steps = curriculum.default().steps
    (tmp_path / "notebooks").mkdir()
    for step in steps:
        (tmp_path / "notebooks" / step.notebook).write_text("{}")
    page = landing_html(curriculum.default(), "/base/", tmp_path)
    links = re.findall(r'<a href="/base/voila/render/notebooks/([^"]+)">([^<]+)</a>', page)
    assert links == [(s.notebook, s.title) for s in steps]
    assert [int(m) for m in re.findall(r"about (\d+) minutes", page)] == [s.minutes for s in steps]
    assert "cohort dashboard" not in page  # no dashboard in this folder, so no link to it


def test_a_missing_notebook_is_named_but_not_linked(tmp_path):
    (tmp_path / "notebooks").mkdir()
    page = landing_html(curriculum.default(), "/", tmp_path)
    assert "<a " not in page.split("<ol")[1].split("</ol>")[0]
    assert page.count("not in this copy of the kit") == len(curriculum.default().steps)


def test_the_landing_page_offers_no_dashboard_even_where_the_dashboard_is(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "facilitator_guide").mkdir()
    (tmp_path / "facilitator_guide" / "cohort-dashboard.ipynb").write_text("{}")
    page = landing_html(curriculum.default(), "/", tmp_path)
    assert "dashboard" not in page.lower()
    assert "facilitator_guide" not in page


def test_a_hub_landing_page_links_the_workshop_folder_and_says_its_footer(tmp_path):
    steps = curriculum.default().steps
    (tmp_path / "workshop").mkdir()
    for step in steps:
        (tmp_path / "workshop" / step.notebook).write_text("{}")
    page = landing_html(curriculum.default(), "/user/sam/", tmp_path, "workshop",
                        '<p>Open them in <a href="/user/sam/lab">JupyterLab</a>.</p>')
    links = re.findall(r'<a href="/user/sam/voila/render/workshop/([^"]+)">', page)
    assert links == [s.notebook for s in steps]
    assert 'href="/user/sam/lab"' in page


@pytest.mark.parametrize(("path", "served"), [
    ("notebooks/00-welcome.ipynb", True),
    ("notebooks/any-new-part.ipynb", True),
    ("facilitator_guide/cohort-dashboard.ipynb", False),
    ("notebooks/../facilitator_guide/cohort-dashboard.ipynb", False),
    ("notebooks/sub/00-welcome.ipynb", False),
    ("notebooks/.hidden.ipynb", False),
    ("notebooks/00-welcome.py", False),
    ("notebooks", False),
    ("/notebooks/00-welcome.ipynb", False),
    ("notebooks\\..\\x.ipynb", False),
    ("", False),
])
def test_participants_app_renders_only_the_notebooks_in_notebooks(path, served):
    assert curriculum_notebook(path) is served


def test_the_facilitator_app_renders_only_the_dashboard():
    assert dashboard_notebook("facilitator_guide/cohort-dashboard.ipynb")
    assert not dashboard_notebook("notebooks/00-welcome.ipynb")
    assert not dashboard_notebook("facilitator_guide/../facilitator_guide/cohort-dashboard.ipynb")


def configured(app_class, *argv):
    """An app set up as `launch_instance` does it, short of listening on a port."""
    application = app_class()
    application.initialize(["--no-browser", "--port=0", *argv])
    application.init_settings()
    return application


def test_idle_kernels_of_closed_pages_are_culled_by_default():
    app = configured(App)
    kernels = app.kernel_manager
    assert kernels.cull_idle_timeout == CULL_IDLE_SECONDS == 600
    assert kernels.cull_interval == CULL_INTERVAL_SECONDS
    assert kernels.cull_connected is False  # an open page keeps its kernel


def test_culling_can_be_changed_on_the_command_line():
    app = configured(App, "--MappingKernelManager.cull_idle_timeout=0",
                     "--MappingKernelManager.cull_interval=7")
    assert app.kernel_manager.cull_idle_timeout == 0
    assert app.kernel_manager.cull_interval == 7


def test_the_apps_kernels_are_encrypted_unless_the_command_line_says_otherwise():
    app = configured(App)
    assert app.config.KernelManager.transport_encryption == "required"
    kernel = app.kernel_manager.kernel_manager_factory(parent=app.kernel_manager)
    assert kernel.transport_encryption == "required"
    app = configured(App, "--KernelManager.transport_encryption=disabled")
    assert app.config.KernelManager.transport_encryption == "disabled"


def test_voilas_file_listing_and_contents_api_are_replaced():
    handlers = {spec[0]: spec[1] for spec in configured(App).init_handlers()}
    assert handlers["/?"] is LandingHandler
    assert handlers["/voila/render/(.*)"] is RenderHandler
    listing = [pattern for pattern in handlers if "/voila/tree" in pattern
               or "/voila/api/contents" in pattern]
    assert len(listing) == 2
    assert all(handlers[pattern] is NotFoundHandler for pattern in listing)
    assert TornadoVoilaTreeHandler not in handlers.values()
    assert VoilaContentsHandler not in handlers.values()


def test_the_facilitator_app_fixes_its_kernels_cohort(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.COHORT_ENV, "/somewhere/else")
    monkeypatch.setenv(paths.COHORT_FIXED_ENV, "0")
    app = configured(FacilitatorApp, f"--cohort={tmp_path}")
    assert os.environ[paths.COHORT_ENV] == str(tmp_path.resolve())
    assert os.environ[paths.COHORT_FIXED_ENV] == "1"
    assert app.init_settings()["interdependence_serves"] is dashboard_notebook
    handlers = {spec[0]: spec[1] for spec in app.init_handlers()}
    assert handlers["/?"] is DashboardRedirectHandler


def test_the_facilitator_app_refuses_a_folder_that_is_not_there(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.COHORT_FIXED_ENV, "0")
    with pytest.raises(SystemExit):
        configured(FacilitatorApp, f"--cohort={tmp_path / 'missing'}")
    assert os.environ[paths.COHORT_FIXED_ENV] == "0"


def test_a_hubs_app_view_leaves_out_run_cell_text_and_the_lab_only_extension():
    """On a hub, Voila runs as a server extension and reads its settings from the server's
    config: the kit's extension, loaded first, puts the app's settings there, keeping any
    denylist a deployer gave."""
    from tornado.web import Application
    from traitlets.config import Config, LoggingConfigurable
    from voila.configuration import VoilaConfiguration

    from interdependence.app import LAB_EXTENSION, LAB_ONLY, _load_jupyter_server_extension

    class Server(LoggingConfigurable):  # what the extension uses of a ServerApp
        web_app = Application(base_url="/user/alice/")

    config = Config()
    config.VoilaConfiguration.extension_denylist = ["someone-elses"]
    server = Server(config=config)
    _load_jupyter_server_extension(server)
    assert server.config.TagRemovePreprocessor.remove_cell_tags == {LAB_ONLY}
    voila = VoilaConfiguration(parent=server)  # as Voila's server extension makes it
    assert voila.extension_denylist == ["someone-elses", LAB_EXTENSION]
    assert sorted(["interdependence.app", "voila.server_extension"])[0] == "interdependence.app"


def test_each_served_page_gets_kernels_started_ahead_and_no_other_notebook(monkeypatch):
    # the facilitator's app sets these for its kernels: put back after the test
    monkeypatch.setenv(paths.COHORT_ENV, "")
    monkeypatch.setenv(paths.COHORT_FIXED_ENV, "0")
    app = configured(App)
    assert app.voila_configuration.preheat_kernel
    assert app.pool_size == 1
    steps = curriculum.default().steps
    assert app.pooled_notebooks() == [f"notebooks/{step.notebook}" for step in steps]
    assert app.kernel_manager.get_pool_size("notebooks/00-welcome.ipynb") == 0  # not yet:
    # the pools fill once the server listens (fill_pools), never as the manager is made
    facilitator = configured(FacilitatorApp, f"--cohort={paths.sample_cohort()}")
    assert facilitator.pooled_notebooks() == ["facilitator_guide/cohort-dashboard.ipynb"]


def test_pool_size_zero_starts_every_kernel_when_its_page_is_opened():
    app = configured(App, "--pool-size=0")
    assert app.pool_size == 0
    assert not app.voila_configuration.preheat_kernel
    assert app.kernel_manager.get_pool_size("notebooks/00-welcome.ipynb") == 0


def test_by_default_only_the_pages_whose_kernels_fit_in_a_quarter_of_free_memory_are_pooled(
        monkeypatch):
    pages = [f"notebooks/{step.notebook}" for step in curriculum.default().steps]
    assert pages_to_pool(pages, 1, None) == pages  # cannot tell: every page
    assert pages_to_pool(pages, 1, 16_000) == pages
    assert pages_to_pool(pages, 1, 4 * 3 * KERNEL_MB + 1) == pages[:3]  # the first three
    assert pages_to_pool(pages, 2, 4 * 3 * KERNEL_MB + 1) == pages[:1]
    assert pages_to_pool(pages, 1, 100) == []
    assert pages_to_pool(pages, 0, 16_000) == []

    monkeypatch.setattr(app_module, "available_memory_mb", lambda: 4 * 3 * KERNEL_MB + 1)
    app = configured(App)
    said = []
    monkeypatch.setattr(app.log, "warning", lambda text, *args: said.append(text % args))
    assert not app.pool_size_given()
    assert app.pages_pooled() == pages[:3]
    assert said == [f"Only {4 * 3 * KERNEL_MB + 1} MB of memory available: kernels kept ready "
                    f"for 3 of 9 pages (about {KERNEL_MB} MB each, a quarter of it at most); "
                    "the others start their kernel when opened. --pool-size=N keeps N for "
                    "every page; 0 for none."]
    # --pool-size given: as asked, whatever the memory
    given = configured(App, "--pool-size=1")
    assert given.pool_size_given()
    assert given.pages_pooled() == pages


def test_the_memory_available_is_read_from_the_system():
    available = available_memory_mb()
    assert available is not None
    assert 0 < available < os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**20


def _notebook(outputs):
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("step = 1")
    cell.outputs = outputs
    cell.metadata["trusted"] = True  # what a file says of itself is never believed
    nb.cells = [nbformat.v4.new_markdown_cell("# A page"), cell]
    return nb


def test_a_notebook_with_no_outputs_is_served_without_an_untrusted_warning(tmp_path, caplog):
    """`make app` logged "Notebook ... is not trusted" for every page and every kernel kept
    ready: the kit's notebooks hold no outputs, so there is nothing to trust."""
    import logging

    import nbformat

    from interdependence.app import AppContentsManager

    manager = AppContentsManager(root_dir=str(tmp_path))
    manager.log = logging.getLogger("test-app-contents")
    nbformat.write(_notebook([]), tmp_path / "kit.ipynb")
    with caplog.at_level(logging.WARNING, logger="test-app-contents"):
        model = manager.get("kit.ipynb")
    assert "not trusted" not in caplog.text
    assert model["content"].cells[1].metadata["trusted"] is True


def test_a_notebook_with_saved_html_is_still_checked_and_untrusted(tmp_path, caplog):
    """Trust decides whether saved outputs show as they are: a notebook that holds some, and
    was not signed here, stays untrusted with the warning, whatever its cells claim."""
    import logging

    import nbformat

    from interdependence.app import AppContentsManager

    manager = AppContentsManager(root_dir=str(tmp_path))
    manager.log = logging.getLogger("test-app-contents")
    html_output = nbformat.v4.new_output("display_data",
                                         data={"text/html": "<script>alert(1)</script>"})
    nbformat.write(_notebook([html_output]), tmp_path / "other.ipynb")
    with caplog.at_level(logging.WARNING, logger="test-app-contents"):
        model = manager.get("other.ipynb")
    assert "Notebook other.ipynb is not trusted" in caplog.text
    assert model["content"].cells[1].metadata["trusted"] is False


def test_every_notebook_the_apps_serve_holds_no_outputs():
    """The rule above applies to the kit's pages: none holds a saved output."""
    import nbformat

    from interdependence.app import holds_outputs

    root = paths.kit_root()
    pages = sorted((root / "notebooks").glob("*.ipynb"))
    pages.append(root / "facilitator_guide" / "cohort-dashboard.ipynb")
    assert len(pages) >= 10
    assert not [p.name for p in pages if holds_outputs(nbformat.read(p, as_version=4))]


CTRL_C_MID_WORK = """
import os, signal, sys, time
from tornado.ioloop import IOLoop
from interdependence.app import App

def busy():  # some synchronous work of the server's, as a pool's kernel being made is
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the middle of it
    end = time.monotonic() + 0.3
    while time.monotonic() < end:
        pass
    print("work finished", flush=True)

app = App()
app.initialize(["--no-browser", "--port=0", "--pool-size=0"])
IOLoop.current().add_callback(busy)
app.start()
print("stopped", flush=True)
"""


def test_ctrl_c_stops_the_app_between_two_pieces_of_work_not_in_the_middle_of_one(tmp_path):
    """CI caught Ctrl-C landing while a pool's kernel was being made: Python's own
    KeyboardInterrupt broke that work in half, and Voila, shutting down, met it again and
    logged a traceback. Ctrl-C now lets the work finish, then stops the app calmly."""
    import subprocess
    import sys

    env = {**os.environ, "INTERDEPENDENCE_HOME": str(tmp_path / "home"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    done = subprocess.run([sys.executable, "-c", CTRL_C_MID_WORK], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.splitlines() == ["work finished", "stopped"], done.stderr[-3000:]
    assert "Stopping..." in done.stderr
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
