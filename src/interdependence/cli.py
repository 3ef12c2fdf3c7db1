"""The ``interdependence`` command, for facilitators.

    interdependence demo-cohort DIR [--participants N] [--seed S]
    interdependence setup-cohort DIR --code CODE [--min-group K] [--keep-days D]
                                 [--participant-role ROLE]   (postgresql:// URLs)
    interdependence check SOURCE
    interdependence report SOURCE --out FILE.html [--min-group K] [--close-round]
                                  [--with-reflections]
    interdependence withdraw SOURCE TOKEN
    interdependence purge SOURCE --older-than DAYS
    interdependence notebooks DEST [--facilitator] [--force]
    interdependence facilitator-app [--cohort SOURCE] [Voila options, e.g. --port=8866]

SOURCE is a cohort folder or a ``postgresql://`` URL. Exit status 0 on success; otherwise one
line on stderr saying what went wrong (never a traceback) and a non-zero status.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from .cohort.demo import DEMO_CODE, DEMO_PARTICIPANTS, DEMO_SEED
from .cohort.settings import DEFAULT_KEEP_DAYS, MAX_KEEP_DAYS
from .privacy import DEFAULT_MIN_GROUP, HIGHEST_MIN_GROUP, LOWEST_MIN_GROUP, shown_count
from .safe_text import safe_text

PROG = "interdependence"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not usage + error
        raise _Usage(f"{message} (see `{self.prog} --help`)")


class _Usage(Exception):
    pass


def _say(text: str = "") -> None:
    print(safe_text(text), flush=True)


def _warn(text: str) -> None:
    print(f"warning: {_one_line(text)}", file=sys.stderr, flush=True)


def _one_line(text: object) -> str:
    """One line, safe for a terminal: runs of spaces, tabs and newlines become one space;
    any other control character is shown escaped (see :func:`safe_text`)."""
    return safe_text(" ".join(re.split(r"[ \t\n]+", str(text))).strip())


# ---- subcommands -------------------------------------------------------------------------


def cmd_demo_cohort(args: argparse.Namespace) -> int:
    from .cohort.demo import write_demo_cohort

    store = write_demo_cohort(args.dir, count=args.participants, seed=args.seed,
                              code=args.code, min_group=args.min_group)
    people = "participant" if args.participants == 1 else "participants"
    _say(f"Wrote a synthetic cohort of {args.participants} made-up {people} to "
         f"{store.location} (code {args.code}, seed {args.seed}).")
    return 0


def cmd_setup_cohort(args: argparse.Namespace) -> int:
    from .cohort.stores.base import StoreError
    from .cohort.stores.factory import is_postgres_url, open_postgres_store

    if is_postgres_url(args.dir):
        # Typed as the PostgreSQL store: only it can grant a participant role.
        store = open_postgres_store(args.dir)
        settings = store.init_settings(args.code, args.min_group, args.keep_days)
        _say(f"Cohort {settings.code} is ready in the database (smallest group shown: "
             f"{settings.min_group}).")
        if args.participant_role:
            store.grant_participant(args.participant_role)
            _say(f"The role {args.participant_role} may now share and withdraw, and read "
                 "nothing else: give participants' servers a URL with that role.")
        return 0
    if args.participant_role:
        raise StoreError("--participant-role is for a postgresql:// URL, not a folder.")
    from .cohort.stores.folder_setup import set_up_folder

    made = set_up_folder(args.dir, args.code, args.min_group, args.keep_days)
    settings = made.settings
    _say(f"Cohort {settings.code} is ready in {made.store.path} "
         f"({'existing' if made.existed else 'new'} folder). Smallest group shown: "
         f"{settings.min_group}. Keeps submissions {settings.keep_days} days (then run "
         f"`{PROG} purge`).")
    for note in made.warnings:
        print(f"warning: {_one_line(note)}", file=sys.stderr)
    _say("Participants can add their own file here but cannot list or read the folder, when "
         "each has their own system account. Where everyone shares one account or a synced "
         "drive, anyone with access to the folder can read every file in it.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .cohort.loader import load_cohort
    from .cohort.maintenance import set_aside_count
    from .cohort.stores.factory import open_store
    from .cohort.stores.folder import FolderStore
    from .cohort.stores.folder_setup import access_warnings

    store = open_store(args.source)
    data = load_cohort(store, set_aside=False)  # refuses a folder that is not a cohort
    store.wait()
    from .cohort.reveal import forget

    for problem in forget(store, data.withdrawn):  # withdrawals leave what was shown at once
        _warn(problem)
    removed = store.remove_leftovers()  # never read; each may hold someone's words
    code = data.settings.code or "(no settings.json)"
    _say(f"Cohort {code} at {store.location}: smallest group shown "
         f"{data.settings.min_group}.")
    _say(f"Valid submissions: {shown_count(data.accepted, data.min_group)}")
    for token in sorted(data.tokens):
        _say(f"  ok        {token}.json")
    _say(f"Set aside: {len(data.rejected)}")
    for name, reason in sorted(data.rejected):
        _say(f"  set aside {name}: {reason}")
    earlier = set_aside_count(store)
    if earlier:
        _say(f"Set aside earlier (kept, never deleted): {earlier} file(s) in _set_aside/")
    if removed:
        _say(f"Removed {len(removed)} temp file(s) left by an interrupted share or load "
             "(never read; they could hold a copy of someone's answers).")
    waiting = store.leftovers()
    if waiting:
        _say(f"{len(waiting)} temp file(s) are younger than 10 minutes (a share may be under "
             "way); run check again later to remove them if they stay.")
    if data.unknown_source:
        _say(f"{data.unknown_source} valid submission(s) were sent by hand or written by your "
             "own account, so the kit cannot tell who sent them: one person could have sent "
             "several. Compare this number with how many people told you they "
             "shared (see the guide's data-and-privacy page).")
    if data.same_source:
        _say(f"{data.same_source} shared step(s) were not counted: the same account had shared "
             "them from another journal; each account counts once per step.")
    warnings = list(data.warnings)
    if isinstance(store, FolderStore):
        warnings += access_warnings(store.path)
    for warning in warnings:
        print(f"warning: {_one_line(warning)}", file=sys.stderr)
    return 0


def _report_target(out: str) -> Path:
    """The report's file, checked before the cohort is loaded: a plain sentence when it is a
    folder, in a folder that does not exist, or in one this account cannot write to."""
    import os

    path = Path(out).expanduser()
    if path.is_dir():
        raise ValueError(f"{out} is a folder; give a file name such as "
                         f"{Path(out) / 'report.html'}")
    if not out.strip() or path.name in ("", ".", ".."):
        raise ValueError(f"{out!r} is not a file name; give one such as report.html")
    folder = path.parent
    if not folder.exists():
        raise ValueError(f"The folder {folder} does not exist: create it first, or give a file "
                         "name in a folder that exists (such as report.html here).")
    if not folder.is_dir():
        raise ValueError(f"{folder} is a file, not a folder: give a file name such as "
                         "report.html in a folder.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ValueError(f"This account cannot write in the folder {folder}: give a file name "
                         "in a folder you can write to, such as report.html in your home "
                         "folder.")
    return path


@contextlib.contextmanager
def _progress(logger: str):
    """While the block runs, what ``logger`` says at INFO is printed as a plain line (to
    stdout, with what the command says when done: stderr is for one-line errors): a first
    report of a large group draws for a while, and a silent command looks stuck."""
    import logging

    log = logging.getLogger(logger)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("%(message)s"))
    old_level = log.level
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)


def cmd_report(args: argparse.Namespace) -> int:
    from .report.build import write_report  # the presentation side; loaded only when asked for

    target = _report_target(args.out)
    # The report shows the cohort's last revealed state, shared with the dashboard: it moves
    # only in batches of at least min_group changed participants, unless --close-round.
    try:
        with _progress("interdependence.report.pictures"):  # "Drawing 42 chart pictures..."
            result = write_report(args.source, target, args.min_group,
                                  close_round=args.close_round,
                                  reflections=args.with_reflections)
    except OSError as exc:
        if exc.filename is None or Path(exc.filename).parent not in (target.parent, target):
            raise  # not the report file: main says it in one line
        reason = exc.strerror or type(exc).__name__
        raise OSError(f"Could not write the report to {args.out} ({reason.lower()}); nothing "
                      "else was changed. Give another file name, or a folder with free space "
                      "you can write to.") from None
    summary = result.summary() if hasattr(result, "summary") else (
        f"{result.accepted} accepted, {result.rejected} set aside, {result.hidden} hidden")
    _say(f"Wrote {args.out}: {summary}.")
    if getattr(result, "closed", False):
        from .privacy import close_round_risk

        _say("The round was closed: everyone who has shared so far is in this report.")
        print(f"warning: {_one_line(close_round_risk(result.min_group))}", file=sys.stderr)
    if getattr(result, "note", ""):
        _say(_one_line(result.note))
    for problem in getattr(result, "problems", ()):
        print(f"warning: {_one_line(problem)}", file=sys.stderr)
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    from .cohort.maintenance import withdraw

    found, leftovers = withdraw(args.source, args.token)
    if leftovers:
        _say(f"Removed {len(leftovers)} temp file(s) left by an interrupted share.")
    if found:
        _say(f"Withdrawn: the submission {args.token} was deleted.")
        return 0
    raise LookupError(f"There is no submission with the token {args.token} in {args.source} "
                      "(it may have been withdrawn or purged already).")


def cmd_purge(args: argparse.Namespace) -> int:
    from .cohort.maintenance import purge

    result = purge(args.source, args.older_than)
    _say(f"Deleted {result.deleted} submission(s) dated more than {args.older_than} days ago, "
         f"and {result.set_aside_deleted} set-aside file(s); kept {result.kept}.")
    if result.leftovers_removed:
        _say(f"Removed {len(result.leftovers_removed)} temp file(s) left by an interrupted "
             "share or load.")
    for name in result.undated:
        _warn(f"could not tell the date of {name}; it was kept, check it by hand")
    return 0


def cmd_notebooks(args) -> int:
    from .notebook_copy import copy_notebooks

    try:
        result = copy_notebooks(args.dest, facilitator=args.facilitator, force=args.force)
    except NotADirectoryError:
        raise
    except OSError as exc:
        if exc.filename is None:
            raise
        reason = (exc.strerror or type(exc).__name__).lower()
        raise OSError(f"Could not copy the notebooks into {args.dest} ({reason}: "
                      f"{exc.filename}). Every notebook that was already there is as it was; "
                      "give a folder you can write to.") from None
    where = f"{result.folder} (a new folder)" if result.made_folder else str(result.folder)
    _say(f"The workshop notebooks in {where}:")
    for name in result.copied:
        _say(f"  copied       {name}")
    for name in result.replaced:
        _say(f"  replaced     {name} (--force: the copy that was there is gone)")
    for name in result.same:
        _say(f"  up to date   {name} (already there, the same as this version)")
    for name, why in result.kept:
        _say(f"  left alone   {name}: {why}")
    _say(f"{len(result.copied)} copied, {len(result.replaced)} replaced, {len(result.same)} "
         f"already up to date, {len(result.kept)} left alone.")
    if result.kept or result.replaced:
        _say("Answers are never kept in a notebook but in each person's journal, so a fresh "
             "copy loses no answers, only changes made to the notebook itself.")
    first = result.folder / result.notebooks[0]  # the welcome notebook
    if first.is_file():
        _say(f"Start with {first}, for example: jupyter lab {first}")
    return 0


def cmd_facilitator_app(args: argparse.Namespace) -> int:
    from .app import main_facilitator  # Voila: the `app` extra

    argv = list(args.voila_options)
    if args.cohort:
        argv.insert(0, f"--cohort={args.cohort}")
    main_facilitator(argv)
    return 0


# ---- the parser --------------------------------------------------------------------------


def _whole(low: int, high: int, unit: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (so no huge number reaches
    a date sum or a C integer), refused in one plain sentence otherwise."""
    between = f"a whole number{unit} from {low} to {high}"

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{_one_line(text)!r} is not a whole number; give {between}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"give {between}, not {value}"
                                             if len(str(value)) < 20 else f"give {between}")
        return value

    return parse


