"""Widgets. Classes (and a few functions) here build widgets; they hold no storage or statistics."""
