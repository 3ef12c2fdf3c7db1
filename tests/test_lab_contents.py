"""A notebook reopened in JupyterLab after its kernel has gone comes without widget
placeholders ("Error displaying widget: model not found"), and with them while a kernel
runs (src/interdependence/lab_contents.py). The browser sees it in
tests/browser/test_reopen.py; here, the contents manager on its own."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import nbformat
from traitlets.config import Configurable

from interdependence.lab_contents import WIDGET_VIEW, KitContentsManager, drop_widget_views

ROOT = Path(__file__).resolve().parents[1]


def widget_output(model_id: str) -> dict:
    return {"output_type": "display_data", "metadata": {},
            "data": {WIDGET_VIEW: {"version_major": 2, "version_minor": 0,
                                   "model_id": model_id},
                     "text/plain": "VBox(children=(HTML(value='...'),))"}}


def run_notebook() -> nbformat.NotebookNode:
    """A notebook as JupyterLab saves it after Run All: HTML, text and widget outputs."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("Run the cell below to start."),
        nbformat.v4.new_code_cell("step.header()", execution_count=2, outputs=[
            nbformat.from_dict({"output_type": "display_data", "metadata": {},
                                "data": {"text/html": "<h3>Start small</h3>",
                                         "text/plain": "Start small"}})]),
        nbformat.v4.new_code_cell("step.ratings()", execution_count=3, outputs=[
            nbformat.from_dict(widget_output("a1")),
            nbformat.from_dict({"output_type": "stream", "name": "stdout", "text": "hi\n"})]),
        nbformat.v4.new_code_cell("step.reflections()", execution_count=4,
                                  outputs=[nbformat.from_dict(widget_output("b2"))]),
    ]
    return nb


def test_drop_widget_views_takes_only_the_placeholders_and_the_run_numbers():
    nb = run_notebook()
    assert drop_widget_views(nb) == 2
    header, ratings, reflections = nb.cells[1:]
    assert header.outputs[0]["data"]["text/html"] == "<h3>Start small</h3>"
    assert [o["output_type"] for o in ratings.outputs] == ["stream"]
    assert reflections.outputs == []
    assert [c.execution_count for c in (header, ratings, reflections)] == [None] * 3
    assert drop_widget_views(nb) == 0  # nothing left to take


def test_a_notebook_without_placeholders_keeps_its_run_numbers():
    nb = run_notebook()
    nb.cells = nb.cells[:2]
    assert drop_widget_views(nb) == 0
    assert nb.cells[1].execution_count == 2


def test_the_committed_notebooks_lose_nothing():
    """Committed without outputs: opened with this manager they are exactly as written."""
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        before = json.dumps(nb, sort_keys=True)
        assert drop_widget_views(nb) == 0
        assert json.dumps(nb, sort_keys=True) == before, path.name


class Sessions:
    """The server's session manager, as far as the contents manager asks it."""

    def __init__(self, running: set[str]):
        self.running, self.asked = running, []

    async def session_exists(self, path):
        self.asked.append(path)
        return path in self.running


class Server(Configurable):
    def __init__(self, running: set[str]):
        super().__init__()
        self.session_manager = Sessions(running)


def write(folder: Path) -> Path:
    (folder / "notebooks").mkdir()
    path = folder / "notebooks" / "03-start-small.ipynb"
    nbformat.write(run_notebook(), path)
    return path


def test_no_kernel_running_the_notebook_opens_without_placeholders_and_the_file_keeps_them(
        tmp_path):
    path = write(tmp_path)
    on_disk = path.read_bytes()
    server = Server(running=set())
    manager = KitContentsManager(parent=server, root_dir=str(tmp_path))
    model = asyncio.run(manager.get("notebooks/03-start-small.ipynb"))
    assert server.session_manager.asked == ["notebooks/03-start-small.ipynb"]
    outputs = [o for cell in model["content"].cells for o in cell.get("outputs", [])]
    assert outputs  # the stream and the HTML stay
    assert not [o for o in outputs if WIDGET_VIEW in o.get("data", {})]
    assert path.read_bytes() == on_disk  # opening changes nothing on disk


def test_a_kernel_running_the_notebook_keeps_the_placeholders_for_lab_to_draw(tmp_path):
    write(tmp_path)
    server = Server(running={"notebooks/03-start-small.ipynb"})
    manager = KitContentsManager(parent=server, root_dir=str(tmp_path))
    model = asyncio.run(manager.get("/notebooks/03-start-small.ipynb"))
    kept = [o for cell in model["content"].cells for o in cell.get("outputs", [])
            if WIDGET_VIEW in o.get("data", {})]
    assert [o["data"][WIDGET_VIEW]["model_id"] for o in kept] == ["a1", "b2"]
    assert model["content"].cells[2].execution_count == 3


def test_other_reads_are_jupyter_servers_own(tmp_path):
    """A folder listing, a save's answer (no content) and a plain file: untouched."""
    path = write(tmp_path)
    (tmp_path / "notes.txt").write_text("hello")
    server = Server(running=set())
    manager = KitContentsManager(parent=server, root_dir=str(tmp_path))
    listing = asyncio.run(manager.get("notebooks"))
    assert [item["name"] for item in listing["content"]] == [path.name]
    assert asyncio.run(manager.get("notebooks/03-start-small.ipynb", content=False))[
        "content"] is None
    assert asyncio.run(manager.get("notes.txt"))["content"] == "hello"
    assert server.session_manager.asked == []


def test_make_lab_uses_it():
    """(The hub's servers: tests/hub/test_deployment_files.py.)"""
    makefile = (ROOT / "Makefile").read_text()
    assert ("KIT_CONTENTS := --ServerApp.contents_manager_class=interdependence.lab_contents."
            "KitContentsManager") in makefile
    lab = next(line for line in makefile.splitlines() if "$(BIN)/jupyter lab " in line)
    assert "$(KIT_CONTENTS)" in lab
