"""The deployment files on their own, fast and without root: the notebook copier, the example
``jupyterhub_config.py`` (loaded the way JupyterHub loads it) and the Zero to JupyterHub values.
The real hub test (test_jupyterhub.py) then runs them together."""

from __future__ import annotations

import importlib.util
import os
import re
import stat
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOYMENT = ROOT / "facilitator_guide" / "deployment"
NOTEBOOKS = ROOT / "notebooks"


def load_copier():
    spec = importlib.util.spec_from_file_location("copy_notebooks",
                                                  DEPLOYMENT / "copy_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- copy_notebooks.py ---------------------------------------------------------------------


def test_first_start_copies_every_notebook(tmp_path):
    copier = load_copier()
    expected = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert "00-welcome.ipynb" in expected
    assert len(expected) >= 9
    copied, kept = copier.copy_missing(NOTEBOOKS, tmp_path / "workshop")
    assert copied == expected
    assert kept == []
    for name in expected:
        assert (tmp_path / "workshop" / name).read_bytes() == (NOTEBOOKS / name).read_bytes()


def test_a_later_start_keeps_the_participants_copy_and_restores_a_deleted_one(tmp_path):
    copier = load_copier()
    target = tmp_path / "workshop"
    copier.copy_missing(NOTEBOOKS, target)
    (target / "00-welcome.ipynb").write_text("my own notes")
    (target / "03-start-small.ipynb").unlink()
    copied, kept = copier.copy_missing(NOTEBOOKS, target)
    assert copied == ["03-start-small.ipynb"]
    assert "00-welcome.ipynb" in kept
    assert (target / "00-welcome.ipynb").read_text() == "my own notes"


def test_a_link_in_the_folder_is_left_alone_and_never_written_through(tmp_path):
    copier = load_copier()
    target = tmp_path / "workshop"
    target.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not a notebook")
    (target / "00-welcome.ipynb").symlink_to(elsewhere)
    dangling = target / "01-pinpoint-the-root-cause.ipynb"
    dangling.symlink_to(tmp_path / "missing" / "file")
    copied, kept = copier.copy_missing(NOTEBOOKS, target)
    assert {"00-welcome.ipynb", "01-pinpoint-the-root-cause.ipynb"} <= set(kept)
    assert elsewhere.read_text() == "not a notebook"
    assert dangling.is_symlink()
    assert not (tmp_path / "missing").exists()


def test_the_command_line_says_what_it_did_and_refuses_an_empty_source(tmp_path, capsys):
    copier = load_copier()
    assert copier.main([str(NOTEBOOKS), str(tmp_path / "w")]) == 0
    assert "copied" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert copier.main([str(tmp_path / "empty"), str(tmp_path / "w2")]) == 1
    assert copier.main([]) == 2
    assert not (tmp_path / "w2").exists()


# ---- jupyterhub_config.py ------------------------------------------------------------------


def load_hub_config(monkeypatch, tmp_path, **env):
    from traitlets.config.loader import PyFileConfigLoader

    for name in [n for n in os.environ if n.startswith("KIT_")] + ["INTERDEPENDENCE_COHORT"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KIT_HUB_STATE", str(tmp_path / "state"))
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOYMENT)).load_config()


def test_the_hub_config_defaults_to_a_safe_one_machine_hub(monkeypatch, tmp_path):
    c = load_hub_config(monkeypatch, tmp_path)
    assert c.JupyterHub.authenticator_class == "pam"
    assert c.JupyterHub.spawner_class == "localprocess"
    assert c.JupyterHub.cleanup_servers is True
    assert c.JupyterHub.bind_url.startswith("http://127.0.0.1:")
    assert c.Spawner.cmd == ["/opt/interdependence/venv/bin/jupyterhub-singleuser"]
    assert c.Spawner.default_url == "/lab/tree/workshop/00-welcome.ipynb"
    assert (NOTEBOOKS / "00-welcome.ipynb").is_file()
    assert "services" not in c.JupyterHub
    assert "load_roles" not in c.JupyterHub
    assert "environment" not in c.Spawner  # no cohort configured: nothing forwarded
    state = tmp_path / "state"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700  # cookie secret and user list live here
    assert c.JupyterHub.cookie_secret_file == str(state / "jupyterhub_cookie_secret")
    assert callable(c.Spawner.pre_spawn_hook)


def test_every_server_offers_the_app_view_and_culls_abandoned_kernels(monkeypatch, tmp_path):
    c = load_hub_config(monkeypatch, tmp_path)
    args = c.Spawner.args
    assert "--ServerApp.jpserver_extensions=interdependence.app=True" in args
    assert "--ServerLanding.folder=workshop" in args
    assert "--MappingKernelManager.cull_idle_timeout=600" in args
    assert "--MappingKernelManager.cull_connected=False" in args
    # a notebook reopened after its kernel was culled: no "model not found" (lab_contents.py)
    assert ("--ServerApp.contents_manager_class=interdependence.lab_contents."
            "KitContentsManager") in args
    app = load_hub_config(monkeypatch, tmp_path, KIT_DEFAULT_VIEW="app",
                          KIT_KERNEL_IDLE_MINUTES="30")
    assert app.Spawner.default_url == "/interdependence/"
    assert "--MappingKernelManager.cull_idle_timeout=1800" in app.Spawner.args
    with pytest.raises(ValueError, match="KIT_DEFAULT_VIEW"):
        load_hub_config(monkeypatch, tmp_path, KIT_DEFAULT_VIEW="voila")


