"""Widgets only the welcome notebook shows: where answers live, deleting them, cohort code."""

from __future__ import annotations

import datetime as dt
import re

import ipywidgets as w

from .. import paths
from ..journal import Journal
from . import download as dl
from . import mode, shared
from .guard import Area, LaterErrorArea, guarded, place
from .style import esc, style

COHORT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


def your_data(journal: Journal) -> w.VBox:
    """Where the journal is, who can see it, and a two-click 'Delete my journal'."""
    where = shared.html(
        '<div class="interdep-card"><b>Where your answers are kept</b><br>'
        f"Your journal is one file on {dl.machine()}: <code>{esc(journal.path)}</code>.<br>"
        # Who can see the journal is said once, in the notebook's "Your answers are yours";
        # what a share sends, at the share panel.
        f"Anything you export goes to <code>{esc(paths.exports_dir())}</code>.</div>"
    )
    delete = shared.button(description="Delete my journal…", icon="trash",
                           tooltip="Remove every answer saved in your journal")
    confirm = shared.button(description="Yes, delete every answer", button_style="danger",
                            layout=shared.layout(width="auto", display="none"))
    cancel = shared.button(description="No, keep my journal",
                           layout=shared.layout(width="auto", display="none"))
    message = shared.html("")
    errors = LaterErrorArea()
    copy = JournalCopy(journal, errors)

    def ask(show: bool):
        copy.files.clear()  # a copy offered before a delete is not what is saved now
        shared.display(confirm, show)
        shared.display(cancel, show)
        shared.display(delete, not show)

    @guarded(errors)
    def on_delete(_):
        message.value = delete_question(journal)
        ask(True)

    @guarded(errors)
    def on_confirm(_):
        ask(False)
        try:
            existed = journal.delete()
        finally:
            if journal.deleted:
                message.value = ("Your journal has been deleted (removed: "
                                 f"{_names(journal.deleted)}). {mode.start_afresh()}")
        if not existed:
            message.value = "There was no saved journal to delete."

    @guarded(errors)
    def on_cancel(_):
        ask(False)
        message.value = "Nothing was deleted."

    delete.on_click(on_delete)
    confirm.on_click(on_confirm)
    cancel.on_click(on_cancel)
    box = shared.vbox([style(), where, copy, shared.hbox([delete, confirm, cancel]), message])
    place(box, errors)
    box.delete, box.confirm, box.cancel, box.message = delete, confirm, cancel, message
    box.copy = copy
    return box


class JournalCopy(w.VBox):
    """"Download a copy of my journal": the journal file, exactly as saved, to the person's
    own device (on a hub the journal is on the server, not in front of them). Nothing is
    sent anywhere else. Parts: ``button``, ``files`` (:class:`~.download.Download`),
    ``message``."""

    def __init__(self, journal: Journal, errors: Area):
        self.journal = journal
        self.button = shared.button(description="Download a copy of my journal",
                                    icon="download",
                                    tooltip="Save a copy of every answer on this device")
        self.files, self.message = dl.Download(layout=shared.layout()), shared.html("")
        super().__init__([shared.hbox([self.button]), self.message, self.files],
                         layout=shared.layout())
        self.button.on_click(guarded(errors)(lambda _b: self.download()))

    def download(self) -> None:
        data = self.journal.saved_copy()
        if data is None:
            self.files.clear()
            self.message.value = ('<span class="interdep-muted">Nothing is saved in your '
                                  "journal yet, so there is nothing to download.</span>")
            return
        name = f"interdependence-journal-{dt.date.today().isoformat()}.json"
        try:
            offered = self.files.offer([dl.DownloadFile(name, data, "Download my journal",
                                                        "application/json")])
        except dl.DownloadTooLarge as exc:
            self.files.clear()
            self.message.value = (f'<div class="interdep-notice" role="status">'
                                  f"{dl.too_large_message(exc, self.journal.path)}</div>")
            return
        self.message.value = ('<div class="interdep-notice" role="status">'
                              + dl.message(offered, self.journal.path, "Your journal")
                              + " Keep the copy somewhere private: it holds every answer "
                              "you wrote.</div>")


def _names(paths_: list) -> str:
    return ", ".join(f"<code>{esc(p.name)}</code>" for p in paths_)


def _describe(path) -> str:
    name = path.name
    if name.startswith("."):
        return "left over from a save that was interrupted"
    if ".corrupt-" in name:
        return "an older copy kept aside because it could not be opened"
    return "your answers"


def delete_question(journal: Journal) -> str:
    """What "Delete my journal" will remove, file by file, and what it leaves."""
    files = journal.files()
    if files:
        listed = "".join(f"<li><code>{esc(p.name)}</code>: {_describe(p)}</li>" for p in files)
        text = (f"This removes {len(files)} file{'s' if len(files) != 1 else ''} from "
                f"<code>{esc(journal.path.parent)}</code> for good:<ul>{listed}</ul>")
    else:
        text = "There is no saved journal file right now, so nothing would be removed. "
    exports = paths.exports_dir()
    try:
        exported = sorted(p.name for p in exports.iterdir() if not p.name.startswith("."))
    except OSError:
        exported = []
    if exported:
        text += (f"Your {len(exported)} exported file{'s' if len(exported) != 1 else ''} in "
                 f"<code>{esc(exports)}</code> {'are' if len(exported) != 1 else 'is'} not "
                 "part of the journal and will stay; delete them yourself if you want them "
                 "gone. ")
    return text + ("Copies you shared with your group are not deleted with it; withdraw "
                   "those first if you want them gone too.")


def cohort_code(journal: Journal) -> w.VBox:
    """An optional code the facilitator gives a group; blank when studying alone."""
    text = w.Text(
        value=journal.setting("cohort_code", "") or "",
        placeholder="for example SPRING-26",
        description="Group code",
        continuous_update=False,
        style=shared.text_style(description_width="initial"),
        layout=shared.layout(),
    )
    status = shared.html("")
    errors = LaterErrorArea()

    def describe():
        code = journal.setting("cohort_code")
        status.value = (
            f'<span class="interdep-muted">Saved: your group code is <b>{esc(code)}</b>.</span>'
            if code else
            '<span class="interdep-muted">No group code: fine if you are studying alone.</span>')

    @guarded(errors)
    def on_change(change):
        code = change["new"].strip()
        if code and not COHORT_CODE.match(code):
            status.value = (
                '<span class="interdep-error">A group code uses letters, numbers, - and _ '
                "only (up to 40). Please check the code your facilitator gave you.</span>")
            return
        journal.set_setting("cohort_code", code or None)
        describe()

    text.observe(on_change, names="value")
    describe()
    help_text = shared.html(
        '<div class="interdep-muted">If you are in a group workshop, your facilitator will give '
        "you a short code. Type it here and press Enter. Studying alone? Leave it blank.</div>")
    box = shared.vbox([style(), help_text, text, status])
    place(box, errors)
    box.text, box.status = text, status
    return box
