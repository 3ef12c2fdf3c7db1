"""JupyterHub configuration for the Interdependence workshop kit: an example for one machine.

Each participant has their own system account, and their server runs as that account (like
The Littlest JupyterHub): LocalProcessSpawner, with the kit installed once for everyone in
KIT_VENV. The deployment guide (README.md beside this file) explains each step; the kit's
integration test (tests/hub/test_jupyterhub.py) starts a real hub with this very file.

Start it as root, with the kit's venv:
    /opt/interdependence/venv/bin/jupyterhub -f jupyterhub_config.py

Everything a site is likely to change is read from the hub's environment (for a systemd
service: an EnvironmentFile readable by root only, because it may hold the database password).
Defaults in brackets.

KIT_DIR                (/opt/interdependence) the kit's folder: notebooks/ is copied from here
KIT_VENV               ($KIT_DIR/venv) the Python environment the kit is installed in
KIT_HUB_STATE          (/srv/jupyterhub) the hub's database, cookie secret and pid files
KIT_HUB_BIND_URL       (http://127.0.0.1:8000) where people reach the hub; put HTTPS in front
KIT_HUB_API_URL        (http://127.0.0.1:8081) the hub's own API, for the proxy and servers
KIT_PROXY_API_URL      (http://127.0.0.1:8001) configurable-http-proxy's API
KIT_PROXY_COMMAND      (configurable-http-proxy) the proxy program, from npm
KIT_HUB_AUTHENTICATOR  (pam) how people log in. "dummy" lets ANYONE in with ANY password:
                       for tests only, never on a hub people use
KIT_HUB_USERS          comma-separated user names allowed to log in (system accounts)
KIT_HUB_ADMINS         comma-separated hub administrators
KIT_HUB_ADMIN_TOKEN    optional: an API token for scripted checks (starting and stopping
                       servers, running a check in a participant's server); the test uses it
KIT_SHARE_STORE        recommended: the cohort store (a folder made by `interdependence
                       setup-cohort`, or a postgresql:// URL, best the share-only role's) that
                       the hub's share service writes to. Setting it runs the service; every
                       participant's server then gets only the service's address and no store
                       location or password, and each hub user counts once, under a code the
                       facilitator cannot link to them. Do not set INTERDEPENDENCE_COHORT too.
KIT_SHARE_SERVICE_URL  (http://127.0.0.1:10101) where the share service listens; servers reach
                       it there (KIT_SHARE_PUBLIC_URL if they must go through the proxy)
KIT_SHARE_PUBLIC_URL   optional: the service's address as the servers should use it, for
                       example https://hub.example.org/services/interdependence-share/
KIT_SHARE_SECRET_FILE  ($KIT_HUB_STATE/interdependence_share_secret) the service's secret key,
                       made (random, mode 600) on the first start; keep it as long as the cohort
KIT_SHARE_SERVICE_USER optional: the system account the service runs as (default: the hub's)
INTERDEPENDENCE_COHORT without the share service: the cohort for everyone, a drop-box folder
                       made by `interdependence setup-cohort`, or
                       postgresql://USER:PASSWORD@HOST/DB?cohort=NAME (the share-only role's URL)
KIT_FACILITATOR_COHORT optional: the cohort location for the facilitators' servers (with the
                       share service or PostgreSQL: the owner's location, which can read it)
KIT_FACILITATORS       comma-separated user names whose servers get KIT_FACILITATOR_COHORT
KIT_DEFAULT_VIEW       (lab) what people land on: "lab" (JupyterLab on the welcome notebook) or
                       "app" (the app view: the parts as pages with no code, at
                       /user/NAME/interdependence/). Both stay open to everyone either way;
                       the app view needs the kit's `app` extra (Voila)
KIT_KERNEL_IDLE_MINUTES (10) a kernel with no page or notebook open for this long is shut down
                       (0: never); one left open keeps its kernel
"""

import os
import pwd
import secrets
from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub provides get_config when it loads this file

