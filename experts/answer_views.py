"""The expert's personal page for one proposal, reached through the signed link in their
e-mail (no account): what is asked, and Accept / Decline. It renders in the language of the
URL's prefix, which the link was built under (the expert's language).

The page names a request and, once accepted, the office's contact: no browser or shared
cache keeps it, and no search engine indexes it, like the participants' pages."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import assistance
from .forms import AnswerForm
from .links import proposal_from_token, what_is_asked
from .models import Answer, Proposal


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """`Cache-Control: no-store` (never_cache, as on the participants' pages) and noindex."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapper)


def _page(
    request: HttpRequest,
    proposal: Proposal,
    form: AnswerForm | None = None,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    can_answer = proposal.answer == Answer.PENDING and proposal.request.is_open
    if form is None:
        form = AnswerForm()
    form.describe_fields()
    context = {
        "proposal": proposal,
        "asked": what_is_asked(proposal.request),
        "can_answer": can_answer,
        "accepted": proposal.answer == Answer.ACCEPTED,
        "declined": proposal.answer == Answer.DECLINED,
        "withdrawn": proposal.answer == Answer.WITHDRAWN,
        "form": form,
        "error": error,
    }
    return render(request, "experts/answer.html", context, status=status)


@private_page
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the request and the buttons (or the answer already given); POST records the
    answer, then redirects to this same address (POST/redirect/GET)."""
    proposal = proposal_from_token(token)
    if proposal is None:
        return render(request, "experts/answer_invalid.html", status=404)
    if request.method == "GET":
        return _page(request, proposal)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _page(request, proposal, form, status=400)
    try:
        assistance.answer(
            proposal,
            accept=form.cleaned_data["accept"],
            note=form.cleaned_data["note"].strip(),
        )
    except assistance.TransitionError as refused:
        proposal.refresh_from_db()
        proposal.request.refresh_from_db()
        return _page(request, proposal, form, error=str(refused), status=409)
    return redirect(request.path)
