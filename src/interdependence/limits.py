"""The privacy model's numbers, on their own (``privacy.py`` gives them meaning).

A module of constants only, so the participant's side can say them (the share panel tells
people how long shared answers are kept before they share) without importing the privacy
gate, which only the facilitator's side runs (issue 14, item 4: the welcome notebook's cold
start). ``privacy`` imports them from here; import them from either.
"""

DEFAULT_MIN_GROUP = 5
LOWEST_MIN_GROUP = 3
HIGHEST_MIN_GROUP = 1000
#: How many days a cohort keeps shared answers unless its facilitator chose otherwise
#: (``cohort/settings.py``); the share panel tells participants so before they share.
DEFAULT_KEEP_DAYS = 90
