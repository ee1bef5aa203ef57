"""What the network's public pages serve: the expert directory with its nomination form, and
the form on which an IP office asks for assistance. Both follow the call for experiences'
spam rules (a honeypot, a few sendings an hour per address)."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from .assistance import file_request
from .forms import AssistanceRequestForm, NominationForm
from .models import FiledBy
from .roster import nominate, public_directory

NOMINATIONS_PER_HOUR = 5
REQUESTS_PER_HOUR = 5
# One count per form, so nominations never use up an office's requests (nor the reverse).
NOMINATION_RATE = "expert-nomination-rate"
REQUEST_RATE = "assistance-request-rate"


def _rate_key(request: HttpRequest, prefix: str = NOMINATION_RATE) -> str:
    # Only a keyed hash of the address is kept, in the cache, for an hour.
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"{prefix}:{digest.hexdigest()[:32]}"


def rate_limited(request: HttpRequest, prefix: str, per_hour: int) -> bool:
    """True once this address sent `per_hour` forms of this kind in the last hour."""
    return cache.get(_rate_key(request, prefix), 0) >= per_hour


def count_sending(request: HttpRequest, prefix: str) -> None:
    key = _rate_key(request, prefix)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)


def expert_directory(request: HttpRequest, page) -> HttpResponse:
    """GET shows the directory and an empty form; POST stores a nomination, then redirects
    (POST/redirect/GET) or shows the form again with the errors next to the fields."""
    status = 200
    page_url = page.get_url(request)
    if request.method == "POST":
        form = NominationForm(request.POST, request.FILES)
        if form.is_spam:
            return redirect(f"{page_url}?sent=1")  # say nothing to the bot
        if rate_limited(request, NOMINATION_RATE, NOMINATIONS_PER_HOUR):
            form.add_error(
                None,
                gettext(
                    "Too many nominations were sent from your network in the last hour. "
                    "Please try again later; what you typed is still here."
                ),
            )
            status = 429
        elif form.is_valid():
            nominate(form.cleaned_data, form.cleaned_data.get("cv"), page.locale.language_code)
            count_sending(request, NOMINATION_RATE)
            return redirect(f"{page_url}?sent=1")
    elif request.method == "GET":
        form = NominationForm()
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    form.describe_fields()
    context = page.get_context(request)
    context.update(
        form=form,
        directory=public_directory(),
        sent=request.method == "GET" and request.GET.get("sent") == "1",
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def assistance_request_form(request: HttpRequest, page) -> HttpResponse:
    """GET shows the form (or, after ?sent=1, the thanks and what happens next); POST files
    the request in the page's language, then redirects, or shows the form again with the
    errors next to the fields and everything typed kept."""
    status = 200
    page_url = page.get_url(request)
    language = page.locale.language_code
    if request.method == "POST":
        form = AssistanceRequestForm(request.POST, language=language)
        if form.is_spam:
            return redirect(f"{page_url}?sent=1")  # say nothing to the bot
        if rate_limited(request, REQUEST_RATE, REQUESTS_PER_HOUR):
            form.add_error(
                None,
                gettext(
                    "Too many requests were sent from your network in the last hour. "
                    "Please try again later; what you typed is still here."
                ),
            )
            status = 429
        elif form.is_valid():
            file_request(form.cleaned_data, language=language, filed_by=FiledBy.OFFICE)
            count_sending(request, REQUEST_RATE)
            return redirect(f"{page_url}?sent=1")
    elif request.method == "GET":
        form = AssistanceRequestForm(language=language)
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    form.describe_fields()
    context = page.get_context(request)
    context.update(form=form, sent=request.method == "GET" and request.GET.get("sent") == "1")
    return TemplateResponse(request, page.get_template(request), context, status=status)
