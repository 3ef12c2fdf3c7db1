"""The hub's share service: participants share through it, never into the cohort store.

A JupyterHub-managed service (like ngshare for nbgrader), started by the hub with
``python -m interdependence.hubshare`` (see ``facilitator_guide/deployment``). It alone holds:

- the cohort store's location (``INTERDEPENDENCE_SHARE_STORE``: a folder, or a
  ``postgresql://`` URL, best the share-only participant role's), and
- a secret (``INTERDEPENDENCE_SHARE_SECRET``, or a file named by
  ``INTERDEPENDENCE_SHARE_SECRET_FILE`` that only the service's account can read; 32 characters
  or more). It must stay the same for the life of a cohort.

Endpoints, under the service's prefix (``/services/interdependence-share/``):

==================  ===========================================================================
``GET settings``    the cohort's code, min_group, keep_days and created (for the consent text)
``POST share``      body: the submission the share panel built. Validated with the loader's
                    rules; a cohort code other than the store's is refused (403). Stored under
                    the caller's derived token, with today's date.
``POST withdraw``   removes the caller's submission; answers ``{"removed": true|false}``
==================  ===========================================================================

Every request must carry a hub API token (``Authorization: token ...``; the single-user
server's ``JUPYTERHUB_API_TOKEN``) of a hub *user* whose token has the scope
``access:services!service=<this service>``. No cookie and no URL token is accepted, so a web
page cannot make someone's browser share for them.

Why a derived token: the service replaces the submission's token (made in the journal) with
``base64url(HMAC-SHA256(secret, "interdependence-share/v1" NUL cohort NUL user)[:24])``
(32 characters of ``[A-Za-z0-9_-]``). One hub user is then always one submission in a cohort:
sharing from a second journal replaces the first, and withdrawing works from any journal. The
facilitator, who reads the store but never holds the secret, cannot tell which submission is
whose, even knowing every user name (HMAC cannot be computed or reversed without the key). The
cohort code is part of the message, so one person's submissions in two cohorts do not share a
token and cannot be linked.

What this does not protect: the service sees each caller's user name while it handles a
request, and whoever can read the secret (root, a hub administrator who can read the service's
environment or secret file) can recompute every user's token. Nothing is logged that pairs a
user with a token: log lines name the endpoint and the outcome only.

Errors are JSON ``{"error": "a plain sentence"}`` with status 400 (the submission is not
valid), 403 (not a hub user, no right to use the service, another cohort) or 503 (the store or
the hub cannot be reached, or the cohort is not set up yet).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tornado import web
from tornado.httpserver import HTTPServer

from .cohort.stores.base import MAX_BYTES, StoreError
from .cohort.stores.factory import open_store
from .cohort.submission import Invalid, rules_for, validate

SERVICE_NAME = "interdependence-share"
STORE_ENV = "INTERDEPENDENCE_SHARE_STORE"
SECRET_ENV = "INTERDEPENDENCE_SHARE_SECRET"
SECRET_FILE_ENV = "INTERDEPENDENCE_SHARE_SECRET_FILE"
MIN_SECRET = 32
_TOKEN_LABEL = b"interdependence-share/v1"
_AUTH = re.compile(r"(?:token|bearer)\s+(\S+)\s*", re.IGNORECASE)

log = logging.getLogger("interdependence.hubshare")


class ConfigError(RuntimeError):
    """The service cannot start; the message says what to set, plainly."""


def derive_token(secret: bytes, cohort: str, user: str) -> str:
    """The token a hub user's submission is stored under in ``cohort`` (see the docstring)."""
    message = b"\0".join((_TOKEN_LABEL, cohort.encode("utf-8"), user.encode("utf-8")))
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode("ascii")


def load_secret(environ: dict[str, str] | None = None) -> bytes:
    environ = os.environ if environ is None else environ
    value = environ.get(SECRET_ENV, "").strip()
    where = SECRET_ENV
    if not value and environ.get(SECRET_FILE_ENV):
        path = Path(environ[SECRET_FILE_ENV])
        where = str(path)
        try:
            info = path.stat()
            if stat.S_IMODE(info.st_mode) & 0o077:
                raise ConfigError(f"The secret file {path} can be read by other accounts; "
                                  f"make it private (chmod 600 {path}).")
            value = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"The secret file {path} could not be read: "
                              f"{exc.strerror or exc}.") from None
    if not value:
        raise ConfigError(f"No secret: set {SECRET_ENV} or {SECRET_FILE_ENV} (a random string of "
                          f"at least {MIN_SECRET} characters, the same for the whole cohort).")
    if len(value) < MIN_SECRET:
        raise ConfigError(f"The secret in {where} is shorter than {MIN_SECRET} characters; use "
                          "a long random one (for example `openssl rand -hex 32`).")
    return value.encode("utf-8")


