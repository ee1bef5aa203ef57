"""Content-Security-Policy middleware: strict on the public site, relaxed for the admin only."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"

# Wagtail's admin sets inline style attributes (e.g. progress bars, image focal points);
# the public site has none, so only the admin's policy allows them.
ADMIN_RELAXATIONS = {"style-src": ["'unsafe-inline'"], "img-src": ["blob:"]}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_RELAXATIONS, **(parts.update or {})}
        return parts
