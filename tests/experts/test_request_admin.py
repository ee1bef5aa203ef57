"""The coordinators' admin for assistance requests, through real HTTP as a Coordinators member:
the listing, entry on an office's behalf, the request page (ranking, proposals, start, close,
decline), refused and malformed POSTs, and who may see any of it."""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import NoReverseMatch, reverse

from evaluation.roles import EVALUATORS
from experts import assistance
from experts.models import (
    Answer,
    AssistanceRequest,
    Availability,
    EventKind,
    Expert,
    FiledBy,
    Proposal,
    RequestEvent,
    RequestState,
    VettingStatus,
)
from experts.roles import COORDINATORS

# The site's editors; in the plugin site (tests/plugin_site, no cms), Wagtail's own group.
EDITORS = "Communications editors" if apps.is_installed("cms") else "Editors"

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/experts/assistancerequest/"
PASSWORD = "coordinator-secret-2026"


def page_url(request: AssistanceRequest) -> str:
    return f"/admin/experts/requests/{request.pk}/"


def member(django_user_model, username: str, group: str, **extra):
    user = django_user_model.objects.create_user(username, password=PASSWORD, **extra)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def coordinator(django_user_model):
    return member(
        django_user_model,
        "cora",
        COORDINATORS,
        email="cora@example.org",
        first_name="Cora",
        last_name="Ordinator",
    )


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def experts(db) -> dict[str, Expert]:
    """A known roster: the demo's experts (and any request that names them) give way."""
    AssistanceRequest.objects.all().delete()
    Expert.objects.all().delete()
    eligible = {"status": VettingStatus.ELIGIBLE, "assistance_consent": True}
    roster = {
        "amina": Expert.objects.create(
            name="Amina Best",
            email="amina@example.org",
            country="KE",
            expertise=["crisis-framework", "online-services"],
            languages=["en", "fr"],
            **eligible,
        ),
        "bruno": Expert.objects.create(
            name="Bruno Limited",
            email="bruno@example.org",
            country="BR",
            expertise=["crisis-framework"],
            languages=["pt", "es"],
            availability=Availability.LIMITED,
            **eligible,
        ),
        "chen": Expert.objects.create(
            name="Chen Away",
            email="chen@example.org",
            country="CN",
            expertise=["crisis-framework"],
            languages=["en"],
            availability=Availability.UNAVAILABLE,
            **eligible,
        ),
        "dora": Expert.objects.create(
            name="Dora Unwilling",
            email="dora@example.org",
            country="KE",
            expertise=["crisis-framework"],
            languages=["en"],
            status=VettingStatus.ELIGIBLE,
            assistance_consent=False,
        ),
        "emil": Expert.objects.create(
            name="Emil Unvetted",
            email="emil@example.org",
            country="KE",
            expertise=["crisis-framework"],
            languages=["en"],
            status=VettingStatus.PROPOSED,
            assistance_consent=True,
        ),
    }
    return roster


def file(**overrides) -> AssistanceRequest:
    data = {
        "office": "Kenya Industrial Property Institute",
        "country": "KE",
        "contact_name": "Wanjiru Kamau",
        "contact_email": "wanjiru@example.org",
        "crisis_kind": "natural-disaster",
        "description": "Floods closed the filing office; deadlines are running.",
        "services_affected": ["filing", "fees"],
        "expertise_needed": ["crisis-framework", "online-services"],
        "languages": ["en"],
        "urgency": "immediate",
    }
    data.update(overrides)
    language = data.pop("language", "en")
    return assistance.file_request(data, language=language, filed_by=FiledBy.OFFICE)


@pytest.fixture
def request_(experts) -> AssistanceRequest:
    return file()


def post(client, request: AssistanceRequest, data: dict, **kwargs):
    return client.post(page_url(request), data, **kwargs)


def text(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m).strip() for m in response.context["messages"]] if response.context else []


# --- The listing ---