class ShareService:
    """What the handlers need: the store, the secret, the hub's token check, the rules."""

    def __init__(self, store_location: str, secret: bytes, hub_auth: Any,
                 service_name: str = SERVICE_NAME, today: Callable[[], dt.date] = dt.date.today):
        if not store_location:
            raise ConfigError(f"No cohort store: set {STORE_ENV} to the cohort's folder or "
                              "postgresql:// URL.")
        if len(secret) < MIN_SECRET:
            raise ConfigError(f"The secret is shorter than {MIN_SECRET} characters.")
        self.store = open_store(store_location)
        if type(self.store).__name__ == "HubServiceStore":
            raise ConfigError(f"{STORE_ENV} names a share service, not a cohort store.")
        self._secret = secret
        self.hub_auth = hub_auth
        self.scope = f"access:services!service={service_name}"
        self.today = today
        self.lock = asyncio.Lock()  # one store write at a time: a workshop is small
        from . import curriculum

        self.rules = rules_for(curriculum.default())

    def token_for(self, cohort: str, user: str) -> str:
        return derive_token(self._secret, cohort, user)

    @classmethod
    def from_environment(cls) -> ShareService:
        from jupyterhub.services.auth import HubAuth

        secret = load_secret()
        return cls(os.environ.get(STORE_ENV, "").strip(), secret,
                   HubAuth(cache_max_age=60),
                   os.environ.get("JUPYTERHUB_SERVICE_NAME", SERVICE_NAME))


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class _Handler(web.RequestHandler):
    service: ShareService

    def initialize(self, service: ShareService) -> None:
        self.service = service

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=UTF-8")
        self.set_header("Cache-Control", "no-store")

    def check_xsrf_cookie(self) -> None:  # token-only: no cookie is ever read
        return None

    def reply(self, status: int, body: dict) -> None:
        self.set_status(status)
        self.finish(json.dumps(body))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        messages = {404: "There is nothing here; the share service has settings, share and "
                         "withdraw.", 405: "That method is not used here.",
                    413: "The submission is too large."}
        self.finish(json.dumps({"error": messages.get(
            status_code, "The share service failed unexpectedly; please tell whoever runs "
                         "the hub.")}))

    async def caller(self) -> str:
        """The hub user name behind the request's token, or Refused."""
        match = _AUTH.fullmatch(self.request.headers.get("Authorization", ""))
        if not match:
            raise Refused(403, "The share service needs your server's hub token; it was not "
                               "sent. Share from a server started by the hub.")
        try:
            model = await self.service.hub_auth.user_for_token(match.group(1), sync=False)
        except web.HTTPError:  # HubAuth could not reach the hub or was refused by it
            log.warning("the hub could not check a token")
            raise Refused(503, "The hub could not confirm who you are right now.") from None
        if not model:
            raise Refused(403, "The hub did not recognise this server's token (it may have "
                               "expired: restart your server from the hub's home page).")
        if model.get("kind", "user") != "user" or not isinstance(model.get("name"), str):
            raise Refused(403, "Only the hub's users can share; this token belongs to a "
                               "service.")
        if not self.service.hub_auth.check_scopes({self.service.scope}, model):
            raise Refused(403, "Your server's hub token may not use the share service (the "
                               "hub's configuration must give servers the scope "
                               f"{self.service.scope}).")
        return model["name"]

    async def cohort_settings(self):
        try:
            settings = await asyncio.to_thread(self.service.store.settings)
        except StoreError as exc:
            log.warning("the cohort store could not be read: %s", exc)
            raise Refused(503, "The group's cohort store cannot be reached right now, so "
                               "nothing was saved.") from None
        if settings is None or not settings.code:
            raise Refused(503, "This group's cohort is not set up yet (the facilitator runs "
                               "interdependence setup-cohort), so nothing can be shared yet.")
        return settings

    async def handle(self, work) -> None:
        try:
            user = await self.caller()
            status, body = await work(user)
        except Refused as exc:
            log.info("%s %s refused (%d)", self.request.method, self.endpoint, exc.status)
            self.reply(exc.status, {"error": exc.message})
            return
        log.info("%s %s done", self.request.method, self.endpoint)
        self.reply(status, body)

    endpoint = ""


