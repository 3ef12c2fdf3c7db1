"""A real JupyterHub, deployed the way facilitator_guide/deployment/README.md says.

One system account per hub user (The Littlest JupyterHub's model), LocalProcessSpawner,
DummyAuthenticator (tests only), configurable-http-proxy from npm, the guide's own
``jupyterhub_config.py``. Two participants share from their own single-user servers: code run
in a kernel through the Jupyter REST API and the kernel websocket, doing what a participant
does in the welcome notebook (answer a rating, press Share). The facilitator loads the cohort
from their own server. Run once with a drop-box folder made by ``interdependence setup-cohort``
and once with the cohort in PostgreSQL: the guide documents both.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import stat
from pathlib import Path

import pytest
from hub_deploy import as_user, run, running_hub

pytestmark = pytest.mark.slow

# What a participant does in the welcome notebook: open the step, answer the first rating
# with the widget, then press "Share my ratings for this step" in the share panel.
SHARE = """
import json
from interdependence import open_step
from interdependence.views.guard import CALLBACK_ERRORS

step = open_step("00-welcome")
rating = step.ratings().controls[0]
rating.value = 4
panel = step.share()
panel.share_button.click()
print("RESULT " + json.dumps({
    "token": step.journal.token,
    "item": step.step.items[0].id,
    "status": panel.status.value,
    "problem": panel.problem.value,
    "where": panel.where.value,
    "callback_errors": [str(e) for e in CALLBACK_ERRORS],
}))
"""

# What the facilitator's dashboard does first: load the cohort the hub points everyone at.
LOAD = """
import json, os
from interdependence.cohort import load_cohort, open_store

store = open_store(os.environ["INTERDEPENDENCE_COHORT"])
data = load_cohort(store)
store.wait()  # the folder store takes the files over in a thread; let it finish
print("RESULT " + json.dumps({
    "accepted": data.accepted,
    "tokens": sorted(data.tokens),
    "rejected": [list(r) for r in data.rejected],
    "ratings": data.ratings[["token", "step", "item", "value"]].astype(str).values.tolist(),
}))
"""


def result(run_) -> dict:
    assert run_.status == "ok", f"the kernel reported {run_.status}: {run_.errors}"
    assert not run_.errors, f"the kernel printed errors: {run_.errors}"
    found = run_.lines("RESULT ")
    assert len(found) == 1, f"expected one RESULT line, got: {run_.stdout!r}"
    return json.loads(found[0])


def share(hub, users: list[str]) -> dict[str, dict]:
    shared = {}
    for user in users:
        outcome = result(hub.execute(user, SHARE))
        assert outcome["callback_errors"] == [], outcome
        assert outcome["problem"] == "", f"{user}: {outcome['problem']}"
        assert "<b>Shared.</b>" in outcome["status"], f"{user}: {outcome['status']}"
        shared[user] = outcome
    tokens = {o["token"] for o in shared.values()}
    assert len(tokens) == len(users), shared
    assert None not in tokens, shared
    return shared


# What a curious participant might try in a cell: read the cohort with the URL they were given.
PEEK = """
import os
from interdependence.cohort.stores.base import StoreError
from interdependence.cohort.stores.factory import open_store
try:
    print(open_store(os.environ["INTERDEPENDENCE_COHORT"]).count())
except StoreError as exc:
    print(exc)
"""


def facilitator_load(hub, people, shared: dict[str, dict]) -> dict:
    loaded = result(hub.execute(people.facilitator, LOAD))
    assert loaded["rejected"] == [], loaded["rejected"]
    assert loaded["accepted"] == len(shared)
    assert loaded["tokens"] == sorted(o["token"] for o in shared.values())
    for outcome in shared.values():  # each participant's answer, as they gave it
        assert [outcome["token"], "00-welcome", outcome["item"], "4"] in loaded["ratings"]
    return loaded


def setup_cohort(kit, people, location: str, code: str, *extra: str) -> str:
    """`interdependence setup-cohort`, run by the facilitator's own account, as the guide says."""
    done = as_user(people.facilitator, str(kit.bin / "interdependence"), "setup-cohort",
                   location, "--code", code, "--min-group", "3", *extra)
    assert done.returncode == 0, done.stderr
    assert "warning:" not in done.stderr, done.stderr
    return done.stdout