def test_the_hub_config_reads_every_documented_variable(monkeypatch, tmp_path):
    c = load_hub_config(
        monkeypatch, tmp_path, KIT_DIR="/srv/kit", KIT_HUB_USERS="ana, bo ,",
        KIT_HUB_ADMINS="it-admin", KIT_HUB_ADMIN_TOKEN="t0ken", KIT_HUB_AUTHENTICATOR="dummy",
        KIT_PROXY_COMMAND="/srv/chp", KIT_HUB_BIND_URL="http://127.0.0.1:9000",
        KIT_HUB_API_URL="http://127.0.0.1:9001", KIT_PROXY_API_URL="http://127.0.0.1:9002",
        INTERDEPENDENCE_COHORT="/srv/cohorts/spring")
    assert c.Spawner.cmd == ["/srv/kit/venv/bin/jupyterhub-singleuser"]  # KIT_VENV follows
    assert c.Spawner.environment == {"INTERDEPENDENCE_COHORT": "/srv/cohorts/spring"}
    assert c.Authenticator.allowed_users == {"ana", "bo"}
    assert c.Authenticator.admin_users == {"it-admin"}
    assert c.JupyterHub.authenticator_class == "dummy"
    assert c.ConfigurableHTTPProxy.command == ["/srv/chp"]
    assert (c.JupyterHub.bind_url, c.JupyterHub.hub_bind_url, c.ConfigurableHTTPProxy.api_url) \
        == ("http://127.0.0.1:9000", "http://127.0.0.1:9001", "http://127.0.0.1:9002")
    assert c.JupyterHub.services == [{"name": "kit-admin", "api_token": "t0ken"}]
    assert c.JupyterHub.load_roles[0]["services"] == ["kit-admin"]


def test_facilitators_get_their_own_cohort_url_and_everyone_else_the_share_only_one(
        monkeypatch, tmp_path):
    from types import SimpleNamespace

    c = load_hub_config(
        monkeypatch, tmp_path, INTERDEPENDENCE_COHORT="postgresql://kit_participant:p@db/kit",
        KIT_FACILITATOR_COHORT="postgresql://kit:o@db/kit", KIT_FACILITATORS="fay")
    pick = c.Spawner.environment["INTERDEPENDENCE_COHORT"]

    def spawner(name):
        return SimpleNamespace(user=SimpleNamespace(name=name))

    assert pick(spawner("fay")) == "postgresql://kit:o@db/kit"
    assert pick(spawner("ana")) == "postgresql://kit_participant:p@db/kit"


def test_the_share_service_alone_holds_the_store_and_participants_get_only_its_address(
        monkeypatch, tmp_path):
    from types import SimpleNamespace

    from interdependence.cohort.stores.factory import open_store
    from interdependence.cohort.stores.hubservice import HubServiceStore

    store = "postgresql://kit_participant:share-only-pw@db/kit?cohort=spring"
    owner = "postgresql://kit:owner-pw@db/kit?cohort=spring"
    c = load_hub_config(monkeypatch, tmp_path, KIT_SHARE_STORE=store,
                        KIT_FACILITATOR_COHORT=owner, KIT_FACILITATORS="fay",
                        KIT_HUB_ADMIN_TOKEN="t0ken")
    services = {s["name"]: s for s in c.JupyterHub.services}
    assert set(services) == {"kit-admin", "interdependence-share"}
    share = services["interdependence-share"]
    assert share["command"] == ["/opt/interdependence/venv/bin/python", "-m",
                                "interdependence.hubshare"]
    assert share["url"] == "http://127.0.0.1:10101"
    assert "user" not in share
    assert share["display"] is False
    assert share["environment"]["INTERDEPENDENCE_SHARE_STORE"] == store
    # The secret: made once, private, the same at every start (a new one would count everyone
    # twice), and never in the command line the hub's API shows.
    secret_file = tmp_path / "state" / "interdependence_share_secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = share["environment"]["INTERDEPENDENCE_SHARE_SECRET"]
    assert len(secret) >= 32
    assert secret_file.read_text().strip() == secret
    assert secret not in " ".join(share["command"])
    again = load_hub_config(monkeypatch, tmp_path, KIT_SHARE_STORE=store)
    again_share = [s for s in again.JupyterHub.services if s["name"] == "interdependence-share"]
    assert again_share[0]["environment"]["INTERDEPENDENCE_SHARE_SECRET"] == secret
    # Every user may use the service; their server's token carries that right.
    scope = "access:services!service=interdependence-share"
    [user_role] = [r for r in c.JupyterHub.load_roles if r["name"] == "user"]
    assert set(user_role["scopes"]) == {"self", scope}
    assert scope in c.Spawner.server_token_scopes
    assert {"users:activity!user", "access:servers!server"} <= set(c.Spawner.server_token_scopes)

    pick = c.Spawner.environment["INTERDEPENDENCE_COHORT"]
    assert set(c.Spawner.environment) == {"INTERDEPENDENCE_COHORT"}

    def spawner(name):
        return SimpleNamespace(user=SimpleNamespace(name=name))

    participant = pick(spawner("ana"))
    assert participant == ("jupyterhub-service:http://127.0.0.1:10101/services/"
                           "interdependence-share/")
    assert "postgresql" not in participant
    assert "pw" not in participant
    assert isinstance(open_store(participant), HubServiceStore)
    assert pick(spawner("fay")) == owner


