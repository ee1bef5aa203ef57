"""Public pages serve their images as renditions sized for the reader's screen: AVIF and WebP
sources, a srcset of several widths with sizes, width and height against layout shift, lazy
below the fold, and the infographic's own image fetched first."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.models import GuidePage, InfographicPage, ResourceLibraryPage, StakeholderPage

pytestmark = pytest.mark.django_db


def make_image(title: str, size: tuple[int, int] = (1600, 900)) -> Image:
    return Image.objects.create(
        title=title, file=get_test_image_file(f"{title}.png", colour="#0b4f8a", size=size)
    )


def tags(content: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", content)


def attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found[1] if found else None


def widths(srcset: str) -> list[int]:
    return [int(candidate.split()[-1].rstrip("w")) for candidate in srcset.split(", ")]


def publish_guide(title: str, images: list[Image]) -> GuidePage:
    library = ResourceLibraryPage.objects.get(locale__language_code="en")
    body = [("paragraph", "<p>Before the figures.</p>")] + [
        ("image", {"image": image, "alt_text": f"Figure {n}", "caption": ""})
        for n, image in enumerate(images, start=1)
    ]
    guide = GuidePage(
        title=title, slug=title.lower().replace(" ", "-"), summary="s", crisis_phase="response"
    )
    guide.body = body
    library.add_child(instance=guide)
    guide.save_revision().publish()
    return guide


@pytest.fixture
def infographic(demo_site) -> InfographicPage:
    library = ResourceLibraryPage.objects.get(locale__language_code="en")
    page = InfographicPage(
        title="Poster of the six quarters",
        slug="poster",
        summary="The timeline as a poster.",
        crisis_phase="preparedness",
        image=make_image("poster", size=(1600, 2000)),
        alt_text="A six-quarter timeline with five activities.",
        long_description="The scoping study runs in the first two quarters.",
    )
    library.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_infographic_image_is_a_picture_fetched_first(client, infographic):
    content = client.get(infographic.url).content.decode()
    picture = re.search(r"<picture>.*?</picture>", content, re.S)[0]
    sources = {attribute(tag, "type"): tag for tag in tags(picture, "source")}
    assert set(sources) == {"image/avif", "image/webp"}
    sizes = "(min-width: 74.5rem) 72rem, calc(100vw - 2.5rem)"
    for source in sources.values():
        assert widths(attribute(source, "srcset")) == [1200, 800, 480]
        assert attribute(source, "sizes") == sizes
    [img] = tags(picture, "img")
    # The JPEG fallback at the largest size: its width and height fix the aspect ratio.
    assert (attribute(img, "width"), attribute(img, "height")) == ("1200", "1500")
    assert widths(attribute(img, "srcset")) == [1200, 800, 480]
    assert attribute(img, "sizes") == sizes
    assert attribute(img, "alt") == "A six-quarter timeline with five activities."
    # The main content: fetched at once, not lazily.
    assert attribute(img, "fetchpriority") == "high"
    assert attribute(img, "loading") is None
    assert ".avif" in attribute(sources["image/avif"], "srcset")
    assert ".webp" in attribute(sources["image/webp"], "srcset")
    assert attribute(img, "src").endswith(".jpg")
    # The social card and the download link keep their single renditions.
    assert '<meta property="og:image" content="http://testserver/' in content
    assert re.search(r'<a href="[^"]+original[^"]*" download>', content)


def test_body_images_are_lazy_responsive_pictures(client, demo_site):
    guide = publish_guide("Figures guide", [make_image("one"), make_image("two", (500, 400))])
    content = client.get(guide.url).content.decode()
    imgs = tags(content, "img")
    assert [attribute(img, "alt") for img in imgs] == ["Figure 1", "Figure 2"]
    for img in imgs:
        assert attribute(img, "loading") == "lazy"
        assert attribute(img, "decoding") == "async"
        assert attribute(img, "sizes") == "(min-width: 62.5rem) 960px, calc(100vw - 2.5rem)"
        assert attribute(img, "width") and attribute(img, "height")
    assert widths(attribute(imgs[0], "srcset")) == [960, 640, 320]
    assert (attribute(imgs[0], "width"), attribute(imgs[0], "height")) == ("960", "540")
    # A small original is never enlarged: its largest rendition is its own size.
    assert (attribute(imgs[1], "width"), attribute(imgs[1], "height")) == ("500", "400")
    assert len(re.findall(r'<source[^>]*type="image/webp"', content)) == 2


def queries_to_render(client, url: str) -> int:
    client.get(url)  # renditions made on the first visit
    cache.clear()  # Wagtail also keeps renditions in the cache: count the database's work
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_more_body_images_cost_no_more_queries(client, demo_site, django_assert_max_num_queries):
    one = publish_guide("One figure", [make_image("single")])
    six = publish_guide("Six figures", [make_image(f"fig{n}", (800, 450)) for n in range(6)])
    baseline = queries_to_render(client, one.url)
    client.get(six.url)
    cache.clear()
    # Images and their renditions are each fetched in one query, however many there are.
    with django_assert_max_num_queries(baseline):
        content = client.get(six.url).content.decode()
    assert content.count("<picture>") == 6


def test_the_stakeholder_icon_has_a_double_density_rendition(client, demo_site):
    page = StakeholderPage.objects.get(slug="smes", locale__language_code="en")
    page.group.icon = make_image("icon", size=(400, 400))
    page.group.save()
    content = client.get(page.url).content.decode()
    [icon] = [img for img in tags(content, "img") if "stakeholder-icon" in img]
    assert widths(attribute(icon, "srcset")) == [96, 192]
    assert attribute(icon, "sizes") == "96px"
    assert (attribute(icon, "width"), attribute(icon, "height")) == ("96", "96")
    assert attribute(icon, "alt") == ""  # decorative: the heading names the group
    assert attribute(icon, "loading") is None  # at the top of the page
