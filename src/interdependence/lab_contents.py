"""JupyterLab's file reading, minus widgets nothing can draw any more.

A notebook keeps a placeholder for every widget it showed (an output of type
``application/vnd.jupyter.widget-view+json``: the widget's id, nothing else). JupyterLab
saves them with the notebook (on close, by the kit's Lab extension; on autosave). Opened
again while its kernel still runs, JupyterLab asks that kernel for the widgets and draws
them as they were. Opened when that kernel has gone (JupyterLab or the computer restarted,
the notebook's kernel shut down, or stopped by the hub after an idle time), no one holds
those widgets any more: JupyterLab shows "Error displaying widget: model not found" in
place of each one and logs an error, which to a participant looks broken.

So when JupyterLab opens a notebook and no kernel of that notebook is running, this
contents manager leaves those placeholders out (and the cells' run numbers, as no cell has
run in the kernel the notebook will get). The notebook looks as it did the first time, with its
own "Run the cell below..." lines, and running it brings every answer back from the
journal. The file itself is not changed by opening it. With a kernel running, nothing is
left out, and JupyterLab draws the widgets again.

It is chosen with ``--ServerApp.contents_manager_class`` by ``make lab`` (Makefile) and
by each participant's server on the hub (facilitator_guide/deployment/jupyterhub_config.py).
"""

from __future__ import annotations

from typing import Any

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

#: The output type of a widget's placeholder (ipywidgets' view MIME type).
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def drop_widget_views(notebook: Any) -> int:
    """Take every widget placeholder out of ``notebook`` (an nbformat v4 notebook, changed
    in place) and return how many were taken. If any were, the code cells' run numbers go
    too: no cell has run in the kernel the notebook is about to get, the first one (which
    makes ``step``) included, and a ``[1]`` beside it would say otherwise."""
    dropped = 0
    for cell in notebook.get("cells", []):
        outputs = cell.get("outputs") or []
        kept = [output for output in outputs if WIDGET_VIEW not in (output.get("data") or {})]
        if len(kept) < len(outputs):
            dropped += len(outputs) - len(kept)
            cell["outputs"] = kept
    if dropped:
        for cell in notebook.get("cells", []):
            if cell.get("cell_type") == "code":
                cell["execution_count"] = None
    return dropped


class KitContentsManager(AsyncLargeFileManager):
    """Jupyter Server's own contents manager, except that a notebook opened with no kernel
    running for it comes without widget placeholders (see the module's docstring)."""

    async def get(self, path: Any, content: Any = True, type: Any = None, format: Any = None,
                  require_hash: Any = False) -> Any:
        model = await super().get(path, content=content, type=type, format=format,
                                  require_hash=require_hash)
        notebook = model.get("content") if model.get("type") == "notebook" else None
        if notebook and not await self.kernel_running_for(model.get("path") or path):
            dropped = drop_widget_views(notebook)
            if dropped:
                self.log.info("%s: no kernel running, %d widget placeholders left out",
                              model.get("path"), dropped)
        return model

    async def kernel_running_for(self, path: str) -> bool:
        """Whether a session of the notebook at ``path`` has a live kernel. A server with no
        sessions (this class used on its own) has none."""
        sessions = getattr(self.parent, "session_manager", None)
        if sessions is None:
            return False
        return bool(await sessions.session_exists(path.strip("/")))
