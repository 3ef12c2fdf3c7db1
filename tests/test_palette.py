"""One palette: colours are declared only in palette.py, and every text colour reads (WCAG AA)."""

import re
from pathlib import Path

import pytest

from interdependence import palette

SRC = Path(__file__).resolve().parents[1] / "src" / "interdependence"
PALETTE = SRC / "palette.py"
#: A CSS or matplotlib hex colour: #RGB, #RGBA, #RRGGBB or #RRGGBBAA (not an HTML entity).
HEX_COLOUR = re.compile(r"(?<![\w&])#(?:[0-9a-fA-F]{8}|[0-9a-fA-F]{6}|[0-9a-fA-F]{3,4})\b")
AA_TEXT = 4.5

#: Hex colours still typed in the exercise views and their ListEditor, which other engineers
#: are rewriting at the same time (only their import lines may change for now). Each is a
#: palette role already: #ddd is RULE, #555 MUTED, #444 (now MUTED), #56B4E9 ACCENT_SOFT.
#: Replace them with the palette and delete the entry; the test fails on any other colour, and
#: on an entry that is no longer needed, so this list can only shrink.
NOT_YET_FROM_THE_PALETTE = {
}


def _hex_colours_in_src() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*")):
        if not path.is_file() or path == PALETTE or "__pycache__" in path.parts:
            continue
        if path.suffix not in {".py", ".js", ".css", ".html", ".json", ".yaml", ".yml"}:
            continue
        colours = set(HEX_COLOUR.findall(path.read_text(encoding="utf-8")))
        if colours:
            found[path.relative_to(SRC).as_posix()] = colours
    return found


def test_no_module_outside_the_palette_types_a_hex_colour():
    found = _hex_colours_in_src()
    unexpected = {name: sorted(colours - NOT_YET_FROM_THE_PALETTE.get(name, set()))
                  for name, colours in found.items()}
    unexpected = {name: colours for name, colours in unexpected.items() if colours}
    assert not unexpected, (f"colours typed outside palette.py: {unexpected}; use a role from "
                            "interdependence.palette (CSS: var(--interdep-<role>))")
    stale = {name: sorted(colours - found.get(name, set()))
             for name, colours in NOT_YET_FROM_THE_PALETTE.items()}
    stale = {name: colours for name, colours in stale.items() if colours}
    assert not stale, f"no longer typed there: remove from NOT_YET_FROM_THE_PALETTE: {stale}"


def test_the_scan_finds_colours_in_css_and_python_but_not_entities_or_comments():
    sample = ('x = "#0072B2"; css = "color: #555; border: 1px solid #ddd;"  # item 3\n'
              "y = '&#8212; #12 #abcdefgh #C0FFEE80'")
    assert set(HEX_COLOUR.findall(sample)) == {"#0072B2", "#555", "#ddd", "#C0FFEE80"}


def test_contrast_is_the_wcag_ratio():
    assert palette.contrast(palette.BLACK, palette.WHITE) == pytest.approx(21.0)
    assert palette.contrast("#777777", "#fff") == pytest.approx(4.48, abs=0.01)  # just fails AA
    assert palette.contrast(palette.MUTED, palette.WHITE) == pytest.approx(
        palette.contrast(palette.WHITE, palette.MUTED))


@pytest.mark.parametrize(("text", "background"), palette.TEXT_PAIRS)
def test_every_text_colour_meets_wcag_aa_on_its_background(text, background):
    assert palette.contrast(text, background) >= AA_TEXT, (text, background)


FILLS = sorted({*palette.SERIES, *palette.LIKERT_COLOURS, palette.NEUTRAL_GREY,
                *palette.OKABE_ITO.values()})


@pytest.mark.parametrize("fill", FILLS)
def test_a_label_on_any_chart_fill_meets_wcag_aa(fill):
    assert palette.contrast(palette.text_on(fill), fill) >= AA_TEXT, fill


