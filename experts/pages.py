"""What the expert directory page serves: the public directory, and the nomination form with
the call for experiences' spam rules (honeypot, five nominations an hour per address)."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from .forms import NominationForm
from .roster import nominate, public_directory

NOMINATIONS_PER_HOUR = 5


def _rate_key(request: HttpRequest) -> str:
    # Only a keyed hash of the address is kept, in the cache, for an hour.
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"expert-nomination-rate:{digest.hexdigest()[:32]}"


def _count_nomination(request: HttpRequest) -> None:
    key = _rate_key(request)
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
        if cache.get(_rate_key(request), 0) >= NOMINATIONS_PER_HOUR:
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
            _count_nomination(request)
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
