"""Files the participant takes home: downloaded by their browser, on their own device.

The kit runs in a Jupyter server, which is the participant's own computer on a laptop but a
server somewhere else on a JupyterHub. A file written to the server's disk is therefore not
in the person's hands; :class:`Download` puts it there. The view that made a file (the share
panel's saved file, the plan export, the journal copy) passes its bytes to
:meth:`Download.offer`, and the browser downloads the first file at once (the person has just
pressed the button that made it). Every file offered also stays on screen as a link styled
as a button, "Download my copy (name, size)", so a browser that held the download back, or a
person who wants it again, still has it one press away. The bytes go from the kernel to this
page over the widget's own connection and become a ``blob:`` link in the page: nothing is
sent anywhere else, no address on the server is exposed (Voila serves no files), and a hub's
content security policy does not apply to a download the page itself makes.

:func:`message` says it in plain words: what the browser is downloading and where a copy is
kept on this computer or server.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import traitlets as t

from ..frozen import Record
from ..palette import css_variables
from .choices import FrontEndWidget
from .style import esc

#: Larger files are not offered: they would sit in the kernel's and the page's memory.
#: The plan export is a few hundred KB with its chart; a journal is tens of KB.
MAX_BYTES = 20 * 1024 * 1024

_ESM = r"""
function render({ model, el }) {
  el.classList.add("interdep-download");
  let urls = [], links = [], drawn = null;
  function forget() { urls.forEach((u) => URL.revokeObjectURL(u)); urls = []; }
  function draw() {
    forget();
    drawn = model.get("files");
    el.replaceChildren();
    links = drawn.map((file) => {
      const url = URL.createObjectURL(new Blob([file.data], { type: file.mime }));
      urls.push(url);
      const link = document.createElement("a");
      link.href = url;
      link.download = file.name;
      link.textContent = file.text;
      link.className = "interdep-download-link";
      link.setAttribute("data-file", file.name);
      el.append(link);
      return link;
    });
    el.hidden = links.length === 0;
  }
  function start() {
    // The files and the request arrive in one update, in no set order: draw first if needed.
    if (drawn !== model.get("files")) draw();
    if (links.length) links[0].click();
  }
  model.on("change:files", draw);
  model.on("change:request", start);
  draw();
  return forget;
}
export default { render };
"""

_CSS = css_variables(".interdep-download") + """
.interdep-download {display: flex; flex-wrap: wrap; gap: 6px 10px; margin: 6px 0;}
.interdep-download[hidden] {display: none;}
.interdep-download-link {display: inline-block; padding: 6px 12px; border-radius: 3px;
  background: var(--interdep-accent); color: var(--interdep-white) !important;
  text-decoration: none; font-size: var(--jp-widgets-font-size, 13px); line-height: 1.4;
  overflow-wrap: anywhere;}
.interdep-download-link:hover {text-decoration: underline;}
.interdep-download-link:focus-visible {outline: 3px solid var(--interdep-focus);
  outline-offset: 2px;}
