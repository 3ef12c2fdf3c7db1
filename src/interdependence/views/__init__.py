"""Widgets. Functions here build and return widgets; they hold no storage or statistics."""