def test_the_listing_filters_searches_and_links_to_the_request_page(coordinator_client, experts):
    older = file(office="Office of Brazil", country="BR", urgency="month", crisis_kind="cyber")
    newer = file(office="Office of Senegal", country="SN", contact_name="Moussa Diop")
    response = coordinator_client.get(LIST_URL)
    assert response.status_code == 200
    content = text(response)
    assert content.index("Office of Senegal") < content.index("Office of Brazil")  # newest first
    assert f'href="{page_url(newer)}"' in content  # the row's title and its button
    assert "Match and follow up" in content
    assert newer.reference in content
    for column in ("Office", "Country", "Urgency", "State", "Received"):
        assert f">{column}<" in content or f"{column}\n" in content

    def offices(query: str) -> set[str]:
        response = coordinator_client.get(f"{LIST_URL}?{query}")
        assert response.status_code == 200
        return {r.office for r in response.context["object_list"]}

    assert offices("urgency=month") == {"Office of Brazil"}
    assert offices("crisis_kind=cyber") == {"Office of Brazil"}
    assert offices("country=SN") == {"Office of Senegal"}
    assert offices("state=received") == {"Office of Brazil", "Office of Senegal"}
    assert offices("state=closed") == set()
    assert offices("q=Moussa") == {"Office of Senegal"}
    assert offices("q=Brazil") == {"Office of Brazil"}
    # The country filter offers the countries that asked, not the world.
    filters = text(coordinator_client.get(LIST_URL))
    assert 'value="SN"' in filters and 'value="BR"' in filters
    assert 'value="FR"' not in filters
    with pytest.raises(NoReverseMatch):  # no copy view: a copy would be a request nobody filed
        reverse("wagtailsnippets_experts_assistancerequest:copy", args=[older.pk])


def test_the_network_menu_holds_requests_and_the_roster(coordinator_client):
    content = text(coordinator_client.get("/admin/"))
    assert "Expert network" in content
    assert "Assistance requests" in content and "Expert roster" in content


# --- Entry and corrections ---


def entry(**overrides) -> dict:
    data = {
        "office": "Office of Industrial Property of Haiti",
        "country": "HT",
        "contact_name": "Jean Baptiste",
        "contact_email": "jean@example.org",
        "crisis_kind": "natural-disaster",
        "description": "The earthquake destroyed the server room.",
        "services_affected": ["filing", "publication"],
        "expertise_needed": ["online-services"],
        "languages": ["fr", "en"],
        "urgency": "week",
        "language": "fr",
    }
    data.update(overrides)
    return data


