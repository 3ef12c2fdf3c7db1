"""Files handed to the browser to download (views/download.py), and the three places that do:
the journal copy (welcome), the file for the facilitator (share panel), the plan export (08)."""

from __future__ import annotations

import json

import pytest
from ipywidgets.widgets.widget import _remove_buffers

from interdependence.session import StepSession
from interdependence.views import download as dl

CODE = "SPRING-26"


@pytest.fixture(autouse=True)
def not_on_a_hub(monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)


def sent_to_the_browser(widget) -> dict[str, bytes]:
    """The files as the page receives them: the widget's state, its bytes as buffers."""
    state, paths, buffers = _remove_buffers(widget.get_state())
    assert [p[0] for p in paths] == ["files"] * len(widget.files)  # bytes travel as buffers
    return {state["files"][p[1]]["name"]: bytes(b) for p, b in zip(paths, buffers, strict=True)}


# ---- the helper -----------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "safe"), [
    ("interdependence-journal-2026-05-12.json", "interdependence-journal-2026-05-12.json"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\plan.html", "plan.html"),
    ("my plan (final)?.html", "my-plan-final-.html"),
    (".bashrc", "bashrc"),
    ("...", "download"),
    ("", "download"),
    ("-Ab3_x9.json", "-Ab3_x9.json"),  # a share token may start with a dash: kept, it must match
    ("naïve café.md", "na-ve-caf-.md"),
])
def test_file_names_are_safe_on_any_device(given, safe):
    assert dl.safe_name(given) == safe


def test_a_long_name_is_cut_but_keeps_its_extension():
    name = dl.safe_name("x" * 300 + ".html")
    assert len(name) == 100
    assert name.endswith("x.html")


@pytest.mark.parametrize(("count", "said"), [
    (0, "0 bytes"), (1, "1 byte"), (812, "812 bytes"), (1024, "1 KB"), (1025, "2 KB"),
    (4 * 1024, "4 KB"), (int(2.3 * 1024 * 1024), "2.3 MB"),
])
def test_sizes_are_said_in_plain_units(count, said):
    assert dl.human_size(count) == said


def test_offered_bytes_reach_the_browser_unchanged_and_the_first_starts():
    widget = dl.Download()
    assert widget.files == []
    assert widget.request == 0
    page = "<!DOCTYPE html>\n<p>Zoë \u00e9t\u00e9</p>".encode() + b"\x00\xff"
    chart = bytes(range(256)) * 10
    offered = widget.offer([dl.DownloadFile("my plan.html", page, "Download my plan",
                                            "text/html"),
                            dl.DownloadFile("chart.png", chart, "Download the chart",
                                            "image/png")])
    assert [f.name for f in offered] == ["my-plan.html", "chart.png"]
    assert widget.request == 1  # the page downloads the first file now
    assert sent_to_the_browser(widget) == {"my-plan.html": page, "chart.png": chart}
    assert [f["text"] for f in widget.files] == [
        f"Download my plan (my-plan.html, {len(page)} bytes)",
        "Download the chart (chart.png, 3 KB)"]
    assert [f["mime"] for f in widget.files] == ["text/html", "image/png"]
    widget.offer(offered)  # the same files again: downloaded again
    assert widget.request == 2
    widget.offer(offered, start=False)
    assert widget.request == 2
    widget.clear()
    assert widget.files == []
    assert widget.offered == []


def test_a_file_too_large_is_refused_before_anything_changes(monkeypatch):
    widget = dl.Download()
    widget.offer([dl.DownloadFile("a.json", b"{}")])
    monkeypatch.setattr(dl, "MAX_BYTES", 10)
    with pytest.raises(dl.DownloadTooLarge, match="too large"):
        widget.offer([dl.DownloadFile("big.html", b"x" * 11)])
    assert [f["name"] for f in widget.files] == ["a.json"]
    assert widget.request == 1


def test_the_message_says_what_downloads_and_where_the_copy_is_kept(monkeypatch):
    files = [dl.DownloadFile("a<b>.json", b"x" * 5000)]
    offered = dl.Download().offer(files)
    said = dl.message(offered, "/home/me/<x>/a.json", "Your journal")
    assert "Your browser is downloading <code>a-b-.json</code> (5 KB)" in said
    assert "Your journal is also kept on this computer at <code>/home/me/&lt;x&gt;/a.json" in said
    assert "<x>" not in said
    monkeypatch.setenv("JUPYTERHUB_USER", "sam")
    assert "kept on the workshop server at" in dl.message(offered, "/srv/a.json")
    assert dl.message([], "/srv/a.json") == ""


