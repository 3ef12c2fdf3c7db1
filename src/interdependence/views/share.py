"""The "share with my group" panel of each step, and the group-folder box of the welcome notebook.

The logic (what is sent, where, withdrawing) is in ``cohort/sharing.py``; this module only
shows it. Nothing leaves the journal until the participant presses a button, and the panel
always shows the exact submission first.
"""

from __future__ import annotations

import json

import ipywidgets as w

from ..cohort import sharing
from ..cohort.sharing import ShareError
from .guard import clear_error, error_area, guarded, show_error
from .style import esc, style

ROOT_CAUSE_NOTE = (
    '<div class="interdep-card"><b>This step is never shared.</b> Your timeline and your '
    "answers here stay in your private journal. There is no share button on purpose: nothing "
    "from this step can be sent to your group or your facilitator.</div>")


def share_panel(session) -> w.Widget:
    """Preview, reflection ticks, consent, and Share / Save a file / Withdraw buttons."""
    journal, curriculum, step = session.journal, session.curriculum, session.step
    if not step.shareable:
        box = w.VBox([style(), w.HTML(ROOT_CAUSE_NOTE)])
        box.never_shared = True
        return box

    earlier = sharing.shared_steps(journal).get(step.id, [])
    ticks: dict[str, w.Checkbox] = {}
    tick_rows = []
    for prompt in step.prompts:
        if not prompt.shareable:
            continue
        ticks[prompt.id] = w.Checkbox(
            value=prompt.id in earlier, indent=False, layout=w.Layout(width="auto"),
            description=f"Also share what I wrote for: {prompt.text}",
            tooltip=f"Share your reflection on: {prompt.text}")
        tick_rows.append(ticks[prompt.id])
    if not ticks:
        tick_rows.append(w.HTML('<div class="interdep-muted">No reflection in this step can be '
                                "shared; only your ratings would be.</div>"))

    heading = w.HTML(
        '<div class="interdep-card"><b>Share my ratings for this step with my group</b>'
        '<div class="interdep-muted">Optional. Nothing is sent until you press a button below, '
        "and this shows exactly what would be sent.</div></div>")
    where = w.HTML("")
    preview = w.HTML("")
    consent = w.HTML("")
    share_button = w.Button(description="Share my ratings for this step", icon="share",
                            button_style="primary", layout=w.Layout(width="auto"),
                            tooltip="Send the answers shown above to your group")
    save_button = w.Button(description="Save a file to send to my facilitator", icon="download",
                           layout=w.Layout(width="auto"),
                           tooltip="Save the answers shown above as a file you can send")
    refresh_button = w.Button(description="Refresh the preview", icon="refresh",
                              layout=w.Layout(width="auto"),
                              tooltip="Show the preview again after changing an answer")
    withdraw_button = w.Button(description="Withdraw my shared answers", icon="undo",
                               layout=w.Layout(width="auto"),
                               tooltip="Delete every answer you shared, from every step")
    status = w.HTML("")
    problem = error_area()  # expected failures (folder missing, disk full), said plainly
    errors = error_area()   # unexpected ones, through guarded()
    state: dict = {"plan": None}

    def ticked() -> list[str]:
        return [pid for pid, box in ticks.items() if box.value]

    def show(plan_: sharing.Plan) -> None:
        clear_error(problem)
        state["plan"] = plan_
        where.value = _where_html(plan_)
        preview.value = _preview_html(session, plan_, ticks)
        consent.value = _consent_html(plan_, journal.token)
        share_button.disabled = not plan_.can_share
        save_button.disabled = not plan_.can_save_file

    def rebuild() -> sharing.Plan:
        plan_ = sharing.plan(journal, curriculum, step.id, ticked())
        show(plan_)
        return plan_

    @guarded(errors)
    def on_tick(_change):
        rebuild()

    @guarded(errors)
    def on_refresh(_):
        rebuild()
        status.value = '<span class="interdep-muted">Preview updated.</span>'

    @guarded(errors)
    def on_share(_):
        try:
            sent, location = sharing.share(journal, curriculum, step.id, ticked())
        except ShareError as exc:
            _failed(str(exc))
            return
        show(sent)
        status.value = (
            '<div class="interdep-notice" role="status"><b>Shared.</b> Your answers shown above '
            f"are now in {esc(location)}. Sharing again replaces them; you can withdraw them "
            "at any time.</div>")

    @guarded(errors)
    def on_save(_):
        try:
            sent, path = sharing.save_file(journal, curriculum, step.id, ticked())
        except ShareError as exc:
            _failed(str(exc))
            return
        show(sent)
        status.value = (
            '<div class="interdep-notice" role="status"><b>Saved.</b> The file is '
            f"<code>{esc(path)}</code>. Send it to your facilitator (by email or a shared "
            "drive) without changing it or its name. Saving again replaces it.</div>")

    @guarded(errors)
    def on_withdraw(_):
        result = sharing.withdraw(journal)
        rebuild()
        if result.failed:
            _failed(" ".join(result.failed) + " Press Withdraw again to retry.")
            return
        if result.removed:
            places = "".join(f"<li><code>{esc(p)}</code></li>" for p in result.removed)
            text = f"<b>Withdrawn.</b> Your shared answers were deleted from:<ul>{places}</ul>"
        elif result.had_shared:
            text = "<b>Withdrawn.</b> There was no shared file left to delete."
        else:
            text = "You have not shared anything, so there is nothing to withdraw."
        if result.token:
            text += ("If you e-mailed a saved file to your facilitator, ask them to withdraw "
                     f"code <code>{esc(result.token)}</code> too.")
        status.value = f'<div class="interdep-notice" role="status">{text}</div>'

    def _failed(message: str) -> None:
        show_error(problem, message)
        status.value = ('<span class="interdep-muted">Your answers are still saved in your '
                        "private journal.</span>")

    for box in ticks.values():
        box.observe(on_tick, names="value")
    share_button.on_click(on_share)
    save_button.on_click(on_save)
    refresh_button.on_click(on_refresh)
    withdraw_button.on_click(on_withdraw)
    rebuild()

    panel = w.VBox([
        style(), heading, where, *tick_rows, preview, consent,
        w.HBox([share_button, save_button, refresh_button], layout=w.Layout(flex_flow="wrap")),
        w.HBox([withdraw_button]), status, problem, errors])
    panel.add_class("interdep-share")
    panel.ticks, panel.preview, panel.where, panel.consent = ticks, preview, where, consent
    panel.share_button, panel.save_button = share_button, save_button
    panel.refresh_button, panel.withdraw_button = refresh_button, withdraw_button
    panel.status, panel.problem, panel.errors = status, problem, errors
    panel.never_shared = False
    panel.plan = lambda: state["plan"]
    return panel