env = os.environ.get
KIT_DIR = Path(env("KIT_DIR", "/opt/interdependence"))
KIT_VENV = Path(env("KIT_VENV", str(KIT_DIR / "venv")))
STATE = Path(env("KIT_HUB_STATE", "/srv/jupyterhub"))
# The folder in each home that receives the notebooks, and the page people land on.
WORKSHOP_FOLDER = "workshop"


def names(variable):
    return {n.strip() for n in env(variable, "").split(",") if n.strip()}


# ---- the hub itself ----------------------------------------------------------------------
STATE.mkdir(mode=0o700, parents=True, exist_ok=True)
c.JupyterHub.bind_url = env("KIT_HUB_BIND_URL", "http://127.0.0.1:8000")
c.JupyterHub.hub_bind_url = env("KIT_HUB_API_URL", "http://127.0.0.1:8081")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every participant's server
c.JupyterHub.cleanup_proxy = True
c.ConfigurableHTTPProxy.api_url = env("KIT_PROXY_API_URL", "http://127.0.0.1:8001")
c.ConfigurableHTTPProxy.command = [env("KIT_PROXY_COMMAND", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# ---- who can log in ----------------------------------------------------------------------
c.JupyterHub.authenticator_class = env("KIT_HUB_AUTHENTICATOR", "pam")
if names("KIT_HUB_USERS"):
    c.Authenticator.allowed_users = names("KIT_HUB_USERS")
c.Authenticator.admin_users = names("KIT_HUB_ADMINS")

services, roles = [], []
if env("KIT_HUB_ADMIN_TOKEN"):
    services.append({"name": "kit-admin", "api_token": env("KIT_HUB_ADMIN_TOKEN")})
    roles.append({
        "name": "kit-admin",
        "services": ["kit-admin"],
        "scopes": ["admin:users", "admin:servers", "access:servers", "list:users",
                   "read:users"],
    })

# ---- the share service -------------------------------------------------------------------
# It alone holds the cohort store's location and a secret key. Participants' servers send it
# their answers with their own hub token; it stores each hub user under a code made from their
# user name with the key, so one person counts once and the facilitator, who reads the store
# but never has the key, cannot tell whose answers are whose (README.md beside this file).
SHARE_SERVICE = "interdependence-share"
SHARE_STORE = env("KIT_SHARE_STORE")
SHARE_LOCATION = None
if SHARE_STORE:
    if env("INTERDEPENDENCE_COHORT"):
        raise ValueError("Set KIT_SHARE_STORE (the share service) or INTERDEPENDENCE_COHORT "
                         "(servers write to the store themselves), not both.")
    share_url = env("KIT_SHARE_SERVICE_URL", "http://127.0.0.1:10101").rstrip("/")
    secret_file = Path(env("KIT_SHARE_SECRET_FILE", str(STATE / "interdependence_share_secret")))
    if not secret_file.exists():  # made once; a new key would count everyone again
        secret_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_urlsafe(48) + "\n")
    share_secret = secret_file.read_text().strip()
    service = {
        "name": SHARE_SERVICE,
        "url": share_url,
        "command": [str(KIT_VENV / "bin" / "python"), "-m", "interdependence.hubshare"],
        "environment": {"INTERDEPENDENCE_SHARE_STORE": SHARE_STORE,
                        "INTERDEPENDENCE_SHARE_SECRET": share_secret},
        "display": False,
    }
    if env("KIT_SHARE_SERVICE_USER"):
        service["user"] = env("KIT_SHARE_SERVICE_USER")
    services.append(service)
    # Every user may use the service, and their server's token carries that right (only that,
    # besides the defaults): the token the share panel sends.
    roles.append({"name": "user", "scopes": ["self", f"access:services!service={SHARE_SERVICE}"]})
    c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                     f"access:services!service={SHARE_SERVICE}"]
    address = env("KIT_SHARE_PUBLIC_URL", f"{share_url}/services/{SHARE_SERVICE}/")
    SHARE_LOCATION = f"jupyterhub-service:{address}"
if services:
    c.JupyterHub.services = services
if roles:
    c.JupyterHub.load_roles = roles

