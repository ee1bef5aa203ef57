"""Whole-page caching of published pages for anonymous visitors.

Every publish, unpublish, move or deletion of a page, and every change to the terms pages
show, moves a shared version number on; cached pages are keyed by it, so they are never
served stale (a change to one page can alter menus, lists and alternates on others).
Active only where the cache is shared between workers (Redis in production), because a
per-process cache could not see another worker's publish; PAGE_CACHE_SECONDS = 0 turns it off.

A hit costs one round trip to the cache (the version and the page read together) and none of
the middleware after this one: the page was stored with the headers they had added.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

logger = logging.getLogger(__name__)

VERSION_KEY = "cms:page-cache:version"


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _new_version() -> int:
    # Never a number pages were stored under before, should the version itself be evicted.
    return time.time_ns()


def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def invalidate(**kwargs) -> None:
    """Forget every cached page (signal receiver)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _new_version(), timeout=None)


def cache_key(request: HttpRequest) -> str:
    return f"cms:page-cache:{request.get_host()}:{request.path}"


def cached_page(key: str) -> tuple[int, HttpResponse | None]:
    """The current version and the page stored under `key` for it, in one round trip."""
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        return current_version(), None
    stored = found.get(key)
    if stored is None or stored[0] != version:
        return version, None
    return version, stored[1]


def is_cacheable_request(request: HttpRequest) -> bool:
    # Query strings (filters, pagination, previews), sessions and signed-in users vary the
    # page, so those are always rendered afresh.
    return (
        enabled()
        and request.method == "GET"
        and not request.GET
        # No session cookie, no signed-in user: this middleware runs before the session and
        # authentication middlewares, and a signed-in user always has the cookie.
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not getattr(getattr(request, "user", None), "is_authenticated", False)
    )


class PageCacheMiddleware:
    """Early in MIDDLEWARE, after security, the input guard, WhiteNoise and compression: a hit
    skips every middleware after it and the view. Pages are stored with the headers those
    added (CSP, frame options, language), so a hit carries them too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        try:
            version, cached = cached_page(key)
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
                cache.set(key, (version, response), timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("Page cache unavailable: %s not stored", request.path)
            else:
                response["X-Page-Cache"] = "miss"
        return response
