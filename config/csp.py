"""Content-Security-Policy middleware: strict on the public site, relaxed for the admin only."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"

# Wagtail 8's admin is not CSP-strict: its date widgets emit inline <script> calls with
# per-field arguments (so hashes cannot be listed) and its components set inline styles.
# The admin sits behind a login and serves no visitor content; the public site keeps the
# strict policy. img-src blob: is for image previews before upload.
ADMIN_RELAXATIONS = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
}


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**ADMIN_RELAXATIONS, **(parts.update or {})}
        return parts
