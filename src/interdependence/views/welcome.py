"""Widgets only the welcome notebook shows: where answers live, deleting them, cohort code."""

from __future__ import annotations

import datetime as dt
import re

import ipywidgets as w

from .. import paths
from ..exercises.export import ExportsDeleted, delete_exports, exported_files
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
    exports = shared.checkbox(value=False, indent=False, layout=shared.layout(display="none"),
                              description="Also delete my exported files")
    message = shared.html("")
    errors = LaterErrorArea()
    copy = JournalCopy(journal, errors)

    def ask(show: bool, count: int = 0):
        """Show (or hide) the question's buttons; ``count``: the exported files it offers
        to delete too, as the question counted them."""
        copy.files.clear()  # a copy offered before a delete is not what is saved now
        shared.display(confirm, show)
        shared.display(cancel, show)
        shared.display(delete, not show)
        exports.value = False  # never ticked ahead: each delete asks again
        exports.description = f"Also delete my {_files(count)}"
        shared.display(exports, bool(count))

    @guarded(errors)
    def on_delete(_):
        exported = len(exported_files())
        message.value = delete_question(journal, exported)
        ask(True, exported)

    @guarded(errors)
    def on_confirm(_):
        also = bool(exports.value) and exports.layout.display != "none"
        ask(False)
        whole = False
        try:
            journal.delete()  # a file it could not remove: JournalError, shown by guarded
            whole = True
        finally:
            message.value = deleted_words(journal, whole, also)

    @guarded(errors)
    def on_cancel(_):
        ask(False)
        message.value = "Nothing was deleted."

    delete.on_click(on_delete)
    confirm.on_click(on_confirm)
    cancel.on_click(on_cancel)
    box = shared.vbox([style(), where, copy, shared.hbox([delete, confirm, cancel]), message,
                       exports])
    place(box, errors)
    box.delete, box.confirm, box.cancel, box.message = delete, confirm, cancel, message
    box.exports = exports
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
    return ", ".join(f"<code>{esc(getattr(p, 'name', p))}</code>" for p in paths_)


def _files(count: int) -> str:
    from ..privacy import count_of  # on a click only: the welcome's start imports less

    return count_of(count, "exported file", "exported files")


def deleted_words(journal: Journal, whole: bool, exports: bool) -> str:
    """What "Yes, delete every answer" did: the journal's files removed (all of them when
    ``whole``), then the exported files when ``exports`` (the tick box)."""
    if journal.deleted:
        said = (f"Your journal has been deleted (removed: {_names(journal.deleted)}). "
                f"{mode.start_afresh()}")
    else:
        said = ("There was no saved journal to delete." if whole else
                "Nothing was deleted from your journal.")
    return said + (" " + deleted_exports_words(delete_exports()) if exports else "")


def deleted_exports_words(done: ExportsDeleted) -> str:
    """What deleting the exported files did, in a sentence or two."""
    said = []
    if done.removed:
        were = "were" if len(done.removed) != 1 else "was"
        said.append(f"Your {_files(len(done.removed))} {were} deleted too (removed: "
                    f"{_names(list(done.removed))}).")
    if done.failed:
        these = "These exported files" if len(done.failed) != 1 else "This exported file"
        said.append(f"{these} could not be deleted: {esc(', '.join(done.failed))}. Delete "
                    f"{'them' if len(done.failed) != 1 else 'it'} from <code>"
                    f"{esc(paths.exports_dir())}</code>, or ask your facilitator for help.")
    return " ".join(said) or "There were no exported files left to delete."


def _describe(path) -> str:
    name = path.name
    if name.startswith("."):
        return "left over from a save that was interrupted"
    if ".corrupt-" in name:
        return "an older copy kept aside because it could not be opened"
    return "your answers"


def delete_question(journal: Journal, exported: int) -> str:
    """What "Delete my journal" will remove, file by file, and what it leaves (among that,
    the ``exported`` files in the exports folder, which a tick box offers to delete too)."""
    from ..privacy import count_of  # on a click only: the welcome's start imports less

    files = journal.files()
    if files:
        listed = "".join(f"<li><code>{esc(p.name)}</code>: {_describe(p)}</li>" for p in files)
        text = (f"This removes {count_of(len(files), 'file', 'files')} from "
                f"<code>{esc(journal.path.parent)}</code> for good:<ul>{listed}</ul>")
    else:
        text = "There is no saved journal file right now, so nothing would be removed. "
    if exported:
        text += (f"Your {_files(exported)} in <code>{esc(paths.exports_dir())}</code> (saved "
                 f"plans, their pictures, files saved for a facilitator) "
                 f"{'are' if exported != 1 else 'is'} not part of the journal and "
                 f"{'stay' if exported != 1 else 'stays'}, unless you tick <b>Also delete "
                 f"my {_files(exported)}</b> below. ")
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
    # what the box is for and how to fill it in: said once, by the welcome notebook above it
    box = shared.vbox([style(), text, status])
    place(box, errors)
    box.text, box.status = text, status
    return box
