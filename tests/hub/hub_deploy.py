"""Deploy the kit the way facilitator_guide/deployment/README.md says, and drive the hub.

The steps follow the guide: a world-readable copy of the kit (the guide's /opt/interdependence;
here a temp folder, copied from the working tree so uncommitted changes are what is tested),
a venv made with the system Python with the kit installed into it, JupyterLab's overrides, and
configurable-http-proxy from npm. Then the hub is started with the guide's own
``jupyterhub_config.py``, configured only through the environment variables it documents.

Everything here is plain blocking code with bounded waits; the kernel is driven over its
websocket with tornado (a dependency of Jupyter Server, so always installed).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a clone of the kit holds that a hub needs (tests, benchmarks and CI files are not).
KIT_PARTS = ["src", "data", "notebooks", "facilitator_guide", "pyproject.toml", "README.md"]
SYSTEM_PYTHON = "/usr/bin/python3"
PROXY_PACKAGE = "configurable-http-proxy@5"
# The guide's extras: `hub` (JupyterHub itself, and the PostgreSQL store) and `app` (Voila,
# for the app view on each person's own server, which the test opens in Chromium).
EXTRAS = "app,hub"


class DeployError(RuntimeError):
    """A deployment step failed; the message names the step and carries its output."""


def run(cmd: list[str], what: str, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as exc:
        raise DeployError(f"{what}: no result after {timeout:.0f} s ({' '.join(cmd)})") from exc
    if done.returncode != 0:
        raise DeployError(f"{what} failed ({' '.join(cmd)}):\n{done.stdout}\n{done.stderr}")
    return done


def missing_reason() -> str | None:
    """Why this machine cannot run the hub test, or None."""
    if os.name != "posix" or os.geteuid() != 0:
        return ("the JupyterHub test creates system users and starts servers as them, so it "
                "must run as root (CI does); run it as root to include it")
    for tool in ("useradd", "userdel", "runuser"):
        if not shutil.which(tool):
            return f"`{tool}` was not found (the passwd and util-linux packages provide it)"
    if not Path(SYSTEM_PYTHON).exists():
        return f"{SYSTEM_PYTHON} was not found: `apt-get install python3 python3-venv`"
    if not (shutil.which("npm") and shutil.which("node")):
        return "Node.js and npm were not found: `apt-get install nodejs npm` (.ci/run does)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---- the kit, installed for everyone -------------------------------------------------------


@dataclass
class Kit:
    root: Path      # the temp folder holding everything below; removed at the end
    kit_dir: Path   # the guide's /opt/interdependence
    venv: Path      # the guide's /opt/interdependence/venv
    proxy: Path     # configurable-http-proxy, installed by npm

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def config(self) -> Path:
        return self.kit_dir / "facilitator_guide" / "deployment" / "jupyterhub_config.py"


def _world_readable(top: Path) -> None:
    top.chmod(0o755)
    for folder, dirs, files in os.walk(top):
        for name in dirs:
            os.chmod(os.path.join(folder, name), 0o755)
        for name in files:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755 if os.access(path, os.X_OK) else 0o644)


def build_kit() -> Kit:
    """The guide's "Install the kit for everyone" and "The proxy" steps, in a temp folder."""
    root = Path(tempfile.mkdtemp(prefix="interdependence-hub-"))
    try:
        kit_dir = root / "interdependence"
        kit_dir.mkdir()
        ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
        for part in KIT_PARTS:
            source = ROOT / part
            if source.is_dir():
                shutil.copytree(source, kit_dir / part, ignore=ignore)
            else:
                shutil.copy2(source, kit_dir / part)
        _world_readable(root)
        venv = kit_dir / "venv"
        run([SYSTEM_PYTHON, "-m", "venv", str(venv)], "Making the kit's venv")
        run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "-e",
             f"{kit_dir}[{EXTRAS}]"], "Installing the kit into the venv", timeout=600)
        settings = venv / "share" / "jupyter" / "lab" / "settings"
        settings.mkdir(parents=True, exist_ok=True)
        shutil.copy(kit_dir / "src" / "interdependence" / "resources" / "lab-overrides.json",
                    settings / "overrides.json")
        ipython = venv / "etc" / "ipython"
        ipython.mkdir(parents=True, exist_ok=True)
        shutil.copy(kit_dir / "src" / "interdependence" / "resources"
                    / "ipython_kernel_config.json", ipython / "ipython_kernel_config.json")
        shutil.copytree(kit_dir / "src" / "interdependence" / "resources" / "labextension"
                        / "interdependence-lab",
                        venv / "share" / "jupyter" / "labextensions" / "interdependence-lab")
        proxy_dir = root / "proxy"
        run(["npm", "install", "--prefix", str(proxy_dir), "--no-audit", "--no-fund",
             PROXY_PACKAGE], "Installing configurable-http-proxy with npm", timeout=300)
        proxy = proxy_dir / "node_modules" / ".bin" / "configurable-http-proxy"
        if not proxy.exists():
            raise DeployError(f"npm finished but {proxy} is missing")
        _world_readable(proxy_dir)
        return Kit(root=root, kit_dir=kit_dir, venv=venv, proxy=proxy)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


