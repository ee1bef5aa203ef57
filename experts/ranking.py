"""Which experts to propose for a request, best first, with the reasons in words.

Candidates are eligible (vetted), agreed to be asked for assistance, and not unavailable on
the day. Each earns points the coordinator can read back:

- expertise: 3 points per area needed that the expert covers (the main criterion);
- language: 2 points when they share a language the office asked for;
- region: 2 points for the same country, 1 for the same region (knows the context);
- availability: limited availability costs 1 point;
- workload: 1 point off per request they are already helping with (spreads the load).

Ties go to the expert with fewer open engagements, then by name. Experts already proposed for
the request are left out (they are listed on the request), unless their proposal was
withdrawn."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from regions.lookups import region_of_countries

from .models import (
    Answer,
    AssistanceRequest,
    Availability,
    Expert,
    ExpertiseArea,
    RequestState,
    VettingStatus,
)

EXPERTISE_POINTS = 3
LANGUAGE_POINTS = 2
SAME_COUNTRY_POINTS = 2
SAME_REGION_POINTS = 1
LIMITED_PENALTY = 1
WORKLOAD_PENALTY = 1

OPEN_STATES = (RequestState.MATCHED, RequestState.ACCEPTED, RequestState.IN_PROGRESS)


@dataclass
class Match:
    expert: Expert
    score: int = 0
    reasons: list[str] = field(default_factory=list)
    engagements: int = 0
    availability: str = Availability.AVAILABLE


def candidates(day: datetime.date | None = None):
    """Eligible experts who agreed to be asked and are not unavailable on `day`."""
    day = day or timezone.localdate()
    return (
        Expert.objects.filter(status=VettingStatus.ELIGIBLE, assistance_consent=True)
        .exclude(
            Q(availability=Availability.UNAVAILABLE)
            & (Q(unavailable_until__isnull=True) | Q(unavailable_until__gt=day))
        )
        .annotate(
            engagements=Count(
                "proposals",
                filter=Q(
                    proposals__answer=Answer.ACCEPTED,
                    proposals__request__state__in=OPEN_STATES,
                ),
            )
        )
    )


def rank(request: AssistanceRequest, day: datetime.date | None = None) -> list[Match]:
    """The candidates for `request`, best first, each with its score and reasons."""
    day = day or timezone.localdate()
    regions = region_of_countries()
    request_region = regions.get(str(request.country))
    needed = [code for code in request.expertise_needed if code in ExpertiseArea.values]
    wanted_languages = set(request.languages)
    area_names = dict(ExpertiseArea.choices)
    language_names = dict(settings.LANGUAGES)
    # Withdrawn proposals may be made again; the others are listed on the request already.
    proposed = (
        request.proposals.exclude(answer=Answer.WITHDRAWN).values("expert_id") if request.pk else []
    )
    matches = []
    for expert in candidates(day).exclude(pk__in=proposed):
        match = Match(expert, engagements=expert.engagements)
        covered = [code for code in needed if code in expert.expertise]
        if covered:
            match.score += EXPERTISE_POINTS * len(covered)
            match.reasons.append(
                gettext("Covers %(covered)d of %(needed)d areas needed: %(areas)s")
                % {
                    "covered": len(covered),
                    "needed": len(needed),
                    "areas": ", ".join(str(area_names[code]) for code in covered),
                }
            )
        elif needed:
            match.reasons.append(gettext("Covers none of the areas needed"))
        shared = [code for code in expert.languages if code in wanted_languages]
        if shared:
            match.score += LANGUAGE_POINTS
            match.reasons.append(
                gettext("Speaks %(languages)s")
                % {"languages": ", ".join(str(language_names.get(c, c)) for c in shared)}
            )
        elif wanted_languages:
            match.reasons.append(gettext("Speaks none of the languages asked for"))
        if str(expert.country) == str(request.country):
            match.score += SAME_COUNTRY_POINTS
            match.reasons.append(gettext("From the same country"))
        elif request_region and regions.get(str(expert.country)) == request_region:
            match.score += SAME_REGION_POINTS
            match.reasons.append(gettext("From the same region"))
        match.availability = expert.availability_on(day)
        if match.availability == Availability.LIMITED:
            match.score -= LIMITED_PENALTY
            match.reasons.append(gettext("Limited availability"))
        if match.engagements:
            match.score -= WORKLOAD_PENALTY * match.engagements
            match.reasons.append(
                ngettext(
                    "Already helping with %(count)d request",
                    "Already helping with %(count)d requests",
                    match.engagements,
                )
                % {"count": match.engagements}
            )
        matches.append(match)
    matches.sort(key=lambda m: (-m.score, m.engagements, m.expert.name.casefold(), m.expert.pk))
    return matches
