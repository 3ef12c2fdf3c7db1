"""Charts: one function per chart, taking tidy data and an ``ax``, returning the artists.

Only views and reports import this package, and only when a chart is drawn, so pandas and
matplotlib stay out of the participant's import path until then.
"""