def test_the_share_service_options_and_a_clash_with_the_direct_cohort(monkeypatch, tmp_path):
    secret_file = tmp_path / "elsewhere" / "key"
    c = load_hub_config(monkeypatch, tmp_path, KIT_SHARE_STORE="/srv/cohorts/spring",
                        KIT_SHARE_SERVICE_URL="http://127.0.0.1:9999/",
                        KIT_SHARE_PUBLIC_URL="https://hub.example.org/services/"
                                             "interdependence-share/",
                        KIT_SHARE_SECRET_FILE=str(secret_file),
                        KIT_SHARE_SERVICE_USER="kit-share")
    [share] = c.JupyterHub.services
    assert share["url"] == "http://127.0.0.1:9999"
    assert share["user"] == "kit-share"
    assert secret_file.read_text().strip() == share["environment"][
        "INTERDEPENDENCE_SHARE_SECRET"]
    assert c.Spawner.environment == {"INTERDEPENDENCE_COHORT": "jupyterhub-service:"
                                     "https://hub.example.org/services/interdependence-share/"}
    with pytest.raises(Exception, match="not both"):
        load_hub_config(monkeypatch, tmp_path, KIT_SHARE_STORE="/srv/cohorts/spring",
                        INTERDEPENDENCE_COHORT="/srv/cohorts/spring")


def test_every_variable_the_hub_config_documents_is_read_and_the_reverse():
    text = (DEPLOYMENT / "jupyterhub_config.py").read_text()
    docstring, code = text.split('"""', 2)[1], text.split('"""', 2)[2]
    documented = set(re.findall(r"^((?:KIT|INTERDEPENDENCE)_[A-Z_]+)", docstring, flags=re.M))
    read = set(re.findall(r"""env\(["']([A-Z_]+)["']""", code)) | set(
        re.findall(r"""names\(["']([A-Z_]+)["']""", code))
    assert len(documented) >= 10, documented
    assert documented == read, (documented ^ read)
    guide = (DEPLOYMENT / "README.md").read_text()
    missing = sorted(v for v in documented if v not in guide)
    assert not missing, f"the deployment guide never mentions {missing}"


# ---- z2jh-values.yaml ----------------------------------------------------------------------


def test_the_z2jh_values_take_the_cohort_from_a_secret_and_copy_notebooks_as_the_user():
    values = yaml.safe_load((DEPLOYMENT / "z2jh-values.yaml").read_text())
    user = values["singleuser"]
    cohort = user["extraEnv"]["INTERDEPENDENCE_COHORT"]
    assert set(cohort) == {"valueFrom"}, "the URL holds a password: it must come from a Secret"
    assert set(cohort["valueFrom"]["secretKeyRef"]) == {"name", "key"}
    assert user["storage"]["type"] == "dynamic", "journals need a disk that outlives the server"
    home = user["storage"]["homeMountPath"]
    python, script, source, target = user["lifecycleHooks"]["postStart"]["exec"]["command"]
    kit = "/opt/interdependence/"
    assert script.startswith(kit)
    assert (ROOT / script[len(kit):]).is_file()
    assert source.startswith(kit)
    assert (ROOT / source[len(kit):]).is_dir()
    assert target.startswith(home + "/")
    folder = target[len(home) + 1:]
    assert user["defaultUrl"] == f"/lab/tree/{folder}/00-welcome.ipynb"
    rule = user["networkPolicy"]["egress"][0]
    assert rule["ports"] == [{"protocol": "TCP", "port": 5432}]
    assert "hub" not in values or "dummy" not in str(values["hub"]).lower()


@pytest.mark.parametrize("name", ["jupyterhub_config.py", "copy_notebooks.py",
                                  "z2jh-values.yaml"])
def test_the_guide_names_each_deployment_file(name):
    guide = (DEPLOYMENT / "README.md").read_text()
    assert f"]({name})" in guide, f"README.md does not link {name}"