def test_a_request_entered_in_the_admin_is_filed_logged_and_acknowledged(
    coordinator_client, coordinator, experts, django_capture_on_commit_callbacks
):
    add_url = f"{LIST_URL}add/"
    assert coordinator_client.get(add_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(add_url, entry(state="closed", outcome="forged"))
    created = AssistanceRequest.objects.get(office="Office of Industrial Property of Haiti")
    assert response.status_code == 302
    assert response["Location"] == page_url(created)
    assert created.state == RequestState.RECEIVED  # not what was posted
    assert created.outcome == ""
    assert created.filed_by == FiledBy.COORDINATOR
    assert created.language == "fr"
    assert created.services_affected == ["filing", "publication"]
    assert created.languages == ["fr", "en"]
    [event] = created.events.all()
    assert event.kind == EventKind.ENTERED and event.user == coordinator
    acknowledgement = [m for m in mail.outbox if m.to == ["jean@example.org"]]
    assert len(acknowledgement) == 1
    assert created.reference in acknowledgement[0].subject
    assert any(m.to == ["cora@example.org"] for m in mail.outbox)  # coordinators told
    page = coordinator_client.get(response["Location"])
    assert "filed" in " ".join(messages_of(page))
    assert "Cora Ordinator" in text(page)


def test_the_entry_form_refuses_unknown_codes_and_no_expertise(coordinator_client, experts):
    response = coordinator_client.post(
        f"{LIST_URL}add/", entry(expertise_needed=[], services_affected=["filing", "bogus"])
    )
    assert response.status_code == 200
    content = text(response)
    assert "Choose at least one area of expertise." in content
    assert "bogus" in content  # Django's "not one of the available choices"
    assert 'value="Office of Industrial Property of Haiti"' in content
    assert not AssistanceRequest.objects.filter(country="HT").exists()


def test_the_edit_form_changes_descriptions_never_the_state(coordinator_client, request_):
    url = f"{LIST_URL}edit/{request_.pk}/"
    form = coordinator_client.get(url)
    assert form.status_code == 200
    assert 'name="state"' not in text(form) and 'name="received_at"' not in text(form)
    data = entry(office="Renamed office", state="closed", help_given="on")
    response = coordinator_client.post(url, data)
    assert response.status_code == 302 and response["Location"] == page_url(request_)
    request_.refresh_from_db()
    assert request_.office == "Renamed office"
    assert request_.expertise_needed == ["online-services"]
    assert request_.state == RequestState.RECEIVED and request_.help_given is None


# --- The request page ---


def test_the_page_shows_the_request_log_and_ranked_candidates_with_reasons(
    coordinator_client, request_, experts
):
    response = coordinator_client.get(page_url(request_))
    assert response.status_code == 200
    content = text(response)
    assert request_.reference in content
    assert "wanjiru@example.org" in content and "Wanjiru Kamau" in content
    assert "Floods closed the filing office" in content
    assert "Request received through the public form" in content
    assert "The requester, on the public form" in content
    candidates = [row["match"].expert.name for row in response.context["matches"]]
    assert candidates == ["Amina Best", "Bruno Limited"]  # Chen away, Dora and Emil not asked
    assert content.index("Amina Best") < content.index("Bruno Limited")
    assert "Covers 2 of 2 areas needed" in content
    assert "From the same country" in content
    assert "Limited availability" in content
    assert "Speaks none of the languages asked for" in content
    assert "points for each area of expertise" in content  # how the score is made
    assert f'name="experts" value="{experts["amina"].pk}"' in content
    for label in ("Propose the selected experts", "Decline the request"):
        assert label in content
    assert "Close the request" not in content and "Start work" not in content


def test_proposing_matches_the_request_and_mails_each_expert_their_link(
    coordinator_client, coordinator, request_, experts, django_capture_on_commit_callbacks
):
    amina, bruno = experts["amina"], experts["bruno"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            coordinator_client,
            request_,
            {"action": "propose", "experts": [amina.pk, bruno.pk]},
        )
    assert response.status_code == 302 and response["Location"] == page_url(request_)
    request_.refresh_from_db()
    assert request_.state == RequestState.MATCHED
    assert set(request_.proposals.values_list("expert__name", flat=True)) == {
        "Amina Best",
        "Bruno Limited",
    }
    [to_amina] = [m for m in mail.outbox if m.to == ["amina@example.org"]]
    link = re.search(r"https?://\S+/experts/answer/\S+/", to_amina.body)
    assert link, to_amina.body
    assert request_.reference in to_amina.subject
    assert "wanjiru@example.org" not in to_amina.body  # no requester contact before accepting
    assert [m for m in mail.outbox if m.to == ["bruno@example.org"]]
    page = coordinator_client.get(response["Location"])
    assert "Proposed Bruno Limited, Amina Best" in " ".join(messages_of(page)) or (
        "Proposed Amina Best, Bruno Limited" in " ".join(messages_of(page))
    )
    content = text(page)
    assert content.count(">Withdraw</button>") == 2
    assert "Proposed Amina Best" in content and "Cora Ordinator" in content
    assert page.context["matches"] == []  # both proposed: nobody left to rank


def test_withdraw_start_and_close_with_an_outcome(
    coordinator_client, request_, experts, django_capture_on_commit_callbacks
):
    amina, bruno = experts["amina"], experts["bruno"]
    user = None
    proposals = assistance.propose(request_, [amina, bruno], user)
    bruno_proposal = next(p for p in proposals if p.expert == bruno)
    assert post(coordinator_client, request_, {"action": "withdraw", "proposal": bruno_proposal.pk})
    bruno_proposal.refresh_from_db()
    assert bruno_proposal.answer == Answer.WITHDRAWN
    # Nothing to start before an expert accepts.
    refused = post(coordinator_client, request_, {"action": "start"})
    assert refused.status_code == 400
    assert "Work can start only once an expert has accepted." in messages_of(refused)
    assistance.answer(next(p for p in proposals if p.expert == amina), accept=True)
    started = post(coordinator_client, request_, {"action": "start"})
    assert started.status_code == 302
    request_.refresh_from_db()
    assert request_.state == RequestState.IN_PROGRESS
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        closed = post(
            coordinator_client,
            request_,
            {"action": "close", "help_given": "yes", "outcome": "Online filing back in 3 days."},
        )
    assert closed.status_code == 302
    request_.refresh_from_db()
    assert request_.state == RequestState.CLOSED and request_.help_given is True
    assert request_.outcome == "Online filing back in 3 days."
    assert [m for m in mail.outbox if m.to == ["wanjiru@example.org"]]
    kinds = list(request_.events.values_list("kind", flat=True))
    assert kinds[-3:] == [EventKind.ACCEPTED, EventKind.STARTED, EventKind.CLOSED_HELPED]
    content = text(coordinator_client.get(page_url(request_)))
    assert "Closed, help given: Online filing back in 3 days." in content
    assert "Propose the selected experts" not in content  # closed: no more actions


def test_closing_without_an_answer_or_a_note_keeps_what_was_typed(coordinator_client, request_):
    request_.state = RequestState.IN_PROGRESS
    request_.save()
    missing_answer = post(coordinator_client, request_, {"action": "close", "outcome": "Helped."})
    assert missing_answer.status_code == 400
    assert "Say whether help was given." in messages_of(missing_answer)
    assert "Helped.</textarea>" in text(missing_answer)
    missing_note = post(coordinator_client, request_, {"action": "close", "help_given": "no"})
    assert missing_note.status_code == 400
    assert "Write what came of the request before closing it." in messages_of(missing_note)
    assert re.search(
        r'<input type="radio" name="help_given" value="no"[^>]* checked>', text(missing_note)
    )
    request_.refresh_from_db()
    assert request_.state == RequestState.IN_PROGRESS


def test_decline_needs_a_reason_and_a_refused_close_keeps_the_note(coordinator_client, request_):
    refused = post(coordinator_client, request_, {"action": "decline", "reason": "   "})
    assert refused.status_code == 400
    assert "Give the reason for declining: the requester receives it." in " ".join(
        messages_of(refused)
    )
    request_.refresh_from_db()
    assert request_.state == RequestState.RECEIVED
    # Closing is not allowed from "received": the message says so and the note stays.
    note = "Nobody could travel."
    wrong_state = post(
        coordinator_client, request_, {"action": "close", "help_given": "no", "outcome": note}
    )
    assert wrong_state.status_code == 400
    assert "Only a request an expert accepted can be closed." in messages_of(wrong_state)
    request_.refresh_from_db()
    assert request_.state == RequestState.RECEIVED and request_.outcome == ""
    declined = post(coordinator_client, request_, {"action": "decline", "reason": note})
    assert declined.status_code == 302
    request_.refresh_from_db()
    assert request_.state == RequestState.DECLINED and request_.decline_reason == note
    assert request_.events.last().kind == EventKind.DECLINED


def test_a_refused_decline_keeps_the_reason_typed(coordinator_client, request_, experts):
    assistance.propose(request_, [experts["amina"]], None)
    assistance.answer(request_.proposals.get(), accept=True)
    reason = "We found nobody in time."
    response = post(coordinator_client, request_, {"action": "decline", "reason": reason})
    # Accepted: the decline form is gone, but the message says why and nothing changed.
    assert response.status_code == 400
    assert "A request an expert accepted is closed, not declined." in messages_of(response)
    request_.refresh_from_db()
    assert request_.state == RequestState.ACCEPTED


@pytest.mark.parametrize(
    "data, message",
    [
        ({"action": "explode"}, "Unknown action"),
        ({}, "Unknown action"),
        ({"action": "propose"}, "Choose at least one expert"),
        ({"action": "propose", "experts": ["abc"]}, "not an expert from the list"),
        ({"action": "propose", "experts": ["-3"]}, "not an expert from the list"),
        ({"action": "propose", "experts": ["9" * 30]}, "not an expert from the list"),
        ({"action": "propose", "experts": ["987654"]}, "can no longer be proposed"),
        ({"action": "withdraw"}, "not one of this request"),
        ({"action": "withdraw", "proposal": "x1"}, "not one of this request"),
        ({"action": "withdraw", "proposal": "987654"}, "not one of this request"),
        ({"action": "close", "help_given": "maybe", "outcome": "x"}, "Say whether help"),
    ],
)
def test_bad_posts_are_refused_with_a_message(coordinator_client, request_, data, message):
    events = request_.events.count()
    response = post(coordinator_client, request_, data)
    assert response.status_code == 400
    assert any(message in m for m in messages_of(response)), messages_of(response)
    assert message in text(response)
    request_.refresh_from_db()
    assert request_.state == RequestState.RECEIVED
    assert request_.events.count() == events


def test_experts_who_may_not_be_asked_cannot_be_proposed(coordinator_client, request_, experts):
    for name in ("chen", "dora", "emil"):
        response = post(
            coordinator_client, request_, {"action": "propose", "experts": [experts[name].pk]}
        )
        assert response.status_code == 400, name
        assert "can no longer be proposed" in " ".join(messages_of(response))
    # A valid one beside an invalid one: nothing is proposed.
    mixed = [experts["amina"].pk, experts["emil"].pk]
    assert (
        post(coordinator_client, request_, {"action": "propose", "experts": mixed}).status_code
        == 400
    )
    assert not Proposal.objects.filter(request=request_).exists()
    # A withdrawal of another request's proposal is refused too.
    other = file(office="Other office")
    proposal = assistance.propose(other, [experts["amina"]], None)[0]
    response = post(coordinator_client, request_, {"action": "withdraw", "proposal": proposal.pk})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.answer == Answer.PENDING


def test_a_second_withdrawal_is_refused_by_the_state(coordinator_client, request_, experts):
    proposal = assistance.propose(request_, [experts["amina"]], None)[0]
    data = {"action": "withdraw", "proposal": proposal.pk}
    assert post(coordinator_client, request_, data).status_code == 302
    again = post(coordinator_client, request_, data)
    assert again.status_code == 400
    assert "Only a proposal waiting for an answer can be withdrawn." in messages_of(again)


# --- Who may see it ---


@pytest.mark.parametrize("group", [EVALUATORS, EDITORS])
def test_other_roles_are_refused(client, django_user_model, request_, group):
    client.force_login(member(django_user_model, "other", group))
    for response in (
        client.get(f"{LIST_URL}add/"),
        client.get(f"{LIST_URL}edit/{request_.pk}/"),
        client.get("/admin/snippets/choose/experts/assistancerequest/"),
    ):
        assert response.status_code in (302, 403), response
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    for response in (
        client.get(page_url(request_)),
        post(client, request_, {"action": "decline", "reason": "no"}),
        client.get(LIST_URL),
        client.get(f"{LIST_URL}results/"),
    ):
        assert response.status_code == 403, response
    request_.refresh_from_db()
    assert request_.state == RequestState.RECEIVED
    assert "Assistance requests" not in text(client.get("/admin/"))


def test_anonymous_visitors_are_sent_to_the_login(client, request_):
    response = client.get(page_url(request_))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_viewing_alone_does_not_allow_acting(client, django_user_model, request_):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password=PASSWORD)
    viewer.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(codename="view_assistancerequest"),
    )
    client.force_login(viewer)
    page = client.get(page_url(request_))
    assert page.status_code == 200
    assert "Propose the selected experts" not in text(page)
    assert "Decline the request" not in text(page)
    assert post(client, request_, {"action": "decline", "reason": "no"}).status_code == 403


