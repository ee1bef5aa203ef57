"""An assistance request's life: filed, matched (experts proposed), accepted (an expert said
yes through their link), in progress, then closed with an outcome note or declined with a
reason. Each function checks that the change is allowed from the current state, writes the
event (who, when, what) and queues the e-mails; views and commands only call these.

    received ──propose──▶ matched ──expert accepts──▶ accepted ──start──▶ in progress
       │                    │  ▲                          │                  │
       │                    │  └─ every proposal declined: back to received  │
       └──────decline───────┴──▶ declined              close ◀───────────────┘──▶ closed
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import mail
from .models import (
    Actor,
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

S = RequestState
# Where each action may start from.
CAN_PROPOSE = (S.RECEIVED, S.MATCHED, S.ACCEPTED, S.IN_PROGRESS)
CAN_START = (S.ACCEPTED,)
CAN_CLOSE = (S.ACCEPTED, S.IN_PROGRESS)
CAN_DECLINE = (S.RECEIVED, S.MATCHED)

REQUEST_FIELDS = (
    "office",
    "country",
    "contact_name",
    "contact_email",
    "crisis_kind",
    "description",
    "services_affected",
    "expertise_needed",
    "languages",
    "urgency",
)


class TransitionError(Exception):
    """A change the request's state does not allow; the message is for the user."""


def _log(
    request: AssistanceRequest,
    kind: str,
    detail: str = "",
    *,
    user=None,
    actor: str = Actor.COORDINATOR,
    to_state: str = "",
    from_state: str | None = None,
) -> RequestEvent:
    """One line of the request's log; with `to_state`, the request moves there too (from its
    current state unless `from_state` says otherwise: "" for a new request)."""
    if to_state:
        if from_state is None:
            from_state = request.state
        request.state = to_state
    return RequestEvent.objects.create(
        request=request,
        kind=kind,
        detail=detail,
        actor=actor,
        user=user if user is not None and user.is_authenticated else None,
        from_state=from_state if to_state else "",
        to_state=to_state,
    )


def _locked(request: AssistanceRequest) -> AssistanceRequest:
    # An expert may answer while a coordinator acts on the same request: one at a time.
    return AssistanceRequest.objects.select_for_update().get(pk=request.pk)


def file_request(
    data: dict, *, language: str, filed_by: str = FiledBy.OFFICE, user=None
) -> AssistanceRequest:
    """Store a new request (public form or admin) as received; acknowledge it to the
    requester and tell the coordinators."""
    with transaction.atomic():
        request = AssistanceRequest.objects.create(
            **{name: data[name] for name in REQUEST_FIELDS if name in data},
            language=language,
            filed_by=filed_by,
            state=S.RECEIVED,
        )
        if filed_by == FiledBy.OFFICE:
            _log(
                request,
                EventKind.RECEIVED,
                actor=Actor.REQUESTER,
                to_state=S.RECEIVED,
                from_state="",
            )
        else:
            _log(request, EventKind.ENTERED, user=user, to_state=S.RECEIVED, from_state="")
        mail.request_received(request)
        mail.notify_coordinators(request, gettext_noop("New request for assistance %(reference)s"))
    return request


def expert_language(expert: Expert, request: AssistanceRequest) -> str:
    """The language to write to an expert in: the first of theirs the request also asked for,
    else their first, else English."""
    from django.conf import settings

    known = {code for code, _name in settings.LANGUAGES}
    theirs = [code for code in expert.languages if code in known]
    shared = [code for code in theirs if code in request.languages]
    return (shared or theirs or ["en"])[0]


def propose(request: AssistanceRequest, experts: Iterable[Expert], user) -> list[Proposal]:
    """Propose experts for a request; each gets an e-mail with their personal link."""
    with transaction.atomic():
        request = _locked(request)
        if request.state not in CAN_PROPOSE:
            raise TransitionError(_("Experts can no longer be proposed for this request."))
        # A withdrawn proposal may be made again (say its link expired unanswered): the same
        # row goes back to pending and the expert gets a fresh link.
        earlier = {proposal.expert_id: proposal for proposal in request.proposals.all()}
        proposals = []
        for expert in experts:
            if expert.pk in earlier and earlier[expert.pk].answer != Answer.WITHDRAWN:
                continue
            if expert.status != VettingStatus.ELIGIBLE or not expert.assistance_consent:
                raise TransitionError(
                    _("%(name)s is not vetted or did not agree to be asked for assistance.")
                    % {"name": expert.name}
                )
            if expert.availability_on(timezone.localdate()) == Availability.UNAVAILABLE:
                raise TransitionError(_("%(name)s is unavailable.") % {"name": expert.name})
            proposal = earlier.get(expert.pk) or Proposal(request=request, expert=expert)
            proposal.language = expert_language(expert, request)
            proposal.answer, proposal.answered_at, proposal.note = Answer.PENDING, None, ""
            proposal.proposed_at = timezone.now()
            proposal.save()
            proposals.append(proposal)
            moves = {"to_state": S.MATCHED} if request.state == S.RECEIVED else {}
            _log(request, EventKind.PROPOSED, expert.name, user=user, **moves)
            mail.expert_proposed(proposal)
        if not proposals:
            raise TransitionError(_("Choose at least one expert who is not proposed yet."))
        request.save(update_fields=["state"])
    return proposals