def test_vermillion_is_a_fill_not_a_text_colour_and_attention_is_its_readable_twin():
    """Why ATTENTION exists: vermillion on white is below AA, so words use the darker one."""
    vermillion = palette.OKABE_ITO["vermillion"]
    assert palette.contrast(vermillion, palette.WHITE) < AA_TEXT
    assert palette.contrast(palette.ATTENTION, palette.WHITE) >= AA_TEXT
    assert palette.text_on(vermillion) == palette.BLACK  # a label on a vermillion bar


def _stylesheets():
    from interdependence import app, plan_export
    from interdependence.report import page
    from interdependence.views import choices, style

    return {"views/style.py": style.STYLE, "views/choices.py": choices._CSS,
            "report/page.py": page.CSS, "app.py": app.PAGE_STYLE, "plan_export.py": plan_export.CSS}


def test_every_stylesheet_declares_the_palette_and_uses_only_its_roles():
    declared = palette.css_variables()
    assert all(f"--interdep-{role}: {colour};" in declared
               for role, colour in palette.CSS_ROLES.items())
    # The widget's own stylesheet declares them on its element rather than on :root.
    block = re.compile(r"^[^{}\n]+ \{" + re.escape(declared.split("{", 1)[1]), re.M)
    for name, css in _stylesheets().items():
        assert len(block.findall(css)) == 1, f"{name} does not declare the palette once"
        used = set(re.findall(r"var\(--interdep-([a-z-]+)", css))
        assert used, f"{name} uses no palette colour"
        assert used <= set(palette.CSS_ROLES), (name, used - set(palette.CSS_ROLES))
        rules = block.sub("", css)
        assert not HEX_COLOUR.findall(rules), name


def _labels_on_bars(ax):
    """(text colour, bar colour) for every label drawn inside a bar (not a tint behind)."""
    from matplotlib.colors import to_hex
    from matplotlib.patches import Rectangle
    from matplotlib.text import Annotation

    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0
            and (p.get_alpha() is None or p.get_alpha() == 1)]
    pairs = []
    for text in ax.texts:
        if not text.get_text().strip() or text.get_bbox_patch() is not None \
                or isinstance(text, Annotation):  # placed beside a point, not on a bar
            continue
        x, y = text.get_position()
        for patch in bars:
            inside_x = patch.get_x() <= x <= patch.get_x() + patch.get_width()
            if inside_x and patch.get_y() <= y <= patch.get_y() + patch.get_height():
                pairs.append((to_hex(text.get_color()), to_hex(patch.get_facecolor())))
    return pairs


def test_labels_on_the_cohort_likert_bars_meet_wcag_aa():
    import matplotlib.pyplot as plt
    from cohort_fakes import realistic

    from interdependence import curriculum
    from interdependence.charts import cohort as charts
    from interdependence.cohort import aggregate

    bank = curriculum.default()
    panel = aggregate.signs(realistic(bank, people=30, seed=11), bank, 5)[0]
    fig = charts.figure(panel)
    pairs = _labels_on_bars(fig.axes[0])
    plt.close(fig)
    assert len({bar for _, bar in pairs}) >= 4  # the scan did find labels on most segments
    assert all(palette.contrast(text, bar) >= AA_TEXT for text, bar in pairs), pairs


def test_labels_and_words_on_the_load_chart_meet_wcag_aa():
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    from interdependence.charts import boundaries
    from interdependence.charts.style import new_figure

    tasks = [{"task": f"Task {n}", "hours": 6} for n in range(len(palette.SERIES))]
    data = {"tasks": tasks, "available": 20}
    fig, ax = new_figure(10, boundaries.load_height(data))
    boundaries.load_chart(ax, data)
    pairs = _labels_on_bars(ax)
    assert len({bar for _, bar in pairs}) == len(palette.SERIES)
    assert all(palette.contrast(text, bar) >= AA_TEXT for text, bar in pairs), pairs
    words = [to_hex(ax.title.get_color())] + [to_hex(t.get_color()) for t in ax.texts
                                              if "over" in t.get_text()]
    plt.close(fig)
    assert to_hex(palette.ATTENTION) in words  # "over" is said in the readable vermillion
    assert all(palette.contrast(colour, palette.WHITE) >= AA_TEXT for colour in words), words
