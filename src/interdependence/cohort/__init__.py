"""The shared side: submissions, cohort stores, the loader and the privacy gate.

Data flows one way (see DESIGN.md): journal -> submission -> store -> loader -> gate -> charts.
The facilitator side sees submissions only, never a journal.

Submission file (schema 2): one JSON object per participant token, ``<token>.json``::

    {"schema": 2,                                  # the item bank's version it answers
     "token": "<secrets.token_urlsafe(16)>",      # made on the participant's side
     "cohort": "SPRING-26",                        # the cohort code, [A-Za-z0-9][A-Za-z0-9_-]{0,39}
     "date": "2026-11-27",                         # date of the last share; never a time of day
     "steps": {                                     # only the steps the participant shared
        "00-welcome": {
            "ratings": {"sign.asking": 4, "sign.uneasy_relying": null},  # null = prefer not to say
            "reflections": {"welcome.hopes": "text the participant ticked to share"},
            "summary": {}                                          # numbers only, see below
        },
        "03-start-small": {"ratings": {...}, "reflections": {},
                           "summary": {"asks": 7, "first_ask_done": true,
                                       "expected": 40, "actual": 25}}}}

Schema-1 submissions (the version-1 item bank) are still read: validated against the version-1
ids, with answers whose meaning changed since left out of the charts (``migrations.yaml``).
Allowed fields are exactly these; anything else makes the file invalid. ``summary`` is the
step model's ``share_summary()`` for the steps whose entry in ``steps.py`` has
``summary_bounds`` (03, 04 and 06; numbers, booleans and dicts of numbers only). Step 01 is
never in a submission; step 07 carries ratings only.

Optional field: ``"min_group": 5``, the smallest group size the sharer was told; the largest in
a cohort applies to every chart.

Cohort folder: ``settings.json`` ({"schema": 1, "code": ..., "min_group": 5, "created": date})
plus one ``<token>.json`` per participant; the facilitator's loads take those over into
``_facilitator/`` (see ``cohort/stores/folder.py`` for the layout). Files that fail validation
are moved into ``_set_aside/`` (with ``<name>.reason.txt``) and always reported. A folder without a
trusted ``settings.json`` is not a cohort: loading it is refused and nothing in it is touched.

Loaded cohort (``load_cohort(source) -> CohortData``):
- ``ratings``: pandas DataFrame, one row per (token, step, item): columns
  ``token`` (str), ``step`` (str), ``item`` (str), ``value`` (pandas nullable Int8; <NA> = prefer
  not to say). Prefer-not-to-say rows are kept in the table but never counted in n or shares.
- ``summaries``: DataFrame (token, step, key, value float) with nested dict keys flattened as
  ``kinds.practical``; booleans as 0/1.
- ``reflections``: list of dicts {"step", "prompt", "text"} (token and date dropped).
- ``rejected``: list of (file name, reason).
- ``settings``: code and min_group.

Additions (backwards compatible; the data side owns this package):

- ``CohortData`` also has ``participation`` (DataFrame token, step: one row per step a
  participant shared, even with no ratings), ``tokens`` (accepted tokens, for
  ``cohort/reveal.py`` / ``privacy.compare`` only, never to be shown), ``accepted``,
  ``min_group``, ``set_aside``, ``source``, ``warnings`` and ``only(tokens)``.
  ``settings`` is a ``CohortSettings``: ``settings.min_group`` and ``settings["min_group"]``
  both work; it also has ``keep_days`` (how long the cohort keeps submissions).
- ``load_cohort(source, *, min_group=None, set_aside=True, progress=None)``: ``source`` is a
  folder path, a ``postgresql://`` URL or a ``Store``; ``min_group`` may raise the cohort's
  threshold, never lower it (``privacy.PrivacyError``); ``progress(done, total)``.
- The privacy gate is ``interdependence.privacy``: ``Gate.of(data)``, ``gate.ratings(...)``,
  ``gate.participation(...)``, ``gate.reflections(...)``, ``hidden_message(n)``,
  ``compare``. What every output shows, revealed in batches per chart, is
  ``cohort.reveal.current(store, data)`` (``report.build.load_revealed`` wraps it).
- Stores: ``open_store(location)`` (see ``cohort/stores/__init__.py`` for the interface).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .loader import CohortData, load_cohort
    from .settings import CohortSettings, SettingsError
    from .stores.base import Problem, Store, StoreError
    from .stores.factory import open_store
    from .stores.folder import FolderStore
    from .submission import SCHEMA, Invalid, build_submission, validate

# Each name is imported when first used: a participant's share panel needs the submission and
# settings modules only, never the loader or the stores (http.client, email, hashlib).
_HOMES = {
    "CohortData": "loader", "load_cohort": "loader",
    "CohortSettings": "settings", "SettingsError": "settings",
    "Problem": "stores.base", "Store": "stores.base", "StoreError": "stores.base",
    "open_store": "stores.factory", "FolderStore": "stores.folder",
    "SCHEMA": "submission", "Invalid": "submission", "build_submission": "submission",
    "validate": "submission",
}

__all__ = [
    "SCHEMA", "CohortData", "CohortSettings", "FolderStore", "Invalid", "Problem",
    "SettingsError", "Store", "StoreError", "build_submission", "load_cohort", "open_store",
    "validate",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value
    return value
