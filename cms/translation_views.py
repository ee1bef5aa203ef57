"""Admin views for translation: the status dashboard (opening on what needs attention), the
one-click request of a translation, the "Translate texts" form, strict PO download and upload."""

import django_filters
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from django.views.defaults import permission_denied
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, TranslatableMixin
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object
from wagtail_localize.views.edit_translation import user_can_edit_instance
from wagtail_localize.views.update_translations import UpdateTranslationsView

from .exports import SafeSpreadsheetExportMixin
from .permissions import require_locale_right, translator_languages, user_can_work_in
from .po import MAX_PO_BYTES, POImportError, export_po, import_po, po_filename
from .translation_forms import TranslationTextsForm
from .translation_status import (
    ATTENTION,
    STATE_SYMBOLS,
    STATES,
    count_states,
    source_changes,
    source_items,
    translation_status,
)

ATTENTION_STATE = "attention"
ALL_STATES = "all"
MY_LANGUAGES = "mine"


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
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"),
        choices=[
            (ATTENTION_STATE, gettext_lazy("Needs attention")),
            *STATES.items(),
            (ALL_STATES, gettext_lazy("All states")),
        ],
        empty_label=None,
        initial=ATTENTION_STATE,
    )
    language = django_filters.ChoiceFilter(
        label=gettext_lazy("Language"), choices=(), empty_label=gettext_lazy("All languages")
    )
    kind = django_filters.ChoiceFilter(label=gettext_lazy("Kind"), choices=())

    def __init__(self, *args, kinds=(), languages=(), default_language="", **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["language"].extra["choices"] = languages
        # The defaults are the initial values: selected in the form, and no "active filter"
        # pill whose removal would only bring them back.
        self.filters["language"].extra["initial"] = default_language
        self.filters["kind"].extra["choices"] = kinds


class ActionsColumn(Column):
    cell_template_name = "cms/admin/translation_actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["can_request"] = (
            request is not None
            and instance.state == "not_translated"
            and can_request_translation(request.user, instance.locale)
        )
        if context["can_request"]:
            context["csrf_token"] = get_token(request)  # cells get no context processors
        return context


class StateColumn(Column):
    cell_template_name = "cms/admin/translation_state_cell.html"


class ChangedColumn(Column):
    cell_template_name = "cms/admin/translation_changed_cell.html"


def _sort_date(row) -> float:
    return row.changed.timestamp() if row.changed else float("-inf")


# Sort keys of the sortable columns; ties keep the page tree order.
ORDERINGS = {
    "title": lambda row: row.title.casefold(),
    "kind": lambda row: row.kind.casefold(),
    "language": lambda row: row.language,
    "state": lambda row: list(STATES).index(row.state),
    "changed": _sort_date,
}


