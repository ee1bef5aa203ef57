"""Participant-facing pages: a personal link opens every phase of the cohort, no account.

No JavaScript is needed: one screen per domain posts its answers, which are kept on the
server at once, so a participant can leave and come back with the same link. Unknown or
revoked links and closed phases get a page that says so, in the participant's language.
"""

import logging

import segno
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, override
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import answering, self_enrolment, throttle
from .enrolment import enrol as enrol_participant
from .forms import SelfEnrolmentForm
from .invitations import read_opt_out_signature
from .models import (
    Cohort,
    CohortPhase,
    MessageKind,
    MessageStatus,
    OptOut,
    Participant,
    Phase,
    Submission,
)
from .models.participants import EnrolledVia
from .scores import own_change
from .tasks import record_link_mail_error, send_personal_link

logger = logging.getLogger(__name__)


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


@never_cache
def home(request: HttpRequest, token: str) -> HttpResponse:
    participant = _participant(request, token)
    if isinstance(participant, HttpResponse):
        return participant
    submitted = dict(
        Submission.objects.filter(participant=participant).values_list("phase", "submitted_at")
    )
    now = timezone.now()
    phases = []
    for cohort_phase in participant.cohort.phases.select_related("instrument"):
        row = {
            "phase": cohort_phase,
            "started": cohort_phase.phase in submitted,
            "submitted_at": submitted.get(cohort_phase.phase),
            "open": cohort_phase.is_open(now),
            "not_yet": now < cohort_phase.opens_at,
        }
        if row["open"] and not row["submitted_at"]:
            # What the questionnaire is about, read before Start (Part 1 then only folds it).
            row["instrument"] = answering.instrument_in(cohort_phase.instrument, get_language())
        phases.append(row)
    welcome = {}
    if request.GET.get("enrolled"):
        link = _personal_link(request, participant)
        welcome = {"link": link, "qr": _qr(link)}
    return render(
        request,
        "surveys/home.html",
        {
            "participant": participant,
            "cohort": participant.cohort,
            "phases": phases,
            "welcome": welcome,
        },
    )


@never_cache
def phase_start(request: HttpRequest, token: str, phase: str) -> HttpResponse:
    context = Context(request, token, phase)
    if blocked := context.not_answerable(request):
        return blocked
    if not context.screens:
        raise Http404
    # Resume at the first screen not yet saved (optional items left empty still count as
    # saved once the participant went past them), else at the review page.
    number = answering.resume_screen(context.submission, context.screens, context.stored_answers())
    if number is None:
        return redirect(context.url("review"))
    return redirect(context.url("screen", number=number))


@never_cache
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
        answering.save_answers(
            submission, valid_items, answers, screen=None if errors else current.number
        )
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


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, token: str, phase: str) -> HttpResponse:
    context = Context(request, token, phase)
    if blocked := context.not_answerable(request):
        return blocked
    missing, nothing_saved = [], False
    if request.method == "POST":
        # submit() reads the answers itself: no read here first on the way to "done".
        if context.submission is None:
            nothing_saved = True  # an empty assessment is never sent
        else:
            try:
                answering.submit(context.submission, context.instrument, require_answer=True)
            except answering.NothingSaved:
                nothing_saved = True
            except answering.IncompleteSubmission as error:
                missing = error.missing
            else:
                return redirect(context.url("done"))
    stored = context.stored_answers()
    check = answering.completeness(context.screens, stored, answering.validity_share())
    sections = []
    for current in context.screens:
        url = context.url("screen", number=current.number)
        rows = []
        for item in current.items:
            labels = dict(answering.choices_of(item, context.instrument))
            value = stored.get(item.code, "")
            rows.append(
                {
                    "item": item,
                    "answer": labels.get(value, value),
                    "missing": item.required and not value,
                    "url": f"{url}#item-{item.code}",
                }
            )
        sections.append(
            {
                "screen": current,
                "rows": rows,
                "url": url,
                "unanswered": [row for row in rows if not row["answer"]],
            }
        )
    return render(
        request,
        "surveys/review.html",
        context.template_context(
            sections=sections,
            missing=missing,
            nothing_saved=nothing_saved,
            check=check,
            action=context.url("review"),
        ),
        status=400 if missing or nothing_saved else 200,
    )


