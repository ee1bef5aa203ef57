"""The evaluators' admin: instruments, cohorts and participants under one "Surveys" menu,
their actions (attendee import, personal links, revoke and reissue), and the response rates
report.

Participants' names and e-mails are personal data: every view here goes through the model
permissions, which only the Evaluators group (and superusers) holds (surveys.roles)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, LocaleColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views, demo_hooks, localize_api, outreach_views, paper_views
from .choosers import ParticipantChooserViewSet
from .enrolment import new_participant_code
from .erasure_hooks import erase_button  # noqa: F401 (registers the erasure hooks)
from .models import Cohort, Instrument, InvitationMessage, Participant
from .storage import sync_storage

__all__ = ["demo_hooks"]  # imported for its hook: the surveys demo in load_demo


class InstrumentViewSet(SnippetViewSet):
    """Translatable: wagtail-localize adds its Translate and Sync buttons to these rows."""

    model = Instrument
    icon = "form"
    list_display = ["title", "code", "kind", LocaleColumn()]
    list_filter = ["kind"]
    search_fields = ["title", "code"]
    ordering = ["code"]


class InvitationMessageViewSet(SnippetViewSet):
    """Translatable like the instruments: the translation dashboard lists them."""

    model = InvitationMessage
    icon = "mail"
    list_display = ["phase", "subject", LocaleColumn()]
    list_filter = ["phase"]
    ordering = ["phase"]


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "calendar"
    list_display = [
        "name",
        "starts_on",
        "ends_on",
        "place",
        BooleanColumn("online", label=_("Online")),
        BooleanColumn("self_enrolment", label=_("Self-enrolment open")),
    ]
    list_filter = ["online", "self_enrolment", "attendance_recorded"]
    search_fields = ["name", "place"]


class ParticipantForm(WagtailAdminModelForm):
    """The code is made here, not typed: pseudonymous, unique, and never changed later
    (answers and exports are keyed by it)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields.get("code")
        if code is not None:
            code.required = False
            code.help_text = _("Left empty, a new pseudonymous code is made.")
            if self.instance.pk:
                code.disabled = True

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("code") and cleaned.get("cohort") and not self.instance.pk:
            cleaned["code"] = new_participant_code(cleaned["cohort"])
            self.instance.code = cleaned["code"]
        return cleaned


class ParticipantViewSet(SnippetViewSet):
    model = Participant
    icon = "user"
    chooser_viewset_class = ParticipantChooserViewSet  # evaluators only, like the listing
    list_display = [
        "code",
        "cohort",
        "country",
        "language",
        "enrolled_via",
        BooleanColumn("link_active", label=_("Link active")),
        # The personal-link e-mail after self-enrolment: sent when, or why not (surveys.tasks).
        Column("link_mail_outcome", label=_("Link e-mail")),
    ]
    list_filter = ["cohort", "language", "enrolled_via"]
    search_fields = ["code", "name", "email"]
    list_per_page = 50
    copy_view_enabled = False  # a copy would duplicate a person's data under a new code
    edit_handler = ObjectList(
        [
            FieldPanel("cohort"),
            FieldPanel("code"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("email")]),
            FieldRowPanel([FieldPanel("country"), FieldPanel("language")]),
            FieldRowPanel([FieldPanel("sex"), FieldPanel("office_type")]),
            FieldRowPanel([FieldPanel("stakeholder_group"), FieldPanel("function")]),
            FieldPanel("consented_at"),
            # Changed through the listing's revoke and reissue buttons only.
            FieldPanel("enrolled_via", read_only=True),
            FieldPanel("revoked_at", read_only=True),
        ],
        base_form_class=ParticipantForm,
    )


class SurveysViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Surveys")
    menu_icon = "tasks"
    menu_order = 320
    items = (InstrumentViewSet, InvitationMessageViewSet, CohortViewSet, ParticipantViewSet)


register_snippet(SurveysViewSetGroup)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def sync_instrument_storage(request, instance):
    """The library's Survey, Category and Question rows follow each saved instrument."""
    if isinstance(instance, Instrument):
        sync_storage(instance)


@hooks.register("register_admin_urls", order=-1)
def surveys_localize_api_urls():
    """Before wagtail-localize's own: its snippets API would list participants to anyone."""
    return localize_api.guarded_urls("surveys")


