"""The hub's share service (interdependence.hubshare) on a loopback port, with a fake HubAuth,
driven through the participant's store (cohort/stores/hubservice.py) and the share panel's
logic.

The real hub, with real tokens and scopes, is tests/hub/test_jupyterhub.py."""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import json
import logging
import threading
import urllib.error
import urllib.request

import pytest
from cohort_helpers import submission
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from interdependence import hubshare
from interdependence.cohort import load_cohort, sharing
from interdependence.cohort.stores.base import StoreError
from interdependence.cohort.stores.factory import open_store
from interdependence.cohort.stores.folder import FolderStore
from interdependence.cohort.stores.hubservice import HubServiceStore
from interdependence.cohort.submission import TOKEN
from interdependence.curriculum import default as default_curriculum

pytest.importorskip("jupyterhub")

CODE = "TEST-1"
SECRET = b"s" * 16 + b"0123456789abcdef0123"
SCOPE = "access:services!service=interdependence-share"
PREFIX = "/services/interdependence-share/"


class FakeHubAuth:
    """Stands for jupyterhub.services.auth.HubAuth: token -> the hub's model of its owner."""

    def __init__(self):
        self.models: dict[str, dict] = {}
        self.down = False

    def add(self, token, name, kind="user", scopes=(SCOPE,)):
        self.models[token] = {"kind": kind, "name": name, "scopes": list(scopes)}

    async def user_for_token(self, token, use_cache=True, session_id="", *, sync=True):
        if self.down:
            from tornado.web import HTTPError

            raise HTTPError(500, "Failed to connect to Hub API")
        return self.models.get(token)

    def check_scopes(self, required, model):
        from jupyterhub.services.auth import check_scopes

        return check_scopes(required, set(model["scopes"]))


class Running:
    def __init__(self, folder, auth, today=None):
        self.folder, self.auth = folder, auth
        self.service = hubshare.ShareService(str(folder), SECRET, auth,
                                             today=today or dt.date.today)
        self.loop = asyncio.new_event_loop()
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            server = HTTPServer(hubshare.make_app(self.service, PREFIX))
            server.add_sockets(sockets)
            self.loop.call_soon(ready.set)
            self.loop.run_forever()
            server.stop()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}{PREFIX}"
        self.location = f"jupyterhub-service:{self.url}"

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)

    def raw(self, method, endpoint, body=None, token=None):
        headers = {"Authorization": f"token {token}"} if token else {}
        request = urllib.request.Request(self.url + endpoint, data=body, method=method,
                                         headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "cohort"
    path.mkdir()
    FolderStore(path).init_settings(CODE, 3, keep_days=30)
    return path


@pytest.fixture
def service(folder):
    auth = FakeHubAuth()
    auth.add("alice-server-token", "alice")
    auth.add("alice-other-token", "alice")  # a second server (or journal) of the same person
    auth.add("bob-server-token", "bob")
    running = Running(folder, auth)
    yield running
    running.stop()


def as_user(monkeypatch, token):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", token)


def stored(folder) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_bytes()) for p in folder.glob("*.json")
            if p.name != "settings.json"}


def test_settings_are_given_to_any_hub_user_for_the_consent_text(service, monkeypatch):
    as_user(monkeypatch, "bob-server-token")
    settings = open_store(service.location).settings()
    assert (settings.code, settings.min_group, settings.keep_days) == (CODE, 3, 30)


@pytest.mark.parametrize("token, words", [
    (None, "was not sent"),
    ("not-a-real-token", "did not recognise"),
])
def test_a_missing_or_unknown_token_is_refused_with_403(service, token, words):
    for method, endpoint, body in (("GET", "settings", None),
                                   ("POST", "share", json.dumps(submission()).encode()),
                                   ("POST", "withdraw", b"{}")):
        status, answer = service.raw(method, endpoint, body, token=token)
        assert status == 403 and words in answer["error"], (endpoint, answer)
    assert stored(service.folder) == {}


def test_a_service_token_or_a_token_without_the_scope_is_refused(service, monkeypatch):
    service.auth.add("robot", "kit-admin", kind="service")
    service.auth.add("narrow", "carol", scopes=["access:servers!user=carol"])
    status, answer = service.raw("POST", "share", json.dumps(submission()).encode(), "robot")
    assert status == 403 and "belongs to a service" in answer["error"]
    as_user(monkeypatch, "narrow")
    with pytest.raises(StoreError) as refused:
        open_store(service.location).put(submission())
    assert SCOPE in str(refused.value) and "still in your journal" in str(refused.value)
    assert stored(service.folder) == {}


