"""Kernels' traffic is encrypted: another user of the same computer cannot listen to it.

Every kernel listens on ports of 127.0.0.1, which every local user can reach (a JupyterHub
with local users: all participants on one machine). A kernel's iopub socket publishes what
the page shows and what the widgets echo back, a participant's answers included; ZeroMQ's
publish socket asks no one who subscribes. With CurveZMQ a listener without the keys gets
nothing. The app, ``make lab`` and the hub's servers all ask for it.
"""

from __future__ import annotations

import json
import re
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
