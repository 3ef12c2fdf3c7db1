"""A list of saved entries, one row each, with Edit and Remove buttons (steps 05 and 06)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import ipywidgets as w


def entry_rows(entries: Iterable[dict], describe: Callable[[dict], str],
               on_edit: Callable[[dict], None] | None,
               on_remove: Callable[[dict], None], noun: str) -> list[w.HBox]:
    """One row per entry: ``describe(entry)`` (HTML, already escaped) and its buttons.

    The callbacks should already be wrapped in ``guarded``. Each row carries ``.entry``,
    ``.edit`` and ``.remove`` so tests (and the browser) can press them.
    """
    rows = []
    for entry in entries:
        text = w.HTML(describe(entry), layout=w.Layout(flex="1 1 auto", width="auto"))
        buttons = []
        edit = None
        if on_edit is not None:
            edit = w.Button(description="Edit", icon="pencil", tooltip=f"Change this {noun}",
                            layout=_button_layout())
            edit.on_click(lambda _b, e=entry: on_edit(e))
            buttons.append(edit)
        remove = w.Button(description="Remove", icon="trash", tooltip=f"Remove this {noun}",
                          layout=_button_layout())
        remove.on_click(lambda _b, e=entry: on_remove(e))
        buttons.append(remove)
        row = w.HBox([text, *buttons], layout=w.Layout(align_items="center", width="95%",
                                                       border_bottom="1px solid #ddd"))
        row.entry, row.edit, row.remove = entry, edit, remove
        rows.append(row)
    return rows


def _button_layout() -> w.Layout:
    # never squeezed by a long entry: the text wraps instead
    return w.Layout(width="auto", min_width="fit-content", flex="0 0 auto")