def _min_group(text: str) -> int:
    """--min-group: the privacy rule's own words when it is below or above its limits."""
    from .privacy import PrivacyError, check_min_group

    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{_one_line(text)!r} is not a whole number; give a smallest group size from "
            f"{LOWEST_MIN_GROUP} to {HIGHEST_MIN_GROUP}") from None
    if abs(value) > 10**6:  # the rule's own words, without echoing a huge number back
        value = max(-(10**6), min(value, 10**6))
    try:
        return check_min_group(value)
    except PrivacyError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


_positive = _whole(0, 36500, " of days")  # --older-than: at most 100 years
MAX_DEMO_PARTICIPANTS = 100_000


VOILA_OPTIONS = ("Voila's options pass through, for example --port=8866 (the port to serve on) "
                 "and --no-browser (print the address instead of opening a browser).")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Facilitator tools for the Interdependence kit: "
                     "cohort folders, checks, reports, withdrawals and purges, and copies of "
                     "the notebooks.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("demo-cohort", help="write a synthetic cohort for practice")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--participants", type=_whole(1, MAX_DEMO_PARTICIPANTS),
                   default=DEMO_PARTICIPANTS, metavar="N",
                   help=f"how many made-up people (default {DEMO_PARTICIPANTS})")
    p.add_argument("--seed", type=_whole(0, 2**32 - 1), default=DEMO_SEED, metavar="S",
                   help=f"the same seed makes the same files (default {DEMO_SEED})")
    p.add_argument("--code", default=DEMO_CODE,
                   help=f"the demo cohort's group code (default {DEMO_CODE})")
    p.add_argument("--min-group", type=_min_group, default=DEFAULT_MIN_GROUP, metavar="K",
                   help=f"smallest group whose results are shown (default {DEFAULT_MIN_GROUP}, "
                        f"never below {LOWEST_MIN_GROUP})")
    p.set_defaults(run=cmd_demo_cohort)

    p = sub.add_parser("setup-cohort", help="create a cohort folder (a drop box where possible)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--code", required=True, help="the group code participants type")
    p.add_argument("--min-group", type=_min_group, default=DEFAULT_MIN_GROUP, metavar="K",
                   help=f"smallest group whose results are shown (default {DEFAULT_MIN_GROUP}, "
                        f"never below {LOWEST_MIN_GROUP})")
    p.add_argument("--keep-days", type=_whole(1, MAX_KEEP_DAYS, " of days"), default=None,
                   metavar="D",
                   help=f"how long submissions are kept (default {DEFAULT_KEEP_DAYS}); "
                        "participants are told, so once one has shared it can only get shorter")
    p.add_argument("--participant-role", default=None, metavar="ROLE",
                   help="PostgreSQL only: let this existing role share and withdraw, nothing else")
    p.set_defaults(run=cmd_setup_cohort)

    p = sub.add_parser("check", help="list valid submissions and those set aside, with reasons")
    p.add_argument("source", metavar="SOURCE", help="a cohort folder or postgresql:// URL")
    p.set_defaults(run=cmd_check)

    _add_report(sub)

    p = sub.add_parser("withdraw", help="delete one participant's submission by its token")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("token", metavar="TOKEN")
    p.set_defaults(run=cmd_withdraw)

    p = sub.add_parser("purge", help="delete submissions older than a number of days")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--older-than", type=_positive, required=True, metavar="DAYS")
    p.set_defaults(run=cmd_purge)

    p = sub.add_parser("notebooks", help="copy the workshop notebooks into a folder (for a "
                       "person, or a hub's image); never replaces one already there")
    p.add_argument("dest", metavar="DEST", help="the folder to copy into (made if missing)")
    p.add_argument("--facilitator", action="store_true",
                   help="also copy the cohort dashboard notebook (cohort-dashboard.ipynb)")
    p.add_argument("--force", action="store_true",
                   help="replace a notebook that is already there and different (links and "
                        "folders are still left alone)")
    p.set_defaults(run=cmd_notebooks)

    p = sub.add_parser("facilitator-app", help="the cohort dashboard as an app in the browser, "
                       "on one cohort (needs the `app` extra); Voila's own options follow",
                       epilog=VOILA_OPTIONS)
    p.add_argument("--cohort", default=None, metavar="SOURCE",
                   help="the cohort folder or postgresql:// URL it shows, and the only one "
                        "(default: INTERDEPENDENCE_COHORT, else the sample cohort)")
    p.set_defaults(run=cmd_facilitator_app, voila_options=[])
    return parser


