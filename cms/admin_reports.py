"""Wagtail's own reports and the redirects listing, with the site's export guard.

Their CSV/XLSX exports (page titles, log messages, redirect paths: text any editor types)
bypass cms.exports, so `=HYPERLINK(…)` in a page title would run in the spreadsheet of whoever
exports the site history. The same views, guarded, answer Wagtail's own paths: config/urls.py
places `urlpatterns` here before the admin's, so they resolve first; Wagtail's names, links and
permission checks are unchanged.
"""

from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.contrib.redirects.views import IndexView as RedirectsIndexView

from .exports import SafeSpreadsheetExportMixin

# (path under /admin/, Wagtail's view exporting CSV/XLSX from it)
EXPORTING_VIEWS = [
    ("reports/locked/", LockedPagesView),
    ("reports/workflow/", WorkflowView),
    ("reports/workflow_tasks/", WorkflowTasksView),
    ("reports/site-history/", LogEntriesView),
    ("reports/aging-pages/", AgingPagesView),
    ("reports/page-types-usage/", PageTypesUsageReportView),
    ("redirects/", RedirectsIndexView),
]


def guarded(view_class: type) -> type:
    return type(f"Safe{view_class.__name__}", (SafeSpreadsheetExportMixin, view_class), {})


urlpatterns: list[URLPattern] = [
    path(route, never_cache(require_admin_access(guarded(view_class).as_view())))
    for route, view_class in EXPORTING_VIEWS
]
