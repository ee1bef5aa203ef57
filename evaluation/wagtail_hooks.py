"""The evaluation plugin's Wagtail hooks, one module per concern."""

from . import hooks_admin, hooks_experts  # noqa: F401
