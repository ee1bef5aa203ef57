"""The matching list on a known roster: who is a candidate, the order, and the reasons."""

import datetime

import pytest
from django.conf import settings

from experts import assistance
from experts.models import AssistanceRequest, Availability, Expert, FiledBy
from experts.ranking import rank

TODAY = datetime.date(2026, 12, 4)


def expert(name, country, expertise, languages, **extra) -> Expert:
    return Expert.objects.create(
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
        country=country,
        expertise=expertise,
        languages=languages,
        status=extra.pop("status", "eligible"),
        assistance_consent=extra.pop("assistance_consent", True),
        **extra,
    )


def request_for(country="JO", expertise=("online-services", "ip-data"), languages=("ar",)):
    return assistance.file_request(
        {
            "office": "Office of a test country",
            "country": country,
            "contact_name": "Requester",
            "contact_email": "requester@example.org",
            "crisis_kind": "cyber",
            "description": "Our filing system is down.",
            "services_affected": ["filing"],
            "expertise_needed": list(expertise),
            "languages": list(languages),
            "urgency": "week",
        },
        language="ar",
        filed_by=FiledBy.COORDINATOR,
    )


@pytest.fixture
def roster(db) -> dict[str, Expert]:
    """The demo's roster goes: only these experts compete."""
    AssistanceRequest.objects.all().delete()
    Expert.objects.all().delete()
    people = {
        "youssef": expert("Youssef Both", "MA", ["online-services", "ip-data"], ["ar", "fr"]),
        "layla": expert("Layla Local", "JO", ["communication"], ["ar", "en"]),
        "priya": expert("Priya Data", "IN", ["ip-data", "risk"], ["en"]),
        "limited": expert(
            "Lina Limited", "EG", ["online-services"], ["ar"], availability=Availability.LIMITED
        ),
        "busy": expert("Bashir Busy", "KE", ["online-services", "ip-data"], ["en"]),
        "back": expert(
            "Gaston Back",
            "FR",
            ["ip-data"],
            ["fr"],
            availability=Availability.UNAVAILABLE,
            unavailable_until=TODAY - datetime.timedelta(days=1),
        ),
        "away": expert(
            "Aline Away",
            "JO",
            ["online-services", "ip-data"],
            ["ar"],
            availability=Availability.UNAVAILABLE,
            unavailable_until=TODAY + datetime.timedelta(days=30),
        ),
        "gone": expert(
            "Ghada Gone", "JO", ["ip-data"], ["ar"], availability=Availability.UNAVAILABLE
        ),
        "unwilling": expert("Umar Unwilling", "JO", ["ip-data"], ["ar"], assistance_consent=False),
        "unvetted": expert("Vera Unvetted", "JO", ["ip-data"], ["ar"], status="under_review"),
    }
    # Bashir already helps with an open request.
    other = request_for(country="KE", expertise=("risk",), languages=("en",))
    (proposal,) = assistance.propose(other, [people["busy"]], user=None)
    assistance.answer(proposal, accept=True)
    return people


def test_candidates_ranked_by_expertise_language_and_region_with_reasons(roster):
    matches = rank(request_for(), day=TODAY)
    assert [(m.expert.name, m.score) for m in matches] == [
        ("Youssef Both", 3 * 2 + 2 + 1),
        ("Lina Limited", 3 + 2 + 1 - 1),
        ("Bashir Busy", 3 * 2 - 1),
        ("Layla Local", 2 + 2),
        ("Gaston Back", 3),
        ("Priya Data", 3),
    ]
    reasons = {m.expert.name: m.reasons for m in matches}
    assert reasons["Youssef Both"] == [
        "Covers 2 of 2 areas needed: Online services and digital transformation, "
        "IP data and information",
        "Speaks Arabic",
        "From the same region",
    ]
    assert reasons["Layla Local"] == [
        "Covers none of the areas needed",
        "Speaks Arabic",
        "From the same country",
    ]
    assert "Limited availability" in reasons["Lina Limited"]
    assert "Already helping with 1 request" in reasons["Bashir Busy"]
    assert "Speaks none of the languages asked for" in reasons["Priya Data"]


def test_unavailable_unwilling_unvetted_and_already_proposed_experts_are_left_out(roster):
    request = request_for()
    names = {m.expert.name for m in rank(request, day=TODAY)}
    assert not names & {"Aline Away", "Ghada Gone", "Umar Unwilling", "Vera Unvetted"}
    # Aline is back once her date has passed.
    later = TODAY + datetime.timedelta(days=30)
    assert "Aline Away" in {m.expert.name for m in rank(request, day=later)}
    assistance.propose(request, [roster["youssef"]], user=None)
    assert "Youssef Both" not in {m.expert.name for m in rank(request, day=TODAY)}


def test_the_reasons_are_in_the_coordinators_language(roster):
    from django.utils import translation

    with translation.override("fr"):
        top = rank(request_for(), day=TODAY)[0]
        arabic = str(dict(settings.LANGUAGES)["ar"])
    assert arabic != "Arabic"
    assert top.reasons[1] == f"Parle {arabic}"
    assert top.reasons[0].startswith("Couvre 2 des 2 domaines")


def test_the_ranking_takes_a_fixed_number_of_queries(roster, django_assert_max_num_queries):
    request = request_for()
    with django_assert_max_num_queries(3):
        rank(request, day=TODAY)