# --- Cost ---


def test_the_page_costs_a_bounded_number_of_queries(
    coordinator_client, coordinator, request_, experts, django_assert_max_num_queries
):
    extra = [
        Expert.objects.create(
            name=f"Candidate {i:02d}",
            email=f"c{i}@example.org",
            country=["KE", "SN", "FR", "IN"][i % 4],
            expertise=["crisis-framework"] if i % 2 else ["risk"],
            languages=["en"],
            status=VettingStatus.ELIGIBLE,
            assistance_consent=True,
        )
        for i in range(11)
    ]
    assistance.propose(request_, extra[:3], coordinator)  # 3 proposals, 3 events
    assistance.withdraw(request_.proposals.first(), coordinator)
    assistance.answer(request_.proposals.last(), accept=False, note="Travelling")
    for _i in range(2):
        RequestEvent.objects.create(request=request_, kind=EventKind.STARTED, user=coordinator)
    assert request_.events.count() == 8 and request_.proposals.count() == 3
    coordinator_client.get(page_url(request_))  # warm the caches a first visit fills
    # Session, user, rights and the admin menu take 9; the request, the regions, the ranked
    # candidates, the proposals with their experts and the log with its users one each.
    with django_assert_max_num_queries(15):
        response = coordinator_client.get(page_url(request_))
    assert response.status_code == 200
    # Amina, Bruno, 8 candidates, and the withdrawn one, who may be proposed again.
    assert len(response.context["matches"]) == 11
