"""Interdependence: a Jupyter curriculum kit for workshops on managing hyper-independence.

Kept light on purpose: importing the package loads no widgets, pandas or matplotlib.
"""

__version__ = "0.1.0"
__all__ = ["open_step", "__version__"]


def open_step(step_id: str):
    """Start a notebook: ``step = open_step("00-welcome")``, then ``step.ratings()``."""
    from .session import open_step as _open_step

    return _open_step(step_id)