def test_a_cookie_or_a_token_in_the_url_is_not_accepted(service):
    request = urllib.request.Request(service.url + "settings?token=alice-server-token",
                                     headers={"Cookie": "jupyterhub-session-id=x"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def test_another_cohort_is_refused(service, monkeypatch):
    as_user(monkeypatch, "alice-server-token")
    with pytest.raises(StoreError) as refused:
        open_store(service.location).put(submission(code="OTHER-GROUP"))
    message = str(refused.value)
    assert f"for group {CODE} only" in message and "OTHER-GROUP" in message
    status, _ = service.raw("POST", "share", json.dumps(submission(code="OTHER")).encode(),
                            "alice-server-token")
    assert status == 403
    assert stored(service.folder) == {}


@pytest.mark.parametrize("change, reason", [
    (lambda s: s["steps"]["00-welcome"]["ratings"].update({"sign.asking": 9}),
     "rating sign.asking is 9"),
    (lambda s: s.update(name="Alice Smith"), "not allowed: 'name'"),
    (lambda s: s["steps"].update({"01-pinpoint-the-root-cause": {}}), "not a step that can be"),
    (lambda s: s.update(date="2026-11-27T10:15"), "no time of day"),
])
def test_an_invalid_submission_is_refused_with_400_and_the_reason(service, change, reason):
    sub = submission()
    change(sub)
    status, answer = service.raw("POST", "share", json.dumps(sub).encode(),
                                 "alice-server-token")
    assert status == 400 and reason in answer["error"], answer
    status, answer = service.raw("POST", "share", b"{not json", "alice-server-token")
    assert status == 400 and "not JSON" in answer["error"]
    assert stored(service.folder) == {}


def test_share_stores_under_the_derived_token_with_todays_date_then_withdraw(service,
                                                                          monkeypatch):
    as_user(monkeypatch, "alice-server-token")
    store = open_store(service.location)
    assert isinstance(store, HubServiceStore)
    mine = submission(date=(dt.date.today() - dt.timedelta(days=3)).isoformat())
    store.put(mine)
    [(token, body)] = stored(service.folder).items()
    assert token == hubshare.derive_token(SECRET, CODE, "alice") != mine["token"]
    assert body == dict(mine, token=token, date=dt.date.today().isoformat())
    assert load_cohort(service.folder).tokens == frozenset({token})
    assert store.delete(mine["token"]) is True
    assert stored(service.folder) == {}
    assert store.delete(mine["token"]) is False


def test_one_hub_user_counts_once_whichever_journal_or_server_shares(service, monkeypatch):
    as_user(monkeypatch, "alice-server-token")
    open_store(service.location).put(submission(asking=2))  # her first journal
    as_user(monkeypatch, "alice-other-token")
    open_store(service.location).put(submission(asking=5))  # a second journal, new token
    as_user(monkeypatch, "bob-server-token")
    open_store(service.location).put(submission(asking=3))
    data = load_cohort(service.folder)
    assert data.accepted == 2
    asking = data.ratings[data.ratings["item"] == "sign.asking"]
    assert sorted(asking["value"].tolist()) == [3, 5]  # alice's second share replaced her first
    # and either journal withdraws it
    as_user(monkeypatch, "alice-server-token")
    assert open_store(service.location).delete("any-journal-token") is True
    assert load_cohort(service.folder).accepted == 1


def test_the_derived_token_cannot_be_made_without_the_secret():
    token = hubshare.derive_token(SECRET, CODE, "alice")
    assert TOKEN.fullmatch(token) and len(token) == 32
    assert "alice" not in token
    assert token == hubshare.derive_token(SECRET, CODE, "alice")  # stable for the cohort
    assert token != hubshare.derive_token(SECRET, CODE, "bob")
    assert token != hubshare.derive_token(SECRET, "OTHER", "alice")  # cohorts are not linked
    assert token != hubshare.derive_token(b"x" * 40, CODE, "alice")  # the key decides
    # What someone with every user name but no secret could try:
    for guess in (b"alice", f"{CODE}alice".encode(), f"alice{CODE}".encode(),
                  b"interdependence-share/v1\0" + CODE.encode() + b"\0alice"):
        for digest in (hashlib.sha256(guess).digest(), hashlib.md5(guess).digest(),
                       hashlib.sha1(guess).digest()):
            for cut in (16, 24):
                assert base64.urlsafe_b64encode(digest[:cut]).decode().rstrip("=") != token


def test_nothing_logged_pairs_a_user_with_a_token(service, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)
    as_user(monkeypatch, "alice-server-token")
    store = open_store(service.location)
    store.put(submission())
    store.delete(None)
    with pytest.raises(StoreError):
        store.put(submission(code="OTHER"))
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "share" in text  # the service does log what it did ...
    for secret in ("alice", hubshare.derive_token(SECRET, CODE, "alice"), "127.0.0.1"):
        assert secret not in text  # ... but never who, under which token, or from where


def test_the_service_only_receives(service, monkeypatch):
    as_user(monkeypatch, "alice-server-token")
    store = open_store(service.location)
    for read in (store.count, lambda: list(store.records()), store.has_submissions,
                 lambda: list(store.set_aside_records()), lambda: store.init_settings(CODE)):
        with pytest.raises(StoreError, match="only receives|setup-cohort"):
            read()


def test_a_service_that_is_down_or_a_hub_that_cannot_check_is_said_plainly(service,
                                                                         monkeypatch):
    as_user(monkeypatch, "alice-server-token")
    service.auth.down = True
    with pytest.raises(StoreError) as caught:
        open_store(service.location).put(submission())
    assert "could not confirm who you are" in str(caught.value)
    service.stop()
    with pytest.raises(StoreError) as caught:
        open_store(service.location).settings()
    assert "not answering" in str(caught.value) and "still in your journal" in str(caught.value)
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN")
    with pytest.raises(StoreError, match="no hub token"):
        open_store(service.location).put(submission())


def test_a_cohort_that_is_not_set_up_is_503(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    auth = FakeHubAuth()
    auth.add("t", "alice")
    running = Running(empty, auth)
    try:
        status, answer = running.raw("GET", "settings", token="t")
        assert status == 503 and "not set up yet" in answer["error"]
    finally:
        running.stop()


def test_the_share_panel_logic_shares_and_withdraws_through_the_service(service, journal,
                                                                         monkeypatch):
    as_user(monkeypatch, "alice-server-token")
    monkeypatch.setenv("INTERDEPENDENCE_COHORT", service.location)
    curriculum = default_curriculum()
    journal.set_rating("00-welcome", "sign.asking", 4)
    plan = sharing.plan(journal, curriculum, "00-welcome", [])
    assert plan.can_share and plan.code == CODE and plan.min_group == 3
    assert plan.destination.through_service and "count once" in plan.destination.describe()
    sent, where = sharing.share(journal, curriculum, "00-welcome", [])
    assert where == "the workshop's share service on this hub"
    [(token, body)] = stored(service.folder).items()
    assert token != journal.token and body["steps"] == sent.submission["steps"]
    result = sharing.withdraw(journal)
    assert result.done and result.removed == ["the workshop's share service on this hub"]
    assert stored(service.folder) == {}


def test_withdraw_from_a_journal_that_never_shared_still_reaches_the_service(service, journal,
                                                                             monkeypatch):
    as_user(monkeypatch, "alice-server-token")
    monkeypatch.setenv("INTERDEPENDENCE_COHORT", service.location)
    open_store(service.location).put(submission())  # shared from another journal
    assert journal.setting("shared_to") is None
    assert sharing.withdraw(journal).removed == ["the workshop's share service on this hub"]
    assert stored(service.folder) == {}


def test_the_secret_must_be_long_and_its_file_private(tmp_path):
    with pytest.raises(hubshare.ConfigError, match="No secret"):
        hubshare.load_secret({})
    with pytest.raises(hubshare.ConfigError, match="shorter than 32"):
        hubshare.load_secret({hubshare.SECRET_ENV: "short"})
    secret_file = tmp_path / "secret"
    secret_file.write_text("k" * 40 + "\n")
    secret_file.chmod(0o644)
    with pytest.raises(hubshare.ConfigError, match="chmod 600"):
        hubshare.load_secret({hubshare.SECRET_FILE_ENV: str(secret_file)})
    secret_file.chmod(0o600)
    assert hubshare.load_secret({hubshare.SECRET_FILE_ENV: str(secret_file)}) == b"k" * 40
    with pytest.raises(hubshare.ConfigError, match="names a share service"):
        hubshare.ShareService("jupyterhub-service:http://127.0.0.1:1/", b"k" * 40, None)


def test_a_bad_service_location_is_one_clear_line():
    with pytest.raises(StoreError, match="does not name a share service"):
        open_store("jupyterhub-service:interdependence-share")
