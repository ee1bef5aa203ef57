"""The expert roster's plain operations: the public directory, a nomination from the public
form, and the counts behind OUT-2 and OP-5.

Only eligible experts count and only eligible experts who consented are shown publicly; no
function here returns an e-mail address, a CV or vetting notes for public use.
"""

import uuid
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext

from regions.models import CountryRegion, Region

from .models import Expert, ExpertiseArea, NominatedBy, VettingStatus

# Who may nominate on the public form; "entered by a coordinator" is for the admin only.
PUBLIC_NOMINATORS = (NominatedBy.SELF, NominatedBy.OFFICE)


def eligible_experts():
    return Expert.objects.filter(status=VettingStatus.ELIGIBLE)


def choice_labels(codes: list, choices) -> list[str]:
    """The labels of a JSON list of codes (expertise, languages, services), in the active
    language. The lists are data a coordinator may have typed: unknown codes are skipped."""
    names = dict(choices)
    return [str(names[code]) for code in codes if isinstance(code, str) and code in names]


def _region_name(region: Region | None) -> str:
    # Stored in English, translated on the way out (gettext("") would give the PO header).
    if region is None:
        return gettext("Other countries")
    return gettext(region.name) if region.name else region.code


def public_directory(language: str | None = None) -> list[dict]:
    """Eligible experts who consented to be listed, grouped by region in the regions' order.

    Each group is {"code", "region", "experts"}; each expert a dict of public fields only,
    with labels (country, expertise, languages) in `language` (default: the active one).
    Experts whose country is mapped to no region come last, under "Other countries".
    """
    experts = list(eligible_experts().filter(public_consent=True).order_by("name", "pk"))
    regions = {
        row.country.code: row.region
        for row in CountryRegion.objects.filter(
            country__in={expert.country.code for expert in experts}
        ).select_related("region")
    }
    with translation.override(language or translation.get_language()):
        areas = dict(ExpertiseArea.choices)
        languages = dict(settings.LANGUAGES)
        groups: dict[str, dict] = {}
        for expert in experts:
            region = regions.get(expert.country.code)
            code = region.code if region else ""
            if code not in groups:
                groups[code] = {
                    "code": code,
                    "region": _region_name(region),
                    "sort": (0, region.sort_order, region.name) if region else (1, 0, ""),
                    "experts": [],
                }
            groups[code]["experts"].append(
                {
                    "name": expert.name,
                    "organisation": expert.organisation,
                    "country": str(expert.country.name),
                    "expertise": choice_labels(expert.expertise, areas),
                    "languages": choice_labels(expert.languages, languages),
                    "biography": expert.biography,
                }
            )
    ordered = sorted(groups.values(), key=lambda group: group["sort"])
    for group in ordered:
        del group["sort"]
    return ordered


def private_cv_name(filename: str) -> str:
    # The stored name carries neither the person's name nor anything guessable.
    return f"{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


def nominate(cleaned_data: dict, cv_file: UploadedFile | None, language: str) -> Expert:
    """Store a nomination from the public form: always "proposed", for the coordinators to vet."""
    nominated_by = cleaned_data["nominated_by"]
    if nominated_by not in PUBLIC_NOMINATORS:
        raise ValueError(f"Not a public nominator: {nominated_by!r}")
    expert = Expert(
        name=cleaned_data["name"],
        email=cleaned_data["email"],
        organisation=cleaned_data.get("organisation", ""),
        country=cleaned_data["country"],
        expertise=list(cleaned_data.get("expertise", [])),
        languages=list(cleaned_data.get("languages", [])),
        biography=cleaned_data.get("biography", ""),
        public_consent=bool(cleaned_data.get("public_consent")),
        assistance_consent=bool(cleaned_data.get("assistance_consent")),
        nominated_by=nominated_by,
        nomination_language=language,
        status=VettingStatus.PROPOSED,
    )
    if cv_file is not None:
        expert.cv.save(private_cv_name(cv_file.name), cv_file, save=False)
    expert.save()
    return expert


class RegionCount(NamedTuple):
    region: Region
    experts: int


def experts_per_region() -> list[RegionCount]:
    """Every region, in order, with its number of eligible experts (zero included): one query."""
    in_region = CountryRegion.objects.filter(region=OuterRef(OuterRef("pk"))).values("country")
    counted = (
        eligible_experts()
        .filter(country__in=in_region)
        .order_by()
        .annotate(group=Value(1))
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    regions = Region.objects.annotate(
        eligible=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
    )
    return [RegionCount(region, region.eligible) for region in regions]


def network_summary() -> dict:
    """The roster in numbers (OUT-2, OP-5): eligible experts, the regions and countries they
    cover, each region's count, and the regions still without one."""
    per_region = experts_per_region()
    return {
        "experts": eligible_experts().count(),
        "countries": eligible_experts().order_by().values("country").distinct().count(),
        "regions": sum(1 for row in per_region if row.experts),
        "regions_total": len(per_region),
        "regions_without_experts": [row.region for row in per_region if not row.experts],
        "per_region": per_region,
    }
