"""Whole-page caching of published pages for anonymous visitors.

Every publish, unpublish, move or deletion of a page, and every change to the terms pages
show, moves a shared version number on; cached pages are keyed by it, so they are never
served stale (a change to one page can alter menus, lists and alternates on others).
Active only where the cache is shared between workers (Redis in production), because a
per-process cache could not see another worker's publish; PAGE_CACHE_SECONDS = 0 turns it off.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

VERSION_KEY = "cms:page-cache:version"


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def invalidate(**kwargs) -> None:
    """Forget every cached page (signal receiver)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cache_key(request: HttpRequest) -> str:
    return f"cms:page-cache:{current_version()}:{request.get_host()}:{request.path}"


def is_cacheable_request(request: HttpRequest) -> bool:
    # Query strings (filters, pagination, previews), sessions and signed-in users vary the
    # page, so those are always rendered afresh.
    return (
        enabled()
        and request.method == "GET"
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.user.is_authenticated
    )


class PageCacheMiddleware:
    """Last in MIDDLEWARE: a hit skips the view; the security and CSP middlewares before it
    still add their headers to every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            return self.get_response(request)
        try:
            key = cache_key(request)
            cached = cache.get(key)
        except Exception:  # the shared cache is down: serve pages uncached, never an error
            logger.warning("Page cache unavailable: serving %s uncached", request.path)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if (
            getattr(request, "cacheable_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            try:
                cache.set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("Page cache unavailable: %s not stored", request.path)
            else:
                response["X-Page-Cache"] = "miss"
        return response