@hooks.register("register_admin_urls")
def surveys_admin_urls():
    return [
        path(
            "surveys/cohorts/<int:pk>/import/",
            admin_views.import_attendees,
            name="surveys_import_attendees",
        ),
        path(
            "surveys/cohorts/<int:pk>/links.csv",
            admin_views.invitation_list,
            name="surveys_invitation_list",
        ),
        path("surveys/cohorts/<int:pk>/qr-codes/", admin_views.qr_sheet, name="surveys_qr_sheet"),
        path(
            "surveys/participants/<int:pk>/revoke/",
            admin_views.link_action,
            {"action": "revoke"},
            name="surveys_revoke_link",
        ),
        path(
            "surveys/participants/<int:pk>/reissue/",
            admin_views.link_action,
            {"action": "reissue"},
            name="surveys_reissue_link",
        ),
        path(
            "surveys/phases/<int:pk>/paper/",
            paper_views.paper_answers,
            name="surveys_paper_answers",
        ),
        path(
            "surveys/cohorts/<int:pk>/enrolment/",
            paper_views.enrolment_poster,
            name="surveys_enrolment_poster",
        ),
        path(
            "surveys/phases/<int:pk>/invitations/",
            outreach_views.phase_invitations,
            name="surveys_phase_invitations",
        ),
        path(
            "surveys/phases/<int:pk>/reopen/",
            admin_views.reopen_phase,
            name="surveys_reopen_phase",
        ),
        path(
            "reports/response-rates/",
            admin_views.ResponseRatesView.as_view(),
            name="surveys_response_rates",
        ),
        path(
            "reports/response-rates/results/",
            admin_views.ResponseRatesView.as_view(results_only=True),
            name="surveys_response_rates_results",
        ),
    ]


class ResponseRatesMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(admin_views.RATES_PERMISSION)


@hooks.register("register_reports_menu_item")
def response_rates_menu_item():
    return ResponseRatesMenuItem(
        _("Response rates"),
        reverse("surveys_response_rates"),
        name="response-rates",
        icon_name="tasks",
        order=950,
    )


@hooks.register("register_snippet_listing_buttons")
def surveys_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Cohort):
        return _cohort_buttons(snippet, user)
    if isinstance(snippet, Participant) and user.has_perm(admin_views.LINKS_PERMISSION):
        if snippet.link_active:
            revoke = Button(
                _("Revoke the personal link"),
                reverse("surveys_revoke_link", args=[snippet.pk]),
                icon_name="cross",
                priority=40,
            )
            return [revoke, _reissue_button(snippet)]
        return [_reissue_button(snippet)]
    return []


def _reissue_button(participant: Participant) -> Button:
    return Button(
        _("Issue a new personal link"),
        reverse("surveys_reissue_link", args=[participant.pk]),
        icon_name="link",
        priority=41,
    )


def _cohort_buttons(cohort: Cohort, user) -> list[Button]:
    buttons = []
    if user.has_perm("surveys.view_participant"):
        buttons.append(
            Button(
                _("Participants"),
                reverse("wagtailsnippets_surveys_participant:list") + f"?cohort={cohort.pk}",
                icon_name="user",
                priority=40,
            )
        )
    if user.has_perm(admin_views.IMPORT_PERMISSION):
        buttons.append(
            Button(
                _("Import attendees"),
                reverse("surveys_import_attendees", args=[cohort.pk]),
                icon_name="upload",
                priority=41,
            )
        )
        buttons.append(
            Button(
                _("Self-enrolment link and QR code"),
                reverse("surveys_enrolment_poster", args=[cohort.pk]),
                icon_name="link",
                priority=44,
            )
        )
        buttons += [
            Button(
                _("Paper answers: %(phase)s") % {"phase": phase.get_phase_display()},
                reverse("surveys_paper_answers", args=[phase.pk]),
                icon_name="doc-full",
                priority=45 + number,
            )
            for number, phase in enumerate(cohort.phases.all())
        ]
    if user.has_perm(admin_views.RATES_PERMISSION):
        buttons += [
            Button(
                _("Invitations and reminders: %(phase)s") % {"phase": phase.get_phase_display()},
                reverse("surveys_phase_invitations", args=[phase.pk]),
                icon_name="mail",
                priority=50 + number,
            )
            for number, phase in enumerate(cohort.phases.all())
        ]
    if user.has_perm(admin_views.LINKS_PERMISSION):
        buttons += [
            Button(
                _("Download the personal links (CSV)"),
                reverse("surveys_invitation_list", args=[cohort.pk]),
                icon_name="download",
                priority=42,
            ),
            Button(
                _("Print the QR codes"),
                reverse("surveys_qr_sheet", args=[cohort.pk]),
                icon_name="doc-full",
                priority=43,
            ),
        ]
    return buttons
