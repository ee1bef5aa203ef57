"""The coordinators' page for one assistance request: what was asked, the log, the proposed
experts, the ranked matching list, and the actions its state allows. Every action is a POST
that runs the matching experts.assistance function; what it refuses comes back as a message
on the same page (status 400) with what was typed kept, what it does as a message after a
redirect."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.defaults import permission_denied
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import assistance, ranking
from .admin_forms import CloseForm, DeclineForm
from .assistance import TransitionError
from .models import (
    Answer,
    AssistanceRequest,
    Availability,
    ExpertiseArea,
    Proposal,
    ServiceArea,
)
from .roles import MANAGE_REQUESTS, VIEW_REQUESTS
from .roster import choice_labels

CHANGE_EXPERTS = "experts.change_expert"
# Ids beyond this are not ours (and some databases refuse to compare with them).
MAX_ID = 2**31 - 1


class Refused(Exception):
    """A POST that cannot be acted on as sent; the message is for the coordinator."""


def _ids(values: list[str]) -> set[int]:
    """The expert ids posted, or Refused when one is not a plausible id."""
    if not all(value.isdigit() and 0 < int(value) <= MAX_ID for value in values):
        raise Refused(_("That is not an expert from the list: reload the page and choose again."))
    return {int(value) for value in values}


class RequestView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "experts/admin/request.html"
    header_icon = "help"
    http_method_names = ["get", "post", "head", "options"]
    breadcrumbs_items = []  # the header links back to the listing instead

    def dispatch(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        may = user.has_perm(VIEW_REQUESTS)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            may = may and user.has_perm(MANAGE_REQUESTS)
        if not may:
            # A real 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
            return permission_denied(request, PermissionDenied())
        self.object = get_object_or_404(AssistanceRequest, pk=pk)
        self.close_form = CloseForm()
        self.decline_form = DeclineForm()
        self.chosen: set[str] = set()
        return super().dispatch(request, pk)

    # --- Actions ---

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        action = self.ACTIONS.get(request.POST.get("action", ""))
        try:
            if action is None:
                raise Refused(_("Unknown action: reload the page and try again."))
            done = action(self)
        except (Refused, TransitionError) as error:
            messages.error(request, str(error))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, done)
        return redirect("experts_request", pk=self.object.pk)

    def propose(self) -> str:
        values = self.request.POST.getlist("experts")
        self.chosen = set(values)
        if not values:
            raise Refused(_("Choose at least one expert to propose."))
        ids = _ids(values)
        experts = list(ranking.candidates().filter(pk__in=ids).order_by("name"))
        if len(experts) != len(ids):
            raise Refused(
                _(
                    "An expert you chose can no longer be proposed (unknown, not vetted or "
                    "unavailable): reload the page and choose again."
                )
            )
        proposals = assistance.propose(self.object, experts, self.request.user)
        names = ", ".join(proposal.expert.name for proposal in proposals)
        return ngettext(
            "Proposed %(names)s, who has been sent a personal link to answer.",
            "Proposed %(names)s, who have each been sent a personal link to answer.",
            len(proposals),
        ) % {"names": names}

    def withdraw(self) -> str:
        value = self.request.POST.get("proposal", "")
        proposal = None
        if value.isdigit() and 0 < int(value) <= MAX_ID:
            proposal = (
                Proposal.objects.filter(pk=int(value), request=self.object)
                .select_related("expert", "request")
                .first()
            )
        if proposal is None:
            raise Refused(_("That proposal is not one of this request's: reload the page."))
        assistance.withdraw(proposal, self.request.user)
        return _("Withdrew the proposal to %(name)s; their link no longer works.") % {
            "name": proposal.expert.name
        }

    def start(self) -> str:
        assistance.start(self.object, self.request.user)
        return _("Work on %(reference)s has started.") % {"reference": self.object.reference}

    def close(self) -> str:
        self.close_form = form = CloseForm(self.request.POST)
        if not form.is_valid():
            raise Refused(next(iter(form.errors.values()))[0])
        assistance.close(
            self.object,
            self.request.user,
            help_given=form.cleaned_data["help_given"] == "yes",
            outcome=form.cleaned_data["outcome"],
        )
        return _("%(reference)s is closed; the requester has been sent the outcome note.") % {
            "reference": self.object.reference
        }

    def decline(self) -> str:
        self.decline_form = form = DeclineForm(self.request.POST)
        if not form.is_valid():
            raise Refused(next(iter(form.errors.values()))[0])
        assistance.decline(self.object, self.request.user, reason=form.cleaned_data["reason"])
        return _("%(reference)s is declined; the requester has been sent the reason.") % {
            "reference": self.object.reference
        }

    ACTIONS = {
        "propose": propose,
        "withdraw": withdraw,
        "start": start,
        "close": close,
        "decline": decline,
    }

    # --- The page ---

    def get_page_title(self) -> str:
        return self.object.reference

    def get_page_subtitle(self) -> str:
        return self.object.office

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        request_, user = self.object, self.request.user
        state = request_.state
        manage = user.has_perm(MANAGE_REQUESTS)
        can_propose = manage and state in assistance.CAN_PROPOSE
        availability = dict(Availability.choices)
        matches = ranking.rank(request_) if can_propose else []
        context.update(
            {
                "assistance_request": request_,
                "services": choice_labels(request_.services_affected, ServiceArea.choices),
                "expertise": choice_labels(request_.expertise_needed, ExpertiseArea.choices),
                "languages": choice_labels(request_.languages, settings.LANGUAGES),
                "events": request_.events.select_related("user"),
                "proposals": request_.proposals.select_related("expert"),
                "pending": Answer.PENDING,
                "matches": [
                    {
                        "match": match,
                        "availability": availability.get(match.availability, ""),
                        "checked": str(match.expert.pk) in self.chosen,
                    }
                    for match in matches
                ],
                "points": {
                    "expertise": ranking.EXPERTISE_POINTS,
                    "language": ranking.LANGUAGE_POINTS,
                    "country": ranking.SAME_COUNTRY_POINTS,
                    "region": ranking.SAME_REGION_POINTS,
                    "limited": ranking.LIMITED_PENALTY,
                    "workload": ranking.WORKLOAD_PENALTY,
                },
                "can_manage": manage,
                "can_propose": can_propose,
                "can_start": manage and state in assistance.CAN_START,
                "can_close": manage and state in assistance.CAN_CLOSE,
                "can_decline": manage and state in assistance.CAN_DECLINE,
                "link_experts": user.has_perm(CHANGE_EXPERTS),
                "close_form": self.close_form,
                "decline_form": self.decline_form,
                "index_url": reverse("wagtailsnippets_experts_assistancerequest:list"),
                "edit_url": (
                    reverse("wagtailsnippets_experts_assistancerequest:edit", args=[request_.pk])
                    if manage
                    else ""
                ),
            }
        )
        return context
