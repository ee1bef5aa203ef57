"""`Cache-Control: no-store` on every file download (exports, attachments, paper forms).

Downloads carry personal data (answers, personal links, CVs, submitted files): no browser or
shared cache may keep a copy. One middleware instead of a decorator on each export view, so a
new export is covered without anyone remembering to.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def is_download(response: HttpResponse) -> bool:
    """A response the browser saves as a file rather than shows."""
    disposition = response.get("Content-Disposition", "")
    return disposition.strip().lower().startswith("attachment")


class NoStoreDownloadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_download(response):
            add_never_cache_headers(response)
        return response