def _add_report(sub) -> None:
    """The ``report`` command's options."""
    p = sub.add_parser("report", help="write a self-contained HTML report")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--out", required=True, metavar="FILE.html")
    p.add_argument("--min-group", type=_min_group, default=None, metavar="K",
                   help="a stricter threshold for this report (never below the cohort's)")
    p.add_argument("--close-round", action="store_true",
                   help="show everyone who has shared so far, even fewer than K new, withdrawn "
                        "or changed submissions since the last report or dashboard update. "
                        "Risk: revealing fewer than K changes at once lets someone who "
                        "compares two outputs work out those people's answers")
    p.add_argument("--with-reflections", action="store_true",
                   help="include the reflections people shared with their group (left out "
                        "without this, and the report says so): only for a report that stays "
                        "with that group, never one for a manager or a file")
    p.set_defaults(run=cmd_report)


def _protect_tokens(argv: list[str]) -> list[str]:
    """A token may start with '-' (secrets.token_urlsafe can make one): keep it positional."""
    from .cohort.submission import TOKEN  # 16 or more characters: never an option's name

    if len(argv) == 3 and argv[0] == "withdraw" and argv[2].startswith("-") \
            and TOKEN.fullmatch(argv[2]):
        return [argv[0], argv[1], "--", argv[2]]
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = _protect_tokens(list(sys.argv[1:] if argv is None else argv))
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra and args.run is not cmd_facilitator_app:  # only Voila takes more options
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.voila_options = extra
        return args.run(args)
    except _Usage as exc:
        print(f"{PROG}: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: stopped.", file=sys.stderr)
        return 130
    except Exception as exc:  # every failure is one plain line, never a traceback
        print(f"{PROG}: error: {_one_line(exc) or type(exc).__name__}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
