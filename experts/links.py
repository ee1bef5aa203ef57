"""The expert's personal link to answer a proposal: a signed, expiring token naming the
proposal, so an expert needs no account; and what it shows of the request before they answer.
The token carries nothing personal; a leaked link lets one answer one proposal, which the
coordinators see in the request's log."""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import AssistanceRequest, ExpertiseArea, Proposal, ServiceArea
from .roster import choice_labels

SALT = "experts.proposal-answer"
# Long enough for an expert on mission to read their mail, short enough to go stale.
MAX_AGE_DAYS = 30


def proposal_token(proposal: Proposal) -> str:
    return signing.dumps(proposal.pk, salt=SALT, compress=False)


def proposal_from_token(token: str) -> Proposal | None:
    """The proposal a token names, or None for a forged, expired or withdrawn-by-deletion one."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(pk, int):
        return None
    return Proposal.objects.select_related("request", "expert").filter(pk=pk).first()


def answer_path(proposal: Proposal) -> str:
    """The link's path, under the expert's language prefix (/ar/experts/answer/…/)."""
    with translation.override(proposal.language or "en"):
        return reverse("experts:answer", args=[proposal_token(proposal)])


def what_is_asked(request: AssistanceRequest) -> dict:
    """What a proposed expert sees before answering, in the active language (their page and
    their e-mail): never the requester's name or contact, which go only to an expert who
    accepts."""
    return {
        "reference": request.reference,
        "country": request.country.name,
        "crisis_kind": request.get_crisis_kind_display(),
        "urgency": request.get_urgency_display(),
        "expertise_needed": choice_labels(request.expertise_needed, ExpertiseArea.choices),
        "services_affected": choice_labels(request.services_affected, ServiceArea.choices),
        "description": request.description,
    }
