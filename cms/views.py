import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from .exports import SafeCsvWriter
from .forms import ExperienceForm, SearchForm

RESULTS_PER_PAGE = 10


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over the live pages of the visitor's language."""
    form = SearchForm(request.GET)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        locale = Locale.objects.get_for_language(get_language())
        pages = form.filter(Page.objects.live().public().filter(locale=locale)).specific()
        found = pages.search(form.terms, operator="and") if form.terms else pages.none()
        results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"form": form, "results": results})


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
def chart_csv(request: HttpRequest, page_id: int, block_id: str) -> HttpResponse:
    """The data behind one chart block of a live, public page, as CSV."""
    page = get_object_or_404(Page.objects.live().public(), pk=page_id).specific
    block = find_chart(page, block_id)
    if block is None:
        raise Http404("No such chart on this page.")
    value = block.value
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(value['title'], allow_unicode=False) or 'chart'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # lets spreadsheet software detect UTF-8 (Arabic, Chinese…)
    writer = SafeCsvWriter(response)  # every cell through the export guard
    unit = f" ({value['unit']})" if value["unit"] else ""
    writer.writerow([value["title"]])
    series = value["data"]["series"]
    writer.writerow([gettext("Category")] + [s["name"] + unit for s in series])
    for i, category in enumerate(value["data"]["categories"]):
        writer.writerow([category] + [s["values"][i] for s in series])
    if value["source"]:
        writer.writerow([gettext("Source:"), value["source"]])
    return response


def find_chart(page: Page, block_id: str):
    """The chart block with this id in any of the page's StreamFields, or None."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for block in getattr(page, field.name):
                if block.block_type == "chart" and block.id == block_id:
                    return block
    return None


EXPERIENCES_PER_HOUR = 5


def _rate_key(request: HttpRequest) -> str:
    # Only a keyed hash of the address is kept, in the cache, for an hour.
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256)
    return f"experience-rate:{digest.hexdigest()[:32]}"


def call_for_experiences(request: HttpRequest, page) -> HttpResponse:
    """The form of a call-for-experiences page: store, then redirect (POST/redirect/GET)."""
    status = 200
    if request.method == "POST":
        form = ExperienceForm(request.POST, request.FILES)
        if form.is_spam:
            return redirect(f"{page.url}?sent=1")  # say nothing to the bot
        if cache.get(_rate_key(request), 0) >= EXPERIENCES_PER_HOUR:
            form.add_error(
                None,
                gettext(
                    "Too many experiences were sent from your network in the last hour. "
                    "Please try again later; what you typed is still here."
                ),
            )
            status = 429
        elif form.is_valid():
            submission = form.save(commit=False)
            submission.language = page.locale.language_code
            submission.save()
            try:
                cache.incr(_rate_key(request))
            except ValueError:
                cache.set(_rate_key(request), 1, timeout=3600)
            return redirect(f"{page.url}?sent=1")
    elif request.method == "GET":
        form = ExperienceForm()
    else:
        return HttpResponseNotAllowed(["GET", "POST"])
    context = page.get_context(request)
    context.update(form=form, sent=request.method == "GET" and request.GET.get("sent") == "1")
    return TemplateResponse(request, page.get_template(request), context, status=status)
