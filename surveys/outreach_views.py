"""The evaluators' page for a cohort phase's invitations and reminders: the funnel, a preview
in each language present, a test send to oneself, sending (or sending again), who has no
e-mail address, and every participant's status.

Viewing needs the participants' view permission; sending hands out personal links, so it
needs the right to change participants, like the links' CSV."""

from django import forms
from django.core.mail import EmailMultiAlternatives
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from .admin_views import LINKS_PERMISSION, RATES_PERMISSION, _require
from .invitations import MissingMessage, base_url, compose, messages_for, source_language
from .models import Cohort, CohortPhase, MessageKind, Participant
from .outreach import invitation_recipients, plan_invitations, rate_per_minute, without_email
from .rates import response_rates
from .status import participant_statuses
from .tasks import schedule_outreach, start_delivery

STATUS_PAGE_SIZE = 100


class SendForm(forms.Form):
    action = forms.ChoiceField(choices=[("send", "send"), ("test", "test")])
    resend = forms.BooleanField(
        required=False,
        label=gettext_lazy("Also send again to those invited before who have not submitted"),
    )


def _previews(cohort_phase: CohortPhase, people: list[Participant], kind: str) -> list[dict]:
    """One message per language present, written for the first participant of each."""
    texts = messages_for({cohort_phase.phase})
    example = base_url() + "/…"
    previews, seen = [], set()
    for person in people:
        if person.language in seen:
            continue
        seen.add(person.language)
        try:
            composed = compose(person, cohort_phase, kind, texts, stop_link=example)
        except MissingMessage:
            return []
        previews.append({"participant": person, "message": composed})
    return previews


def _test_send(request: HttpRequest, cohort_phase: CohortPhase, previews: list[dict]) -> None:
    """The previews to the evaluator's own address, with a harmless link in place of each
    participant's (a personal link is a credential and opens their answers)."""
    address = request.user.email
    if not address:
        messages.error(request, _("Your account has no e-mail address: add one in your account."))
        return
    example = base_url() + reverse("surveys:home", kwargs={"token": "example"})
    texts = messages_for({cohort_phase.phase})
    for preview in previews:
        composed = compose(
            preview["participant"],
            cohort_phase,
            MessageKind.INVITATION,
            texts,
            link=example,
            stop_link=example,
        )
        email = EmailMultiAlternatives(
            _("[Test] %(subject)s") % {"subject": composed.subject}, composed.text, None, [address]
        )
        email.attach_alternative(composed.html, "text/html")
        email.send()
    messages.success(
        request,
        _("%(count)d test messages sent to %(address)s, one per language.")
        % {"count": len(previews), "address": address},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def phase_invitations(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, RATES_PERMISSION)
    cohort_phase = get_object_or_404(CohortPhase.objects.select_related("cohort"), pk=pk)
    can_send = request.user.has_perm(LINKS_PERMISSION)
    form = SendForm(request.POST or None)
    recipients = list(
        invitation_recipients(cohort_phase).select_related("cohort").order_by("language", "code")
    )
    previews = _previews(
        cohort_phase,
        recipients or list(cohort_phase.cohort.participants.select_related("cohort")[:200]),
        MessageKind.INVITATION,
    )
    if request.method == "POST":
        _require(request, LINKS_PERMISSION)
        if form.is_valid() and form.cleaned_data["action"] == "test":
            if previews:
                _test_send(request, cohort_phase, previews)
            return redirect(request.path)
        if form.is_valid():
            try:
                queued = plan_invitations(cohort_phase, resend=form.cleaned_data["resend"])
            except MissingMessage:
                messages.error(request, _missing_text(cohort_phase))
                return redirect(request.path)
            if queued:
                start_delivery()
            schedule_outreach()
            messages.success(
                request,
                _("%(count)d invitations queued: they are sent at %(rate)d a minute.")
                % {"count": queued, "rate": rate_per_minute()},
            )
            return redirect(request.path)
    rows = response_rates(Cohort.objects.filter(pk=cohort_phase.cohort_id))
    funnel = next((row for row in rows if row.phase.pk == cohort_phase.pk), None)
    resend_count = invitation_recipients(cohort_phase, resend=True).count()
    statuses = Paginator(participant_statuses(cohort_phase), STATUS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "surveys/admin/invitations.html",
        {
            "cohort_phase": cohort_phase,
            "cohort": cohort_phase.cohort,
            "funnel": funnel,
            "previews": previews,
            "missing_text": None if previews or not recipients else _missing_text(cohort_phase),
            "recipients": len(recipients),
            "resend_count": resend_count,
            "form": form,
            "can_send": can_send,
            "no_email": list(without_email(cohort_phase)),
            "statuses": statuses,
            "rate": rate_per_minute(),
            "source_language": source_language(),
            "messages_url": reverse("wagtailsnippets_surveys_invitationmessage:list"),
        },
    )


def _missing_text(cohort_phase: CohortPhase) -> str:
    return _(
        "There is no invitation message for “%(phase)s” in the source language yet: write "
        "one under Surveys → Invitation messages, then come back."
    ) % {"phase": cohort_phase.get_phase_display()}
