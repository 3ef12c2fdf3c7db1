"""What every page must pass at a phone's width and a projector's: no sideways scrolling,
every control's words whole, charts inside the screen, and axe-core with no violations.

``layout_problems(page)`` returns one plain line per problem found (an empty list is a
pass). ``axe_violations(page)`` runs axe-core (installed from npm by ``make axe``, into
build/axe, never committed) in the page and returns its violations the same way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from browser_ui import ROOT

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WIDTHS = {"390": PHONE, "1280": DESKTOP}

AXE = Path(os.environ.get("INTERDEPENDENCE_AXE",
                          ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"))
AXE_HINT = (f"axe-core not found at {AXE}: run `make axe` (npm install of axe-core into "
            "build/axe; `make test` does it), or point INTERDEPENDENCE_AXE at axe.min.js.")

LAYOUT_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const found = [];
  const describe = (e) => {
    let s = e.tagName.toLowerCase();
    const classes = [...e.classList].filter(c => !c.startsWith('lm-')).slice(0, 3).join('.');
    if (classes) s += '.' + classes;
    const words = (e.innerText || e.value || e.getAttribute('aria-label') || '')
        .trim().replace(/\\s+/g, ' ').slice(0, 50);
    return words ? `${s} "${words}"` : s;
  };
  const shown = (e) => {
    const box = e.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) return false;
    const style = getComputedStyle(e);
    return style.visibility !== 'hidden' && style.display !== 'none';
  };
  const measure = document.createElement('canvas').getContext('2d');
  const textWidth = (text, style) => {
    measure.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return measure.measureText(text).width;
  };
  const page = document.scrollingElement;
  if (page.scrollWidth > page.clientWidth + 1)
    found.push(`the page scrolls sideways: ${page.scrollWidth} px wide in ${page.clientWidth}`);
  for (const e of document.body.querySelectorAll('*')) {
    if (!shown(e) || e.closest('#loading')) continue;
    const style = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    if (/(auto|scroll)/.test(style.overflowX) && e.scrollWidth > e.clientWidth + 1)
      found.push(`scrolls sideways: ${describe(e)} (${e.scrollWidth} px in ${e.clientWidth})`);
    if (box.right > width + 1 || box.left < -1)
      found.push(`past the edge of the screen: ${describe(e)} ` +
                 `(${Math.round(box.left)} to ${Math.round(box.right)} of ${width})`);
    const words = e.tagName === 'BUTTON' || e.tagName === 'LABEL' || e.tagName === 'SUMMARY'
        || e.classList.contains('widget-label') || e.classList.contains('widget-label-basic')
        || e.getAttribute('role') === 'button' || e.classList.contains('lm-TabBar-tabLabel');
    if (words && e.scrollWidth > e.clientWidth + 1)
      found.push(`words cut off: ${describe(e)} (${e.scrollWidth} px in ${e.clientWidth})`);
    else if (style.textOverflow === 'ellipsis' && style.overflowX !== 'visible'
             && e.scrollWidth > e.clientWidth + 1)
      found.push(`words end in "…": ${describe(e)}`);
    if (e.tagName === 'SELECT' && e.selectedIndex >= 0) {
      // A closed drop-down shows only its choice: it must fit beside the arrow.
      const choice = e.options[e.selectedIndex].text;
      const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (textWidth(choice, style) > room + 1)
        found.push(`drop-down cuts its choice: ${describe(e)} shows part of "${choice}"`);
    }
    if (['IMG', 'SVG', 'CANVAS', 'svg'].includes(e.tagName) && box.width > width + 1)
      found.push(`chart wider than the screen: ${describe(e)} (${Math.round(box.width)} px)`);
  }
  return found;
}
"""


def layout_problems(page) -> list[str]:
    """Sideways scrolling, cut-off words, and anything past the screen's edge."""
    return page.evaluate(LAYOUT_JS)


AXE_RUN_JS = """
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')).slice(0, 5), count: v.nodes.length}));
}
"""


def axe_violations(page) -> list[str]:
    """axe-core's violations of every impact, one readable line each (id, impact, help,
    where)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return [f"{v['id']} ({v['impact']}): {v['help']}; {v['count']} element(s), e.g. "
            + json.dumps(v["targets"]) for v in page.evaluate(AXE_RUN_JS)]
