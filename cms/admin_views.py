"""Admin views for the call for experiences: private attachments, and turning an accepted
experience into a draft case study."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, gettext_lazy, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.models import GroupCollectionPermission, Locale

from .exports import SafeSpreadsheetExportMixin
from .models import CaseStudyPage, ExperienceSubmission, ResourceLibraryPage, StakeholderGroup


def _submission_for(request: HttpRequest, pk: int, action: str) -> ExperienceSubmission:
    if not request.user.has_perm(f"cms.{action}_experiencesubmission"):
        raise PermissionDenied
    return get_object_or_404(ExperienceSubmission, pk=pk)


def download_attachment(request: HttpRequest, pk: int) -> FileResponse:
    submission = _submission_for(request, pk, "view")
    if not submission.attachment:
        raise Http404
    return FileResponse(
        submission.attachment.open("rb"), as_attachment=True, filename=submission.attachment_name
    )


def case_study_from(submission: ExperienceSubmission, library: ResourceLibraryPage, user):
    """A draft case study holding the submission's account, under `library`."""
    with override(submission.language):
        sections = [
            (_("Impact on services"), submission.impact),
            (_("What the office did"), submission.response),
            (_("Lessons learned"), submission.lessons),
        ]
    body = []
    for heading, text in sections:
        body.append(("heading", {"text": heading, "level": "h2"}))
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.splitlines() if p.strip())
        body.append(("paragraph", paragraphs))
    page = CaseStudyPage(
        title=f"{submission.office}: {submission.crisis}"[:255],
        summary=submission.impact[:300],
        country=submission.country,
        crisis=submission.crisis,
        crisis_phase="response",
        body=body,
        live=False,
    )
    staff = StakeholderGroup.objects.filter(
        slug="ip-office-staff", locale=Locale.get_default()
    ).first()
    if staff:
        page.stakeholder_groups = [staff]
    library.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    return page


@require_http_methods(["GET", "POST"])
def make_case_study(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission_for(request, pk, "change")
    if submission.case_study_id:
        messages.info(request, _("This experience already has a case study."))
        return redirect("wagtailadmin_pages:edit", submission.case_study_id)
    library = (
        ResourceLibraryPage.objects.filter(locale__language_code=submission.language).first()
        or ResourceLibraryPage.objects.filter(locale=Locale.get_default()).first()
    )
    if library is None:
        messages.error(request, _("Create a resource library page first."))
        return redirect(reverse("wagtailsnippets_cms_experiencesubmission:list"))
    if not library.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    if request.method == "POST":
        page = case_study_from(submission, library, request.user)
        submission.case_study = page
        submission.status = ExperienceSubmission.Status.ACCEPTED
        submission.save(update_fields=["case_study", "status"])
        messages.success(request, _("Draft case study created: review it, then submit it."))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "cms/admin/make_case_study.html",
        {"submission": submission, "library": library},
    )


def can_manage_documents(user) -> bool:
    """Document rights are granted per collection, so has_perm does not see them. Wagtail's
    policy counts "add" as "change" (uploaders change their own files); managing the site's
    documents means the change right itself, which translators, who only upload, lack."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return GroupCollectionPermission.objects.filter(
        group__user=user,
        permission__content_type__app_label=get_document_model()._meta.app_label,
        permission__codename="change_document",
    ).exists()


class DownloadsReportView(SafeSpreadsheetExportMixin, ReportView):
    """Downloads of each document per language, for editors; exportable as CSV or XLSX."""

    page_title = gettext_lazy("Document downloads")
    header_icon = "download"
    index_url_name = "cms_downloads_report"
    index_results_url_name = "cms_downloads_report_results"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_documents(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def language_fields(self) -> list[tuple[str, str]]:
        return [(f"downloads_{code.replace('-', '_')}", code) for code, _name in settings.LANGUAGES]

    def get_queryset(self):
        per_language = {
            field: Sum("download_counts__count", filter=Q(download_counts__language=code))
            for field, code in self.language_fields
        }
        return (
            get_document_model()
            .objects.annotate(total_downloads=Sum("download_counts__count"), **per_language)
            .filter(total_downloads__gt=0)
            .order_by("-total_downloads", "title")
        )

    @property
    def columns(self):
        return [
            Column("title", label=gettext_lazy("Document")),
            *[
                Column(field, label=name)
                for (field, _code), (_c, name) in zip(
                    self.language_fields, settings.LANGUAGES, strict=True
                )
            ],
            Column("total_downloads", label=gettext_lazy("All languages")),
        ]

    @property
    def list_export(self):
        return ["title", *(field for field, _code in self.language_fields), "total_downloads"]

    @property
    def export_headings(self):
        return {
            "title": gettext("Document"),
            "total_downloads": gettext("All languages"),
            **{field: code for field, code in self.language_fields},
        }

    def get_filename(self) -> str:
        return "document-downloads"
