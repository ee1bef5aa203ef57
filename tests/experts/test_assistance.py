"""A request's states through experts.assistance: the allowed moves, the log, the refusals,
and the e-mails, each in its recipient's language (sent through the task worker)."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.users.models import UserProfile

from experts import assistance
from experts.assistance import TransitionError
from experts.models import Answer, Expert, FiledBy, RequestState
from experts.roles import COORDINATORS

S = RequestState


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user(
        "coord", email="coord@example.org", password="x" * 12
    )
    user.groups.add(Group.objects.get(name=COORDINATORS))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    return user


@pytest.fixture
def experts(db) -> list[Expert]:
    return [
        Expert.objects.create(
            name=f"Expert {n}",
            email=f"expert{n}@example.org",
            country="MA",
            languages=languages,
            status="eligible",
            assistance_consent=True,
        )
        for n, languages in enumerate([["ar", "fr"], ["es"], ["zh-hans"]])
    ]


def filed(language="ar", **overrides):
    data = {
        "office": "Test IP office",
        "country": "JO",
        "contact_name": "Salma Requester",
        "contact_email": "salma@example.org",
        "crisis_kind": "cyber",
        "description": "Our servers were attacked.",
        "services_affected": ["filing"],
        "expertise_needed": ["online-services"],
        "languages": ["ar"],
        "urgency": "immediate",
        **overrides,
    }
    return assistance.file_request(data, language=language, filed_by=FiledBy.OFFICE)


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run one change as its own transaction would: its e-mails go when it commits."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_the_whole_way_with_every_change_logged(coordinator, experts, act):
    request = act(filed)
    assert request.state == S.RECEIVED
    # Acknowledged in Arabic; the coordinator told in French (their admin language).
    (ack,) = sent_to("salma@example.org")
    assert "AR-" in ack.subject and "طلب" in ack.body
    (notice,) = sent_to("coord@example.org")
    assert "Nouvelle demande" in notice.subject
    assert f"/admin/experts/requests/{request.pk}/" in notice.body

    proposals = act(assistance.propose, request, experts[:2], coordinator)
    request.refresh_from_db()
    assert request.state == S.MATCHED
    # Each expert in their language (the first they share with the request, else their own),
    # with their personal link under that language's prefix.
    assert "/ar/experts/answer/" in sent_to("expert0@example.org")[0].body
    assert "/es/experts/answer/" in sent_to("expert1@example.org")[0].body
    assert "salma@example.org" not in sent_to("expert0@example.org")[0].body

    act(assistance.answer, proposals[1], accept=False, note="On leave")
    request.refresh_from_db()
    assert request.state == S.MATCHED  # Expert 0 may still accept
    act(assistance.answer, proposals[0], accept=True)
    request.refresh_from_db()
    assert request.state == S.ACCEPTED and request.accepted_at is not None
    # The office learns who helps; the expert how to reach the office.
    assert "expert0@example.org" in sent_to("salma@example.org")[-1].body
    assert "salma@example.org" in sent_to("expert0@example.org")[-1].body

    act(assistance.start, request, coordinator)
    act(
        assistance.close,
        request,
        coordinator,
        help_given=True,
        outcome="Filing restored in 3 days.",
    )
    request.refresh_from_db()
    assert request.state == S.CLOSED and request.help_given is True
    assert "Filing restored" in sent_to("salma@example.org")[-1].body

    events = list(request.events.all())
    assert [(e.from_state, e.to_state) for e in events if e.to_state] == [
        ("", S.RECEIVED),
        (S.RECEIVED, S.MATCHED),
        (S.MATCHED, S.ACCEPTED),
        (S.ACCEPTED, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.CLOSED),
    ]
    assert [e.kind for e in events] == [
        "received",
        "proposed",
        "proposed",
        "expert_declined",
        "accepted",
        "started",
        "closed_helped",
    ]
    assert events[1].user == coordinator and events[1].by == "coord"
    assert events[3].detail == "Expert 1: On leave" and events[3].actor == "expert"
    assert events[0].description == "Request received through the public form"


def test_every_expert_declining_sends_the_request_back_to_received(coordinator, experts):
    request = filed()
    (proposal,) = assistance.propose(request, experts[:1], coordinator)
    assistance.answer(proposal, accept=False)
    request.refresh_from_db()
    assert request.state == S.RECEIVED
    # A withdrawn proposal does the same, and its link no longer answers.
    (second,) = assistance.propose(request, experts[1:2], coordinator)
    assistance.withdraw(second, coordinator)
    request.refresh_from_db()
    assert request.state == S.RECEIVED
    with pytest.raises(TransitionError):
        assistance.answer(second, accept=True)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda r, u: assistance.start(r, u), "Work can start only"),
        (lambda r, u: assistance.close(r, u, help_given=True, outcome="x"), "Only a request"),
    ],
)
def test_moves_the_state_does_not_allow_are_refused(coordinator, action, message):
    request = filed()
    with pytest.raises(TransitionError, match=message):
        action(request, coordinator)
    request.refresh_from_db()
    assert request.state == S.RECEIVED
    assert request.events.count() == 1


def test_closing_needs_an_outcome_and_declining_a_reason(coordinator, experts):
    request = filed()
    with pytest.raises(TransitionError, match="reason"):
        assistance.decline(request, coordinator, reason="  ")
    (proposal,) = assistance.propose(request, experts[:1], coordinator)
    assistance.answer(proposal, accept=True)
    with pytest.raises(TransitionError, match="Write what came"):
        assistance.close(request, coordinator, help_given=False, outcome="")
    with pytest.raises(TransitionError, match="closed, not declined"):
        assistance.decline(request, coordinator, reason="Too late")


def test_a_declined_request_tells_the_requester_why_in_their_language(coordinator, experts, act):
    request = act(filed, language="fr")
    (proposal,) = act(assistance.propose, request, experts[:1], coordinator)
    act(assistance.decline, request, coordinator, reason="Aucun expert disponible.")
    request.refresh_from_db()
    assert request.state == S.DECLINED and request.help_given is False
    proposal.refresh_from_db()
    assert proposal.answer == Answer.WITHDRAWN
    last = sent_to("salma@example.org")[-1]
    assert "Aucun expert disponible." in last.body
    assert "aucun expert" in last.subject.lower()
    with pytest.raises(TransitionError):
        assistance.propose(request, experts[1:2], coordinator)


def test_only_vetted_consenting_experts_can_be_proposed(coordinator, experts):
    request = filed()
    experts[0].assistance_consent = False
    experts[0].save()
    with pytest.raises(TransitionError, match="did not agree"):
        assistance.propose(request, experts[:1], coordinator)
    request.refresh_from_db()
    assert request.state == S.RECEIVED and not request.proposals.exists()


def test_an_unavailable_expert_cannot_be_proposed(coordinator, experts):
    request = filed()
    experts[0].availability = "unavailable"
    experts[0].save()
    with pytest.raises(TransitionError, match="unavailable"):
        assistance.propose(request, experts[:1], coordinator)
    assert not request.proposals.exists()


def test_a_withdrawn_proposal_can_be_made_again_with_a_fresh_link(coordinator, experts, act):
    """How a coordinator re-sends a link that expired unanswered."""
    request = act(filed)
    (first,) = act(assistance.propose, request, experts[:1], coordinator)
    act(assistance.withdraw, first, coordinator)
    mail.outbox.clear()
    (again,) = act(assistance.propose, request, experts[:1], coordinator)
    assert again.pk == first.pk and again.answer == Answer.PENDING
    (message,) = sent_to("expert0@example.org")
    assert "/ar/experts/answer/" in message.body
    act(assistance.answer, again, accept=True)
    request.refresh_from_db()
    assert request.state == S.ACCEPTED
    # A declined expert is not asked twice.
    (other,) = act(assistance.propose, request, experts[1:2], coordinator)
    act(assistance.answer, other, accept=False)
    with pytest.raises(TransitionError, match="at least one expert"):
        assistance.propose(request, experts[1:2], coordinator)
