from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_localize.views import edit_translation

from . import (
    admin_panels,  # noqa: F401  (the "Create" panel on the admin home)
    admin_views,
    chart_admin,  # noqa: F401  (the chart grid's endpoint and editor script)
    editor_hooks,
    evaluation_feed,
    localize_api,
    translation_views,
)
from .action_menu import primary_action_first
from .choosers import ExperienceChooserViewSet
from .models import ExperienceSubmission, SiteFooter, StakeholderGroup, Topic, record_download
from .permissions import LocalePermissionPolicy, require_locale_right, user_can_work_in

__all__ = ["editor_hooks"]  # imported for its hooks: right to left in the translation editor

# Translators edit their own language's rows only (Wagtail's snippet rights are per model).
for _model in (StakeholderGroup, Topic, SiteFooter):
    register_permission_policy(_model, LocalePermissionPolicy(_model), exact_class=True)


class TaxonomyTermViewSet(SnippetViewSet):
    """Listing shared by the terms built on TaxonomyTerm (name, slug, order)."""

    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class StakeholderGroupViewSet(TaxonomyTermViewSet):
    model = StakeholderGroup
    icon = "group"


class TopicViewSet(TaxonomyTermViewSet):
    model = Topic
    icon = "tag"


class SiteFooterViewSet(SnippetViewSet):
    model = SiteFooter
    icon = "list-ul"
    list_display = ["__str__", "contact_email"]


class AudienceViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Audiences and topics")
    menu_icon = "group"
    menu_order = 300
    items = (StakeholderGroupViewSet, TopicViewSet, SiteFooterViewSet)


register_snippet(AudienceViewSetGroup)


class ExperienceSubmissionViewSet(SnippetViewSet):
    model = ExperienceSubmission
    icon = "mail"
    chooser_viewset_class = ExperienceChooserViewSet  # communications editors only
    menu_label = _("Shared experiences")
    menu_order = 310
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["office", "country", "crisis", "language", "status", "submitted_at"]
    list_filter = ["status", "language"]
    search_fields = ["office", "country", "crisis"]
    ordering = ["-submitted_at"]


register_snippet(ExperienceSubmissionViewSet)


@hooks.register("register_admin_urls")
def experience_admin_urls():
    return [
        path(
            "experiences/<int:pk>/attachment/",
            admin_views.download_attachment,
            name="cms_experience_attachment",
        ),
        path(
            "experiences/<int:pk>/case-study/",
            admin_views.make_case_study,
            name="cms_experience_case_study",
        ),
        path(
            "reports/document-downloads/",
            admin_views.DownloadsReportView.as_view(),
            name="cms_downloads_report",
        ),
        path(
            "reports/document-downloads/results/",
            admin_views.DownloadsReportView.as_view(results_only=True),
            name="cms_downloads_report_results",
        ),
    ]


# wagtail-localize's translation endpoints check page rights, or only model rights for
# snippets. These paths come first in the admin URLconf (order=-1) and answer for them: the
# PO files through cms.po (complete headers, strict all-or-nothing import), the rest through
# wagtail-localize's own views behind a per-language check.
_TRANSLATION_ENDPOINTS = [
    ("strings/<int:string_segment_id>/edit/", edit_translation.edit_string_translation),
    ("overrides/<int:overridable_segment_id>/edit/", edit_translation.edit_override),
    ("machine_translate/", edit_translation.machine_translate),
    ("preview/", edit_translation.preview_translation),
    ("preview/<str:mode>/", edit_translation.preview_translation),
    ("disable/", edit_translation.stop_translation),
]


@hooks.register("register_admin_urls", order=-1)
def translation_admin_urls():
    base = "localize/translate/<int:translation_id>/"
    return [
        path(base + "pofile/download/", translation_views.download_po, name="cms_po_download"),
        path(base + "pofile/upload/", translation_views.upload_po, name="cms_po_upload"),
        *[path(base + route, require_locale_right(view)) for route, view in _TRANSLATION_ENDPOINTS],
        path(
            "localize/update/<int:translation_source_id>/",
            translation_views.SyncTranslationsView.as_view(),
            name="cms_sync_translations",
        ),
        path(
            "reports/translation-status/",
            translation_views.TranslationStatusView.as_view(),
            name="cms_translation_status",
        ),
        path(
            "reports/translation-status/results/",
            translation_views.TranslationStatusView.as_view(results_only=True),
            name="cms_translation_status_results",
        ),
    ]


@hooks.register("register_admin_urls")
def translation_journey_urls():
    """One-click translation requests and the "Translate texts" form (cms.translation_views)."""
    return [
        path(
            "localize/request/<slug:app_label>/<slug:model_name>/<int:pk>/<str:language_code>/",
            translation_views.request_translation,
            name="cms_translation_request",
        ),
        path(
            "localize/translate/<int:translation_id>/texts/",
            translation_views.translate_texts,
            name="cms_translation_texts",
        ),
    ]


@hooks.register("register_admin_urls", order=-1)
def localize_snippets_api_urls():
    """wagtail-localize's snippets API (same paths, resolved first) behind a model right."""
    base = "localize/api/snippets/<slug:app_label>/<slug:model_name>/"
    return [
        path(base, localize_api.snippet_listing, name="cms_localize_snippets_api"),
        path(base + "<str:pk>/", localize_api.snippet_detail, name="cms_localize_snippet_api"),
    ]


@hooks.register("before_edit_snippet", order=-1)
def refuse_other_languages(request, instance):
    """Before wagtail-localize's editor renders: a translator edits only their language."""
    if hasattr(instance, "locale_id") and not user_can_work_in(request.user, instance.locale):
        raise PermissionDenied


# OP-6: the evaluation plugin reads the site's live resources through this hook (it imports
# nothing from cms).
hooks.register("evaluation_site_resources", evaluation_feed.site_resources)
# Approve for reviewers, Submit for editors who cannot publish: the footer's primary button.
hooks.register("construct_page_action_menu", primary_action_first)


@hooks.register("register_reports_menu_item")
def translation_status_menu_item():
    return MenuItem(
        _("Translation status"),
        reverse("cms_translation_status"),
        name="translation-status",
        icon_name="wagtail-localize-language",
        order=850,
    )


class DownloadsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_manage_documents(request.user)


@hooks.register("register_reports_menu_item")
def downloads_report_menu_item():
    return DownloadsMenuItem(
        _("Document downloads"),
        reverse("cms_downloads_report"),
        name="document-downloads",
        icon_name="download",
        order=900,
    )


@hooks.register("before_serve_document")
def count_download(document, request):
    record_download(document, request.GET.get("lang", ""))


@hooks.register("register_snippet_listing_buttons")
def experience_buttons(snippet, user, next_url=None):
    if not isinstance(snippet, ExperienceSubmission):
        return []
    buttons = []
    if snippet.attachment and user.has_perm("cms.view_experiencesubmission"):
        buttons.append(
            Button(
                _("Download the attachment"),
                reverse("cms_experience_attachment", args=[snippet.pk]),
                icon_name="download",
                priority=20,
            )
        )
    if user.has_perm("cms.change_experiencesubmission"):
        label = _("Open the case study") if snippet.case_study_id else _("Make a draft case study")
        buttons.append(
            Button(
                label,
                reverse("cms_experience_case_study", args=[snippet.pk]),
                icon_name="doc-full",
                priority=30,
            )
        )
    return buttons


@hooks.register("before_serve_page")
def mark_cacheable(page, request, serve_args, serve_kwargs):
    # Pages holding a form with a CSRF token (the call for experiences) opt out.
    request.cacheable_page = getattr(page.specific_class, "cache_page", True)
