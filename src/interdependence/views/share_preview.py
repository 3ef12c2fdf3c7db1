"""What the share panel says would be sent: in sentences, with the exact file behind a toggle.

The sentences come from the curriculum: each statement's text and its scale's labels for the
ratings, the reflection's own words, quoted, and, for the numbers a step's exercise sends
(its ``summary_bounds`` in ``steps.py``), the ``share_sentences`` of the step's YAML
``exercise:`` section. Every summary key has a sentence there (``tests/test_share.py``
checks every step of the registry), so a new step cannot forget one.

"Show the exact file" shows the submission exactly as it will be written, byte for byte
(``submission.encode``), so nobody has to take the sentences on trust.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as w

from ..cohort import sharing
from . import shared
from .style import esc

NOT_GIVEN = "not given yet (sent as empty)"
SHOW, HIDE = "Show the exact file", "Hide the exact file"


# ---- the numbers of a step's exercise, in sentences ------------------------------------------


def sentence_words(step) -> list[Mapping[str, Any]]:
    """The step's ``share_sentences`` (its YAML ``exercise:`` section), or [] if it has none."""
    words = step.exercise.get("share_sentences") or ()
    return [entry for entry in words if isinstance(entry, Mapping)]


def keys_without_a_sentence(step) -> list[str]:
    """The summary keys of a step (``steps.py`` summary_bounds) that no sentence covers."""
    from .. import steps

    bounds = steps.get(step.id).summary_bounds or {}
    covered = {key for entry in sentence_words(step) for key in entry.get("keys", ())}
    return [key for key in bounds if key not in covered]


def _number(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}" if value == int(value) else f"{value:.1f}"
    return str(value)


def _and(parts: list[str]) -> str:
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _counts(value: Mapping[str, Any], labels: Mapping[str, str]) -> str:
    order = [k for k in labels if k in value] + [k for k in value if k not in labels]
    if not order:
        return "none yet"
    return _and([f"{_number(value[k])} {labels.get(k, k.replace('_', ' '))}" for k in order])


def _sentence(entry: Mapping[str, Any], summary: Mapping[str, Any]) -> str:
    keys = list(entry.get("keys", ()))
    values = {key: summary.get(key) for key in keys}
    if len(keys) == 1 and isinstance(values[keys[0]], bool):
        return str(entry.get("if_true" if values[keys[0]] else "if_false", ""))
    if any(v is None for v in values.values()) and entry.get("none"):
        return str(entry["none"])
    labels = entry.get("labels") or {}
    shown = {key: (NOT_GIVEN if v is None else _counts(v, labels) if isinstance(v, Mapping)
                   else _number(v)) for key, v in values.items()}
    return str(entry.get("text", "")).format(**shown)


def summary_sentences(step, summary: Mapping[str, Any]) -> list[str]:
    """The numbers a step's exercise sends, one plain sentence each (not yet escaped).

    A key with no sentence (one an older version sent) is still said, plainly, never as code.
    """
    said, covered = [], set()
    for entry in sentence_words(step):
        keys = set(entry.get("keys", ()))
        if keys & set(summary):
            said.append(_sentence(entry, summary))
            covered |= keys
    for key in summary:
        if key not in covered:
            value = summary[key]
            shown = (_counts(value, {}) if isinstance(value, Mapping)
                     else NOT_GIVEN if value is None else _number(value))
            said.append(f"{key.replace('_', ' ').capitalize()}: {shown}.")
    return said


# ---- the whole preview -----------------------------------------------------------------------


def _answer(item, value) -> str:
    if value is None:
        return "Prefer not to say (sent as empty)"
    return f"{item.scale.label(value)} ({value} of 5)"


def _ratings_html(step, sent: Mapping[str, Any]) -> str:
    rows = []
    for item in step.items:
        if not item.shareable:
            continue
        answer = (f"<b>{esc(_answer(item, sent[item.id]))}</b>" if item.id in sent
                  else '<span class="interdep-muted">not answered, left out</span>')
        rows.append(f"<li>“{esc(item.text)}”: {answer}</li>")
    if not rows:
        return ""
    return f"<div><b>Your answers to the statements</b><ul>{''.join(rows)}</ul></div>"