def give_alice_her_own_welcome_notebook(people) -> Path:
    """Alice already has an edited copy of the welcome notebook: the hub must keep it."""
    mine = Path(people.account(people.alice).pw_dir) / "workshop" / "00-welcome.ipynb"
    done = as_user(people.alice, "/bin/sh", "-c",
                   f"mkdir -p {mine.parent} && echo '{{\"mine\": true}}' > {mine}")
    assert done.returncode == 0, done.stderr
    return mine


def check_notebooks_delivered(kit, people, alices_own: Path) -> None:
    expected = sorted(p.name for p in (kit.kit_dir / "notebooks").glob("*.ipynb"))
    assert "00-welcome.ipynb" in expected, expected
    assert len(expected) >= 9, expected
    for user in people.everyone:
        account = people.account(user)
        folder = Path(account.pw_dir) / "workshop"
        assert sorted(p.name for p in folder.glob("*.ipynb")) == expected, user
        for notebook in folder.iterdir():  # copied as the user, never as root
            assert notebook.stat().st_uid == account.pw_uid, notebook
    assert json.loads(alices_own.read_text()) == {"mine": True}, "the hub replaced her copy"


def test_two_participants_share_into_a_drop_box_they_cannot_read(kit, people):
    # The guide: the administrator makes a folder for cohorts that the facilitator owns ...
    cohorts = kit.root / f"cohorts-{people.facilitator}"
    run(["install", "-d", "-m", "755", "-o", people.facilitator, "-g", people.facilitator,
         str(cohorts)], "Making the cohorts folder")
    folder = cohorts / "spring-group"
    # ... and the facilitator makes the cohort in it with setup-cohort.
    setup_cohort(kit, people, str(folder), "HUB-FOLDER")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o3733
    alices_own = give_alice_her_own_welcome_notebook(people)

    with running_hub(kit, str(folder), people.everyone, admins=[]) as hub:
        hub.start_servers(people.everyone)
        check_notebooks_delivered(kit, people, alices_own)
        shared = share(hub, people.participants)
        facilitator_load(hub, people, shared)

    tokens = {user: shared[user]["token"] for user in people.participants}
    # The facilitator's load took each file over: a copy of their own, the original gone, so
    # `ls -l` shows no participant as owner and no time of day.
    files = {user: folder / "_facilitator" / f"{token}.json" for user, token in tokens.items()}
    facilitator = people.account(people.facilitator)
    from interdependence import curriculum
    from interdependence.cohort.submission import rules_for, validate

    rules = rules_for(curriculum.default())
    for user, path in files.items():
        info = path.stat()
        assert info.st_uid == facilitator.pw_uid, f"{path.name} still belongs to {user}"
        assert stat.S_IMODE(info.st_mode) == 0o600
        assert dt.datetime.fromtimestamp(info.st_mtime).time() == dt.time(0, 0)
        assert not (folder / path.name).exists()
        raw = path.read_bytes()
        token, steps = validate(json.loads(raw), rules, code="HUB-FOLDER")
        assert token == tokens[user]
        assert set(steps) == {"00-welcome"}
        for private in (user, socket.gethostname(), people.account(user).pw_dir):
            assert private.encode() not in raw, f"{private!r} is in {path.name}"

    # Neither participant can list the folder or the facilitator's copies, or read either copy
    for user in people.participants:
        listing = as_user(user, "ls", str(folder))
        assert listing.returncode != 0, listing
        assert "Permission denied" in listing.stderr, listing
        for path in files.values():
            peek = as_user(user, "cat", str(path))
            assert peek.returncode != 0, peek
            assert "Permission denied" in peek.stderr, peek
    # Their homes, with the journal and the saved notebooks, are closed to each other too.
    journal = Path(people.account(people.alice).pw_dir) / "interdependence" / "journal.json"
    assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    snoop = as_user(people.bob, "ls", str(journal.parent.parent))
    assert snoop.returncode != 0, snoop
    assert "Permission denied" in snoop.stderr, snoop
    # ... while the facilitator can list and check everything, and sees no participant's file
    listing = as_user(people.facilitator, "ls", str(folder))
    assert listing.returncode == 0, listing
    assert set(listing.stdout.split()) == {"settings.json", "_set_aside", "_facilitator"}
    checked = as_user(people.facilitator, str(kit.bin / "interdependence"), "check",
                      str(folder))
    assert checked.returncode == 0, checked.stderr


