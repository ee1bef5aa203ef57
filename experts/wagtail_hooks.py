"""The expert network's Wagtail hooks, one module per concern."""

from . import hooks_requests, hooks_roster  # noqa: F401