# ---- system users --------------------------------------------------------------------------


@dataclass(frozen=True)
class People:
    """The test's system accounts. Names carry a random part: two runs on one machine (two
    engineers, or CI beside a developer) must never share, or delete, each other's accounts."""

    alice: str
    bob: str
    facilitator: str  # makes the cohort and loads it; deliberately not a hub admin

    @classmethod
    def fresh(cls) -> People:
        run_id = secrets.token_hex(3)
        return cls(*(f"idp-{run_id}-{role}" for role in ("alice", "bob", "facil")))

    @property
    def participants(self) -> list[str]:
        return [self.alice, self.bob]

    @property
    def everyone(self) -> list[str]:
        return [self.alice, self.bob, self.facilitator]

    def account(self, name: str) -> pwd.struct_passwd:
        return pwd.getpwnam(name)


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _remove_user(name: str) -> None:
    # Servers are stopped before this; a process still winding down makes userdel refuse.
    for _ in range(30):
        done = subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)
        if done.returncode in (0, 12) or not _exists(name):  # 12: no mail spool to remove
            return
        time.sleep(1)
    raise DeployError(f"could not remove the test user {name}: {done.stderr.strip()}")


@contextlib.contextmanager
def system_users() -> Iterator[People]:
    """Create the test's accounts as the guide does (a private home each); remove them and
    their homes after."""
    people = People.fresh()
    made = []
    try:
        for name in people.everyone:
            run(["useradd", "--create-home", "--shell", "/bin/bash", name],
                f"Creating the test user {name}")
            made.append(name)
            run(["chmod", "700", pwd.getpwnam(name).pw_dir], f"Making {name}'s home private")
        yield people
    finally:
        for name in made:
            _remove_user(name)


