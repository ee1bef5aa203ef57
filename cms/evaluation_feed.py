"""What the site tells the evaluation plugin about its resources (OP-6, and OP-1's published
study), through a hook.

The evaluation app imports nothing from cms: it calls the functions registered under the
"evaluation_site_resources" hook and reads plain rows. This module builds them: one row per
live resource page per language, with its kind, stakeholder groups, address and date.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch

from .models import StakeholderGroup
from .models.resources import RESOURCE_KINDS, ResourcePage


@dataclass(frozen=True)
class SiteResource:
    kind: str  # model name, e.g. "infographicpage"
    kind_label: str  # in the active language when read (a lazy translation)
    title: str
    language: str
    groups: tuple[str, ...]  # stakeholder group slugs (the same in every language)
    url: str
    published_on: date | None
    page_id: int | None = None  # the Wagtail page, for a milestone linked to it (OP-1)


# Lazy, so that each reader gets the label in its own language.
KIND_LABELS = {kind._meta.model_name: kind._meta.verbose_name for kind in RESOURCE_KINDS}


def site_resources(request=None) -> list[SiteResource]:
    """Every live, public resource in every language, in three queries."""
    pages = (
        ResourcePage.objects.live()
        .public()
        .select_related("content_type", "locale")
        .prefetch_related(
            Prefetch("stakeholder_groups", queryset=StakeholderGroup.objects.only("slug"))
        )
        .order_by("content_type__model", "locale__language_code", "title")
    )
    return [
        SiteResource(
            kind=page.content_type.model,
            kind_label=KIND_LABELS.get(page.content_type.model, page.content_type.model),
            title=page.title,
            language=page.locale.language_code,
            groups=tuple(sorted(group.slug for group in page.stakeholder_groups.all())),
            url=page.get_full_url(request) or "",
            published_on=page.publication_date,
            page_id=page.pk,
        )
        for page in pages
    ]
