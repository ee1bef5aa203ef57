"""The evaluation plugin's Wagtail hooks, one module per concern."""

from . import hooks_admin, hooks_dashboard, hooks_export  # noqa: F401
