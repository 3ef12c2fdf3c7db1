"""The "share with my group" panel of each step, and the group-folder box of the welcome notebook.

The logic (what is sent, where, withdrawing) is in ``cohort/sharing.py``; this module only
shows it. Nothing leaves the journal until the participant presses a button, and the panel
always shows the exact submission first.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as w

from ..cohort import sharing
from ..cohort.sharing import ShareError
from . import download as dl
from . import shared
from .guard import LaterErrorArea, clear_error, guarded, place, show_error
from .share_preview import changed_note, exact_file_html, exact_file_toggle, preview_html
from .style import esc, style

ROOT_CAUSE_NOTE = (
    '<div class="interdep-card"><b>This step is never shared.</b> Your timeline and your '
    "answers here stay in your private journal. There is no share button on purpose: nothing "
    "from this step can be sent to your group or your facilitator.</div>")


#: The notebook's Markdown above the panel says that nothing is sent until Share is pressed,
#: and that what would be sent is shown first: the panel does not say it a second time.
HEADING = (
    '<div class="interdep-card"><b>Share my ratings for this step with my group</b>'
    '<div class="interdep-muted">Optional.</div></div>')
NO_TICKS = ('<div class="interdep-muted">No reflection in this step can be shared; only your '
            "ratings would be.</div>")
STILL_SAVED = ('<span class="interdep-muted">Your answers are still saved in your private '
               "journal.</span>")


def share_panel(session) -> w.VBox:
    """What ``step.share()`` shows: the share panel, or, for the root-cause step, a note
    that it is never shared."""
    return SharePanel(session) if session.step.shareable else NeverShared()


class NeverShared(w.VBox):
    """The root-cause step: no share button, on purpose. Parts: ``note``."""

    never_shared = True

    def __init__(self) -> None:
        self.note = shared.html(ROOT_CAUSE_NOTE)
        super().__init__([style(), self.note], layout=shared.layout())


def _button(description: str, icon: str, tooltip: str, primary: bool = False) -> w.Button:
    return shared.button(description=description, icon=icon, tooltip=tooltip,
                         button_style="primary" if primary else "")


class SharePanel(w.VBox):
    """Preview, reflection ticks, consent, and Share / Save a file / Withdraw buttons.

    What is sent, where, and withdrawing are ``cohort/sharing.py``'s; this shows its
    :class:`~interdependence.cohort.sharing.Plan` (the exact submission) before anything
    leaves the journal. Parts: ``ticks`` (shareable prompt id -> checkbox), ``where``,
    ``preview`` (in sentences), ``exact_toggle`` and ``exact`` (the file, byte for byte,
    behind "Show the exact file"), ``consent``, ``share_button``, ``save_button``,
    ``refresh_button``, ``withdraw_button``, ``status``, ``problem`` (an expected failure,
    such as a missing folder or a full disk, said plainly) and ``errors`` (anything else,
    through ``guarded``). :meth:`plan` is the plan on screen.

    The panel follows the journal: any change saved in this kernel (the group code typed in
    the welcome notebook, a rating, the exercise) rebuilds the preview at once. Another
    kernel's change is read when the preview is next built: on a tick, a click on Refresh,
    and always before Share or Save, which use the journal as it is then, never the preview.
    """

    never_shared = False

    def __init__(self, session):
        self.session = session
        self.journal, self.curriculum, self.step = (session.journal, session.curriculum,
                                                    session.step)
        earlier = sharing.shared_steps(self.journal).get(self.step.id, [])
        self.ticks = {
            prompt.id: shared.checkbox(
                value=prompt.id in earlier, indent=False, layout=shared.layout(width="auto"),
                description=f"Also share what I wrote for: {prompt.text}",
                tooltip=f"Share your reflection on: {prompt.text}")
            for prompt in self.step.prompts if prompt.shareable}
        self.where, self.preview, self.consent, self.status = (shared.html("") for _ in range(4))
        self.share_button = _button("Share my ratings for this step", "share",
                                    "Send the answers shown above to your group", True)
        self.save_button = _button("Save a file to send to my facilitator", "download",
                                   "Save the answers shown above as a file you can send")
        self.refresh_button = _button("Refresh the preview", "refresh",
                                      "Show the preview again after changing an answer")
        self.withdraw_button = _button("Withdraw my shared answers", "undo",
                                       "Delete every answer you shared, from every step")
        self.problem, self.errors = LaterErrorArea(), LaterErrorArea()
        # the saved file, for the browser to download
        self.download = dl.Download(layout=shared.layout())
        self.exact_toggle, self.exact = exact_file_toggle()
        self.current: sharing.Plan | None = None
        self._building, self._stale = False, False
        super().__init__([
            style(), shared.html(HEADING), self.where,
            *(self.ticks.values() or [shared.html(NO_TICKS)]), self.preview,
            shared.hbox([self.exact_toggle]), self.exact, self.consent,
            shared.hbox([self.share_button, self.save_button, self.refresh_button],
                        layout=shared.layout(flex_flow="wrap")),
            shared.hbox([self.withdraw_button]), self.status, self.download],
            layout=shared.layout(), _dom_classes=("interdep-share",))
        place(self, self.problem, self.errors)
        self._connect()
        self.rebuild()
        self._stop = self.journal.observe(self.follow, slot=f"share:{self.step.id}")

    def follow(self, _change: object = None) -> None:
        """The journal changed (in any cell of this kernel): show the preview again."""
        if self._building:  # a change made while building (the token): build once more
            self._stale = True
            return
        guarded(self.errors)(self.rebuild)()

    def _connect(self) -> None:
        guard = guarded(self.errors)
        for box in self.ticks.values():
            box.observe(guard(lambda _change: self.rebuild()), names="value")
        self.share_button.on_click(guard(lambda _b: self.share()))
        self.save_button.on_click(guard(lambda _b: self.save_file()))
        self.refresh_button.on_click(guard(lambda _b: self.refresh()))
        self.withdraw_button.on_click(guard(lambda _b: self.withdraw()))

    # ---- what is on screen ----------------------------------------------------------------

    def plan(self) -> sharing.Plan | None:
        """The plan shown now: where it would go and the exact submission."""
        return self.current

    def ticked(self) -> list[str]:
        return [prompt_id for prompt_id, box in self.ticks.items() if box.value]

    def show(self, plan_: sharing.Plan) -> None:
        clear_error(self.problem)
        if self.download.offered and _file_of(self.download) != plan_.submission:
            self.download.clear()  # the link offers only a file that is what is shown
        self.current = plan_
        self.where.value = _where_html(plan_)
        self.preview.value = preview_html(self.session, plan_, self.ticks)
        self.exact.value = exact_file_html(plan_)
        self.consent.value = _consent_html(plan_, self.journal.token)
        self.share_button.disabled = not plan_.can_share
        self.save_button.disabled = not plan_.can_save_file

    def rebuild(self) -> sharing.Plan:
        """Read the journal and the destination again, and show what would be sent."""
        self._building = True
        try:
            while True:
                self._stale = False
                plan_ = sharing.plan(self.journal, self.curriculum, self.step.id,
                                     self.ticked())
                if not self._stale:
                    break
        finally:
            self._building = False
        self.show(plan_)
        return plan_

    def refresh(self) -> None:
        self.rebuild()
        self.status.value = '<span class="interdep-muted">Preview updated.</span>'

    def _failed(self, message: str) -> None:
        show_error(self.problem, message)
        self.status.value = STILL_SAVED

    # ---- the buttons ----------------------------------------------------------------------

    def _deliver(self, send: Callable[..., tuple[Any, Any]], notice: str) -> Any:
        """Share or save with ``send``; then show what went, and ``notice`` (HTML, with
        ``{where}`` for the escaped place it went) as the status. Returns where it went
        (None if it failed)."""
        shown = self.current.submission if self.current else None
        try:
            sent, where = send(self.journal, self.curriculum, self.step.id, self.ticked())
        except ShareError as exc:
            self._failed(str(exc))
            return None
        self.show(sent)
        self.status.value = ('<div class="interdep-notice" role="status">'
                             f"{notice.format(where=esc(where))}{changed_note(shown, sent)}"
                             "</div>")
        return where

    def share(self) -> None:
        self._deliver(sharing.share,
                   "<b>Shared.</b> Your answers shown above are now in {where}. Sharing again "
                   "replaces them; you can withdraw them at any time.")

    def save_file(self) -> None:
        """Save the file shown above, and have the browser download that very file."""
        where = self._deliver(sharing.save_file, "<b>Saved.</b> The file is <code>{where}"
                              "</code>. Send it to your facilitator (by email or a shared "
                              "drive) without changing it or its name.")
        if where is None:
            return
        try:
            offered = self.download.offer([dl.file_from(
                Path(where), "Download the file for my facilitator", "application/json")])
        except (OSError, dl.DownloadTooLarge):
            return  # the status above still says where the saved file is
        send = ("Send it to your facilitator (by email or a shared drive) without changing "
                "it or its name.")
        self.status.value = ('<div class="interdep-notice" role="status"><b>Saved.</b> '
                             f"{dl.message(offered, where, extra=send)} Saving again "
                             "replaces that copy.</div>")

    def withdraw(self) -> None:
        result = sharing.withdraw(self.journal)
        self.rebuild()
        if result.failed:
            self._failed(" ".join(result.failed) + " Press Withdraw again to retry.")
            return
        self.status.value = (f'<div class="interdep-notice" role="status">'
                             f"{_withdrawn_html(result)}</div>")


def _file_of(download: dl.Download) -> Any:
    """The submission in the file offered for download."""
    return json.loads(download.offered[0].data)


def _withdrawn_html(result: sharing.Withdrawal) -> str:
    """What a withdrawal did, and what the participant may still need to ask for."""
    if result.removed:
        places = "".join(f"<li><code>{esc(p)}</code></li>" for p in result.removed)
        said = [f"<b>Withdrawn.</b> Your shared answers were deleted from:<ul>{places}</ul>"]
    elif result.had_shared:
        said = ["<b>Withdrawn.</b> There was no shared file left to delete."]
    else:
        said = ["You have not shared anything, so there is nothing to withdraw."]
    if result.token:
        said.append("If you e-mailed a saved file to your facilitator, ask them to withdraw "
                    f"code <code>{esc(result.token)}</code> too.")
    return " ".join(said)


def _where_html(plan_: sharing.Plan) -> str:
    code = (f"<b>{esc(plan_.code)}</b>" if plan_.code else "<i>none yet</i>")
    parts = [f"<div><b>Where it goes:</b> {esc(plan_.destination.describe())}.</div>",
             f"<div><b>Group code:</b> {code}</div>"]
    if plan_.problem and plan_.destination.kind != "file":
        parts.append(f'<div class="interdep-notice" role="alert">{esc(plan_.problem)}</div>')
    elif plan_.file_problem:
        parts.append(f'<div class="interdep-notice" role="alert">{esc(plan_.file_problem)}</div>')
    return "".join(parts)


def _consent_html(plan_: sharing.Plan, token: str | None) -> str:
    withdraw = ("You can withdraw at any time with the button below: it deletes what you "
                "shared.")
    if token:
        withdraw += (f" If you send a saved file instead, your facilitator can withdraw it for "
                     f"you with your code <code>{esc(token)}</code>.")
    group = (f"at least {plan_.min_group} people" if plan_.settings else
             f"at least {plan_.min_group} people (your facilitator may choose a larger number, "
             "never fewer than 3)")
    return (
        '<div class="interdep-card"><b>Before you share</b><ul>'
        f"<li>Group charts show a result only when {esc(group)} have shared it. Smaller groups "
        "are hidden, and nobody sees one person's answers.</li>"
        "<li>What you share carries no name. But words you write can sometimes be recognised "
        "by people who know you, so tick a reflection only if you are comfortable with that."
        "</li>"
        f"<li>{withdraw}</li>"
        f"<li>{esc(sharing.retention_sentence(plan_))}</li>"
        "</ul></div>")


# ---- the welcome notebook: where shared answers go ---------------------------------------


def cohort_location(journal) -> w.VBox:
    """The group folder (a shared or synced drive), or a note that the hub sets it."""
    dest = sharing.destination(journal)
    status = shared.html("")
    problem, errors = LaterErrorArea(), LaterErrorArea()
    text = w.Text(value=journal.setting(sharing.LOCATION, "") or "",
                  placeholder="for example /home/shared/workshop-SPRING-26",
                  description="Group folder", continuous_update=False,
                  style=shared.text_style(description_width="initial"),
                  layout=shared.layout(width="90%"))
    if dest.kind == "env":
        text.disabled = True
        status.value = (
            '<span class="interdep-muted">Nothing to do here: your workshop is set up so that '
            f"shared answers go to {esc(dest.location)}.</span>")

    @guarded(errors)
    def on_change(change):
        try:
            location, message = sharing.check_location(change["new"])
        except ShareError as exc:
            show_error(problem, str(exc))
            status.value = ""
            return
        journal.set_setting(sharing.LOCATION, location)
        clear_error(problem)
        status.value = f'<span class="interdep-muted">{esc(message)}</span>'

    text.observe(on_change, names="value")
    if dest.kind == "folder":
        status.value = (f'<span class="interdep-muted">Saved: shared answers go to '
                        f"{esc(dest.location)}.</span>")
    # what the box is for and how to fill it in: said once, by the welcome notebook above it
    box = shared.vbox([style(), text, status])
    place(box, problem, errors)
    box.text, box.status, box.problem, box.errors = text, status, problem, errors
    return box