# ---- the journal copy (welcome) ---------------------------------------------------------------


def test_the_journal_copy_downloads_the_journal_file_exactly(journal):
    panel = StepSession("00-welcome", journal=journal).your_data()
    panel.copy.button.click()
    assert "Nothing is saved in your journal yet" in panel.copy.message.value
    assert panel.copy.files.files == []

    journal.set_reflection("00-welcome", "welcome.hopes", "Ask Sam, <b>not</b> \u00e9 alone")
    panel.copy.button.click()
    (name, data), = sent_to_the_browser(panel.copy.files).items()
    assert data == journal.path.read_bytes()
    assert json.loads(data)["steps"]["00-welcome"]["reflections"]["welcome.hopes"]["text"] == (
        "Ask Sam, <b>not</b> \u00e9 alone")
    assert name.startswith("interdependence-journal-")
    assert name.endswith(".json")
    said = panel.copy.message.value
    assert f"Your browser is downloading <code>{name}</code>" in said
    assert f"Your journal is also kept on this computer at <code>{journal.path}</code>" in said
    assert panel.copy.files.request == 1
    panel.delete.click()  # the copy on screen is put away before a delete
    assert panel.copy.files.files == []


def test_saved_copy_is_none_before_anything_is_saved(journal):
    assert journal.saved_copy() is None
    journal.set_setting("cohort_code", CODE)
    assert journal.saved_copy() == journal.path.read_bytes()


# ---- the file for the facilitator (share panel) ---------------------------------------------


def test_the_saved_share_file_downloads_exactly_as_kept_and_as_previewed(journal, private_home):
    journal.set_setting("cohort_code", CODE)
    journal.set_rating("00-welcome", "sign.asking", 4)
    panel = StepSession("00-welcome", journal=journal).share()
    panel.save_button.click()
    kept = private_home / "exports" / f"{journal.token}.json"
    assert sent_to_the_browser(panel.download) == {kept.name: kept.read_bytes()}
    assert json.loads(kept.read_bytes()) == panel.plan().submission  # what the preview shows
    said = panel.status.value
    assert f"Your browser is downloading <code>{kept.name}</code>" in said
    assert f"A copy is also kept on this computer at <code>{kept}</code>" in said
    assert "without changing it or its name" in said
    panel.refresh_button.click()  # the same preview again: the link stays
    assert [f["name"] for f in panel.download.files] == [kept.name]
    journal.set_rating("00-welcome", "sign.asking", 1)
    panel.refresh_button.click()  # the preview changed: the link to the old file goes
    assert panel.download.files == []


def test_a_share_file_that_cannot_be_saved_offers_nothing(journal, private_home):
    journal.set_setting("cohort_code", CODE)
    journal.set_rating("00-welcome", "sign.asking", 4)
    private_home.mkdir(parents=True, exist_ok=True)
    (private_home / "exports").write_text("a file where the folder should be")
    panel = StepSession("00-welcome", journal=journal).share()
    panel.save_button.click()
    assert panel.download.files == []
    assert "downloading" not in panel.status.value
    assert panel.problem.value


# ---- the plan export (step 08) -----------------------------------------------------------------


def test_the_plan_export_downloads_the_page_first_and_offers_the_rest(journal):
    journal.set_rating("00-welcome", "sign.asking", 4)
    journal.set_rating("08-embracing-interdependence", "sign.asking", 2)
    box = StepSession("08-embracing-interdependence", journal=journal).exercise("export")
    box.save_button.click()
    result = box.result
    sent = sent_to_the_browser(box.download)
    assert list(sent) == [result.html.name, result.markdown.name, result.images[0].name]
    for path in (result.html, result.markdown, *result.images):
        assert sent[path.name] == path.read_bytes()
    assert box.download.request == 1  # the page starts downloading at once
    said = box.message.value
    assert f"Your browser is downloading <code>{result.html.name}</code>" in said
    assert "copies kept on this computer" in said
    assert str(result.markdown) in said


def test_on_a_hub_the_welcome_card_and_the_copy_say_the_server(journal, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "sam")
    journal.set_setting("cohort_code", CODE)
    panel = StepSession("00-welcome", journal=journal).your_data()
    assert "Your journal is one file on the workshop server" in panel.children[1].value
    panel.copy.button.click()
    assert "Your journal is also kept on the workshop server at" in panel.copy.message.value