def test_a_participant_shares_into_postgresql(kit, people, postgres):
    import psycopg
    from postgres_server import SUPERUSER_PASSWORD

    # As the guide's step 5: an owner role for the facilitator, a share-only role for everyone.
    admin = f"postgresql://postgres:{SUPERUSER_PASSWORD}@127.0.0.1:{postgres.port}/kit"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS kit_participant")
        conn.execute("CREATE ROLE kit_participant LOGIN PASSWORD 'participant-secret'")
    url = postgres.url() + f"?cohort={people.facilitator}"
    participants_url = (postgres.url(user="kit_participant", password="participant-secret")
                        + f"?cohort={people.facilitator}")
    setup_cohort(kit, people, url, "HUB-PG", "--participant-role", "kit_participant")

    # One participant is enough here: the folder test above covers two people apart.
    with running_hub(kit, participants_url, people.everyone, admins=[],
                     facilitator_cohort=url, facilitators=[people.facilitator]) as hub:
        hub.start_servers([people.alice, people.facilitator])
        shared = share(hub, [people.alice])
        outcome = shared[people.alice]  # the notebook names the store, never the password
        assert "postgresql://kit_participant:•••@127.0.0.1" in outcome["where"], outcome["where"]
        assert "participant-secret" not in json.dumps(outcome)
        facilitator_load(hub, people, shared)
        # Alice's server holds only the share-only URL: reading the cohort there is refused.
        peek = hub.execute(people.alice, PEEK)
        assert "may only share and withdraw" in peek.stdout, peek

    import sqlalchemy as sa

    from interdependence import curriculum
    from interdependence.cohort.stores.postgres import split_url
    from interdependence.cohort.submission import rules_for, validate

    engine = sa.create_engine(split_url(url)[0])
    try:
        with engine.connect() as conn:
            columns = [c["name"] for c in sa.inspect(conn).get_columns(
                "interdependence_submissions")]
            rows = conn.execute(sa.text(
                "SELECT token, body FROM interdependence_submissions WHERE cohort = :c"),
                {"c": people.facilitator}).all()
    finally:
        engine.dispose()
    # Rows keep no owner, no connection details and no time of day.
    assert columns == ["cohort", "token", "body", "shared_on"]
    assert [r.token for r in rows] == [outcome["token"]]
    token, steps = validate(json.loads(rows[0].body), rules_for(curriculum.default()),
                            code="HUB-PG")
    assert token == outcome["token"]
    assert set(steps) == {"00-welcome"}
    for private in (people.alice, socket.gethostname(), "/home/"):
        assert private not in rows[0].body, f"{private!r} is in the row"


# The same share as a participant does it, from a second journal of the same hub account (a
# new journal folder, as on a second device or after deleting the journal), rating 2.
SHARE_FROM_A_SECOND_JOURNAL = ("import os\nos.environ['INTERDEPENDENCE_HOME'] = "
                               "os.path.expanduser('~/second-journal')\n"
                               + SHARE.replace("rating.value = 4",
                                               "rating.value = 2"))

