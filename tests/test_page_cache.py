"""Published pages are served from the cache to anonymous visitors until anything changes."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from wagtail.images.tests.utils import get_test_image_file

from cms.models import CallForExperiencesPage, ResourcePage, StakeholderGroup

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_second_visit_is_served_from_the_cache_without_queries(
    client, django_assert_max_num_queries
):
    first = client.get("/fr/resources/")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(0):
        second = client.get("/fr/resources/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    # A hit skips the middlewares after the cache: it carries the headers they gave the page.
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["Content-Language"] == "fr"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Vary"):
        assert second.get(header) == first.get(header), header


def test_a_hit_reads_the_cache_once(client, monkeypatch):
    client.get("/fr/resources/")
    reads, inside = [], []
    get, get_many = cache.get, cache.get_many

    def counted_get(*args, **kwargs):
        if not inside:  # the local-memory cache's get_many calls get per key; Redis's does not
            reads.append("get")
        return get(*args, **kwargs)

    def counted_get_many(*args, **kwargs):
        reads.append("get_many")
        inside.append(True)
        try:
            return get_many(*args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(cache, "get", counted_get)
    monkeypatch.setattr(cache, "get_many", counted_get_many)
    assert client.get("/fr/resources/")["X-Page-Cache"] == "hit"
    assert reads == ["get_many"]  # the version and the page in one round trip


def test_a_lost_version_number_never_brings_old_pages_back(client):
    from cms import page_cache

    client.get("/en/resources/")
    cache.delete(page_cache.VERSION_KEY)  # evicted, or the cache restarted without it
    assert client.get("/en/resources/")["X-Page-Cache"] == "miss"
    assert client.get("/en/resources/")["X-Page-Cache"] == "hit"


def test_publishing_any_page_invalidates_the_cache(client):
    client.get("/en/resources/")
    guide = ResourcePage.objects.get(
        slug="business-continuity-guide", locale__language_code="en"
    ).specific
    guide.title = "A renamed guide"
    guide.save_revision().publish()
    response = client.get("/en/resources/")
    assert response["X-Page-Cache"] == "miss"
    assert "A renamed guide" in response.content.decode()


def test_unpublishing_and_term_changes_invalidate_it_too(client):
    client.get("/en/resources/")
    guide = ResourcePage.objects.get(
        slug="business-continuity-guide", locale__language_code="en"
    ).specific
    guide.unpublish()
    response = client.get("/en/resources/")
    assert response["X-Page-Cache"] == "miss"
    assert guide.title not in response.content.decode()
    client.get("/en/resources/")
    group = StakeholderGroup.objects.get(slug="smes", locale__language_code="en")
    group.name = "Small businesses"
    group.save()
    response = client.get("/en/resources/")
    assert response["X-Page-Cache"] == "miss"
    assert "Small businesses" in response.content.decode()


def test_footer_image_and_document_changes_invalidate_it(client):
    """Every cached page shows the footer and points at renditions and documents."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from cms.models import SiteFooter

    client.get("/en/resources/")
    footer = SiteFooter.objects.get(locale__language_code="en")
    footer.contact_heading = "Write to the hub"
    footer.save()
    response = client.get("/en/resources/")
    assert response["X-Page-Cache"] == "miss"
    assert "Write to the hub" in response.content.decode()
    image = get_image_model().objects.create(title="poster", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="report", file=ContentFile(b"%PDF-1.4", name="report.pdf")
    )
    for item in (image, document):
        assert client.get("/en/resources/")["X-Page-Cache"] in ("hit", "miss")
        assert client.get("/en/resources/")["X-Page-Cache"] == "hit"
        item.title = f"{item.title} (replaced)"
        item.save()
        assert client.get("/en/resources/")["X-Page-Cache"] == "miss", item


def test_filtered_views_signed_in_users_and_forms_are_never_cached(client, superuser):
    assert "X-Page-Cache" not in client.get("/en/resources/?group=smes")
    call = CallForExperiencesPage.objects.get(locale__language_code="en")
    client.get(call.url)
    assert "X-Page-Cache" not in client.get(call.url)  # its form carries a CSRF token
    client.force_login(superuser)
    assert "X-Page-Cache" not in client.get("/en/")


def test_the_cache_is_off_unless_configured(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/en/")
    assert "X-Page-Cache" not in client.get("/en/")


def test_health_names_the_cache_when_the_shared_cache_is_down(client):
    # Redis on a port where nothing listens: the page cache steps aside, and /healthz/ says
    # which check fails (503 with its JSON) rather than answering a server error.
    from django.test import override_settings

    down = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    with override_settings(CACHES=down):
        health = client.get("/healthz/")
    assert health.status_code == 503
    assert health.json()["checks"]["cache"].startswith("error")
