"""What the browser tests do on a page: drive JupyterLab and Voila the way a person would.

Page objects, not tests: each method is one thing a participant does (open, run all,
answer, restart), and waits for the page to finish doing it. Selectors for the kit's own
widgets use the CSS classes the views add (``interdep-rating``, ``interdep-reflection``).
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"

#: Wording that asks someone to run cells: JupyterLab's business, never the app's.
RUN_INSTRUCTION = re.compile(r"run (the|this|that)? ?cell|shift ?\+ ?enter|run all", re.I)
RATING = ".interdep-rating"
REFLECTION = ".interdep-reflection"
WIDGET_ERROR = "Error displaying widget"
# What a failed widget callback shows (views/guard.py guarded()): seen in a page = a bug.
CALLBACK_ERROR = ".interdep-error"

# Console noise that is not ours and not a participant-visible problem. Each is explicit,
# with the reason; anything else in the console fails the test.
HARMLESS_CONSOLE: tuple[str, ...] = ()  # none: every console error fails a test

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


TALLEST_SCROLLER_JS = """
() => {
  // Lab and Voila scroll inside a panel, not the document: find the panel.
  let best = document.scrollingElement, most = best.scrollHeight;
  for (const e of document.querySelectorAll('*')) {
    const style = getComputedStyle(e);
    if (/(auto|scroll)/.test(style.overflowY) && e.scrollHeight > e.clientHeight + 10
        && e.scrollHeight > most) { best = e; most = e.scrollHeight; }
  }
  best.scrollTop = 0;
  return most;
}
"""


def screenshot_whole(page, name: str) -> Path:
    """One image of everything: grow the window to the height of what scrolls."""
    size = page.viewport_size
    height = page.evaluate(TALLEST_SCROLLER_JS)
    page.set_viewport_size({"width": size["width"],
                            "height": max(size["height"], min(int(height) + 150, 16_000))})
    page.wait_for_timeout(500)
    page.evaluate(TALLEST_SCROLLER_JS)  # back to the top after the resize
    path = screenshot(page, name, full_page=False)
    page.set_viewport_size(size)
    return path


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG into tests/artifacts/ (ignored by git) and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    path = ARTIFACTS / f"{safe}.png"
    # a screenshot is for looking at afterwards; never the failure itself
    with contextlib.suppress(Exception):
        page.screenshot(path=str(path), full_page=full_page)
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
        screenshot_whole(self.page, name)

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


class VoilaPage:
    """One notebook as a Voila app: rendered server-side, widgets drawn when the page loads."""

    # What Voila shows instead of a traceback when a cell fails (show_tracebacks is off).
    CELL_FAILED = "There was an error when executing cell"

    def __init__(self, page, server):
        self.page, self.server = page, server

    def open_landing(self) -> None:
        self.page.goto(self.server.url(""))
        self.page.get_by_role("heading", name="Interdependence", exact=True).wait_for()

    def open_app(self, relpath: str) -> None:
        self.page.goto(self.server.url(f"voila/render/{relpath}"))
        self.wait_until_rendered()

    def wait_until_rendered(self, timeout: float = 120_000) -> None:
        # Voila streams the executed notebook under a spinner (#loading), removes the
        # spinner, then the widget manager draws every view.
        self.page.wait_for_load_state("load", timeout=timeout)
        self.page.locator("#loading").wait_for(state="detached", timeout=timeout)

    def code_shown(self) -> list[str]:
        """Anything that looks like a code cell's source on the page."""
        found = [f"code cell input: {e.inner_text()[:80]!r}"
                 for e in self.page.locator(".jp-CodeCell .jp-InputArea").all()
                 if e.is_visible()]
        for text in ("open_step(", re.compile(r"step\.\w+\(.*\)"), "from interdependence"):
            shown = self.page.get_by_text(text)
            if shown.count():
                found.append(f"code on the page: {shown.first.inner_text()!r}")
        return found

    def run_instructions_shown(self) -> list[str]:
        """Lines of visible text that tell people to run cells (the app has none to run)."""
        text = self.page.locator("body").inner_text()  # what is rendered and visible only
        return [line.strip() for line in text.splitlines() if RUN_INSTRUCTION.search(line)]

    def problems_shown(self) -> list[str]:
        found = []
        for text in (WIDGET_ERROR, self.CELL_FAILED):
            if self.page.get_by_text(text).count():
                found.append(self.page.get_by_text(text).first.inner_text()[:500])
        for selector, what in (
            ('[data-mime-type="application/vnd.jupyter.stderr"]', "stderr output"),
            ('[data-mime-type="application/vnd.jupyter.error"]', "error output"),
            (CALLBACK_ERROR, "widget callback error"),
        ):
            for element in self.page.locator(selector).all():
                if element.is_visible():
                    found.append(f"{what}: {element.inner_text()[:500]}")
        return found


def unnamed_controls(scope, step) -> list[str]:
    """Rating groups and reflection boxes a screen reader could not name.

    Found the way assistive technology finds them: by role and accessible name (the
    statement for a rating's radio group, the question for a reflection's text box).
    """
    missing = []
    for item in step.items:
        group = scope.get_by_role("radiogroup", name=item.text, exact=True)
        if group.count() == 0:
            missing.append(f"no radio group named {item.text!r}")
        elif group.first.get_by_role("radio").count() != len(item.scale.points):
            missing.append(f"{item.text!r}: not {len(item.scale.points)} radios in its group")
    for prompt in step.prompts:
        if scope.get_by_role("textbox", name=prompt.text, exact=True).count() == 0:
            missing.append(f"no text box named {prompt.text!r}")
    return missing


ACTIVE_ELEMENT_JS = """
() => {
  const e = document.activeElement;
  const group = e && e.closest('[role=radiogroup]');
  return {tag: e ? e.tagName : null, type: e ? e.type || null : null,
          group: group ? group.getAttribute('aria-label') : null,
          label: e && e.closest('label') ? e.closest('label').textContent.trim() : null};
}
"""