def answer(proposal: Proposal, accept: bool, note: str = "") -> Proposal:
    """The expert's answer through their link. The first acceptance moves the request to
    "accepted"; when every proposed expert has declined, it goes back to "received"."""
    with transaction.atomic():
        request = _locked(proposal.request)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        proposal.request = request
        if proposal.answer != Answer.PENDING:
            raise TransitionError(_("This proposal has already been answered or withdrawn."))
        if not request.is_open:
            raise TransitionError(_("This request is closed: thank you all the same."))
        proposal.answer = Answer.ACCEPTED if accept else Answer.DECLINED
        proposal.answered_at = timezone.now()
        proposal.note = note
        proposal.save(update_fields=["answer", "answered_at", "note"])
        name = proposal.expert.name
        if accept:
            moves = {"to_state": S.ACCEPTED} if request.state == S.MATCHED else {}
            _log(request, EventKind.ACCEPTED, name, actor=Actor.EXPERT, **moves)
            if request.accepted_at is None:
                request.accepted_at = proposal.answered_at
            mail.expert_accepted(proposal)
        else:
            detail = f"{name}: {note}" if note else name
            moves = {"to_state": S.RECEIVED} if _nobody_left(request) else {}
            _log(request, EventKind.DECLINED_BY_EXPERT, detail, actor=Actor.EXPERT, **moves)
        request.save(update_fields=["state", "accepted_at"])
        mail.notify_coordinators(
            request,
            gettext_noop("An expert accepted request %(reference)s")
            if accept
            else gettext_noop("An expert declined request %(reference)s"),
        )
    return proposal


def withdraw(proposal: Proposal, user) -> None:
    """Withdraw a proposal still waiting for an answer (its link stops working)."""
    with transaction.atomic():
        request = _locked(proposal.request)
        updated = Proposal.objects.filter(pk=proposal.pk, answer=Answer.PENDING).update(
            answer=Answer.WITHDRAWN, answered_at=timezone.now()
        )
        if not updated:
            raise TransitionError(_("Only a proposal waiting for an answer can be withdrawn."))
        moves = {"to_state": S.RECEIVED} if _nobody_left(request) else {}
        _log(request, EventKind.WITHDRAWN, proposal.expert.name, user=user, **moves)
        request.save(update_fields=["state"])


def _nobody_left(request: AssistanceRequest) -> bool:
    """True when a matched request has no proposal left that could still lead to help."""
    return (
        request.state == S.MATCHED
        and not request.proposals.filter(answer__in=(Answer.PENDING, Answer.ACCEPTED)).exists()
    )


def start(request: AssistanceRequest, user) -> None:
    with transaction.atomic():
        request = _locked(request)
        if request.state not in CAN_START:
            raise TransitionError(_("Work can start only once an expert has accepted."))
        _log(request, EventKind.STARTED, user=user, to_state=S.IN_PROGRESS)
        request.save(update_fields=["state"])


def _withdraw_pending(request: AssistanceRequest) -> None:
    request.proposals.filter(answer=Answer.PENDING).update(
        answer=Answer.WITHDRAWN, answered_at=timezone.now()
    )


def close(request: AssistanceRequest, user, *, help_given: bool, outcome: str) -> None:
    """Close with an outcome note, saying whether help was given (OUT-2 counts it)."""
    outcome = outcome.strip()
    if not outcome:
        raise TransitionError(_("Write what came of the request before closing it."))
    with transaction.atomic():
        request = _locked(request)
        if request.state not in CAN_CLOSE:
            raise TransitionError(_("Only a request an expert accepted can be closed."))
        request.help_given, request.outcome = help_given, outcome
        request.closed_at = timezone.now()
        _withdraw_pending(request)
        kind = EventKind.CLOSED_HELPED if help_given else EventKind.CLOSED_NOT_HELPED
        _log(request, kind, outcome, user=user, to_state=S.CLOSED)
        request.save(update_fields=["state", "help_given", "outcome", "closed_at"])
        mail.request_closed(request)


def decline(request: AssistanceRequest, user, *, reason: str) -> None:
    """Decline a request no expert can take, saying why (the requester is told)."""
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Give the reason for declining: the requester receives it."))
    with transaction.atomic():
        request = _locked(request)
        if request.state not in CAN_DECLINE:
            raise TransitionError(_("A request an expert accepted is closed, not declined."))
        request.decline_reason, request.help_given = reason, False
        request.closed_at = timezone.now()
        _withdraw_pending(request)
        _log(request, EventKind.DECLINED, reason, user=user, to_state=S.DECLINED)
        request.save(update_fields=["state", "decline_reason", "help_given", "closed_at"])
        mail.request_closed(request)
