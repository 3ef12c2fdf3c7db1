"""The participant's side of sharing: where a submission goes; share, save a file, withdraw.

Where it goes, first match wins:

1. ``INTERDEPENDENCE_COHORT`` (a folder, a ``postgresql://`` URL, or the hub's share service,
   ``jupyterhub-service:URL``, that a hub sets for everyone);
2. the folder typed in the welcome notebook (journal setting ``cohort_location``);
3. nowhere shared: "Save a file to send to my facilitator" writes ``<token>.json`` into
   ``paths.exports_dir()``, for the facilitator to drop into the cohort folder.

The journal records what was shared (setting ``shared_steps``: step id -> ticked prompt ids)
and where (``shared_to``: locations), so the one file per token can be rebuilt with every
shared step, and withdrawn everywhere. The journal is only updated after a write succeeded;
a failed write leaves everything as it was, so pressing Share again retries.

Through the hub's share service (``cohort/stores/hubservice.py``) the service stores the answers
under a code it makes from the hub account, so withdrawing asks the service, from any journal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import limits, paths
from ..curriculum import Curriculum
from ..frozen import Record

if TYPE_CHECKING:
    from ..shapes import Submission
    from .settings import CohortSettings

# Imported only once they are needed, so the welcome notebook's first run (no group code, no
# group folder: issue 14, item 4) draws its share panel and group-folder box without them: the
# stores (folder: hashlib, hmac; the hub's service: urllib, http.client, email) when a store
# is opened; their rules (``stores/base.py``) when a location is set; the cohort settings once
# a code is checked or a folder's settings read; the submission module, and the step registry it
# reads, once there is a group code to build a submission with.

SHARED = "shared_steps"
SHARED_TO = "shared_to"
LOCATION = "cohort_location"
CODE = "cohort_code"

# Compiled on first use (``re`` keeps them), not when the share panel is imported.
_EMAIL = r"[\w.+-]+@[\w-]+(\.[\w-]+)+"
_PHONE = r"(?:\+?\d[\s().-]?){7,}"


class ShareError(RuntimeError):
    """Sharing could not be done; the message says why, plainly, and what to try."""


class Destination(Record):
    kind: str  # "env" (set by the hub), "folder" (typed in the welcome notebook), "file"
    location: str | None
    through_service: bool = False  # the hub's share service (env only)

    def describe(self) -> str:
        if self.through_service:
            return ("your workshop's share service on this hub, set up by your facilitator: it "
                    "keeps your answers under a code made from your hub account with a secret "
                    "key, so you count once and your facilitator cannot tell which answers are "
                    "yours")
        if self.kind == "env":
            return (f"your workshop's shared group store ({self.location}), set up by your "
                    "facilitator")
        if self.kind == "folder":
            return f"the group folder you chose in the welcome part ({self.location})"
        return ('no shared group folder is set up here; use "Save a file to send to my '
                'facilitator" below')


def destination(journal) -> Destination:
    env = os.environ.get(paths.COHORT_ENV, "").strip()
    if env:
        from .stores.base import is_service_location

        return Destination("env", _display(env), is_service_location(env))
    chosen = journal.setting(LOCATION)
    if chosen:
        return Destination("folder", str(chosen))
    return Destination("file", None)


def _display(location: str) -> str:
    from .stores.base import is_service_location

    if is_service_location(location):
        return "the workshop's share service on this hub"
    # never show a database password in a notebook
    return re.sub(r"(://[^:/@]+:)[^@]+@", r"\1•••@", location)


def _store_location(journal) -> str | None:
    env = os.environ.get(paths.COHORT_ENV, "").strip()
    return env or journal.setting(LOCATION) or None


def check_location(text: str) -> tuple[str | None, str]:
    """A location typed by a participant: (what to save or None, a sentence for them)."""
    text = (text or "").strip().strip('"').strip("'")
    if not text:
        return None, ("No group folder: fine if you are studying alone, or if your facilitator "
                      "asked you to save a file and send it to them.")
    if text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return text, "Saved. Shared answers will go to your workshop's group database."
    folder = Path(text).expanduser()
    if not folder.is_dir():
        raise ShareError(f"There is no folder at {folder}. Check the path your facilitator gave "
                         "you (a shared or synced drive may need to be connected first), or "
                         "leave this empty to save a file instead.")
    folder = folder.resolve()
    return str(folder), f"Saved. When you press Share, your shared answers go to {folder}."


def personal_details(text: str) -> list[str]:
    """Things in a reflection that could identify someone: said, never removed."""
    found = []
    if re.search(_EMAIL, text):
        found.append("an email address")
    if re.search(_PHONE, text):
        found.append("what looks like a phone number")
    return found


class Plan:
    """What pressing Share would do: the exact submission, or why it cannot be sent.

    :func:`plan` fills it in. A plain class, not a dataclass: defining a dataclass costs
    about 0.7 ms when the share panel is first imported (issue 14, item 4: the welcome
    notebook's cold start), and nothing compares or prints plans.
    """

    def __init__(self, destination: Destination) -> None:
        self.destination = destination
        self.submission: Submission | None = None
        self.code: str | None = None
        self.problem: str | None = None       # why Share cannot work now (Save a file may)
        self.file_problem: str | None = None  # why Save a file cannot work now
        self.settings: CohortSettings | None = None
        self.earlier_steps: list[str] = []

    @property
    def min_group(self) -> int:
        return self.settings.min_group if self.settings else limits.DEFAULT_MIN_GROUP

    @property
    def keep_days(self) -> int | None:
        return self.settings.keep_days if self.settings else None

    @property
    def can_share(self) -> bool:
        return self.submission is not None and self.problem is None

    @property
    def can_save_file(self) -> bool:
        return self.submission is not None and self.file_problem is None


def shared_steps(journal) -> dict[str, list[str]]:
    record = journal.setting(SHARED) or {}
    return {str(k): [str(p) for p in v] for k, v in record.items()} if isinstance(
        record, dict) else {}


def plan(journal, curriculum: Curriculum, step_id: str, ticked: Iterable[str],
         today: dt.date | None = None) -> Plan:
    step = curriculum.step(step_id)
    dest = destination(journal)
    result = Plan(dest)
    if not step.shareable:
        result.problem = result.file_problem = "Nothing from this step can ever be shared."
        return result
    own_code = journal.setting(CODE) or None
    if own_code:
        from .settings import COHORT_CODE

        if not COHORT_CODE.fullmatch(str(own_code)):
            own_code = None
    folder_code = None
    location = _store_location(journal)
    if location:
        from .stores.base import StoreError
        from .stores.factory import open_store
        from .stores.folder import FolderStore, plain_os_error

        store = open_store(location)
        try:
            # A participant trusts the settings of the folder's owner (the facilitator).
            result.settings = (store.settings(as_participant=True)
                               if isinstance(store, FolderStore) else store.settings())
        except StoreError as exc:
            result.problem = str(exc)
            if isinstance(store, FolderStore) and not store.path.is_dir():
                result.problem = plain_os_error(
                    FileNotFoundError(errno.ENOENT, "missing"), store.path, "share") + (
                    " Your answers stay in your journal; press Refresh once it is back.")
        if result.settings is not None:
            folder_code = result.settings.code
    # On the welcome page the group code and folder boxes are just above its share panel.
    welcome = step_id == curriculum.steps[0].id
    if own_code and folder_code and own_code != folder_code:
        result.problem = (f"This group folder belongs to group {folder_code}, but your group "
                          f"code is {own_code}. Check the code in "
                          f"{'the box above' if welcome else 'the welcome part (part 0)'}, or "
                          "ask your facilitator which is right.")
    code = own_code or folder_code
    if code is None:
        missing = ("There is no group code yet. Type the code your facilitator gave you in "
                   + ('the "Group code" box above.' if welcome else
                      'the welcome part (part 0, the "Group code" box), then come back here.'))
        result.file_problem = missing
        result.problem = result.problem or missing
        return result
    if location is None:
        result.problem = ("There is no shared group folder on this computer. Use \"Save a file "
                          "to send to my facilitator\" instead, or ask your facilitator for a "
                          "group folder and enter it in "
                          + ("the box above." if welcome else "the welcome part (part 0)."))
    shared = shared_steps(journal)
    result.earlier_steps = sorted(s for s in shared if s != step_id)
    shared[step_id] = sorted(set(ticked))
    known = {s.id for s in curriculum.steps if s.shareable}
    shared = {s: p for s, p in shared.items() if s in known}
    result.code = code
    seen = result.settings.min_group if result.settings else limits.DEFAULT_MIN_GROUP
    from .submission import build_submission

    result.submission = build_submission(journal, curriculum, shared, code, today=today,
                                         min_group=seen)
    body = result.submission["steps"][step_id]
    if not (body["ratings"] or body["reflections"] or any(_flatten(body["summary"]))):
        # Sharing an empty step would count this person as taking part with nothing in it.
        nothing = ("You have not answered anything in this step yet, so there is nothing to "
                   "share. Answer a question above (\"Prefer not to say\" counts), then press "
                   "Refresh.")
        result.problem = result.problem or nothing
        result.file_problem = result.file_problem or nothing
    return result


def _flatten(summary: dict) -> list:
    out: list[Any] = []
    for value in summary.values():
        out.extend(value.values() if isinstance(value, dict) else [value])
    return out


def _ready(journal, curriculum: Curriculum, step_id: str, ticked: list[str],
           today: dt.date | None, *, to_file: bool) -> Plan:
    """The plan for Share (or, ``to_file``, for Save a file), read now; ShareError with the
    reason when it cannot go that way."""
    result = plan(journal, curriculum, step_id, ticked, today=today)
    if to_file and not result.can_save_file:
        raise ShareError(result.file_problem or "Nothing could be prepared to save.")
    if not to_file and not result.can_share:
        raise ShareError(result.problem or "Nothing could be prepared to share.")
    return result


def share(journal, curriculum: Curriculum, step_id: str, ticked: Iterable[str],
          today: dt.date | None = None) -> tuple[Plan, str]:
    """Write the submission to the group store. Returns (the plan sent, where it went)."""
    ticked = list(ticked)
    result = _ready(journal, curriculum, step_id, ticked, today, to_file=False)
    location = _store_location(journal)
    # can_share: plan() made a submission, and found a location (without one it sets problem)
    assert result.submission is not None
    assert location is not None
    from .stores.base import StoreError
    from .stores.factory import open_store

    store = open_store(location)
    try:
        store.put(result.submission)
    except StoreError as exc:
        kept = (" Press Share again to retry." if "still in your journal" in str(exc) else
                " Nothing was sent. Your answers are still safe in your journal; press Share "
                "again to retry.")
        raise ShareError(f"{exc}{kept}") from exc
    _record_ticks(journal, step_id, ticked, result.submission, location)
    return result, result.destination.location or location


def _record_ticks(journal, step_id, ticked, submission, location) -> None:
    shared = shared_steps(journal)
    for other in submission["steps"]:
        shared.setdefault(other, [])
    shared[step_id] = sorted(set(ticked))
    journal.set_setting(SHARED, shared)
    if location:
        where = [w for w in (journal.setting(SHARED_TO) or []) if isinstance(w, str)]
        if location not in where:
            journal.set_setting(SHARED_TO, where + [location])


def save_file(journal, curriculum: Curriculum, step_id: str, ticked: Iterable[str],
              today: dt.date | None = None) -> tuple[Plan, Path]:
    """Write ``<token>.json`` into the exports folder, for the participant to send."""
    ticked = list(ticked)
    result = _ready(journal, curriculum, step_id, ticked, today, to_file=True)
    assert result.submission is not None  # can_save_file says so
    from .stores.base import StoreError
    from .stores.folder import FolderStore, plain_os_error

    folder = paths.exports_dir()
    target = folder / f"{result.submission['token']}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        FolderStore(folder).put(result.submission)
    except OSError as exc:
        raise ShareError(plain_os_error(exc, folder, "save the file").replace(
            "group folder", "folder") + " Your answers are still in your journal.") from exc
    except StoreError as exc:
        raise ShareError(f"{exc} Your answers are still in your journal.") from exc
    _record_ticks(journal, step_id, ticked, result.submission, None)
    return result, target


class Withdrawal:
    """What :func:`withdraw` did (a plain class, as :class:`Plan`)."""

    def __init__(self, token: str | None = None) -> None:
        self.removed: list[str] = []  # where a shared file was deleted
        self.failed: list[str] = []   # plain sentences, one per failure
        self.token = token
        self.had_shared = False

    @property
    def done(self) -> bool:
        return not self.failed


def withdraw(journal) -> Withdrawal:
    """Delete this participant's submission everywhere it was written, and the saved file."""
    token = journal.token
    result = Withdrawal(token=token)
    locations = [w for w in (journal.setting(SHARED_TO) or []) if isinstance(w, str)]
    result.had_shared = bool(shared_steps(journal) or locations)
    env = os.environ.get(paths.COHORT_ENV, "").strip()
    from .stores.base import StoreError, is_service_location

    if is_service_location(env) and env not in locations:
        # The service withdraws this hub user's answers whichever journal shared them.
        locations.append(env)
    elif not token:
        return result
    from .stores.factory import open_store

    remaining = []
    for location in locations:
        try:
            if open_store(location).delete(token):
                result.removed.append(_display(location))
        except StoreError as exc:
            result.failed.append(str(exc))
            remaining.append(location)
    exported = paths.exports_dir() / f"{token}.json"
    try:
        if token:
            exported.unlink()
            result.removed.append(str(exported))
    except FileNotFoundError:
        pass
    except OSError as exc:
        result.failed.append(f"The saved file {exported} could not be deleted: "
                             f"{exc.strerror or exc}.")
    if token:  # half-written copies an interrupted "Save a file" left (they hold answers too)
        import glob

        for leftover in exported.parent.glob(f".{glob.escape(token)}.json.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
    journal.set_setting(SHARED_TO, remaining)
    if not remaining:
        journal.set_setting(SHARED, {})
    return result


def retention_sentence(plan_: Plan) -> str:
    days = plan_.keep_days
    if days:
        return (f"Your facilitator keeps shared answers for at most {days} days after the "
                "workshop, then deletes them.")
    return (f"Your facilitator deletes shared answers after the workshop (by default after "
            f"{limits.DEFAULT_KEEP_DAYS} days); ask them if you want to know exactly when.")