"""


class DownloadTooLarge(ValueError):
    """A file too large to hand to the browser this way (over :data:`MAX_BYTES`)."""


class DownloadFile(Record):
    """One file for the browser: its name on the person's device, its bytes, and what the
    link says (``label``, followed by the name and the size)."""

    name: str
    data: bytes
    label: str = "Download my copy"
    mime: str = "application/octet-stream"

    @property
    def size(self) -> str:
        return human_size(len(self.data))

    @property
    def text(self) -> str:
        return f"{self.label} ({safe_name(self.name)}, {self.size})"


def safe_name(name: str) -> str:
    """A file name any browser and any system accepts: no folders, no hidden dot files,
    letters, digits, dots, dashes and underscores only, at most 100 characters."""
    base = re.split(r"[\\/]", str(name))[-1]
    # A leading dash stays: a share token may start with one, and the name must match it.
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip(".") or "download"
    if len(cleaned) > 100:
        stem, dot, ext = cleaned.rpartition(".")
        keep = ext if dot and len(ext) <= 10 else ""
        cleaned = cleaned[: 100 - len(keep) - (1 if keep else 0)].rstrip(".")
        cleaned += f".{keep}" if keep else ""
    return cleaned


def human_size(count: int) -> str:
    """A size in words a person reads at a glance: "1 byte", "812 bytes", "4 KB", "2.3 MB"."""
    if count < 1024:
        return f"{count} byte" + ("" if count == 1 else "s")
    if count < 1024 * 1024:
        return f"{-(-count // 1024)} KB"  # rounded up: never "0 KB"
    return f"{count / (1024 * 1024):.1f} MB"


def file_from(path: Path, label: str, mime: str, name: str | None = None) -> DownloadFile:
    """A file as the server saved it: the bytes read back from ``path``, so what the browser
    downloads is exactly the copy that was kept."""
    return DownloadFile(name=name or path.name, data=Path(path).read_bytes(), label=label,
                        mime=mime)


def machine() -> str:
    """Where the server copy is, in the person's words: a JupyterHub's single-user server
    (JupyterHub sets ``JUPYTERHUB_USER`` there) is not the computer in front of them."""
    return "the workshop server" if os.environ.get("JUPYTERHUB_USER") else "this computer"


class Download(FrontEndWidget):
    """The links of the files offered last, and the download of the first one.

    ``files``: what the links are (name, text, type and bytes); ``request`` goes up by one
    each time the browser is asked to download the first file. Hidden until a file is
    offered. :attr:`offered` is the list of :class:`DownloadFile` on screen.
    """

    _esm = t.Unicode(_ESM).tag(sync=True)
    _css = t.Unicode(_CSS).tag(sync=True)
    _anywidget_id = t.Unicode("interdependence.views.download.Download").tag(sync=True)

    files = t.List(t.Dict()).tag(sync=True)
    request = t.Int(0).tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.offered: list[DownloadFile] = []

    def offer(self, files: Iterable[DownloadFile], start: bool = True) -> list[DownloadFile]:
        """Show a link for each file and, with ``start``, download the first one now.

        Refuses (:class:`DownloadTooLarge`) before changing anything if a file is larger
        than :data:`MAX_BYTES`. Returns the files as offered (with safe names).
        """
        offered = [DownloadFile(safe_name(f.name), bytes(f.data), f.label, f.mime)
                   for f in files]
        for file in offered:
            if len(file.data) > MAX_BYTES:
                raise DownloadTooLarge(
                    f"{file.name} is {file.size}, too large for your browser to download "
                    "from here.")
        with self.hold_sync():
            self.files = [{"name": f.name, "text": f.text, "mime": f.mime, "data": f.data}
                          for f in offered]
            if start and offered:
                self.request += 1
        self.offered = offered
        return offered

    def clear(self) -> None:
        """Take the links away (what they offered is out of date)."""
        self.files, self.offered = [], []


def message(files: list[DownloadFile], kept: Path | str | None, what: str = "A copy",
            extra: str = "") -> str:
    """The status after :meth:`Download.offer`, as HTML: what the browser is downloading,
    ``extra`` (HTML, already safe), and where ``what`` is kept on the server."""
    if not files:
        return ""
    first = files[0]
    said = [f"Your browser is downloading <code>{esc(first.name)}</code> ({first.size}). "
            "Look for it in your Downloads folder. If it does not appear, press "
            "the button below."]
    if extra:
        said.append(extra)
    if kept is not None:
        said.append(f"{esc(what)} is also kept on {machine()} at <code>{esc(kept)}</code>.")
    return " ".join(said)


def too_large_message(exc: DownloadTooLarge, kept: Path | str | None) -> str:
    """What to say when a file is too large to download: where it is kept instead."""
    where = (f" It is kept on {machine()} at <code>{esc(kept)}</code>." if kept is not None
             else "")
    return f"{esc(exc)}{where}"
