"""Exercise logic: one model per step over journal data. No widgets, no matplotlib, no pandas.

Journal keys (``journal.exercise(step_id, key)``), owned by one module each:

- 01 ``timeline``: list of {"id", "period", "what", "lesson", "themes": [theme ids]}
- 02 ``records``: list of {"id", "situation", "belief", "belief_before" 0-100, "emotion",
  "emotion_before" 0-100|None,
  "evidence_for", "evidence_against", "traps": [trap ids], "balanced", "belief_after" 0-100|None,
  "emotion_after" 0-100|None} (older records lack the three emotion keys)
- 03 ``asks``: list of {"id", "text", "discomfort" 0-100}; ``chosen``: ask id | None;
  ``outcomes``: {ask id: {"done": bool, "actual" 0-100|None, "note": str}}
- 04 ``people``: list of {"id", "name", "circle": inner|middle|outer,
  "kinds": [practical|emotional|advice|company], "direction": give|receive|both};
  ``move_closer``: person id | None
- 05 (``DisclosureLadder``) ``disclosures``: list of {"id", "text", "exposure" 0-100,
  "person"}; ``completions``: {stem id: text}; ``practice``: {"what", "who", "date"
  (YYYY-MM-DD)}
- 06 (``Boundaries``) ``load``: list of {"id", "task", "hours" per week, "only_me": bool,
  "energy": low|medium|high|None (absent in older journals), "decision":
  keep|drop|delegate|ask|None}; ``hours_available``: number | None;
  ``scripts``: list of {"id", "kind": say_no|ask_for_help, "situation", "feeling", "request", "why"}
- 07 ``barriers``: {barrier id: bool}
- 08 ``look_back``: {stem id: text}; ``plan``: list of 3 {"commitment", "supporter", "check_in"}

Each step's model (``model.py``, ``keyed_list.py``; see exercises/README.md) owns its keys
as a class, e.g. ``AskLadder(journal)``; the step registry (``steps.py``) names each step's
model. A step that feeds the cohort dashboard has ``share_summary() -> dict`` on its model:
counts and numbers only, never text or names, each key listed in its ``summary_bounds``
(the submission's allow-list).
"""