class SettingsHandler(_Handler):
    endpoint = "settings"

    async def get(self) -> None:
        async def work(_user):
            s = await self.cohort_settings()
            return 200, {"code": s.code, "min_group": s.min_group, "keep_days": s.keep_days,
                         "created": s.created}

        await self.handle(work)


class ShareHandler(_Handler):
    endpoint = "share"

    async def post(self) -> None:
        async def work(user):
            if len(self.request.body) > MAX_BYTES:
                raise Refused(400, "The submission is too large.")
            try:
                submission = json.loads(self.request.body)
            except (ValueError, UnicodeDecodeError):
                raise Refused(400, "The request is not a submission (not JSON).") from None
            settings = await self.cohort_settings()
            if not isinstance(submission, dict):
                raise Refused(400, "The request is not a submission (expected a JSON object).")
            theirs = submission.get("cohort")
            if theirs != settings.code:
                raise Refused(403, f"This share service takes answers for group "
                                   f"{settings.code} only, and these are for group "
                                   f"{str(theirs)[:40]!r}. Check the group code in the welcome "
                                   "notebook.")
            today = self.service.today()
            try:
                validate(submission, self.service.rules, code=settings.code, today=today)
            except Invalid as exc:
                raise Refused(400, f"The submission is not valid: {exc}.") from None
            stored = dict(submission, token=self.service.token_for(settings.code, user),
                          date=today.isoformat())
            validate(stored, self.service.rules, code=settings.code, today=today)
            async with self.service.lock:
                try:
                    await asyncio.to_thread(self.service.store.put, stored)
                except StoreError as exc:
                    log.warning("a share could not be stored: %s", exc)
                    raise Refused(503, "The group's cohort store could not save your answers "
                                       "right now.") from None
            return 200, {"shared": True, "cohort": settings.code, "date": today.isoformat()}

        await self.handle(work)


class WithdrawHandler(_Handler):
    endpoint = "withdraw"

    async def post(self) -> None:
        async def work(user):
            settings = await self.cohort_settings()
            async with self.service.lock:
                try:
                    removed = await asyncio.to_thread(
                        self.service.store.delete, self.service.token_for(settings.code, user))
                except StoreError as exc:
                    log.warning("a withdrawal could not be done: %s", exc)
                    raise Refused(503, "The group's cohort store could not be reached to "
                                       "remove your answers right now.") from None
            return 200, {"removed": bool(removed)}

        await self.handle(work)


def _log_request(handler: web.RequestHandler) -> None:
    """Tornado's access log without the caller's address: status, method and endpoint only."""
    endpoint = getattr(handler, "endpoint", "") or "-"
    log.debug("%d %s %s", handler.get_status(), handler.request.method, endpoint)


def make_app(service: ShareService, prefix: str = f"/services/{SERVICE_NAME}/") -> web.Application:
    prefix = "/" + prefix.strip("/") + "/"
    esc = re.escape(prefix)
    return web.Application(
        [(esc + r"settings", SettingsHandler, {"service": service}),
         (esc + r"share", ShareHandler, {"service": service}),
         (esc + r"withdraw", WithdrawHandler, {"service": service})],
        log_function=_log_request, xsrf_cookies=False, compress_response=False)


async def serve(service: ShareService, host: str, port: int, prefix: str) -> None:
    server = HTTPServer(make_app(service, prefix), max_body_size=MAX_BYTES + 4096, xheaders=False)
    server.listen(port, address=host)
    log.info("listening on %s:%d%s", host, port, prefix)
    try:
        settings = await asyncio.to_thread(service.store.settings)
        log.info("cohort store ready (cohort %s)", settings.code if settings else "not set up")
    except StoreError as exc:
        log.warning("the cohort store cannot be read yet: %s", exc)
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="[%(levelname)s %(name)s] %(message)s")
    url = os.environ.get("JUPYTERHUB_SERVICE_URL", "")
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    try:
        if not url:
            raise ConfigError("JUPYTERHUB_SERVICE_URL is not set: this service is started by "
                              "the hub (c.JupyterHub.services, with a url).")
        service = ShareService.from_environment()
    except (ConfigError, StoreError) as exc:
        print(f"{SERVICE_NAME}: {exc}", file=sys.stderr)
        return 2
    parts = urlsplit(url)
    try:
        asyncio.run(serve(service, parts.hostname or "127.0.0.1", parts.port or 80, prefix))
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