# What a curious participant might look for in their server: any way to the cohort store.
ENVIRONMENT = """
import json, os
print("RESULT " + json.dumps(dict(os.environ)))
"""

# A participant writing to another group through the service, on purpose.
OTHER_COHORT = """
import datetime, json, os
from interdependence.cohort.stores.base import StoreError
from interdependence.cohort.stores.factory import open_store
store = open_store(os.environ["INTERDEPENDENCE_COHORT"])
sub = {"schema": 1, "token": "x" * 22, "cohort": "HUB-OTHER",
       "date": datetime.date.today().isoformat(),
       "steps": {"00-welcome": {"ratings": {"sign.asking": 1}, "reflections": {}, "summary": {}}}}
outcome = {}
try:
    store.put(sub)
    outcome["put"] = "accepted"
except StoreError as exc:
    outcome["put"] = str(exc)
try:
    outcome["count"] = store.count()
except StoreError as exc:
    outcome["count"] = str(exc)
print("RESULT " + json.dumps(outcome))
"""

WITHDRAW = """
import json
from interdependence import open_step
from interdependence.cohort import sharing
result = sharing.withdraw(open_step("00-welcome").journal)
print("RESULT " + json.dumps({"removed": result.removed, "failed": result.failed}))
"""


def test_participants_share_through_the_hub_service_and_count_once_unlinkably(
        kit, people, postgres):
    import psycopg
    from postgres_server import SUPERUSER_PASSWORD

    # The guide: an owner role for the facilitator, a share-only role for the share service
    # (granted this cohort only), and nothing at all for participants' servers.
    admin = f"postgresql://postgres:{SUPERUSER_PASSWORD}@127.0.0.1:{postgres.port}/kit"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS kit_share_service")
        conn.execute("CREATE ROLE kit_share_service LOGIN PASSWORD 'service-secret'")
    cohort = people.facilitator
    owner_url = postgres.url() + f"?cohort={cohort}"
    service_url = (postgres.url(user="kit_share_service", password="service-secret")
                   + f"?cohort={cohort}")
    setup_cohort(kit, people, owner_url, "HUB-SVC", "--participant-role", "kit_share_service")
    other_url = postgres.url() + f"?cohort={cohort}-other"
    setup_cohort(kit, people, other_url, "HUB-OTHER")

    with running_hub(kit, None, people.everyone, admins=[], facilitator_cohort=owner_url,
                     facilitators=[people.facilitator], share_store=service_url) as hub:
        hub.start_servers(people.everyone)
        hub.wait_for_share_service()
        shared = share(hub, people.participants)
        for user, outcome in shared.items():
            assert "share service" in outcome["where"], (user, outcome["where"])
        # Alice shares again from a second journal: she still counts once, with her new answer.
        again = result(hub.execute(people.alice, SHARE_FROM_A_SECOND_JOURNAL))
        assert "<b>Shared.</b>" in again["status"], again
        assert again["problem"] == "", again
        assert again["token"] != shared[people.alice]["token"]

        loaded = result(hub.execute(people.facilitator, LOAD))
        assert loaded["rejected"] == [], loaded
        assert loaded["accepted"] == 2, loaded
        journal_tokens = {o["token"] for o in shared.values()} | {again["token"]}
        for stored_token in loaded["tokens"]:
            assert stored_token not in journal_tokens
            for name in people.everyone:
                assert name not in stored_token
        asking = sorted(int(v) for _, step, item, v in loaded["ratings"]
                        if (step, item) == ("00-welcome", shared[people.bob]["item"]))
        assert asking == [2, 4], loaded["ratings"]  # bob's 4, alice's second share (2)

        # Participants' servers hold no way to the store: no URL, no folder, no password.
        for user in people.participants:
            environment = result(hub.execute(user, ENVIRONMENT))
            text = json.dumps(environment)
            assert environment["INTERDEPENDENCE_COHORT"].startswith("jupyterhub-service:http")
            for secret in ("postgresql", "service-secret", "kit-secret",
                           "INTERDEPENDENCE_SHARE", "KIT_SHARE", "KIT_FACILITATOR"):
                assert secret not in text, (user, secret)
        # Nor through the service: it refuses another group, and reading.
        attempt = result(hub.execute(people.alice, OTHER_COHORT))
        assert "for group HUB-SVC only" in attempt["put"], attempt
        assert "only receives" in attempt["count"], attempt

        # Withdrawing from her first journal removes alice's one submission.
        withdrawn = result(hub.execute(people.alice, WITHDRAW))
        assert withdrawn["failed"] == [], withdrawn
        assert withdrawn["removed"], withdrawn
        after = result(hub.execute(people.facilitator, LOAD))
        assert after["accepted"] == 1
        assert set(after["tokens"]) < set(loaded["tokens"])
        log = hub.log.read_text(errors="replace")

    from interdependence.cohort.loader import load_cohort

    assert load_cohort(other_url).accepted == 0
    # The service's log lines never pair a user with a token (the hub's own log names users).
    service_lines = [line for line in log.splitlines() if "interdependence.hubshare" in line]
    assert any("share done" in line for line in service_lines), service_lines
    for line in service_lines:
        for name in people.everyone:
            assert name not in line, line
        for stored_token in loaded["tokens"]:
            assert stored_token not in line, line