class TranslationStatusView(SafeSpreadsheetExportMixin, ReportView):
    """Every translatable page and snippet × every language, for translators and whoever
    coordinates them. Opens on what needs attention in the user's languages, the most
    recently changed sources first; filterable, sortable, exportable as CSV or XLSX."""

    page_title = gettext_lazy("Translation status")
    header_icon = "wagtail-localize-language"
    index_url_name = "cms_translation_status"
    index_results_url_name = "cms_translation_status_results"
    template_name = "cms/admin/translation_status.html"
    results_template_name = "cms/admin/translation_status_results.html"
    filterset_class = TranslationStatusFilterSet
    paginate_by = 100
    default_ordering = "-changed"
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Title"),
            get_url=lambda row: row.translate_url,
            sort_key="title",
        ),
        Column("kind", label=gettext_lazy("Kind"), sort_key="kind"),
        Column("language", label=gettext_lazy("Language"), sort_key="language"),
        StateColumn("state", label=gettext_lazy("State"), sort_key="state"),
        ChangedColumn(
            "changed", label=gettext_lazy("Source changed since translated"), sort_key="changed"
        ),
        Column("progress", label=gettext_lazy("Texts translated")),
        ActionsColumn("actions", label=gettext_lazy("Actions")),
    ]
    list_export = ["title", "kind", "language", "state_label", "progress", "changed", "since"]

    @property
    def export_headings(self) -> dict[str, str]:
        return {
            "title": _("Title"),
            "kind": _("Kind"),
            "language": _("Language"),
            "state_label": _("State"),
            "progress": _("Texts translated"),
            "changed": _("Source changed"),
            "since": _("Out of date since"),
        }

    def get_filename(self) -> str:
        return "translation-status"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("wagtailadmin.access_admin"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def all_locales(self) -> list[Locale]:
        return list(Locale.objects.exclude(pk=Locale.get_default().pk).order_by("pk"))

    @cached_property
    def own_languages(self) -> frozenset[str] | None:
        """A translator's language codes; None for users working in every language."""
        return translator_languages(self.request.user)

    def get_filterset_kwargs(self):
        # Without a value, the state filter means "needs attention" and, for a translator,
        # the language filter means their own languages: the defaults show in the form.
        data = self.request.GET.copy()
        data.setdefault("state", ATTENTION_STATE)
        languages = [(loc.language_code, loc.get_display_name()) for loc in self.all_locales]
        if self.own_languages is not None:
            data.setdefault("language", MY_LANGUAGES)
            languages.insert(0, (MY_LANGUAGES, _("My languages")))
        return {
            "data": data,
            "default_language": MY_LANGUAGES if self.own_languages is not None else "",
            "request": self.request,
            "queryset": Locale.objects.none(),  # rows are computed; the form only validates
            "languages": languages,
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

    @cached_property
    def wanted(self) -> dict:
        """The valid filter values; an invalid one counts as its default (the form says so)."""
        form = self.filters.form
        form.is_valid()
        cleaned = getattr(form, "cleaned_data", {})
        mine = MY_LANGUAGES if self.own_languages is not None else ""
        language = cleaned.get("language")
        if language is None or ("language" not in self.request.GET and not language):
            language = mine  # absent or invalid: the default
        return {
            "state": cleaned.get("state") or ATTENTION_STATE,
            "language": language,
            "kind": cleaned.get("kind") or "",
        }

    @cached_property
    def locales(self) -> list[Locale]:
        """The languages the language filter asks for."""
        language = self.wanted["language"]
        if language == MY_LANGUAGES:
            return [loc for loc in self.all_locales if loc.language_code in self.own_languages]
        return [loc for loc in self.all_locales if not language or loc.language_code == language]

    @cached_property
    def scoped_rows(self) -> list:
        """The rows of the chosen languages and kind, whatever their state."""
        kind = self.wanted["kind"]
        return [
            row
            for row in translation_status(self.locales, items=self.items)
            if not kind or row.item.kind == kind
        ]

    def get_queryset(self):
        return self.order_queryset(self.scoped_rows)

    def filter_queryset(self, rows):
        state = self.wanted["state"]
        if state == ALL_STATES:
            return rows
        states = ATTENTION if state == ATTENTION_STATE else (state,)
        return [row for row in rows if row.state in states]

    def order_queryset(self, rows):
        ordering = self.ordering or self.default_ordering
        key = ORDERINGS[ordering.lstrip("-")]
        return sorted(rows, key=key, reverse=ordering.startswith("-"))

    def state_url(self, state: str) -> str:
        query = self.request.GET.copy()
        for name in ("p", "state", "_w_filter_fragment", "export"):
            query.pop(name, None)
        query["state"] = state
        return f"{self.index_url}?{query.urlencode()}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = count_states(self.scoped_rows)
        selected = self.wanted["state"]
        summary = [
            {
                "state": state,
                "label": label,
                "symbol": STATE_SYMBOLS[state],
                "count": counts[state],
                "url": self.state_url(state),
                "selected": selected == state,
            }
            for state, label in STATES.items()
        ]
        context.update(
            {
                "summary": summary,
                "attention": {
                    "count": sum(counts[state] for state in ATTENTION),
                    "url": self.state_url(ATTENTION_STATE),
                    "selected": selected == ATTENTION_STATE,
                },
                "all_states": {
                    "count": len(self.scoped_rows),
                    "url": self.state_url(ALL_STATES),
                    "selected": selected == ALL_STATES,
                },
                "shown_languages": [loc.get_display_name() for loc in self.locales],
                "shown_state": (
                    _("Need attention")
                    if selected == ATTENTION_STATE
                    else _("All states")
                    if selected == ALL_STATES
                    else STATES[selected]
                ),
                "all_rows_url": f"{self.index_url}?"
                + urlencode({"state": ALL_STATES, "language": ""}),
            }
        )
        return context


def can_request_translation(user, locale: Locale) -> bool:
    """Coordinators (wagtail-localize's right to submit translations) start any language's;
    a translator starts their own language's only, here and not in wagtail-localize's form,
    which would offer every language."""
    if not user_can_work_in(user, locale):
        return False
    languages = translator_languages(user)
    return user.has_perm("wagtail_localize.submit_translation") or bool(
        languages and locale.language_code in languages
    )


def texts_url(translation: Translation) -> str:
    return reverse("cms_translation_texts", args=[translation.pk])


@require_POST
def request_translation(
    request: HttpRequest, app_label: str, model_name: str, pk: int, language_code: str
) -> HttpResponse:
    """One click from the dashboard: submit a page or snippet for translation into one
    language and go on to its texts."""
    locale = get_object_or_404(Locale, language_code=language_code)
    if locale == Locale.get_default():
        raise Http404
    if not can_request_translation(request.user, locale):
        # A real 403 (Wagtail turns PermissionDenied into a redirect to the dashboard).
        return permission_denied(request, PermissionDenied())
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    if not issubclass(model, TranslatableMixin):
        raise Http404
    instance = get_object_or_404(model, pk=pk, locale=Locale.get_default())
    instance = getattr(instance, "specific", instance)
    translate_object(instance, [locale], user=request.user)
    source = TranslationSource.objects.get_for_instance(instance)
    translation = Translation.objects.get(source=source, target_locale=locale)
    messages.success(
        request,
        _("“%(title)s” is ready to translate into %(language)s.")
        % {"title": str(instance), "language": locale.get_display_name()},
    )
    return redirect(texts_url(translation))


@require_locale_right
def translate_texts(request: HttpRequest, translation_id: int) -> HttpResponse:
    """Every text of a translation on one form, saved (and optionally published) at once."""
    translation = _editable_translation(request, translation_id)
    if not translation.enabled:
        raise Http404
    form = TranslationTextsForm(request.POST or None, translation=translation)
    if request.method == "POST":
        valid = form.is_valid()
        saved = form.save(request.user)
        if saved:
            messages.success(
                request,
                ngettext("Saved %(count)d text.", "Saved %(count)d texts.", saved)
                % {"count": saved},
            )
        if not valid:
            messages.error(
                request,
                _("Some texts need correcting; they are marked below and were not saved."),
            )
        else:
            if "publish" in request.POST:
                translation.save_target(user=request.user, publish=True)
                messages.success(
                    request,
                    _("Published in %(language)s.")
                    % {"language": translation.target_locale.get_display_name()},
                )
            elif not saved:
                messages.info(request, _("No text changed."))
            return redirect(texts_url(translation))
    instance = translation.get_target_instance()
    return TemplateResponse(
        request,
        "cms/admin/translation_texts.html",
        {
            "translation": translation,
            "form": form,
            "instance": instance,
            "edit_url": translation.get_target_instance_edit_url(),
            "source_language": translation.source.locale.get_display_name(),
            "target_language": translation.target_locale.get_display_name(),
            "source_code": translation.source.locale.language_code,
            "dashboard_url": reverse("cms_translation_status"),
        },
    )


class SyncTranslationsView(UpdateTranslationsView):
    """wagtail-localize's sync page, showing first what changed in the source since the
    last sync: the texts the translators will find new or changed."""

    template_name = "cms/admin/sync_translations.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "changes": source_changes(self.object)}
