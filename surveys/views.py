"""Participant-facing pages: a personal link opens every phase of the cohort, no account.

No JavaScript is needed: one screen per domain posts its answers, which are kept on the
server at once, so a participant can leave and come back with the same link. Unknown or
revoked links and closed phases get a page that says so, in the participant's language.
"""

import segno
from django.core.mail import send_mail
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import answering
from .enrolment import enrol as enrol_participant
from .forms import SelfEnrolmentForm
from .models import Cohort, CohortPhase, Participant, Phase, Submission
from .models.participants import EnrolledVia
from .scores import own_change


def _link_problem(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, f"surveys/{template}", status=status)


def _participant(request: HttpRequest, token: str) -> Participant | HttpResponse:
    participant = Participant.objects.select_related("cohort").filter(token=token).first()
    if participant is None:
        return _link_problem(request, "link_unknown.html", 404)
    if participant.revoked_at is not None:
        return _link_problem(request, "link_revoked.html", 410)
    return participant


def _phase(participant: Participant, phase: str) -> CohortPhase:
    if phase not in Phase.values:
        raise Http404
    found = (
        CohortPhase.objects.filter(cohort_id=participant.cohort_id, phase=phase)
        .select_related("instrument")
        .first()
    )
    if found is None:
        raise Http404
    return found


class Context:
    """Everything a phase page needs, loaded in a fixed number of queries."""

    def __init__(self, request: HttpRequest, token: str, phase: str) -> None:
        self.participant = _participant(request, token)
        if isinstance(self.participant, HttpResponse):
            self.response = self.participant
            return
        self.response = None
        self.cohort_phase = _phase(self.participant, phase)
        self.instrument = answering.instrument_in(self.cohort_phase.instrument, get_language())
        self.screens = answering.screens(self.instrument)
        self.submission = Submission.objects.filter(
            participant=self.participant, phase=phase
        ).first()

    def template_context(self, **extra) -> dict:
        return {
            "participant": self.participant,
            "cohort": self.participant.cohort,
            "cohort_phase": self.cohort_phase,
            "instrument": self.instrument,
            "screens": self.screens,
            "submission": self.submission,
            **extra,
        }

    def stored_answers(self) -> dict[str, str]:
        """The answers saved so far (item code → value); none before the first save."""
        if self.submission is None:
            return {}
        return answering.stored_answers(self.submission, self.instrument)

    def url(self, name: str, **kwargs) -> str:
        return reverse(
            f"surveys:{name}",
            kwargs={
                "token": self.participant.token,
                "phase": self.cohort_phase.phase,
                **kwargs,
            },
        )

    def not_answerable(self, request: HttpRequest) -> HttpResponse | None:
        """The page to show instead of a questionnaire screen, if any: a bad link, the
        confirmation once submitted (answers no longer change), or the phase's window."""
        if self.response:
            return self.response
        if self.submission and self.submission.is_submitted:
            return redirect(self.url("done"))
        return self.closed_page(request)

    def closed_page(self, request: HttpRequest) -> HttpResponse | None:
        if self.cohort_phase.is_open():
            return None
        not_yet = timezone.now() < self.cohort_phase.opens_at
        return render(request, "surveys/phase_closed.html", self.template_context(not_yet=not_yet))


def home(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant(request, token)
    if isinstance(participant, HttpResponse):
        return participant
    submitted = dict(
        Submission.objects.filter(participant=participant).values_list("phase", "submitted_at")
    )
    now = timezone.now()
    phases = [
        {
            "phase": cohort_phase,
            "started": cohort_phase.phase in submitted,
            "submitted_at": submitted.get(cohort_phase.phase),
            "open": cohort_phase.is_open(now),
            "not_yet": now < cohort_phase.opens_at,
        }
        for cohort_phase in participant.cohort.phases.all()
    ]
    return render(
        request,
        "surveys/home.html",
        {"participant": participant, "cohort": participant.cohort, "phases": phases},
    )


def phase_start(request: HttpRequest, token: str, phase: str) -> HttpResponse:
    context = Context(request, token, phase)
    if blocked := context.not_answerable(request):
        return blocked
    if not context.screens:
        raise Http404
    # Resume where the answers stop: the first screen with an unanswered required item.
    stored = context.stored_answers()
    for screen in context.screens:
        if any(item.required and not stored.get(item.code) for item in screen.items):
            return redirect(context.url("screen", number=screen.number))
    return redirect(context.url("review"))


@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest, token: str, phase: str, number: int) -> HttpResponse:
    context = Context(request, token, phase)
    if blocked := context.not_answerable(request):
        return blocked
    if not 1 <= number <= len(context.screens):
        raise Http404
    current = context.screens[number - 1]
    errors = {}
    if request.method == "POST":
        answers, errors = answering.validate_screen(current, request.POST, context.instrument)
        submission = context.submission or answering.start(
            context.participant, phase, context.cohort_phase.instrument, get_language()
        )
        valid_items = [item for item in current.items if item.code not in errors]
        answering.save_answers(submission, valid_items, answers)
        action = request.POST.get("action", "next")
        if action == "leave":
            return redirect(reverse("surveys:home", kwargs={"token": token}) + "?saved=1")
        if action == "back" and number > 1:
            return redirect(context.url("screen", number=number - 1))
        if not errors:
            if number < len(context.screens):
                return redirect(context.url("screen", number=number + 1))
            return redirect(context.url("review"))
        values = answers
    else:
        values = context.stored_answers()
    fields = [
        {
            "item": item,
            "choices": answering.choices_of(item, context.instrument),
            "value": values.get(item.code, ""),
            "error": errors.get(item.code),
        }
        for item in current.items
    ]
    return render(
        request,
        "surveys/screen.html",
        context.template_context(
            screen=current,
            fields=fields,
            errors=errors,
            number=number,
            total=len(context.screens),
            action=context.url("screen", number=number),
        ),
        status=200,
    )


