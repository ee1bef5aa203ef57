"""Admin views for translation: the status dashboard, and strict PO download and upload."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale
from wagtail_localize.models import Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance
from wagtail_localize.views.update_translations import UpdateTranslationsView

from .exports import SafeSpreadsheetExportMixin
from .permissions import require_locale_right, translator_languages
from .po import MAX_PO_BYTES, POImportError, export_po, import_po, po_filename
from .translation_status import STATES, source_changes, source_items, translation_status


def _editable_translation(request: HttpRequest, translation_id: int) -> Translation:
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    try:
        instance = translation.get_target_instance()
    except translation.source.specific_content_type.model_class().DoesNotExist:
        instance = None
    if instance is None or not user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    return translation


@require_locale_right
def download_po(request: HttpRequest, translation_id: int) -> HttpResponse:
    translation = _editable_translation(request, translation_id)
    response = HttpResponse(
        str(export_po(translation)), content_type="text/x-gettext-translation; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{po_filename(translation)}"'
    return response


@require_POST
@require_locale_right
def upload_po(request: HttpRequest, translation_id: int) -> HttpResponse:
    """Import a translated PO file whole, or refuse it with the reason and change nothing."""
    translation = _editable_translation(request, translation_id)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a PO file to upload."))
    elif upload.size > MAX_PO_BYTES:
        messages.error(request, _("The file is larger than 5 MB; this is not a page's PO file."))
    else:
        try:
            count = import_po(translation, upload.read(), user=request.user)
        except POImportError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                ngettext(
                    "Imported %(count)d translated text from the PO file.",
                    "Imported %(count)d translated texts from the PO file.",
                    count,
                )
                % {"count": count},
            )
    next_url = get_valid_next_url_from_request(request)
    return redirect(next_url or translation.get_target_instance_edit_url())


class TranslationStatusFilterSet(django_filters.FilterSet):
    language = django_filters.ChoiceFilter(label=gettext_lazy("Language"), choices=())
    state = django_filters.ChoiceFilter(label=gettext_lazy("State"), choices=list(STATES.items()))
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=())

    def __init__(self, *args, kinds=(), languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["language"].extra["choices"] = languages
        self.filters["kind"].extra["choices"] = kinds


class ActionsColumn(Column):
    cell_template_name = "cms/admin/translation_actions_cell.html"


class StateColumn(Column):
    cell_template_name = "cms/admin/translation_state_cell.html"


class TranslationStatusView(SafeSpreadsheetExportMixin, ReportView):
    """Every translatable page and snippet × every language, for translators and whoever
    coordinates them; filterable, exportable as CSV or XLSX."""

    page_title = gettext_lazy("Translation status")
    header_icon = "wagtail-localize-language"
    index_url_name = "cms_translation_status"
    index_results_url_name = "cms_translation_status_results"
    filterset_class = TranslationStatusFilterSet
    paginate_by = 100
    columns = [
        TitleColumn("title", label=gettext_lazy("Title"), get_url=lambda row: row.translate_url),
        Column("kind", label=gettext_lazy("Kind")),
        Column("language", label=gettext_lazy("Language")),
        StateColumn("state", label=gettext_lazy("State")),
        Column("progress", label=gettext_lazy("Texts translated")),
        ActionsColumn("actions", label=gettext_lazy("Actions")),
    ]
    list_export = ["title", "kind", "language", "state_label", "progress", "since"]

    @property
    def export_headings(self) -> dict[str, str]:
        return {
            "title": _("Title"),
            "kind": _("Kind"),
            "language": _("Language"),
            "state_label": _("State"),
            "progress": _("Texts translated"),
            "since": _("Out of date since"),
        }

    def get_filename(self) -> str:
        return "translation-status"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def locales(self) -> list[Locale]:
        """The target languages this user works in (a translator: their own)."""
        languages = translator_languages(self.request.user)
        others = Locale.objects.exclude(pk=Locale.get_default().pk).order_by("pk")
        return [
            locale for locale in others if languages is None or locale.language_code in languages
        ]

    def get_filterset_kwargs(self):
        return {
            **super().get_filterset_kwargs(),
            "queryset": Locale.objects.none(),  # rows are computed; the form only validates
            "languages": [(loc.language_code, loc.get_display_name()) for loc in self.locales],
            "kinds": self.kind_choices(),
        }

    @cached_property
    def items(self):
        return source_items(Locale.get_default())

    def kind_choices(self) -> list[tuple[str, str]]:
        kinds = {}
        for item in self.items:
            kinds.setdefault(item.kind, item.kind_label)
        return sorted(kinds.items(), key=lambda kind: kind[1])

    def get_queryset(self):
        return translation_status(self.locales, items=self.items)

    def filter_queryset(self, rows):
        if not (self.filters and self.filters.is_valid()):
            return rows
        wanted = self.filters.form.cleaned_data
        return [
            row
            for row in rows
            if (not wanted.get("language") or row.locale.language_code == wanted["language"])
            and (not wanted.get("state") or row.state == wanted["state"])
            and (not wanted.get("kind") or row.item.kind == wanted["kind"])
        ]

    def order_queryset(self, rows):
        return rows


class SyncTranslationsView(UpdateTranslationsView):
    """wagtail-localize's sync page, showing first what changed in the source since the
    last sync: the texts the translators will find new or changed."""

    template_name = "cms/admin/sync_translations.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "changes": source_changes(self.object)}
