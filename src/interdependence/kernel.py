"""The kernel the kit's notebooks and app pages run in: IPython's, with its debugger off.

IPython's kernel offers JupyterLab a debugger. Switched on (one click in Lab's toolbar), it
starts ``debugpy``, which listens on a port of 127.0.0.1 with no password and keeps
listening after it is switched off again. Every account on the same computer can reach
that port (a JupyterHub with local users: all the participants), attach, and read or run
anything in the participant's kernel, their answers included. Participants have no use for
a debugger, so this kernel does not offer one and refuses every debug request.

It is chosen by ``resources/ipython_kernel_config.json`` (``IPKernelApp.kernel_class``),
which ``make`` copies into the environment (Makefile) and the hub's set-up copies into the
kit's environment (facilitator_guide/deployment), so every kernel started there uses it.
"""

from __future__ import annotations

from typing import Any

from ipykernel.ipkernel import IPythonKernel

#: What a debug request gets back (JupyterLab shows it if anyone asks).
DEBUGGER_OFF = ("The debugger is switched off in the Interdependence kit: it would let other "
                "people on this computer read what you write.")


class PrivateKernel(IPythonKernel):
    """IPython's kernel without the debugger (see the module's docstring)."""

    @property
    def kernel_info(self) -> dict[str, Any]:
        info = dict(super().kernel_info)
        info["supported_features"] = [feature for feature in info.get("supported_features", [])
                                      if feature != "debugger"]
        return info

    async def do_debug_request(self, msg: dict[str, Any]) -> dict[str, Any]:
        """Refuse, without ever starting debugpy. JupyterLab asks every kernel, when a
        notebook opens, whether a debugger is running (``debugInfo``): the answer is no."""
        reply = {"type": "response", "request_seq": msg.get("seq", 0),
                 "command": msg.get("command", "")}
        if msg.get("command") == "debugInfo":
            return {**reply, "success": True, "body": _not_started()}
        return {**reply, "success": False, "message": DEBUGGER_OFF}


def _not_started() -> dict[str, Any]:
    """What IPython's own kernel says of a debugger not started (ipykernel's debugInfo)."""
    import os

    from ipykernel.compiler import get_tmp_directory, get_tmp_hash_seed

    return {"isStarted": False, "hashMethod": "Murmur2", "hashSeed": get_tmp_hash_seed(),
            "tmpFilePrefix": get_tmp_directory() + os.sep, "tmpFileSuffix": ".py",
            "breakpoints": [], "stoppedThreads": [], "richRendering": True,
            "exceptionPaths": [], "copyToGlobals": False}