# ---- each participant's server -----------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(KIT_VENV / "bin" / "jupyterhub-singleuser")]
# The app view: the kit's landing page at /user/NAME/interdependence/, its parts rendered by
# Voila's own server extension (installed with the `app` extra), from ~/workshop.
# Kernels of pages and notebooks closed without a goodbye (a browser killed, a lid shut) are
# shut down after KIT_KERNEL_IDLE_MINUTES; an open one is never touched.
IDLE_SECONDS = 60 * int(env("KIT_KERNEL_IDLE_MINUTES", "10"))
c.Spawner.args = [
    "--ServerApp.jpserver_extensions=interdependence.app=True",
    f"--ServerLanding.folder={WORKSHOP_FOLDER}",
    f"--MappingKernelManager.cull_idle_timeout={IDLE_SECONDS}",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=False",
    # Kernels talk to their server encrypted: every local user can reach 127.0.0.1's ports,
    # and a kernel's outputs (a participant's answers) would otherwise be readable there.
    "--KernelManager.transport_encryption=required",
    # A notebook reopened after its kernel was stopped (the idle time above) shows its cells
    # as new, not "Error displaying widget: model not found" (interdependence/lab_contents.py).
    "--ServerApp.contents_manager_class=interdependence.lab_contents.KitContentsManager",
]
DEFAULT_VIEW = env("KIT_DEFAULT_VIEW", "lab").strip().lower()
if DEFAULT_VIEW not in ("lab", "app"):
    raise ValueError(f'KIT_DEFAULT_VIEW is "lab" or "app", not {DEFAULT_VIEW!r}.')
c.Spawner.default_url = ("/interdependence/" if DEFAULT_VIEW == "app"
                         else f"/lab/tree/{WORKSHOP_FOLDER}/00-welcome.ipynb")
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# Every server gets the same cohort; nobody types a path. The journal stays in each person's
# home (~/interdependence, the kit's default), so INTERDEPENDENCE_HOME is left unset.
# With the share service, participants' servers get only its address. Without it, with
# PostgreSQL, the facilitators get the owner's URL and everyone else the share-only one, so no
# participant's server holds a password that can read other people's answers.
EVERYONE_COHORT = SHARE_LOCATION or env("INTERDEPENDENCE_COHORT")
FACILITATOR_COHORT = env("KIT_FACILITATOR_COHORT")
FACILITATORS = names("KIT_FACILITATORS")


def cohort_for(spawner):
    if FACILITATOR_COHORT and spawner.user.name in FACILITATORS:
        return FACILITATOR_COHORT
    return EVERYONE_COHORT


if EVERYONE_COHORT and FACILITATOR_COHORT and FACILITATORS:
    c.Spawner.environment = {"INTERDEPENDENCE_COHORT": cohort_for}
elif EVERYONE_COHORT:
    c.Spawner.environment = {"INTERDEPENDENCE_COHORT": EVERYONE_COHORT}


async def copy_notebooks(spawner):
    """Before each start, give the participant any workshop notebook they do not have yet.

    The copy runs as the participant (never as root, so a link in their home cannot make the
    hub write somewhere else) and never replaces a notebook they already have.
    """
    import asyncio

    account = pwd.getpwnam(spawner.user.name)
    script = Path(__file__).resolve().with_name("copy_notebooks.py")
    if not script.is_file():  # this file was copied elsewhere: use the kit's own copy
        script = KIT_DIR / "facilitator_guide" / "deployment" / "copy_notebooks.py"
    process = await asyncio.create_subprocess_exec(
        str(KIT_VENV / "bin" / "python"), str(script), str(KIT_DIR / "notebooks"),
        str(Path(account.pw_dir) / WORKSHOP_FOLDER),
        user=account.pw_uid, group=account.pw_gid,
        extra_groups=os.getgrouplist(account.pw_name, account.pw_gid),
        cwd=account.pw_dir, env={"HOME": account.pw_dir, "PATH": "/usr/bin:/bin"},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    spawner.log.info("Notebooks for %s: %s", spawner.user.name, output.decode().strip())
    if process.returncode:
        raise RuntimeError(f"Copying the workshop notebooks for {spawner.user.name} failed")


c.Spawner.pre_spawn_hook = copy_notebooks