@never_cache
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
    """Queued for the task worker; the outcome is kept on the participant (surveys.tasks)."""
    try:
        send_personal_link.enqueue(participant.pk, link)
    except Exception as error:  # no queue: the evaluators' listing says so, the page goes on
        logger.exception("Personal link for participant %s not queued", participant.pk)
        record_link_mail_error(participant.pk, f"Not queued: {type(error).__name__}: {error}")


def _personal_link(request: HttpRequest, participant: Participant) -> str:
    with override(participant.language):
        return request.build_absolute_uri(
            reverse("surveys:home", kwargs={"token": participant.token})
        )


def _see_other(url: str) -> HttpResponseRedirect:
    """Post/redirect/get: a reload of the page that follows never posts the form again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


@never_cache
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
        sent = reverse("surveys:enrol_sent", kwargs={"key": key})
        if form.is_spam:
            return _see_other(sent)
        data = form.cleaned_data
        # The same person sending the form again (a reload, a double tap, a corrected
        # field) gets the link they already have, not a second participant.
        remembered = self_enrolment.remembered(request.session, cohort, data)
        if remembered is not None:
            return _see_other(_personal_link(request, remembered) + "?enrolled=1")
        address = request.META.get("REMOTE_ADDR", "")
        if not throttle.enrolment_allowed(address, cohort.pk):
            form.add_error(
                None,
                gettext(
                    "Too many enrolments were sent from your network or into this workshop in "
                    "the last hour. Please try again later; what you typed is still here."
                ),
            )
            return render(
                request,
                "surveys/enrol.html",
                {"cohort": cohort, "form": form, "notice": notice},
                status=429,
            )
        throttle.count_enrolment(address, cohort.pk)  # a link mailed again counts too
        if data["email"] and (existing := self_enrolment.enrolled_with(cohort, data["email"])):
            # Someone else may be typing this address: the link goes to the mailbox only,
            # and the page says what it says after any enrolment by e-mail.
            _send_link(existing, _personal_link(request, existing))
            return _see_other(sent)
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
        self_enrolment.remember(request.session, cohort, data, participant)
        link = _personal_link(request, participant)
        if participant.email:
            _send_link(participant, link)
        return _see_other(link + "?enrolled=1")
    return render(
        request,
        "surveys/enrol.html",
        {"cohort": cohort, "form": form, "notice": notice},
        status=400 if form.is_bound else 200,
    )


@never_cache
def enrol_sent(request: HttpRequest, key: str) -> HttpResponse:
    cohort = Cohort.objects.filter(enrolment_key=key, self_enrolment=True).first()
    if cohort is None:
        return _link_problem(request, "enrolment_closed.html", 404)
    return render(request, "surveys/enrolled.html", {"cohort": cohort})


def _qr(link: str) -> str:
    return segno.make(link, error="m").svg_inline(scale=4, dark="#1b1b1b", light="#ffffff")


@never_cache
@csrf_exempt  # RFC 8058 one-click: mail programs POST without a form; the signature authorises
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, signed: str) -> HttpResponse:
    """No more reminders for one phase, from the signed link in every invitation. GET asks
    (link scanners open links), POST stops them."""
    found = read_opt_out_signature(signed)
    participant = (
        Participant.objects.select_related("cohort").filter(pk=found[0]).first() if found else None
    )
    if participant is None or found[1] not in Phase.values:
        return _link_problem(request, "link_unknown.html", 404)
    phase = found[1]
    context = {
        "participant": participant,
        "cohort": participant.cohort,
        "phase_label": Phase(phase).label,
        "done": False,
    }
    if request.method == "POST":
        OptOut.objects.get_or_create(participant=participant, phase=phase)
        # Reminders already queued for this phase are not sent either.
        participant.outreach_messages.filter(
            phase=phase, kind=MessageKind.REMINDER, status=MessageStatus.PENDING
        ).delete()
        context["done"] = True
    elif OptOut.objects.filter(participant=participant, phase=phase).exists():
        context["done"] = True
    return render(request, "surveys/opt_out.html", context)
