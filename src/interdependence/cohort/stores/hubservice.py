"""The participant's side of the hub's share service: a store that only sends.

On a JupyterHub the hub can run ``interdependence.hubshare`` as a service. Participants'
servers then get, instead of a folder or a database URL, a location like::

    jupyterhub-service:http://127.0.0.1:10101/services/interdependence-share/

that is ``jupyterhub-service:`` followed by the service's address (the ``url`` the hub runs the
service at, with the service's prefix, or the same path on the hub's public address). The
address is written out because a single-user server is told the hub's API address
(``JUPYTERHUB_API_URL``) and its own, but not where the proxy or another service listens.

:class:`HubServiceStore` sends ``put`` (POST ``share``), ``delete`` (POST ``withdraw``) and
``settings`` (GET ``settings``) to the service, authenticated with the server's own hub token
(``JUPYTERHUB_API_TOKEN``, sent as ``Authorization: token ...``). The service works out who is
asking from that token, replaces the submission's token with one it derives from the hub user
name with a secret only it holds, and writes into the cohort store, which this server never
sees. So ``delete(token)`` ignores ``token``: the service withdraws the submission of the hub
user who asks, whichever journal they ask from. Reading (``records``, ``count``...) is refused:
the service only receives.

Standard library only (urllib): no proxy from the environment is used (the hub token must go
to the service and nowhere else), and redirects are not followed.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from email.message import Message
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from ..settings import CohortSettings, SettingsError, parse_settings
from ..submission import encode
from .base import SERVICE_SCHEME, Problem, Store, StoreError

SCHEME = SERVICE_SCHEME
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
KEPT = "Your answers are still in your journal."
SET_UP_ELSEWHERE = ("A cohort is set up on the cohort store itself (interdependence "
                    "setup-cohort with the folder or database), not through the share service.")
ONLY_RECEIVES = ("The share service only receives shared answers; facilitators read the cohort "
                 "store directly (the location the hub gives facilitators' servers).")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: Message, newurl: str) -> None:
        return None  # the 3xx itself is reported; the token never follows a redirect


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


class HubServiceStore(Store):
    """Share and withdraw through the hub's share service (see the module's docstring)."""

    def __init__(self, location: str, timeout: float = 15):
        address = location.strip()[len(SCHEME):].strip()
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(
                f"{location!r} does not name a share service: it should be "
                f"{SCHEME}http://HOST:PORT/services/NAME/ (ask whoever runs the hub).")
        self.url = address if address.endswith("/") else address + "/"
        self.location = f"the workshop's share service on this hub ({self.url})"
        self._timeout = timeout

    # ---- talking to the service ------------------------------------------------------------
    def _request(self, method: str, endpoint: str, body: bytes | None = None) -> dict:
        token = os.environ.get(TOKEN_ENV, "").strip()
        if not token:
            raise StoreError(
                "This server has no hub token, so the share service cannot tell who you are: "
                f"sharing through it only works in a server the hub started. {KEPT}")
        headers = {"Authorization": f"token {token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(urljoin(self.url, endpoint), data=body,
                                         method=method, headers=headers)
        try:
            with _OPENER.open(request, timeout=self._timeout) as response:
                status, raw = response.status, response.read(1024 * 1024)
        except urllib.error.HTTPError as exc:
            try:
                status, raw = exc.code, exc.read(1024 * 1024)
            finally:
                exc.close()  # the refusal holds the connection open until closed
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            raise StoreError(
                "The workshop's share service is not answering right now, so nothing was sent. "
                f"{KEPT} Try again in a moment, or tell your facilitator.") from exc
        try:
            answer = json.loads(raw) if raw.strip() else {}
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        if 200 <= status < 300:
            return answer
        error = answer.get("error")
        said = " ".join(error.split())[:500] if isinstance(error, str) else ""
        if status == 403:
            raise StoreError((said or "The share service did not accept this server's hub "
                              "token.") + f" {KEPT}")
        if status == 400:
            reason = said or "it did not say why"
            raise StoreError(f"The share service refused these answers: {reason}. {KEPT}")
        if status in (502, 503, 504):
            raise StoreError((said or "The share service cannot save answers right now.")
                             + f" {KEPT} Try again in a moment, or tell your facilitator.")
        if 300 <= status < 400:
            raise StoreError("The share service's address sends requests elsewhere, so nothing "
                             f"was sent (the hub's configuration needs fixing). {KEPT}")
        raise StoreError(f"The share service answered with an error (HTTP {status}), so nothing "
                         f"was sent. {KEPT} Please tell your facilitator.")

    # ---- participants ------------------------------------------------------------------------
    def put(self, submission: Mapping[str, Any]) -> str:
        self._request("POST", "share", encode(submission))
        return self.location

    def delete(self, token: str | None = None) -> bool:
        """Withdraw this hub user's submission (``token`` is not needed: see the module)."""
        return bool(self._request("POST", "withdraw", b"{}").get("removed"))

    def settings(self) -> CohortSettings | None:
        answer = self._request("GET", "settings")
        raw = {"schema": 1, **{k: answer.get(k) for k in
                               ("code", "min_group", "created", "keep_days")}}
        try:
            return parse_settings(raw)
        except SettingsError as exc:
            raise StoreError(f"The share service sent settings this kit cannot use ({exc}). "
                             f"{KEPT}") from None

    # ---- what only the facilitator does, on the cohort store itself ----------------------------
    def records(self) -> Iterator[tuple[str, bytes | dict | Problem]]:
        raise StoreError(ONLY_RECEIVES)

    def count(self) -> int:
        raise StoreError(ONLY_RECEIVES)

    def has_submissions(self) -> bool:
        raise StoreError(ONLY_RECEIVES)

    def set_aside(self, name: str, reason: str) -> str | None:
        raise StoreError(ONLY_RECEIVES)

    def set_aside_records(self) -> Iterator[tuple[str, bytes | dict | Problem]]:
        raise StoreError(ONLY_RECEIVES)

    def delete_set_aside(self, name: str) -> bool:
        raise StoreError(ONLY_RECEIVES)

    def _may_set_up(self) -> None:
        raise StoreError(SET_UP_ELSEWHERE)

    def _save_settings(self, settings: CohortSettings) -> None:
        raise StoreError(SET_UP_ELSEWHERE)