CHROMIUM = Path(os.environ.get("INTERDEPENDENCE_CHROMIUM", "/usr/bin/chromium"))


def test_a_participant_answers_in_the_app_view_on_their_own_server(kit, people):
    """Log in with Chromium, open the app view (one address for everyone), open the welcome
    part, answer its first rating: the answer is in the participant's own journal; download a
    copy of the journal: the browser gets the same bytes."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (`apt-get install chromium`)")
    from playwright.sync_api import expect, sync_playwright

    from interdependence import curriculum
    from interdependence.journal import Journal

    step = curriculum.default().step("00-welcome")
    with running_hub(kit, None, [people.alice], admins=[]) as hub, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(accept_downloads=True)
            page.set_default_timeout(180_000)
            page.goto(f"{hub.url}/hub/login")
            page.locator("#username_input").fill(people.alice)
            page.locator("#password_input").fill("any password: the test hub's dummy login")
            hub.started_servers.add(people.alice)  # stopped at the end, whatever happens
            page.locator("#login_submit").click()
            page.wait_for_url(f"**/user/{people.alice}/lab/**")  # JupyterLab, by default
            page.goto(f"{hub.url}/hub/user-redirect/interdependence/")
            page.get_by_role("heading", name="Interdependence", exact=True).wait_for()
            assert page.url.startswith(f"{hub.url}/user/{people.alice}/interdependence")
            expect(page.get_by_role("link", name="Open them in JupyterLab")).to_be_visible()
            page.locator("ol.steps").get_by_role("link", name=step.title, exact=True).click()
            page.locator("#loading").wait_for(state="detached")
            assert f"/user/{people.alice}/voila/render/workshop/00-welcome.ipynb" in page.url
            rating = page.locator(".interdep-rating").first
            expect(rating).to_be_visible()
            item = next(i for i in step.items if i.text in rating.text_content())
            rating.get_by_role("radio").nth(3).check()
            expect(rating).to_contain_text("Saved.")
            # The journal copy downloads to the person's own device, not a path on the hub.
            with page.expect_download(timeout=120_000) as info:
                page.get_by_role("button", name="Download a copy of my journal").click()
            downloaded = Path(info.value.path()).read_bytes()
            status = page.get_by_role("status").filter(has_text="Your journal is also kept")
            expect(status).to_contain_text("the workshop server")
            assert page.get_by_text("Error displaying widget").count() == 0
        finally:
            browser.close()
    journal = Path(people.account(people.alice).pw_dir) / "interdependence" / "journal.json"
    assert Journal(journal).rating("00-welcome", item.id) == 4
    assert downloaded == journal.read_bytes()
