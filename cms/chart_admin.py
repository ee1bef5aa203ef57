"""The chart grid's admin endpoints: parse a paste or a CSV upload, and preview the chart.

One parser (cms/chart_data.py) for the form, the upload and the preview. Wagtail's admin URL
hook already requires a logged-in user with admin access; these views also require a page
permission to add or edit (editors, reviewers), answer POST only and keep Django's CSRF check.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import chart_data
from .blocks import CHART_TYPES, ChartBlock

CHART_TYPE_CODES = {code for code, _label in CHART_TYPES}


def _may_edit_pages(user) -> bool:
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change"])


@require_POST
def chart_preview(request: HttpRequest) -> JsonResponse:
    """The grid's data parsed in the editor's language: its TSV, and the chart's SVG."""
    if not _may_edit_pages(request.user):
        return JsonResponse({"errors": [gettext("You may not edit pages.")]}, status=403)
    text = request.POST.get("data", "")
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size > chart_data.MAX_UPLOAD_BYTES:
            return JsonResponse(
                {"errors": [gettext("The file is too large for a chart (at most 200 kB).")]},
                status=400,
            )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            return JsonResponse(
                {"errors": [gettext("Save the file as CSV in UTF-8 and upload it again.")]},
                status=400,
            )
    try:
        data = chart_data.parse_grid(text)
    except ValidationError as error:
        return JsonResponse({"errors": error.messages}, status=400)
    chart_type = request.POST.get("chart_type", "bar")
    if chart_type not in CHART_TYPE_CODES:
        chart_type = "bar"
    response = {"grid": chart_data.to_grid(data), "errors": [], "html": ""}
    if chart_data.is_empty(data):
        return JsonResponse(response)
    block = ChartBlock()
    value = block.to_python(
        {
            "title": request.POST.get("title", "")[:160] or gettext("Preview"),
            "description": request.POST.get("description", "")[:500] or "-",
            "chart_type": chart_type,
            "data": chart_data.to_json(data),
            "unit": request.POST.get("unit", "")[:20],
            "source": "",
        }
    )
    try:
        block.clean(value)
    except ValidationError as error:
        # Only what the grid and the chart type decide: the title may come later.
        response["errors"] = [
            message
            for name, e in error.block_errors.items()
            if name in ("data", "chart_type")
            for message in e.messages
        ]
    response["html"] = render_to_string(
        "cms/blocks/chart.html", {"value": value, "block_id": "chart-preview", "preview": True}
    )
    return JsonResponse(response)


@hooks.register("register_admin_urls")
def chart_admin_urls():
    return [path("chart-preview/", chart_preview, name="cms_chart_preview")]


@hooks.register("insert_editor_js")
def chart_grid_js():
    return format_html('<script src="{}" defer></script>', static("cms/js/chart-grid.js"))


# Wagtail 8 no longer renders insert_editor_css: the (small) stylesheet goes on every admin page.
@hooks.register("insert_global_admin_css")
def chart_grid_css():
    return format_html('<link rel="stylesheet" href="{}">', static("cms/css/chart-grid.css"))
