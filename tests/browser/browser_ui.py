"""What the browser tests do on a page: drive JupyterLab and Voila the way a person would.

Page objects, not tests: each method is one thing a participant does (open, run all,
answer, restart), and waits for the page to finish doing it. Selectors for the kit's own
widgets use the CSS classes the views add (``interdep-rating``, ``interdep-reflection``).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"

RATING = ".interdep-rating"
REFLECTION = ".interdep-reflection"
WIDGET_ERROR = "Error displaying widget"
# What a failed widget callback shows (views/common.py guarded()): seen in a page = a bug.
CALLBACK_ERROR = ".interdep-error"

# Console noise that is not ours and not a participant-visible problem. Each is explicit,
# with the reason; anything else in the console fails the test.
HARMLESS_CONSOLE = (
    # Chromium asks for /favicon.ico on Voila pages; Voila serves none there.
    "favicon.ico",
)

CURRENT_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
KERNEL_READY_JS = """
() => {
  // The indicator says "idle" before any kernel exists: wait for the kernel's name too.
  const panel = document.querySelector('PANEL');
  if (!panel) return false;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const kernel = panel.querySelector('.jp-KernelName');
  return !!indicator && indicator.dataset.status === 'idle' && !!kernel
      && kernel.textContent.trim() !== '' && !/No Kernel/.test(kernel.textContent);
}
""".replace("PANEL", CURRENT_PANEL)
RUN_FINISHED_JS = """
() => {
  const panel = document.querySelector('PANEL');
  if (!panel) return false;
  const indicator = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
      .map(p => p.textContent.trim());
  return !!indicator && indicator.dataset.status === 'idle' && prompts.length > 0
      && prompts.every(t => /^\\[\\d+\\]:$/.test(t));
}
""".replace("PANEL", CURRENT_PANEL)


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG into tests/artifacts/ (ignored by git) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    path = ARTIFACTS / f"{safe}.png"
    try:
        page.screenshot(path=str(path), full_page=full_page)
    except Exception:  # a screenshot is for looking at afterwards; never the failure itself
        pass
    return path


class LabNotebook:
    """One notebook open in JupyterLab, in a workspace of its own (no tabs restored)."""

    def __init__(self, page, server, relpath: str):
        self.page, self.server, self.relpath = page, server, relpath
        self.name = relpath.rsplit("/", 1)[-1].removesuffix(".ipynb")

    @property
    def panel(self):
        return self.page.locator(CURRENT_PANEL)

    def open(self) -> LabNotebook:
        workspace = re.sub(r"[^A-Za-z0-9-]", "-", self.name)
        self.page.goto(self.server.url(f"lab/workspaces/{workspace}/tree/{self.relpath}",
                                       reset=""))
        self.panel.locator(".jp-Notebook").wait_for()
        # A kernel dialog here means the notebook has no (or a wrong) kernelspec: a
        # participant would be asked a question they cannot answer.
        self.page.wait_for_function(KERNEL_READY_JS, timeout=60_000)
        assert self.page.locator(".jp-Dialog").count() == 0, (
            f"{self.relpath} opened with a dialog: "
            f"{self.page.locator('.jp-Dialog').first.inner_text()}")
        return self

    def menu(self, top: str, item: str) -> None:
        self.page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
        self.page.locator(".lm-Menu-itemLabel",
                          has_text=re.compile(f"^{re.escape(item)}$")).click()

    def wait_until_run(self, timeout: float = 120_000) -> None:
        self.page.wait_for_function(RUN_FINISHED_JS, timeout=timeout)

    def run_all(self) -> None:
        self.menu("Run", "Run All Cells")
        self.wait_until_run()

    def restart_and_run_all(self) -> None:
        """Clear every output first, so nothing old can be mistaken for the new run."""
        self.menu("Edit", "Clear Outputs of All Cells")
        self.panel.locator(RATING).first.wait_for(state="detached")
        self.menu("Kernel", "Restart Kernel and Run All Cells…")
        self.page.locator(".jp-Dialog .jp-mod-accept").click()
        self.wait_until_run()

    def shut_down(self) -> None:
        """Stop this notebook's kernel, as closing it for good would: kernels add up."""
        import json
        import urllib.request

        def call(method, path):
            request = urllib.request.Request(f"{self.server.base}/{path}", method=method,
                                             headers={"Authorization":
                                                      f"token {self.server.token}"})
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
            return json.loads(body) if body else None

        for session in call("GET", "api/sessions"):
            if session.get("path") == self.relpath:
                call("DELETE", f"api/sessions/{session['id']}")

    def screenshot_whole(self, name: str) -> None:
        """Lab scrolls inside the notebook: grow the window to its height for one image."""
        height = self.page.evaluate(
            f"document.querySelector('{CURRENT_PANEL} .jp-WindowedPanel-outer').scrollHeight")
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": size["width"],
                                     "height": min(int(height) + 150, 16_000)})
        self.page.evaluate(
            f"document.querySelector('{CURRENT_PANEL} .jp-WindowedPanel-outer').scrollTop = 0")
        self.page.wait_for_timeout(500)
        screenshot(self.page, name, full_page=False)
        self.page.set_viewport_size(size)

    def problems_shown(self) -> list[str]:
        """What a participant would see go wrong in the notebook's outputs."""
        panel, found = self.panel, []
        if panel.get_by_text(WIDGET_ERROR).count():
            found.append(panel.get_by_text(WIDGET_ERROR).first.inner_text())
        for selector, what in (
            ('[data-mime-type="application/vnd.jupyter.stderr"]', "stderr output"),
            ('[data-mime-type="application/vnd.jupyter.error"]', "error output"),
            (CALLBACK_ERROR, "widget callback error"),
        ):
            for element in panel.locator(selector).all():
                if element.is_visible():
                    found.append(f"{what}: {element.inner_text()[:500]}")
        return found


def project_notebooks(folder: str = "notebooks") -> list:
    return sorted((ROOT / folder).glob("*.ipynb"))
