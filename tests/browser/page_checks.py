"""What every page must pass at a phone's width and a projector's: no sideways scrolling,
every control's words whole, charts inside the screen, and axe-core with no violations.

``layout_problems(page)`` returns one plain line per problem found (an empty list is a
pass); ``blank_gaps(page)`` likewise for blank stretches down the page.
``axe_violations(page)`` runs axe-core (installed from npm by ``make axe``, into build/axe,
never committed) in the page and returns its violations the same way.
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


#: The widest blank a page may have, top to bottom: a heading's margins come to ~60 px.
MOST_BLANK = 80

BLANK_GAPS_JS = """
(minGap) => {
  // Stretches of the page, top to bottom, where nothing can be seen: no words, no control,
  // no picture, no border or filled box. Words clipped away (a label 0 px wide, the
  // visually hidden pattern) count as nothing.
  const root = document.querySelector('main') || document.body;
  const ignore = 'main, #rendered_cells, body, .jp-Cell, .jp-Notebook, .jp-OutputArea, ' +
      '.jp-OutputArea-child, .jp-OutputArea-output, .jp-Cell-outputWrapper';
  const filled = (st) => !/^(transparent|rgba\\(\\d+, \\d+, \\d+, 0\\))$/.test(st.backgroundColor);
  const clipped = (el, box) => {
    let [top, bottom, left, right] = [box.top, box.bottom, box.left, box.right];
    for (let e = el; e && e !== root.parentElement; e = e.parentElement) {
      const st = getComputedStyle(e);
      if (st.clipPath !== 'none' || st.visibility === 'hidden' || st.opacity === '0')
        return null;
      if (st.overflowX !== 'visible' || st.overflowY !== 'visible') {
        const r = e.getBoundingClientRect();
        top = Math.max(top, r.top); bottom = Math.min(bottom, r.bottom);
        left = Math.max(left, r.left); right = Math.min(right, r.right);
      }
    }
    return bottom - top >= 2 && right - left >= 2 ? [top, bottom] : null;
  };
  const spans = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.nodeType === 3 ? n.parentElement : n;
    if (!el || el.closest('#loading') || !el.getClientRects().length) continue;
    let box = null;
    if (n.nodeType === 3) {
      if (!n.textContent.trim()) continue;
      range.selectNodeContents(n);
      box = range.getBoundingClientRect();
    } else {
      const st = getComputedStyle(el);
      if (/^(INPUT|TEXTAREA|SELECT|BUTTON|IMG|CANVAS|PROGRESS|HR|svg)$/.test(el.tagName)
          || parseFloat(st.borderTopWidth) > 0 || parseFloat(st.borderBottomWidth) > 0
          || parseFloat(st.borderLeftWidth) > 0 || (filled(st) && !el.matches(ignore)))
        box = el.getBoundingClientRect();
    }
    const seen = box && clipped(el, box);
    if (seen) spans.push([...seen, el]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  const words = (e) => (e.innerText || e.value || e.tagName).trim().replace(/\\s+/g, ' ')
      .slice(0, 60);
  const gaps = [];
  let end = null, last = null;
  for (const [top, bottom, el] of spans) {
    if (end !== null && top - end > minGap)
      gaps.push(`${Math.round(top - end)} px blank at ${Math.round(end)} px, after ` +
                `"${words(last)}", before "${words(el)}"`);
    if (end === null || bottom > end) { end = bottom; last = el; }
  }
  return gaps;
}
"""


def blank_gaps(page, most: int = MOST_BLANK) -> list[str]:
    """Blank stretches taller than ``most`` px down the page (one line each): what an empty
    widget's margins, a hidden area that still takes room or a label grown tall in a 0 px
    column leave on screen."""
    return page.evaluate(BLANK_GAPS_JS, most)


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