@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, token: str, phase: str) -> HttpResponse:
    context = Context(request, token, phase)
    if blocked := context.not_answerable(request):
        return blocked
    missing = []
    if request.method == "POST":
        if context.submission is None:
            missing = [item for item in context.instrument.items.all() if item.required]
        else:
            try:
                answering.submit(context.submission, context.instrument)
            except answering.IncompleteSubmission as error:
                missing = error.missing
            else:
                return redirect(context.url("done"))
    stored = context.stored_answers()
    sections = []
    for current in context.screens:
        rows = []
        for item in current.items:
            labels = dict(answering.choices_of(item, context.instrument))
            value = stored.get(item.code, "")
            rows.append(
                {
                    "item": item,
                    "answer": labels.get(value, value),
                    "missing": item.required and not value,
                }
            )
        sections.append(
            {"screen": current, "rows": rows, "url": context.url("screen", number=current.number)}
        )
    return render(
        request,
        "surveys/review.html",
        context.template_context(sections=sections, missing=missing, action=context.url("review")),
        status=400 if missing else 200,
    )


def done(request: HttpRequest, token: str, phase: str) -> HttpResponse:
    context = Context(request, token, phase)
    if context.response:
        return context.response
    if not (context.submission and context.submission.is_submitted):
        return redirect(context.url("start"))
    changes = []
    if phase == Phase.POST:
        pre = Submission.objects.filter(
            participant=context.participant, phase=Phase.PRE, submitted_at__isnull=False
        ).first()
        changes = own_change(pre, context.submission, context.instrument)
    return render(request, "surveys/done.html", context.template_context(changes=changes))


def _send_link(participant: Participant, link: str) -> None:
    with override(participant.language):
        send_mail(
            _("Your personal link for %(cohort)s") % {"cohort": participant.cohort.name},
            _(
                "Thank you for enrolling. Keep this link: it opens your questionnaires before "
                "and after the training, and only you have it.\n\n%(link)s\n"
            )
            % {"link": link},
            None,
            [participant.email],
            fail_silently=True,
        )


@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest, key: str) -> HttpResponse:
    cohort = Cohort.objects.filter(enrolment_key=key, self_enrolment=True).first()
    if cohort is None:
        return _link_problem(request, "enrolment_closed.html", 404)
    first_phase = cohort.phases.select_related("instrument").first()
    notice = (
        answering.instrument_in(first_phase.instrument, get_language()).consent_notice
        if first_phase
        else ""
    )
    form = SelfEnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            return render(request, "surveys/enrolled.html", {"cohort": cohort, "spam": True})
        data = form.cleaned_data
        participant = enrol_participant(
            cohort,
            name=data["name"],
            email=data["email"],
            country=data["country"],
            sex=data["sex"],
            office_type=data["office_type"],
            function=data["function"],
            stakeholder_group=data["stakeholder_group"],
            language=data["language"],
            via=EnrolledVia.SELF,
            consented=True,
        )
        with override(participant.language):
            link = request.build_absolute_uri(
                reverse("surveys:home", kwargs={"token": participant.token})
            )
        if participant.email:
            _send_link(participant, link)
        return render(
            request,
            "surveys/enrolled.html",
            {"cohort": cohort, "participant": participant, "link": link, "qr": _qr(link)},
        )
    return render(
        request,
        "surveys/enrol.html",
        {"cohort": cohort, "form": form, "notice": notice},
        status=400 if form.is_bound else 200,
    )


def _qr(link: str) -> str:
    return segno.make(link, error="m").svg_inline(scale=4, dark="#1b1b1b", light="#ffffff")