def _reflections_html(step, reflections: Mapping[str, str], ticks) -> str:
    shared_texts = []
    for prompt in step.prompts:
        if prompt.id in reflections:
            text = reflections[prompt.id]
            warn = sharing.personal_details(text)
            note = (f'<div class="interdep-notice">This answer contains {esc(" and ".join(warn))}'
                    ", which could identify you. You can change it above before sharing.</div>"
                    if warn else "")
            shared_texts.append(f"<li>{esc(prompt.text)}<br>You wrote: "
                                f'<q style="white-space:pre-wrap">{esc(text)}</q>{note}</li>')
        elif prompt.id in ticks and ticks[prompt.id].value:
            shared_texts.append(f"<li>{esc(prompt.text)}<br><span class=\"interdep-muted\">"
                                "nothing written yet, so nothing is sent</span></li>")
    if not shared_texts:
        return "<div>No reflections (tick a box above to add one).</div>"
    return f"<div><b>Reflections you chose to share</b><ul>{''.join(shared_texts)}</ul></div>"


def _summary_html(step, summary: Mapping[str, Any]) -> str:
    said = summary_sentences(step, summary)
    if not said:
        return ""
    items = "".join(f"<li>{esc(sentence)}</li>" for sentence in said)
    return ("<div><b>Numbers from your exercise</b> (counts only, never the words or names you "
            f"wrote)<ul>{items}</ul></div>")


def _also_sent(plan_: sharing.Plan) -> str:
    if plan_.destination.through_service:
        return ("<div class=\"interdep-muted\">Also sent: your group code and today's date (no "
                "time). The hub's share service files it under a code it makes from your hub "
                "account with a secret key only the service holds (not your name), so you count "
                "once and your facilitator cannot tell which answers are yours.</div>")
    return ("<div class=\"interdep-muted\">Also sent: a random code made on this computer (not "
            "your name), your group code and today's date (no time).</div>")


def preview_html(session, plan_: sharing.Plan, ticks) -> str:
    """What would be sent, in sentences: the ratings, the ticked reflections (quoted), the
    exercise's numbers, and what else the file holds."""
    step, curriculum = session.step, session.curriculum
    if plan_.submission is None:
        return ('<div class="interdep-muted">The preview appears here once there is a group '
                "code.</div>")
    body: Mapping[str, Any] = plan_.submission["steps"].get(step.id, {})
    earlier = ""
    if plan_.earlier_steps:
        titles = ", ".join(esc(f"{curriculum.step(s).label}: {curriculum.step(s).title}")
                           for s in plan_.earlier_steps if s in plan_.submission["steps"])
        earlier = (f"<div>Your file also holds what you shared earlier from: {titles} (as your "
                   "journal has it now).</div>")
    return ('<div class="interdep-card interdep-preview"><b>What would be sent</b>'
            + _ratings_html(step, body.get("ratings", {}))
            + _reflections_html(step, body.get("reflections", {}), ticks)
            + _summary_html(step, body.get("summary", {})) + earlier + _also_sent(plan_)
            + "</div>")


# ---- the exact file --------------------------------------------------------------------------


def exact_file_text(plan_: sharing.Plan) -> str:
    """The file exactly as Share or Save would write it now ('' when there is none)."""
    if plan_.submission is None:
        return ""
    from ..cohort.submission import encode  # a plan with a submission has imported it

    return encode(plan_.submission).decode("utf-8")


def exact_file_html(plan_: sharing.Plan) -> str:
    text = exact_file_text(plan_)
    if not text:
        return ('<div class="interdep-muted">There is no file yet: it appears here once there '
                "is a group code.</div>")
    return ('<div class="interdep-muted">This is the file exactly as it would be written, '
            "letter for letter.</div>"
            '<pre class="interdep-exact" style="white-space:pre-wrap;word-break:break-all">'
            f"{esc(text)}</pre>")


def exact_file_toggle() -> tuple[w.ToggleButton, w.HTML]:
    """A "Show the exact file" button and the file it shows and hides."""
    toggle = w.ToggleButton(value=False, description=SHOW, icon="file-text-o",
                            tooltip="Show the file exactly as it would be sent",
                            style=shared.toggle_button_style(), layout=shared.layout(width="auto"))
    exact = shared.html("", layout=shared.layout(display="none"))

    def flip(change: Mapping[str, Any]) -> None:
        shared.display(exact, change["new"])
        toggle.description = HIDE if change["new"] else SHOW

    toggle.observe(flip, names="value")
    return toggle, exact


def changed_note(shown: Mapping[str, Any] | None, sent: sharing.Plan) -> str:
    """A sentence when what went differs from the preview that was on screen (answers
    changed in another notebook since), or ''."""
    if shown is None or sent.submission is None or _same(shown, sent.submission):
        return ""
    return (" Your answers had changed since the preview was shown (perhaps in another "
            "notebook), so what was sent is your journal as it is now, shown above.")


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return ({k: v for k, v in a.items() if k != "date"}
            == {k: v for k, v in b.items() if k != "date"})