def as_user(user: str, *cmd: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run a command as another account, the way that account would in a terminal."""
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return subprocess.run([runuser, "-u", user, "--", *cmd], capture_output=True, text=True,
                          timeout=timeout, cwd="/", env={"PATH": "/usr/bin:/bin",
                                                         "LANG": "C.UTF-8"})


# ---- the hub -----------------------------------------------------------------------------


@dataclass
class Hub:
    kit: Kit
    url: str
    token: str
    state: Path
    process: subprocess.Popen
    log: Path
    started_servers: set[str] = field(default_factory=set)
    environment: dict[str, str] = field(default_factory=dict)  # the hub's, as started

    def wait_for_share_service(self, timeout: float = 60) -> None:
        """The hub starts its services as it starts; wait until the share service listens."""
        from urllib.parse import urlsplit

        where = urlsplit(self.environment["KIT_SHARE_SERVICE_URL"])
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection((where.hostname, where.port), timeout=2):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise DeployError(f"the share service did not listen within {timeout:.0f} "
                                      f"s\n{self.tail()}") from None
                time.sleep(0.3)

    # -- REST API --
    def api(self, method: str, path: str, body: dict | None = None, ok=(200, 201, 202, 204)):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        if status not in ok:
            raise DeployError(f"{method} {path} answered {status}: {raw[:500]!r}\n{self.tail()}")
        return json.loads(raw) if raw.strip() else None

    def tail(self, lines: int = 60) -> str:
        try:
            text = self.log.read_text(errors="replace").splitlines()
        except OSError:
            return "(no hub log)"
        return "--- hub log (last lines) ---\n" + "\n".join(text[-lines:])

    def start_servers(self, users: list[str], timeout: float = 150) -> None:
        """Ask for every user's server at once (as a class logging in would), wait for all."""
        for user in users:
            self.api("POST", f"/users/{user}/server", ok=(201, 202, 400))
            self.started_servers.add(user)
        waiting = set(users)
        deadline = time.monotonic() + timeout
        while waiting and time.monotonic() < deadline:
            for user in sorted(waiting):
                model = self.api("GET", f"/users/{user}")
                server = (model.get("servers") or {}).get("")
                if server and server.get("ready"):
                    waiting.discard(user)
                elif not model.get("pending") and not server:
                    raise DeployError(f"the server of {user} stopped while starting\n"
                                      f"{self.tail()}")
            time.sleep(0.5)
        if waiting:
            raise DeployError(f"servers not ready after {timeout:.0f} s: {sorted(waiting)}\n"
                              f"{self.tail()}")

    def stop_server(self, user: str, timeout: float = 60) -> None:
        self.api("DELETE", f"/users/{user}/server", ok=(202, 204, 400))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.api("GET", f"/users/{user}")
            if not model.get("servers") and not model.get("pending"):
                self.started_servers.discard(user)
                return
            time.sleep(0.5)
        raise DeployError(f"the server of {user} did not stop within {timeout:.0f} s")

    # -- code in a participant's kernel, through their server's REST API and websocket --
    def execute(self, user: str, code: str, timeout: float = 90) -> KernelRun:
        return asyncio.run(_execute(self.url, user, self.token, code, timeout))


@dataclass
class KernelRun:
    status: str                     # the execute_reply's status: "ok" or "error"
    stdout: str
    errors: list[str]               # tracebacks from error messages, and stderr

    def lines(self, prefix: str) -> list[str]:
        return [line[len(prefix):] for line in self.stdout.splitlines()
                if line.startswith(prefix)]


async def _execute(base: str, user: str, token: str, code: str, timeout: float) -> KernelRun:
    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}"}
    http = AsyncHTTPClient()
    api = f"{base}/user/{user}/api/kernels"
    response = await http.fetch(api, method="POST", body="{}", headers=headers,
                                request_timeout=60)
    kernel = json.loads(response.body)["id"]
    ws_url = api.replace("http://", "ws://", 1) + f"/{kernel}/channels"
    socket_ = await websocket_connect(HTTPRequest(ws_url, headers=headers,
                                                  request_timeout=60))
    msg_id, session = uuid.uuid4().hex, uuid.uuid4().hex
    socket_.write_message(json.dumps({
        "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session,
                   "username": user, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False,
                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    stdout, errors, status, idle = [], [], None, False
    deadline = time.monotonic() + timeout
    try:
        while status is None or not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                raise DeployError(f"no execute_reply from {user}'s kernel in {timeout:.0f} s; "
                                  f"output so far: {''.join(stdout)}{errors}")
            raw = await asyncio.wait_for(socket_.read_message(), left)
            if raw is None:
                raise DeployError(f"{user}'s kernel websocket closed before the reply")
            message = json.loads(raw)
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["header"]["msg_type"], message["content"]
            if kind == "stream":
                (stdout if content["name"] == "stdout" else errors).append(content["text"])
            elif kind == "error":
                errors.append("\n".join(content.get("traceback", [])) or content.get("evalue"))
            elif kind == "execute_reply":
                status = content["status"]
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
    finally:
        socket_.close()
        await http.fetch(f"{api}/{kernel}", method="DELETE", headers=headers,
                         raise_error=False, request_timeout=30)
    return KernelRun(status=status, stdout="".join(stdout), errors=errors)


def hub_environment(kit: Kit, state: Path, token: str, cohort: str | None, users: list[str],
                    admins: list[str], facilitator_cohort: str | None = None,
                    facilitators: list[str] = (), share_store: str | None = None
                    ) -> tuple[dict[str, str], str]:
    """The hub's environment: only the variables the example config documents."""
    public = f"http://127.0.0.1:{free_port()}"
    env = {
        "PATH": f"{kit.bin}:/usr/local/bin:/usr/bin:/bin",  # node for the proxy's #! line
        "LANG": "C.UTF-8",
        "KIT_DIR": str(kit.kit_dir),
        "KIT_VENV": str(kit.venv),
        "KIT_HUB_STATE": str(state),
        "KIT_HUB_BIND_URL": public,
        "KIT_HUB_API_URL": f"http://127.0.0.1:{free_port()}",
        "KIT_PROXY_API_URL": f"http://127.0.0.1:{free_port()}",
        "KIT_PROXY_COMMAND": str(kit.proxy),
        "KIT_HUB_AUTHENTICATOR": "dummy",  # tests only: anyone gets in with any password
        "KIT_HUB_USERS": ",".join(users),
        "KIT_HUB_ADMINS": ",".join(admins),
        "KIT_HUB_ADMIN_TOKEN": token,
    }
    if cohort:
        env["INTERDEPENDENCE_COHORT"] = cohort
    if share_store:  # the share service: it alone gets the store; servers get its address
        env["KIT_SHARE_STORE"] = share_store
        env["KIT_SHARE_SERVICE_URL"] = f"http://127.0.0.1:{free_port()}"
    if facilitator_cohort:
        env["KIT_FACILITATOR_COHORT"] = facilitator_cohort
        env["KIT_FACILITATORS"] = ",".join(facilitators)
    return env, public


@contextlib.contextmanager
def running_hub(kit: Kit, cohort: str | None, users: list[str], admins: list[str],
                timeout: float = 90, facilitator_cohort: str | None = None,
                facilitators: list[str] = (), share_store: str | None = None
                ) -> Iterator[Hub]:
    """`jupyterhub -f <the guide's config>` as root; stopped (with every server) on exit."""
    state = Path(tempfile.mkdtemp(prefix="hub-state-", dir=kit.root))
    token = secrets.token_hex(32)
    env, public = hub_environment(kit, state, token, cohort, users, admins,
                                  facilitator_cohort, facilitators, share_store)
    log = state / "jupyterhub.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([str(kit.bin / "jupyterhub"), "-f", str(kit.config)],
                                   cwd=state, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    hub = Hub(kit=kit, url=public, token=token, state=state, process=process, log=log,
              environment=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise DeployError(f"the hub exited with {process.returncode}\n{hub.tail()}")
            try:
                with urllib.request.urlopen(f"{public}/hub/api/", timeout=5) as r:
                    if r.status == 200:
                        break
            except (OSError, urllib.error.URLError):
                pass
            if time.monotonic() > deadline:
                raise DeployError(f"the hub did not answer within {timeout:.0f} s\n{hub.tail()}")
            time.sleep(0.5)
        yield hub
    finally:
        for user in sorted(hub.started_servers):
            with contextlib.suppress(Exception):
                hub.stop_server(user)
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the hub (it stops the proxy and, with cleanup_servers, every server)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: the hub and the proxy
            process.wait(timeout=10)
