"""The cohort report: one self-contained HTML file with every chart the privacy gate allows.

``build.write_report(source, out)`` loads the cohort (a folder or a store), takes the cohort's
last revealed state (``cohort/reveal.py``: what every output shows, moved only in batches of
at least ``min_group`` changed participants, shared with the dashboard) and writes the page
that ``page.render_report`` makes from it: every panel (``cohort/aggregate.py``) built from
that state, the visible ones drawn as PNGs embedded in the page (caption as alt text and under
the picture), the hidden message in place of the others, and the files that were set aside.
Every piece of text in the page is escaped. The CLI's ``interdependence report`` calls
``write_report`` and prints the counts it returns.

- ``page.py``: the HTML (sections, panels, the set-aside table, the CSS); no files, no loading.
- ``build.py``: loading the revealed state, writing the report and the PNG export.
"""
