"""The expert's personal link: what is asked (never the requester's contact), Accept or
Decline once, in the expert's language, private (no-store, noindex); a forged or stale link
gets a friendly 404 in the URL's language."""

import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import translation

from experts import assistance
from experts.links import MAX_AGE_DAYS, SALT, answer_path, proposal_token
from experts.models import (
    Answer,
    EventKind,
    Expert,
    FiledBy,
    Proposal,
    RequestState,
    VettingStatus,
)

pytestmark = pytest.mark.django_db

REQUESTER_EMAIL = "rania.saleh@example.org"


@pytest.fixture
def experts() -> list[Expert]:
    common = {"status": VettingStatus.ELIGIBLE, "assistance_consent": True, "expertise": ["risk"]}
    return [
        Expert.objects.create(
            name="Youssef Amrani", email="y.amrani@example.org", country="MA",
            languages=["fr", "ar"], **common,
        ),
        Expert.objects.create(
            name="Layla Haddad", email="l.haddad@example.org", country="JO",
            languages=["en"], **common,
        ),
    ]  # fmt: skip


@pytest.fixture
def request_(superuser):
    return assistance.file_request(
        {
            "office": "Office of Industrial Property",
            "country": "JO",
            "contact_name": "Rania Saleh",
            "contact_email": REQUESTER_EMAIL,
            "crisis_kind": "cyber",
            "description": "Ransomware stopped the filing system.",
            "services_affected": ["filing"],
            "expertise_needed": ["risk"],
            "languages": ["fr", "en"],
            "urgency": "immediate",
        },
        language="ar",
        filed_by=FiledBy.OFFICE,
    )


@pytest.fixture
def proposals(request_, experts, superuser) -> list[Proposal]:
    return assistance.propose(request_, experts, superuser)


def test_the_link_is_under_the_experts_language_and_shows_what_is_asked(client, proposals):
    youssef = proposals[0]
    assert youssef.language == "fr"  # the first language the request also asked for
    url = answer_path(youssef)
    assert url.startswith("/fr/experts/answer/")
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="fr"' in content
    assert "Jordanie" in content  # the country's name in French
    assert youssef.request.reference in content
    assert "Ransomware stopped the filing system." in content
    with translation.override("fr"):
        for label in (
            translation.gettext("Cyber attack or IT failure"),
            translation.gettext("Immediate: within 48 hours"),
            translation.gettext("Risk assessment and mitigation"),
            translation.gettext("Receiving applications"),
        ):
            assert label in content
    # Nothing of the requester's contact before the expert accepts.
    assert REQUESTER_EMAIL not in content
    assert "Rania Saleh" not in content
    assert 'name="answer" value="accept"' in content
    assert 'name="answer" value="decline"' in content
    assert 'name="note"' in content and 'name="csrfmiddlewaretoken"' in content


def test_the_page_is_private(client, proposals):
    response = client.get(answer_path(proposals[0]))
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    assert '<meta name="robots" content="noindex' in response.content.decode()
    invalid = client.get(reverse("experts:answer", args=["forged"]))
    assert "no-store" in invalid["Cache-Control"] and "noindex" in invalid["X-Robots-Tag"]


def test_accepting_moves_the_request_and_shows_the_offices_contact(
    client, proposals, django_capture_on_commit_callbacks
):
    youssef = proposals[0]
    url = answer_path(youssef)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"answer": "accept", "note": "  I can start on Monday.  "})
    assert response.status_code == 302 and response["Location"] == url  # POST/redirect/GET

    youssef.refresh_from_db()
    request = youssef.request
    request.refresh_from_db()
    assert youssef.answer == Answer.ACCEPTED and youssef.note == "I can start on Monday."
    assert request.state == RequestState.ACCEPTED
    assert request.accepted_at == youssef.answered_at is not None
    event = request.events.get(kind=EventKind.ACCEPTED)
    assert (event.from_state, event.to_state) == (RequestState.MATCHED, RequestState.ACCEPTED)
    # The office learns who will help; the expert gets the office's contact by e-mail too.
    assert [m for m in mail.outbox if m.to == [REQUESTER_EMAIL] and "Youssef" in m.body]
    assert [
        m for m in mail.outbox if m.to == ["y.amrani@example.org"] and REQUESTER_EMAIL in m.body
    ]

    thanks = client.get(url)
    content = thanks.content.decode()
    assert thanks.status_code == 200
    assert 'role="status"' in content
    assert REQUESTER_EMAIL in content and "Rania Saleh" in content
    assert 'name="answer"' not in content  # answered: no buttons any more


