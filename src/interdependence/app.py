"""``make app``: the curriculum as Voila apps, for participants who should see no code.

One Voila server over the kit's folder (``paths.kit_root()``: the checkout, or the copy
inside the installed package). Its front page (``/``) is a landing page made
here from the curriculum: the notebooks in order, each with its part, title and minutes,
each a link to the notebook rendered by Voila (widgets and charts, no code cells). The
kernels inherit INTERDEPENDENCE_HOME, so the answers go to the same private journal as in
JupyterLab.

Why a Voila subclass and not a landing notebook: notebooks/ holds exactly the curriculum
notebooks, and Voila's own front page is a file listing. Replacing that one handler keeps
Voila otherwise as it ships (``voila --help`` options all work) and needs no kernel to
show the list.

Participants' pages render the curriculum notebooks only (``notebooks/*.ipynb``): any other
notebook under the folder, the facilitator's dashboard included, is "not found", and Voila's
file listing is replaced by the landing page. The facilitator's dashboard is a separate app,
:class:`FacilitatorApp` (``interdependence facilitator-app --cohort FOLDER``), which renders
the dashboard only and gives its kernels one cohort, fixed (INTERDEPENDENCE_COHORT_FIXED).

Kernels whose page was closed without saying so (a browser killed, a laptop lid shut) are
shut down after :data:`CULL_IDLE_SECONDS` without activity; a page that is open keeps its
kernel however long it is left alone.

On a JupyterHub the same landing page is served by each person's own server, as a Jupyter
server extension (``_load_jupyter_server_extension`` below) at ``/user/NAME/interdependence/``,
with the parts rendered by Voila's own server extension (facilitator_guide/deployment).

Pages open without waiting for a kernel to start (pre-heating): for each page it serves,
the app keeps ``--pool-size`` kernels (default :data:`POOL_SIZE`) started ahead (Voila's
pre-heated kernels), each having imported what its page needs and drawn one small chart.
``open_step`` (and the dashboard) then waits until the page is opened before reading the
journal (``views/mode.wait_for_page``), so a page shows the answers as they are when it
opens, answers given in JupyterLab a second before included. The pools fill one page after
another, in the curriculum's order, once the server listens; a used kernel is replaced a
second later; waiting kernels are never culled (a used one is, like any other).

The cost is memory: about :data:`KERNEL_MB` MB per waiting kernel, so about 1.3 GB for the
nine parts (one for the dashboard in the facilitator's app). By default the app keeps
kernels ready only for as many pages, in order, as fit in :data:`MEMORY_SHARE` of the
memory available when it starts, and says so in its log when that is fewer than all;
``--pool-size=N`` keeps N for every page whatever the memory, and ``--pool-size=0`` none
(each page starts its kernel when opened, as plain Voila does). The hub's app view (the
server extension below) has no pools: its pages start their kernel when opened.

Run: ``python -m interdependence.app [--port=8866] [--no-browser] [other Voila options]``.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import signal
import sys
import tempfile
import webbrowser
from collections.abc import Callable
from pathlib import Path

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupyter_server.utils import url_escape, url_path_join
from tornado import web
from tornado.ioloop import IOLoop
from traitlets import Int, Unicode
from traitlets.config import Configurable
from voila.app import Voila
from voila.request_info_handler import RequestInfoSocketHandler
from voila.tornado.contentshandler import VoilaContentsHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.treehandler import TornadoVoilaTreeHandler

from . import curriculum as _curriculum
from . import paths
from .palette import css_variables

NOTEBOOKS = paths.NOTEBOOKS
LAB_EXTENSION = "interdependence-lab"  # resources/labextension/: JupyterLab only
DASHBOARD = paths.DASHBOARD_NOTEBOOK
#: The tag of the notebooks' Markdown cells that the app leaves out (how to run cells).
LAB_ONLY = "lab-only"

#: A kernel with no page connected and no activity for this long is shut down (a page left
#: open keeps its kernel: MappingKernelManager.cull_connected stays False). Override with
#: --MappingKernelManager.cull_idle_timeout=SECONDS (0 never culls).
CULL_IDLE_SECONDS = 600
#: Kernels talk to the server over CurveZMQ (--KernelManager.transport_encryption=): on a
#: computer several people use (a JupyterHub with local users), a kernel's ports on
#: 127.0.0.1 are open to all of them, and without encryption anyone could listen to what a
#: page shows and sends, a participant's answers included. ``make lab`` and the hub's
#: servers set the same (Makefile, facilitator_guide/deployment/jupyterhub_config.py).
KERNEL_ENCRYPTION = "required"
#: How often the server looks for such kernels (--MappingKernelManager.cull_interval=).
CULL_INTERVAL_SECONDS = 60
#: Kernels kept started, each with its notebook run up to the page's request, per page the
#: app serves (``--pool-size=N``; 0: none, every page starts its kernel when opened).
POOL_SIZE = 1
#: What one waiting kernel costs in memory, in MB: its resident memory (141 MB as
#: benchmarks/app_pages.py last measured it, 111 MB of it its own; 1,272 MB for nine),
#: rounded up. Resident, as a person reading `top` would see it. The guide's setup.md and
#: the README say the same figures.
KERNEL_MB = 150
#: The share of the memory available as the app starts that waiting kernels may take, by
#: default: the browser, JupyterLab and each opened page's own kernel need the rest.
MEMORY_SHARE = 0.25
#: Seconds to wait for one page's kernel to be ready before starting the next page's.
READY_SECONDS = 120.0


def available_memory_mb() -> float | None:
    """The memory the system could give programs now (MB), or None if it cannot say."""
    try:
        import psutil  # type: ignore[import-untyped]  # installed with ipykernel

        return psutil.virtual_memory().available / 2**20
    except Exception:  # noqa: BLE001 - not installed, or a system it cannot read
        pass
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def pages_to_pool(pages: list[str], pool_size: int, available_mb: float | None,
                  ) -> list[str]:
    """The first of ``pages`` (in the curriculum's order, as people go through them) whose
    waiting kernels fit in :data:`MEMORY_SHARE` of ``available_mb``."""
    if available_mb is None or pool_size <= 0:
        return pages if pool_size > 0 else []
    kernels = int(available_mb * MEMORY_SHARE // KERNEL_MB)
    return pages[:kernels // pool_size]


def curriculum_notebook(path: str, folder: str = NOTEBOOKS) -> bool:
    """Whether ``path`` (as in the URL, relative to the served folder) names a notebook
    directly inside ``folder``: ``notebooks/00-welcome.ipynb`` yes; the dashboard, a notebook
    in a sub-folder, a hidden one or anything with ``..`` in it, no."""
    parts = path.split("/")
    return (len(parts) == 2 and parts[0] == folder and parts[1].endswith(".ipynb")
            and not parts[1].startswith(".") and "\\" not in path)


def dashboard_notebook(path: str) -> bool:
    """Whether ``path`` is the facilitator's dashboard notebook, exactly."""
    return path == DASHBOARD


def app_view_config(config) -> None:
    """What every app page needs from Voila, here and on a hub's single-user server.

    No instruction to run cells: the notebooks' Markdown cells that only say how to run cells
    are tagged LAB_ONLY, and nbconvert's TagRemovePreprocessor (which Voila's exporter runs
    before executing the notebook) leaves them out of the page. The kit's JupyterLab
    extension (no "Discard" on close) is for Lab only: under Voila it would not load (Voila
    shares no @jupyterlab/docmanager) and would log an error.
    """
    config.TagRemovePreprocessor.remove_cell_tags = {LAB_ONLY}
    denied = config.VoilaConfiguration.get("extension_denylist") or []
    config.VoilaConfiguration.extension_denylist = [*denied, LAB_EXTENSION]


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


PAGE_STYLE = css_variables() + """
body {font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  font-size: 18px; line-height: 1.5; color: var(--interdep-ink);
  background: var(--interdep-white); margin: 0;}
main, footer {max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem;}
h1 {font-size: 2rem; margin: 0.5rem 0 0.25rem 0;}
.lead {font-size: 1.1rem;}
ol.steps {list-style: none; padding: 0; margin: 1.5rem 0;}
ol.steps li {border-left: 4px solid var(--interdep-accent); padding: 0.6rem 1rem;
  margin: 0 0 0.8rem 0; background: var(--interdep-tint);}
ol.steps a {font-size: 1.2rem; font-weight: 600; color: var(--interdep-link);
  display: inline-block;}
ol.steps a:focus, footer a:focus {outline: 3px solid var(--interdep-focus); outline-offset: 2px;}
.part, .minutes, .muted {color: var(--interdep-muted); font-size: 0.95rem;}
.part {display: block;}
footer {border-top: 1px solid var(--interdep-rule); color: var(--interdep-muted);
  font-size: 0.95rem;}
/* Tap targets: a part's link is a line of its own, at least 24 px tall (WCAG 2.5.8; an
   inline link is only as tall as its letters, 23 px); on a phone the link takes the whole
   width of its part and 44 px of height, still a link and not a button. */
@media (max-width: 640px) {
  ol.steps a {display: block; min-height: 44px; padding: 0.3rem 0; box-sizing: border-box;}
  ol.steps .dot {display: none;}  /* the minutes are on a line of their own */
  footer a {display: inline-block; min-height: 24px;}
}
"""


#: The notebook pages' frame (resources/voila/index.html.j2 puts it in each page): on a wide
#: screen a centred card, as Voila's ``show_margins`` draws it; on a phone the whole width,
#: since ``show_margins``' fixed 12ex margins left a 190 px column on a 390 px screen.
APP_PAGE_STYLE = css_variables() + """
body[data-voila] {background: var(--jp-layout-color1); overflow-x: hidden;}
#rendered_cells {padding: 0 10px;}
main.interdep-page {display: block; box-sizing: border-box; max-width: 1200px;
  margin: 16px auto; padding: 5ex 10ex 8ex 10ex; background: var(--jp-layout-color0);
  border-radius: var(--jp-border-radius); box-shadow: var(--jp-elevation-z4);}
main.interdep-page .jp-Cell {padding-left: 0; padding-right: 0;}
/* a link is told from its sentence by more than colour */
main.interdep-page a:any-link {text-decoration: underline;}
@media (max-width: 900px) {
  main.interdep-page {padding: 3ex 4ex 6ex 4ex;}
}
@media (max-width: 640px) {
  #rendered_cells {padding: 0;}
  main.interdep-page {margin: 0; padding: 12px 12px 32px 12px; border-radius: 0;
    box-shadow: none;}
}
"""

#: The kit's own Voila template: "lab" with the page in a <main> landmark (see its file).
VOILA_TEMPLATE = Path(__file__).parent / "resources" / "voila"


def landing_html(curriculum: _curriculum.Curriculum, base_url: str = "/",
                 root: Path | None = None, folder: str = NOTEBOOKS,
                 footer: str = "") -> str:
    """The front page: every notebook in curriculum order, with its title and minutes.

    ``folder``: where the notebooks are, under ``root`` (``workshop`` on a hub); ``footer``:
    extra HTML for the footer (on a hub, the way back to JupyterLab). Participants' pages
    offer no facilitator tools: the dashboard is a separate app.
    """
    root = paths.kit_root() if root is None else root
    items = []
    for step in curriculum.steps:
        path = f"{folder}/{step.notebook}"
        title = esc(step.title)
        if (root / path).is_file():
            href = esc(url_path_join(base_url, "voila/render", url_escape(path)))
            title = f'<a href="{href}">{title}</a>'
        else:
            title += ' <span class="muted">(this notebook is not in this copy of the kit)</span>'
        items.append(
            f'<li><span class="part">{esc(step.label)}</span>{title} '
            f'<span class="minutes"><span class="dot">· </span>about {step.minutes} minutes'
            '</span></li>')
    total = sum(step.minutes for step in curriculum.steps)
    hours, minutes = divmod(total, 60)
    duration = f"{hours} hours" if not minutes else f"{hours} h {minutes} min"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Interdependence: the workshop notebooks</title>
<link rel="icon" href="data:,">
<style>{PAGE_STYLE}</style>
</head>
<body>
<main>
<h1>Interdependence</h1>
<p class="lead">A workshop on needing, asking for and accepting help, in nine short
parts. Open them in order, at your own pace; stopping between them is fine.</p>
<p>Each part opens as a page with questions to answer. There is nothing to install and no
code to run. Every question is optional. Your answers are saved as you go, in your own
private journal, and they are still there when you come back.</p>
<h2 class="muted">The parts, in order (about {duration} in all)</h2>
<ol class="steps">
{chr(10).join(items)}
</ol>
</main>
<footer>
<p>If anything here brings up more than you expected, the welcome part lists free crisis
lines. This workshop is for learning, not therapy.</p>
{footer}
</footer>
</body>
</html>
"""


class LandingHandler(JupyterHandler):
    """``/``: the landing page (instead of Voila's file listing)."""

    @web.authenticated
    def get(self):
        self.xsrf_token  # noqa: B018 - sets the _xsrf cookie (see RenderHandler)
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        root = self.settings.get("interdependence_root")
        self.write(landing_html(_curriculum.default(), self.base_url,
                                Path(root) if root else None))


class DashboardRedirectHandler(JupyterHandler):
    """``/`` of the facilitator's app: straight to the dashboard."""

    @web.authenticated
    def get(self):
        self.redirect(url_path_join(self.base_url, "voila/render", url_escape(DASHBOARD)))


def not_found(handler: JupyterHandler) -> None:
    """Answer 404 with a short page in the landing page's look, and the way back to it."""
    home = esc(url_path_join(handler.base_url, "/"))
    handler.set_status(404)
    handler.set_header("Content-Type", "text/html; charset=UTF-8")
    handler.finish(f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found</title><link rel="icon" href="data:,"><style>{PAGE_STYLE}</style></head>
<body><main><h1>Page not found</h1>
<p>There is no page at this address. <a href="{home}">Go back to the list of parts</a>.</p>
</main></body></html>
""")


class NotFoundHandler(JupyterHandler):
    """Voila's file listing and its contents API: not offered (the landing page lists what
    this app serves; a listing would show every folder under the kit, and the files in it)."""

    @web.authenticated
    def get(self, *_args, **_kwargs):
        not_found(self)


class RenderHandler(TornadoVoilaHandler):
    """Voila's notebook page, for the notebooks this app serves only, plus the ``_xsrf``
    cookie its unload beacon needs.

    Which notebooks: ``settings["interdependence_serves"]`` (:func:`curriculum_notebook` for
    participants, :func:`dashboard_notebook` for the facilitator's app); any other path is
    "not found", as if it did not exist, before a kernel is started.

    The cookie: when a page is closed or reloaded, Voila's front end asks the server to shut
    the page's kernel down, sending the ``_xsrf`` cookie's value; Voila 0.5 never sets that
    cookie, so with a token the request is refused (403) and every reload leaves a kernel
    running. Found by the browser tests (tests/browser/test_voila.py).
    """

    @web.authenticated
    async def get(self, path=None):
        serves: Callable[[str], bool] = self.settings.get("interdependence_serves",
                                                          curriculum_notebook)
        if path is None or not serves(path):
            return not_found(self)  # before a kernel is started, as if it did not exist
        self.xsrf_token  # noqa: B018 - the property sets the cookie
        return await super().get(path)


class ReadyKernelHandler(RequestInfoSocketHandler):
    """Voila's socket on which a pre-heated kernel waits for its page's request; it also
    says in the log that the kernel is ready (the browser tests wait for it)."""

    def open(self, kernel_id: str) -> None:
        manager = self.settings.get("kernel_manager")
        notebook = manager._get_notebook_from_kernel(kernel_id) if manager else None
        log = self.settings.get("interdependence_log")
        if log:
            log.info("Pre-heated kernel %s is ready for %s", kernel_id, notebook)
        ready = self.settings.get("interdependence_kernel_ready")
        if ready and notebook:
            ready(notebook)
        super().open(kernel_id)


def holds_outputs(notebook) -> bool:
    """Whether any code cell of ``notebook`` (nbformat v4) holds a saved output."""
    return any(cell.get("outputs") for cell in notebook.get("cells", [])
               if cell.get("cell_type") == "code")


class AppContentsManager(LargeFileManager):
    """Voila's contents manager, without "Notebook ... is not trusted" for a notebook that
    holds no outputs (the kit's own: they are committed without them).

    Trust decides one thing: whether outputs saved in a notebook (HTML, JavaScript) are shown
    as they are. A notebook with none has nothing to trust, and nbformat's notary counts a
    cell with no output as trusted; the app, besides, runs each page afresh and shows only
    what that run draws. So such a notebook is marked trusted without a warning in the log
    (one per page and per kernel kept ready, burying what matters). A notebook that does hold
    outputs goes through the signature check as before, warning included: nothing is trusted
    on the word of the file (a cell's own "trusted" flag counts for nothing here).
    """

    def mark_trusted_cells(self, nb, path=""):
        if holds_outputs(nb):
            return super().mark_trusted_cells(nb, path)
        self.notary.mark_cells(nb, True)
        return None


def pooled_kernels(manager) -> list[str]:
    """The ids of the kernels started ahead and still waiting in a pool (Voila's
    ``VoilaKernelManager._pools``: futures of {"kernel_id": ...}); none without pools."""
    ids = []
    for pool in dict(getattr(manager, "_pools", None) or {}).values():
        for future in tuple(pool):
            if future.done() and not future.cancelled() and future.exception() is None:
                kernel_id = (future.result() or {}).get("kernel_id")
                if kernel_id:
                    ids.append(kernel_id)
    return ids


class App(Voila):
    """Voila over the kit's folder, with the landing page at ``/`` and a token."""

    name = "interdependence-app"
    description = "Serve the Interdependence notebooks as apps with no code visible."
    #: which paths (relative to the kit's folder) this app renders
    serves: Callable[[str], bool] = staticmethod(curriculum_notebook)
    #: what must be in the kit's folder for this app to make sense
    needs = NOTEBOOKS
    front_page: type[JupyterHandler] = LandingHandler
    pool_size = Int(POOL_SIZE, config=True,
                    help="Kernels kept started ahead for each page, so a page opens without "
                         f"waiting for one (about {KERNEL_MB} MB each). Default: 1, for as "
                         "many pages as fit in a quarter of the memory available. 0: none.")
    aliases = {**Voila.aliases, "pool-size": "App.pool_size"}

    def initialize(self, argv=None):
        # The kit's folder (a checkout, or the copy inside the installed package), whatever
        # the current directory; a folder given on the command line still wins. A token is
        # made unless one is given (--Voila.token=): the kernels run as the participant and
        # can read their journal.
        try:
            self.root_dir = str(paths.kit_root())
        except paths.KitFilesMissing as exc:
            self.log.critical("%s", exc)
            self.exit(1)
        self.auto_token = True
        # The page's frame: a centred column on a wide screen, the full width on a phone
        # (APP_PAGE_STYLE, which replaces show_margins). A --VoilaConfiguration.resources
        # given on the command line replaces this, and the page falls back to Voila's own.
        self.config.VoilaConfiguration.resources = {"interdependence_style": APP_PAGE_STYLE}
        app_view_config(self.config)
        # Closed pages' kernels are shut down; the command line can change or undo it.
        kernels = self.config.MappingKernelManager
        kernels.cull_idle_timeout = CULL_IDLE_SECONDS
        kernels.cull_interval = CULL_INTERVAL_SECONDS
        kernels.cull_connected = False
        private_kernels(self.config)
        super().initialize(argv)
        if not (Path(self.root_dir) / self.needs).exists():
            self.log.critical("No %s in %s: give the folder that holds the kit's "
                              "notebooks (--Voila.root_dir=), or reinstall the kit.",
                              self.needs, self.root_dir)
            self.exit(1)
        self.init_pool()

    def init_pool(self) -> None:
        """Pre-heated kernels (Voila's ``preheat_kernel``) for the pages this app serves.

        Voila would fill a pool for every notebook under the folder as the kernel manager is
        made, before the server has its port (which the kernels need to hear of their
        request); here the pools start empty and :meth:`fill_pools` fills them once the
        server listens. Not with progressive rendering or a prelaunch hook (Voila refuses
        either with pre-heated kernels).
        """
        conf = self.voila_configuration
        pooled = (self.pool_size > 0 and not conf.progressive_rendering
                  and not conf.prelaunch_hook and self.notebook_path is None)
        conf.preheat_kernel = pooled
        self._kernel_ready: dict[str, asyncio.Semaphore] = {}
        if self.pool_size <= 0:
            self.log.info("No kernels kept ready (--pool-size=0): each page starts its kernel "
                          "when opened.")
        if pooled:
            # No pool filled as the kernel manager is made (every notebook "denied" there;
            # the list is read nowhere else), and none for a notebook not named below.
            self.config.VoilaKernelManager.preheat_denylist = [".*"]
            self.config.VoilaKernelManager.kernel_pools_config = {"default": {"pool_size": 0}}

    def pooled_notebooks(self) -> list[str]:
        """The pages (paths as in their URLs) that get pre-heated kernels."""
        root = Path(self.root_dir)
        return [path for path in (f"{NOTEBOOKS}/{step.notebook}"
                                  for step in _curriculum.default().steps)
                if (root / path).is_file() and self.serves(path)]

    def pool_size_given(self) -> bool:
        """True if ``--pool-size`` (App.pool_size) was set, not left at its default."""
        return any("pool_size" in self.config.get(name, {})
                   for name in {"App", type(self).__name__})

    def pages_pooled(self) -> list[str]:
        """The pages that get waiting kernels: all :meth:`pooled_notebooks` when
        ``--pool-size`` was given, else as many as fit in the memory available (in the
        curriculum's order), said in the log."""
        pages = self.pooled_notebooks()
        if self.pool_size_given():
            return pages
        available = available_memory_mb()
        chosen = pages_to_pool(pages, self.pool_size, available)
        if len(chosen) < len(pages):
            self.log.warning(
                "Only %.0f MB of memory available: kernels kept ready for %d of %d pages "
                "(about %d MB each, a quarter of it at most); the others start their kernel "
                "when opened. --pool-size=N keeps N for every page; 0 for none.",
                available or 0, len(chosen), len(pages), KERNEL_MB)
        return chosen

    def fill_pools(self) -> None:
        """Start the waiting kernels, now that the server listens on its port: one page
        after another, in the curriculum's order, each once the one before is ready (all
        at once, the first page a person opens would share the computer with nine kernels
        starting)."""
        ip = self.ip if self.ip not in ("", "0.0.0.0", "::", "*", "localhost") else "127.0.0.1"
        pages = self.pages_pooled()
        pools: dict[str, dict[str, object]] = {"default": {"pool_size": 0}}
        for path in pages:
            pools[path] = {"pool_size": self.pool_size,
                           "kernel_env_variables": {"VOILA_APP_IP": ip}}
        self.kernel_manager.kernel_pools_config = pools
        self.log.info("%d kernel(s) (about %d MB each) kept ready for %d page(s): %s",
                      self.pool_size, KERNEL_MB, len(pages), ", ".join(pages) or "none")
        IOLoop.current().add_callback(self.fill_in_order, pages)

    async def fill_in_order(self, pages: list[str]) -> None:
        for path in pages:
            ready = self._kernel_ready[path] = asyncio.Semaphore(0)
            self.kernel_manager.fill_if_needed(delay=0, notebook_name=path)
            for _ in range(self.pool_size):
                try:
                    await asyncio.wait_for(ready.acquire(), READY_SECONDS)
                except TimeoutError:
                    self.log.warning("No kernel ready for %s after %.0f s; starting the "
                                     "next page's.", path, READY_SECONDS)
                    break
            del self._kernel_ready[path]

    def kernel_ready(self, notebook: str) -> None:
        """A waiting kernel for ``notebook`` is ready (ReadyKernelHandler)."""
        ready = self._kernel_ready.get(notebook)
        if ready:
            ready.release()

    def listen(self):
        if self.voila_configuration.preheat_kernel:
            IOLoop.current().add_callback(self.fill_pools)  # runs once the port is bound
        # Voila stops on SIGTERM by stopping the loop; Ctrl-C (SIGINT) is left to Python,
        # which raises KeyboardInterrupt in whatever code runs at that moment: a pool's
        # kernel being made, say, whose half-done task then fails again as it is shut down,
        # a traceback in the log (found by CI). Here Ctrl-C stops the loop the same calm
        # way; a second Ctrl-C interrupts at once, as usual, if stopping hangs.
        self.ioloop = IOLoop.current()
        self.asyncio_loop = self.ioloop.asyncio_loop  # type: ignore[attr-defined]  # an
        # AsyncIOLoop's (tornado's only kind since 6.0; the attribute is not in its stub)
        self.asyncio_loop.add_signal_handler(signal.SIGINT, self.interrupted)
        super().listen()

    def interrupted(self) -> None:
        """Ctrl-C: stop the server's loop between two steps of its work (:meth:`stop`
        then shuts the kernels down); the next Ctrl-C raises KeyboardInterrupt."""
        self.asyncio_loop.remove_signal_handler(signal.SIGINT)
        self.log.info("Stopping...")
        self.ioloop.stop()

    def setup_template_dirs(self):
        """Voila's "lab" template, with the kit's page (resources/voila) looked up first."""
        super().setup_template_dirs()
        if self.voila_configuration.template == "lab":
            self.template_paths.insert(0, str(VOILA_TEMPLATE))

    def stop(self):
        """On Ctrl-C or SIGTERM: the kernels still waiting in a pool are stopped at once, then
        Voila shuts the others down in the usual way.

        A waiting kernel is held inside its page's first cell (``mode.wait_for_page``) until
        someone opens the page; asked to shut down politely, it closes its sockets and then
        fails to answer that cell, and logs a ZMQError traceback per kernel. No page was ever
        given such a kernel, so it holds nobody's answers and nothing is lost by stopping it
        outright. A kernel a page is using is shut down politely, as before, so an answer
        waiting to be saved is saved."""
        from jupyter_core.utils import run_sync

        waiting = pooled_kernels(self.kernel_manager)
        if waiting:
            async def stop_waiting() -> None:
                for kernel_id in waiting:
                    with contextlib.suppress(KeyError, RuntimeError):  # gone already
                        await self.kernel_manager.shutdown_kernel(kernel_id, now=True)
            run_sync(stop_waiting)()
        super().stop()

    def init_settings(self):
        settings = super().init_settings()
        # Voila makes its contents manager here, with no setting to choose another class.
        self.contents_manager = AppContentsManager(parent=self)
        settings["contents_manager"] = self.contents_manager
        settings["interdependence_root"] = self.root_dir
        settings["interdependence_serves"] = self.serves
        settings["interdependence_log"] = self.log
        settings["interdependence_kernel_ready"] = self.kernel_ready
        return settings

    def init_handlers(self):
        # Tornado takes the first match, so ours comes before Voila's file listing.
        handlers = [(url_path_join(self.server_url, "/?"), self.front_page)]
        for spec in super().init_handlers():
            handler = spec[1] if len(spec) > 1 else None
            if handler is TornadoVoilaHandler:
                spec = (spec[0], RenderHandler, *spec[2:])
            elif handler is RequestInfoSocketHandler:
                spec = (spec[0], ReadyKernelHandler, *spec[2:])
            elif handler in (TornadoVoilaTreeHandler, VoilaContentsHandler):
                spec = (spec[0], NotFoundHandler)
            handlers.append(spec)
        return handlers

    def launch_browser(self):
        """Open the landing page already signed in (Voila's own opens it without the token).

        The URL goes through a private temp file, as JupyterLab does, so the token never
        shows in the process list.
        """
        try:
            browser = webbrowser.get(self.browser or None)
        except webbrowser.Error as exc:
            self.log.warning("No web browser found: %s.", exc)
            return
        url = url_path_join(self.connection_url, "/")
        token = self.identity_provider.token
        if token:
            url += f"?token={token}"
        fd, path = tempfile.mkstemp(suffix=".html")
        with os.fdopen(fd, "w", encoding="utf-8") as page:
            page.write(f'<!doctype html><meta http-equiv="refresh" content="0;url={esc(url)}">'
                       f'<p><a href="{esc(url)}">Open the Interdependence notebooks</a></p>')
        browser.open(Path(path).as_uri(), new=2)


class FacilitatorApp(App):
    """The cohort dashboard as an app, on one cohort given when it starts.

    ``interdependence facilitator-app --cohort FOLDER`` (or ``make dashboard-app
    COHORT=FOLDER``). It renders the dashboard notebook only (the participants' notebooks
    are the participants' app) and passes the cohort to its kernels in the environment,
    with INTERDEPENDENCE_COHORT_FIXED=1: the dashboard then shows that cohort and offers no
    box to type another path into (views/dashboard.py).
    """

    name = "interdependence-facilitator-app"
    description = ("Serve the Interdependence cohort dashboard as an app, on one cohort "
                   "(--cohort=FOLDER or a postgresql:// URL).")
    serves = staticmethod(dashboard_notebook)
    needs = DASHBOARD
    front_page = DashboardRedirectHandler
    cohort = Unicode("", config=True,
                     help="The cohort the dashboard shows: a folder made by `interdependence "
                          "setup-cohort`, or a postgresql:// URL. Default: "
                          "INTERDEPENDENCE_COHORT, else the kit's sample cohort.")
    aliases = {**App.aliases, "cohort": "FacilitatorApp.cohort"}

    def pooled_notebooks(self) -> list[str]:
        return [DASHBOARD] if (Path(self.root_dir) / DASHBOARD).is_file() else []

    def initialize(self, argv=None):
        super().initialize(argv)
        cohort = self.cohort.strip() or os.environ.get(paths.COHORT_ENV, "").strip()
        if not cohort:
            cohort = str(paths.sample_cohort())
            self.log.info("No --cohort given: the dashboard shows the kit's sample cohort.")
        elif "://" not in cohort:
            folder = Path(cohort).expanduser()
            if not folder.is_dir():
                self.log.critical("There is no folder at %s: give the cohort folder made by "
                                  "`interdependence setup-cohort` (--cohort=FOLDER).", cohort)
                self.exit(1)
            cohort = str(folder.resolve())
        # The kernels inherit the server's environment: this cohort, and no other.
        os.environ[paths.COHORT_ENV] = cohort
        os.environ[paths.COHORT_FIXED_ENV] = "1"


# ---- the landing page on a Jupyter server (a hub user's own) --------------------------------


class ServerLanding(Configurable):
    """Settings of the landing page served by a Jupyter server (the kit's server extension).

    On the kit's hub, each person's notebooks are in ``~/workshop``:
    ``--ServerLanding.folder=workshop`` (facilitator_guide/deployment/jupyterhub_config.py).
    """

    folder = Unicode(NOTEBOOKS, config=True,
                     help="The folder, under the server's root, that holds the workshop "
                          "notebooks.")


class ServerLandingHandler(JupyterHandler):
    """``/interdependence/`` on a Jupyter server: the landing page, each part a link to Voila's
    server extension (``voila/render/...``), and a link back to JupyterLab."""

    @web.authenticated
    def get(self):
        self.xsrf_token  # noqa: B018 - Voila's unload beacon sends it (see RenderHandler)
        folder = self.settings["interdependence_landing"].folder.strip("/")
        curriculum = _curriculum.default()
        first = f"{folder}/{curriculum.steps[0].notebook}"
        lab = esc(url_path_join(self.base_url, "lab/tree", url_escape(first)))
        footer = (f'<p>Prefer the notebooks as they are, with their code? <a href="{lab}">Open '
                  "them in JupyterLab</a>. Your answers are the same in both.</p>")
        root = Path(self.settings["server_root_dir"]).expanduser()
        self.set_header("Content-Type", "text/html; charset=UTF-8")
        self.write(landing_html(curriculum, self.base_url, root, folder, footer))


def _jupyter_server_extension_points():
    return [{"module": "interdependence.app"}]


def private_kernels(config) -> None:
    """Kernels started under ``config`` encrypt what they send (:data:`KERNEL_ENCRYPTION`);
    the command line can still say otherwise."""
    config.KernelManager.transport_encryption = KERNEL_ENCRYPTION


def _load_jupyter_server_extension(serverapp) -> None:
    """Serve the landing page at ``BASE/interdependence/`` (enable with
    ``--ServerApp.jpserver_extensions="{'interdependence.app': True}"``)."""
    web_app = serverapp.web_app
    # Loaded before Voila's own extension (extensions load in name order), so Voila's
    # render handler and its configuration see these.
    app_view_config(serverapp.config)
    web_app.settings["interdependence_landing"] = ServerLanding(parent=serverapp)
    pattern = url_path_join(web_app.settings["base_url"], "interdependence/?")
    web_app.add_handlers(".*$", [(pattern, ServerLandingHandler)])
    serverapp.log.info("Interdependence: the workshop's app view is at %s", pattern)


def main(argv: list[str] | None = None) -> None:
    App.launch_instance(argv if argv is not None else sys.argv[1:])


def main_facilitator(argv: list[str] | None = None) -> None:
    FacilitatorApp.launch_instance(argv if argv is not None else sys.argv[1:])


if __name__ == "__main__":
    main()
