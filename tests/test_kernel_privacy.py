"""Kernels keep to their owner: another user of the same computer can neither listen to
their traffic nor attach a debugger to them.

Every kernel listens on ports of 127.0.0.1, which every local user can reach (a JupyterHub
with local users: all participants on one machine). A kernel's iopub socket publishes what
the page shows and what the widgets echo back, a participant's answers included; ZeroMQ's
publish socket asks no one who subscribes. With CurveZMQ a listener without the keys gets
nothing. The app, ``make lab`` and the hub's servers all ask for it.

IPython's kernel also offers a debugger whose port (debugpy, on 127.0.0.1) takes anyone who
connects; the kit's kernel (``interdependence.kernel``) offers none and opens no port.
"""

from __future__ import annotations

import json
import os
import re
import signal
import time
from pathlib import Path

import pytest
import zmq
from jupyter_client.manager import KernelManager
from traitlets.config import Config

from interdependence.app import KERNEL_ENCRYPTION, private_kernels

ROOT = Path(__file__).resolve().parents[1]
SECRET = "my sister never knew I was struggling"


def _eavesdrop(config: Config, tmp_path: Path) -> tuple[str, list[bytes]]:
    """Start a kernel under ``config``, subscribe to its iopub as a stranger would (no keys),
    make it print SECRET; return what its own client got and what the stranger heard."""
    km = KernelManager(config=config, connection_file=str(tmp_path / "kernel.json"))
    km.start_kernel()
    context = zmq.Context()
    stranger = context.socket(zmq.SUB)
    try:
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        info = json.loads(Path(km.connection_file).read_text())
        stranger.setsockopt(zmq.SUBSCRIBE, b"")
        stranger.setsockopt(zmq.LINGER, 0)
        stranger.connect(f"tcp://127.0.0.1:{info['iopub_port']}")
        time.sleep(1.0)  # let the subscription reach the kernel
        shown: list[str] = []
        client.execute_interactive(f"print({SECRET!r})", timeout=60,
                                   output_hook=lambda msg: shown.append(
                                       msg["content"].get("text", "")))
        heard: list[bytes] = []
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            if stranger.poll(200):
                heard.extend(stranger.recv_multipart())
        client.stop_channels()
        return "".join(shown), heard
    finally:
        stranger.close()
        context.term()
        km.shutdown_kernel(now=True)


@pytest.mark.slow
def test_a_stranger_on_the_same_computer_hears_nothing_from_a_kit_kernel(tmp_path):
    config = Config()
    private_kernels(config)
    shown, heard = _eavesdrop(config, tmp_path)
    assert SECRET in shown  # the page's own connection works
    assert not any(SECRET.encode() in frame for frame in heard)
    assert heard == []


@pytest.mark.slow
def test_without_it_the_stranger_hears_the_answer(tmp_path):
    """The hole the setting closes: a kernel with jupyter_client's default."""
    shown, heard = _eavesdrop(Config(), tmp_path)
    assert SECRET in shown
    assert any(SECRET.encode() in frame for frame in heard)


def test_make_lab_and_the_hub_ask_for_encrypted_kernels():
    wanted = f"--KernelManager.transport_encryption={KERNEL_ENCRYPTION}"
    makefile = (ROOT / "Makefile").read_text()
    assert f"PRIVATE_KERNELS := {wanted}" in makefile
    assert re.search(r"jupyter lab .*\$\(PRIVATE_KERNELS\)", makefile)
    hub = (ROOT / "facilitator_guide" / "deployment" / "jupyterhub_config.py").read_text()
    assert f'"{wanted}"' in hub


def _debugpy_listeners() -> dict[int, set[int]]:
    """Each running debugpy process (its adapter detaches from the kernel) and the TCP ports
    it listens on (Linux /proc)."""
    listening = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            cols = line.split()
            if cols[3] == "0A":  # LISTEN
                listening[cols[9]] = int(cols[1].rsplit(":", 1)[1], 16)
    found: dict[int, set[int]] = {}
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if b"debugpy" not in (proc / "cmdline").read_bytes():
                continue
            links = [fd.readlink().as_posix() for fd in (proc / "fd").iterdir()]
        except OSError:
            continue
        found[int(proc.name)] = {listening[link[8:-1]] for link in links
                                 if link.startswith("socket:[") and link[8:-1] in listening}
    return found


def _debugger_asked_for(kernel_class: str,
                        tmp_path: Path) -> tuple[dict, dict[str, dict], set[int]]:
    """Start a kernel of ``kernel_class`` with the kit's kernel settings, do what JupyterLab
    does on opening a notebook (``debugInfo``) and when someone switches its debugger on
    (``initialize``, then ``attach``); return the kernel's info, the replies by command and
    the ports that opened meanwhile."""
    before = _debugpy_listeners()
    km = KernelManager(connection_file=str(tmp_path / "kernel.json"))
    km.start_kernel(extra_arguments=[f"--config={KERNEL_CONFIG}",
                                     f"--IPKernelApp.kernel_class={kernel_class}"])
    try:
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        info = client.kernel_info(reply=True, timeout=30)["content"]
        replies = {}
        for seq, command in enumerate(("debugInfo", "initialize", "attach"), start=1):
            request = client.session.msg("debug_request", {
                "seq": seq, "type": "request", "command": command,
                "arguments": {"clientID": "test", "adapterID": "python"}})
            client.control_channel.send(request)
            replies[command] = client.get_control_msg(timeout=30)["content"]
        time.sleep(1.0)
        started = {pid: ports for pid, ports in _debugpy_listeners().items()
                   if pid not in before}
        client.stop_channels()
        return info, replies, set().union(*started.values())
    finally:
        km.shutdown_kernel(now=True)
        for pid in set(_debugpy_listeners()) - set(before):  # the detached adapter
            os.kill(pid, signal.SIGTERM)


KERNEL_CONFIG = ROOT / "src" / "interdependence" / "resources" / "ipython_kernel_config.json"


@pytest.mark.slow
def test_the_kits_kernel_offers_no_debugger_and_opens_no_port_when_asked(tmp_path):
    kernel_class = json.loads(KERNEL_CONFIG.read_text())["IPKernelApp"]["kernel_class"]
    assert kernel_class == "interdependence.kernel.PrivateKernel"
    info, replies, opened = _debugger_asked_for(kernel_class, tmp_path)
    assert "debugger" not in info.get("supported_features", [])
    assert replies["debugInfo"]["body"]["isStarted"] is False  # what Lab asks on opening
    assert replies["initialize"]["success"] is False
    assert "switched off" in replies["initialize"]["message"]
    assert opened == set()


@pytest.mark.slow
def test_ipythons_own_kernel_opens_a_debugger_port_anyone_could_attach_to(tmp_path):
    """The hole the kit's kernel closes: IPython's kernel, asked the same, listens."""
    info, replies, opened = _debugger_asked_for("ipykernel.ipkernel.IPythonKernel", tmp_path)
    assert "debugger" in info["supported_features"]
    assert replies["initialize"]["success"] is True
    assert opened
