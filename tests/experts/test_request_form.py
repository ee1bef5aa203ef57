"""The public form on which an IP office in a crisis asks the network for an expert: filed in
the page's language, acknowledged in it, spam rules (honeypot, five an hour per address), the
errors next to the fields with everything typed kept."""

import pytest
from django.core import mail
from django.utils import translation

from experts.models import (
    Actor,
    AssistanceRequest,
    AssistanceRequestPage,
    EventKind,
    FiledBy,
    RequestState,
)
from experts.pages import REQUEST_RATE, REQUESTS_PER_HOUR, _rate_key

pytestmark = pytest.mark.django_db


def request_page(code: str) -> AssistanceRequestPage:
    """The demo's form page (slug "request-assistance") in a language."""
    return AssistanceRequestPage.objects.get(locale__language_code=code)


def filed() -> bool:
    """Whether the form stored a request (the demo has some of its own)."""
    return AssistanceRequest.objects.filter(contact_email="rania.saleh@example.org").exists()


def answers(**overrides) -> dict:
    data = {
        "office": "Office of Industrial Property",
        "country": "JO",
        "contact_name": "Rania Saleh",
        "contact_email": "rania.saleh@example.org",
        "crisis_kind": "natural-disaster",
        "description": "The earthquake closed our building; filings are piling up.",
        "services_affected": ["filing", "fees"],
        "expertise_needed": ["crisis-framework", "online-services"],
        "languages": ["ar", "en"],
        "urgency": "week",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_the_form_shows_in_arabic_with_the_page_language_ticked(client):
    page = request_page("ar")
    response = client.get(page.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="ar"' in content and 'dir="rtl"' in content
    assert page.introduction in content and page.privacy_note in content
    # Working languages: Arabic ticked in advance, the others not.
    assert 'name="languages" value="ar" id="id_languages_0" checked' in content or (
        "checked" in content.split('value="ar"')[1].split(">")[0]
    )
    assert "checked" not in content.split('name="languages" value="en"')[1].split(">")[0]
    # Country names in the visitor's language; the honeypot hidden from people.
    assert "الأردن" in content
    assert 'class="honeypot" aria-hidden="true"' in content
    assert 'autocomplete="email"' in content and 'maxlength="4000"' in content


def test_a_request_in_arabic_is_filed_received_and_acknowledged_in_arabic(
    client, django_capture_on_commit_callbacks
):
    page = request_page("ar")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, answers())
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}?sent=1"

    request = AssistanceRequest.objects.get(contact_email="rania.saleh@example.org")
    assert request.language == "ar"
    assert request.state == RequestState.RECEIVED
    assert request.filed_by == FiledBy.OFFICE
    assert request.country.code == "JO"
    assert request.expertise_needed == ["crisis-framework", "online-services"]
    assert request.services_affected == ["filing", "fees"]
    assert request.languages == ["ar", "en"]
    assert request.urgency == "week" and request.crisis_kind == "natural-disaster"
    event = request.events.get()
    assert (event.kind, event.actor, event.to_state) == (
        EventKind.RECEIVED,
        Actor.REQUESTER,
        RequestState.RECEIVED,
    )

    # The acknowledgement, written in Arabic, went through the mail backend.
    acknowledgement = [m for m in mail.outbox if m.to == ["rania.saleh@example.org"]]
    assert len(acknowledgement) == 1
    with translation.override("ar"):
        expected = translation.gettext("Your request for assistance %(reference)s was received") % {
            "reference": request.reference
        }
    assert acknowledgement[0].subject == expected

    thanks = client.get(response["Location"])
    content = thanks.content.decode()
    assert 'role="status"' in content
    assert 'name="office"' not in content  # the thanks, not a second empty form
    assert "rania.saleh@example.org" not in content


def test_bad_input_is_reported_in_french_next_to_the_fields_and_kept(client):
    page = request_page("fr")
    data = answers(
        contact_email="pas-une-adresse",
        expertise_needed=[],
        consent="",
        description="x" * 4001,
    )
    response = client.post(page.url, data)
    assert response.status_code == 200
    assert not filed()
    content = response.content.decode()
    assert 'class="form-errors error-summary" role="alert"' in content
    assert "Veuillez corriger" in content or "Please correct" in content
    assert "Saisissez une adresse de courriel valide." in content
    assert "au plus 4000 caractères" in content
    for name in ("contact_email", "expertise_needed", "consent", "description"):
        assert f'id="id_{name}-error"' in content
        assert f'aria-describedby="id_{name}' in content or name == "expertise_needed"
    assert 'aria-invalid="true"' in content
    # Everything typed is still there, ticks included.
    assert 'value="Office of Industrial Property"' in content
    assert 'value="pas-une-adresse"' in content
    assert 'value="fees" id="id_services_affected_4" checked' in content or (
        "checked" in content.split('name="services_affected" value="fees"')[1].split(">")[0]
    )
    # The summary links to the first box of a group of checkboxes.
    assert 'href="#id_expertise_needed_0"' in content


def test_a_filled_honeypot_is_thanked_and_dropped(client):
    page = request_page("en")
    response = client.post(page.url, answers(website="http://spam.example"))
    assert response.status_code == 302 and response["Location"].endswith("?sent=1")
    assert not filed()


def test_five_requests_an_hour_per_address_then_429_with_everything_kept(client, rf):
    page = request_page("en")
    for number in range(REQUESTS_PER_HOUR):
        data = answers(contact_email=f"office{number}@example.org")
        assert client.post(page.url, data).status_code == 302
    response = client.post(page.url, answers(office="One too many"))
    assert response.status_code == 429
    assert AssistanceRequest.objects.filter(office="One too many").count() == 0
    assert (
        AssistanceRequest.objects.filter(contact_email__regex=r"^office\d@example\.org$").count()
        == 5
    )
    content = response.content.decode()
    assert "Too many requests" in content
    assert 'value="One too many"' in content


def test_nominations_do_not_use_up_the_requests_allowance(client, rf):
    from django.core.cache import cache

    from experts.pages import NOMINATION_RATE, NOMINATIONS_PER_HOUR

    request = rf.get("/", REMOTE_ADDR="127.0.0.1")
    cache.set(_rate_key(request, NOMINATION_RATE), NOMINATIONS_PER_HOUR)
    assert _rate_key(request, REQUEST_RATE) != _rate_key(request, NOMINATION_RATE)
    assert client.post(request_page("en").url, answers()).status_code == 302


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_other_methods_are_refused(client, method):
    response = getattr(client, method)(request_page("en").url)
    assert response.status_code == 405
    assert not filed()
