"""The ``interdependence`` command, for facilitators.

    interdependence demo-cohort DIR [--participants N] [--seed S]
    interdependence setup-cohort DIR --code CODE [--min-group K] [--keep-days D]
                                 [--participant-role ROLE]   (postgresql:// URLs)
    interdependence check SOURCE
    interdependence report SOURCE --out FILE.html [--min-group K] [--close-round]
    interdependence withdraw SOURCE TOKEN
    interdependence purge SOURCE --older-than DAYS

SOURCE is a cohort folder or a ``postgresql://`` URL. Exit status 0 on success; otherwise one
line on stderr saying what went wrong (never a traceback) and a non-zero status.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

PROG = "interdependence"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not usage + error
        raise _Usage(f"{message} (see `{self.prog} --help`)")


class _Usage(Exception):
    pass


def _say(text: str = "") -> None:
    print(text, flush=True)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# ---- subcommands -------------------------------------------------------------------------


def cmd_demo_cohort(args) -> int:
    from .cohort.demo import write_demo_cohort

    store = write_demo_cohort(args.dir, count=args.participants, seed=args.seed,
                              code=args.code, min_group=args.min_group)
    _say(f"Wrote a synthetic cohort of {args.participants} made-up participants to "
         f"{store.location} (code {args.code}, seed {args.seed}).")
    return 0


def cmd_setup_cohort(args) -> int:
    from .cohort.store import FolderStore, StoreError, access_warnings, make_drop_box

    if args.dir.startswith(("postgresql://", "postgres://")):
        from .cohort.store import open_store

        store = open_store(args.dir)
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
    from .cohort.settings import SettingsError, new_settings

    try:
        new_settings(args.code, args.min_group, args.keep_days or 90)  # check before creating
    except SettingsError as exc:
        raise StoreError(str(exc)) from None
    folder = Path(args.dir).expanduser()
    existed = folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"Could not create {folder}: {exc.strerror or exc}") from exc
    if not folder.is_dir():
        raise StoreError(f"{folder} is a file, not a folder.")
    store = FolderStore(folder)
    settings = store.init_settings(args.code, args.min_group, args.keep_days)
    store.prepare()  # _set_aside/ and _facilitator/: the facilitator's own, 0700
    notes = make_drop_box(folder)
    _say(f"Cohort {settings.code} is ready in {folder} ({'existing' if existed else 'new'} "
         f"folder). Smallest group shown: {settings.min_group}. Keeps submissions "
         f"{settings.keep_days} days (then run `{PROG} purge`).")
    for note in notes + access_warnings(folder):
        print(f"warning: {_one_line(note)}", file=sys.stderr)
    _say("Participants can add their own file here but cannot list or read the folder, when "
         "each has their own system account. Where everyone shares one account or a synced "
         "drive, anyone with access to the folder can read every file in it.")
    return 0


def cmd_check(args) -> int:
    from .cohort.loader import load_cohort
    from .cohort.maintenance import set_aside_count
    from .cohort.store import FolderStore, access_warnings, open_store

    store = open_store(args.source)
    data = load_cohort(store, set_aside=False)
    code = data.settings.code or "(no settings.json)"
    _say(f"Cohort {code} at {store.location}: smallest group shown "
         f"{data.settings.min_group}.")
    _say(f"Valid submissions: {data.accepted}")
    for token in sorted(data.tokens):
        _say(f"  ok        {token}.json")
    _say(f"Rejected: {len(data.rejected)}")
    for name, reason in sorted(data.rejected):
        _say(f"  rejected  {name}: {reason}")
    earlier = set_aside_count(store)
    if earlier:
        _say(f"Set aside earlier (kept, never deleted): {earlier} file(s) in _set_aside/")
    warnings = list(data.warnings)
    if isinstance(store, FolderStore):
        warnings += access_warnings(store.path)
    for warning in warnings:
        print(f"warning: {_one_line(warning)}", file=sys.stderr)
    return 0


def cmd_report(args) -> int:
    from .report import write_report  # the presentation side; loaded only when asked for

    # The report shows the cohort's last revealed state, shared with the dashboard: it moves
    # only in batches of at least min_group changed participants, unless --close-round.
    result = write_report(args.source, args.out, args.min_group, close_round=args.close_round)
    summary = result.summary() if hasattr(result, "summary") else (
        f"{result.accepted} accepted, {result.rejected} rejected, {result.hidden} hidden")
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


def cmd_withdraw(args) -> int:
    from .cohort.maintenance import withdraw

    if withdraw(args.source, args.token):
        _say(f"Withdrawn: the submission {args.token} was deleted.")
        return 0
    raise LookupError(f"There is no submission with the token {args.token} in {args.source} "
                      "(it may have been withdrawn or purged already).")


def cmd_purge(args) -> int:
    from .cohort.maintenance import purge

    result = purge(args.source, args.older_than)
    _say(f"Deleted {result.deleted} submission(s) dated more than {args.older_than} days ago, "
         f"and {result.set_aside_deleted} set-aside file(s); kept {result.kept}.")
    for name in result.undated:
        print(f"warning: could not tell the date of {name}; it was kept, check it by hand",
              file=sys.stderr)
    return 0


# ---- the parser --------------------------------------------------------------------------


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} should not be negative")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="Facilitator tools for the Interdependence kit: "
                     "cohort folders, checks, reports, withdrawals and purges.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser("demo-cohort", help="write a synthetic cohort for practice")
    p.add_argument("dir", metavar="DIR", help="a new or empty folder")
    p.add_argument("--participants", type=_positive, default=24, metavar="N")
    p.add_argument("--seed", type=int, default=7, metavar="S")
    p.add_argument("--code", default="SAMPLE")
    p.add_argument("--min-group", type=int, default=5, metavar="K")
    p.set_defaults(run=cmd_demo_cohort)

    p = sub.add_parser("setup-cohort", help="create a cohort folder (a drop box where possible)")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--code", required=True, help="the group code participants type")
    p.add_argument("--min-group", type=int, default=5, metavar="K",
                   help="smallest group whose results are shown (default 5, never below 3)")
    p.add_argument("--keep-days", type=int, default=None, metavar="D",
                   help="how long submissions are kept (default 90); participants are told")
    p.add_argument("--participant-role", default=None, metavar="ROLE",
                   help="PostgreSQL only: let this existing role share and withdraw, nothing else")
    p.set_defaults(run=cmd_setup_cohort)

    p = sub.add_parser("check", help="list valid and rejected submissions, with reasons")
    p.add_argument("source", metavar="SOURCE", help="a cohort folder or postgresql:// URL")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("report", help="write a self-contained HTML report")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--out", required=True, metavar="FILE.html")
    p.add_argument("--min-group", type=int, default=None, metavar="K",
                   help="a stricter threshold for this report (never below the cohort's)")
    p.add_argument("--close-round", action="store_true",
                   help="show everyone who has shared so far, even fewer than K new, withdrawn "
                        "or changed submissions since the last report or dashboard update. "
                        "Risk: revealing fewer than K changes at once lets someone who "
                        "compares two outputs work out those people's answers")
    p.set_defaults(run=cmd_report)

    p = sub.add_parser("withdraw", help="delete one participant's submission by its token")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("token", metavar="TOKEN")
    p.set_defaults(run=cmd_withdraw)

    p = sub.add_parser("purge", help="delete submissions older than a number of days")
    p.add_argument("source", metavar="SOURCE")
    p.add_argument("--older-than", type=_positive, required=True, metavar="DAYS")
    p.set_defaults(run=cmd_purge)
    return parser


def _protect_tokens(argv: list[str]) -> list[str]:
    """A token may start with '-' (secrets.token_urlsafe can make one): keep it positional."""
    if len(argv) == 3 and argv[0] == "withdraw" and argv[2].startswith("-") \
            and not argv[2].startswith("--"):
        return [argv[0], argv[1], "--", argv[2]]
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = _protect_tokens(list(sys.argv[1:] if argv is None else argv))
    try:
        args = build_parser().parse_args(argv)
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
