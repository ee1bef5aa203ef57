import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_GET
from wagtail.fields import StreamField
from wagtail.models import Locale, Page

from .exports import spreadsheet_safe
from .forms import SearchForm

RESULTS_PER_PAGE = 10


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search over the live pages of the visitor's language."""
    form = SearchForm(request.GET)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        locale = Locale.objects.get_for_language(get_language())
        pages = Page.objects.live().public().filter(locale=locale).specific()
        found = pages.search(form.cleaned_data["q"], operator="and")
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
    writer = csv.writer(response)
    unit = f" ({value['unit']})" if value["unit"] else ""
    writer.writerow([spreadsheet_safe(value["title"])])
    writer.writerow(
        [gettext("Category")] + [spreadsheet_safe(s["name"] + unit) for s in value["series"]]
    )
    for i, category in enumerate(value["categories"]):
        writer.writerow([spreadsheet_safe(category)] + [s["values"][i] for s in value["series"]])
    if value["source"]:
        writer.writerow([gettext("Source:"), spreadsheet_safe(value["source"])])
    return response


def find_chart(page: Page, block_id: str):
    """The chart block with this id in any of the page's StreamFields, or None."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for block in getattr(page, field.name):
                if block.block_type == "chart" and block.id == block_id:
                    return block
    return None