def _where_html(plan_: sharing.Plan) -> str:
    code = (f"<b>{esc(plan_.code)}</b>" if plan_.code else "<i>none yet</i>")
    parts = [f"<div><b>Where it goes:</b> {esc(plan_.destination.describe())}.</div>",
             f"<div><b>Group code:</b> {code}</div>"]
    if plan_.problem and plan_.destination.kind != "file":
        parts.append(f'<div class="interdep-notice" role="alert">{esc(plan_.problem)}</div>')
    elif plan_.file_problem:
        parts.append(f'<div class="interdep-notice" role="alert">{esc(plan_.file_problem)}</div>')
    return "".join(parts)


def _answer(item, value) -> str:
    if value is None:
        return "Prefer not to say (sent as empty)"
    return f"{value} · {item.scale.label(value)}"


def _preview_html(session, plan_: sharing.Plan, ticks) -> str:
    step, curriculum = session.step, session.curriculum
    if plan_.submission is None:
        return ('<div class="interdep-muted">The preview appears here once there is a group '
                "code.</div>")
    body = plan_.submission["steps"].get(step.id, {})
    sent = body.get("ratings", {})
    rows = []
    for item in step.items:
        if not item.shareable:
            continue
        answer = (esc(_answer(item, sent[item.id])) if item.id in sent
                  else '<span class="interdep-muted">not answered, left out</span>')
        rows.append(f"<tr><td>{esc(item.text)}</td><td>{answer}</td></tr>")
    reflections = body.get("reflections", {})
    shared_texts = []
    for prompt in step.prompts:
        if prompt.id in reflections:
            text = reflections[prompt.id]
            warn = sharing.personal_details(text)
            note = (f'<div class="interdep-notice">This answer contains {esc(" and ".join(warn))}'
                    ", which could identify you. You can change it above before sharing.</div>"
                    if warn else "")
            shared_texts.append(f"<li><i>{esc(prompt.text)}</i><br>"
                                f'<span style="white-space:pre-wrap">{esc(text)}</span>{note}</li>')
        elif prompt.id in ticks and ticks[prompt.id].value:
            shared_texts.append(f"<li><i>{esc(prompt.text)}</i><br><span class=\"interdep-muted\">"
                                "nothing written yet, so nothing is sent</span></li>")
    summary = body.get("summary", {})
    summary_html = ""
    if summary:
        summary_html = ("<div><b>Numbers from your exercise</b> (counts only, never the words "
                        f"or names you wrote): <code>{esc(json.dumps(summary))}</code></div>")
    earlier = ""
    if plan_.earlier_steps:
        titles = ", ".join(esc(f"{curriculum.step(s).label}: {curriculum.step(s).title}")
                           for s in plan_.earlier_steps if s in plan_.submission["steps"])
        earlier = (f"<div>Your file also holds what you shared earlier from: {titles} (as your "
                   "journal has it now).</div>")
    exact = esc(json.dumps(plan_.submission, ensure_ascii=False, indent=1, sort_keys=True))
    return (
        '<div class="interdep-card"><b>What would be sent</b>'
        '<table class="interdep-preview" style="border-collapse:collapse;margin:4px 0">'
        "<thead><tr><th style=\"text-align:left\">Statement</th>"
        "<th style=\"text-align:left\">Your answer</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        + (f"<div><b>Reflections you chose to share</b><ul>{''.join(shared_texts)}</ul></div>"
           if shared_texts else "<div>No reflections (tick a box above to add one).</div>")
        + summary_html + earlier
        + ("<div class=\"interdep-muted\">Also sent: your group code and today's date (no "
           "time). The hub's share service files it under a code it makes from your hub "
           "account with a secret key only the service holds (not your name), so you count "
           "once and your facilitator cannot tell which answers are yours.</div>"
           if plan_.destination.through_service else
           "<div class=\"interdep-muted\">Also sent: a random code made on this computer (not "
           "your name), your group code and today's date (no time).</div>")
        + f"<details><summary>The exact file</summary><pre>{exact}</pre></details></div>")


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
    status = w.HTML("")
    problem = error_area()
    errors = error_area()
    text = w.Text(value=journal.setting(sharing.LOCATION, "") or "",
                  placeholder="for example /home/shared/workshop-SPRING-26",
                  description="Group folder", continuous_update=False,
                  style={"description_width": "initial"}, layout=w.Layout(width="90%"))
    help_text = w.HTML(
        '<div class="interdep-muted">Only if your facilitator gave you a folder for shared '
        "answers (on a shared or synced drive): paste its path here and press Enter. No folder? "
        "Leave it empty: you can still save a file and send it to your facilitator.</div>")
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
    box = w.VBox([style(), help_text, text, status, problem, errors])
    box.text, box.status, box.problem, box.errors = text, status, problem, errors
    return box