def test_declining_with_every_other_expert_pending_keeps_the_request_matched(client, proposals):
    layla = proposals[1]
    url = answer_path(layla)
    assert url.startswith("/en/")
    response = client.post(url, {"answer": "decline", "note": "On mission until May."})
    assert response.status_code == 302
    layla.refresh_from_db()
    assert layla.answer == Answer.DECLINED and layla.note == "On mission until May."
    assert layla.request.state == RequestState.MATCHED
    content = client.get(url).content.decode()
    assert 'name="answer"' not in content
    assert REQUESTER_EMAIL not in content  # declining reveals nothing


def test_a_second_answer_is_refused_with_409(client, proposals):
    url = answer_path(proposals[0])
    assert client.post(url, {"answer": "decline"}).status_code == 302
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 409
    with translation.override("fr"):
        refusal = translation.gettext("This proposal has already been answered or withdrawn.")
    content = response.content.decode()
    assert refusal in content and 'role="alert"' in content
    assert 'name="answer"' not in content
    proposals[0].refresh_from_db()
    assert proposals[0].answer == Answer.DECLINED


def test_a_closed_request_shows_no_buttons(client, request_, proposals, superuser):
    assistance.decline(request_, superuser, reason="No expert is free.")
    content = client.get(answer_path(proposals[0])).content.decode()
    assert 'name="answer"' not in content
    assert 'role="status"' in content


def test_pressing_no_button_is_explained(client, proposals):
    response = client.post(answer_path(proposals[1]), {"note": "Hmm"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Choose Accept or Decline." in content
    assert "Hmm</textarea>" in content  # kept


@pytest.mark.parametrize("code", ["en", "ar"])
def test_a_forged_link_is_a_friendly_404_in_the_urls_language(client, proposals, code):
    token = proposal_token(proposals[0])
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with translation.override(code):
        url = reverse("experts:answer", args=[forged])
    assert url.startswith(f"/{code}/")
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert f'lang="{code}"' in content
    with translation.override(code):
        assert translation.gettext("This link does not work") in content
    assert client.post(url, {"answer": "accept"}).status_code == 404
    proposals[0].refresh_from_db()
    assert proposals[0].answer == Answer.PENDING


def test_an_expired_link_is_refused(client, proposals):
    long_ago = time.time() - (MAX_AGE_DAYS + 1) * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=long_ago):
        stale = signing.dumps(proposals[0].pk, salt=SALT, compress=False)
    response = client.get(reverse("experts:answer", args=[stale]))
    assert response.status_code == 404
    assert "This link is not valid or has expired" in response.content.decode()


def test_a_token_from_another_salt_is_refused(client, proposals):
    other = signing.dumps(proposals[0].pk, salt="surveys.something-else", compress=False)
    assert client.get(reverse("experts:answer", args=[other])).status_code == 404


def test_the_answer_needs_the_csrf_token(proposals):
    client = Client(enforce_csrf_checks=True)
    url = answer_path(proposals[0])
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "accept"}).status_code == 403
    proposals[0].refresh_from_db()
    assert proposals[0].answer == Answer.PENDING


@pytest.mark.parametrize("method", ["put", "delete"])
def test_other_methods_are_refused(client, proposals, method):
    assert getattr(client, method)(answer_path(proposals[0])).status_code == 405
