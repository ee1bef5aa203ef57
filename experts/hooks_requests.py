"""Assistance requests in the admin: the coordinators' listing, the entry of a request on an
office's behalf, the correction of its descriptive fields, and the request page (experts
.admin_views) where they match, propose and follow it up. The listing and the roster share the
"Expert network" menu.

A request's state, dates and outcome change only through experts.assistance (which logs each
change): the forms here never edit them."""

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.defaults import permission_denied
from django_countries import countries
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from surveys.choosers import PermissionChooserViewSet

from . import assistance
from .admin_forms import AssistanceRequestForm
from .admin_views import RequestView
from .hooks_roster import ExpertViewSet
from .models import AssistanceRequest, FiledBy
from .roles import VIEW_REQUESTS

REQUEST_URL_NAME = "experts_request"


def request_url(instance: AssistanceRequest) -> str:
    return reverse(REQUEST_URL_NAME, args=[instance.pk])


def countries_with_requests() -> list[tuple[str, str]]:
    # Only the countries that have asked: a list of every country would bury them.
    codes = AssistanceRequest.objects.order_by().values_list("country", flat=True).distinct()
    names = dict(countries)
    return sorted(((code, names.get(code, code)) for code in codes), key=lambda c: c[1])


class AssistanceRequestFilterSet(WagtailFilterSet):
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        choices=countries_with_requests,
        empty_label=_("All"),
        widget=forms.Select,
    )

    class Meta:
        model = AssistanceRequest
        fields = ["state", "urgency", "crisis_kind", "country"]


class ForbiddenMixin:
    """A real 403 for those without the model's rights: Wagtail would redirect them to the
    dashboard, which hides that they may not see requests."""

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        except PermissionDenied as error:
            return permission_denied(request, error)


class FollowUpColumn(Column):
    cell_template_name = "experts/admin/follow_up_cell.html"

    def get_value(self, instance: AssistanceRequest) -> str:
        return request_url(instance)


class AssistanceRequestIndexView(ForbiddenMixin, IndexView):
    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # Each row opens the request page, where the work happens, rather than the edit form.
        return self._get_title_column_class(column_class)(
            "reference",
            label=_("Reference"),
            sort_key="pk",
            get_url=request_url,
            get_title_id=lambda instance: f"snippet_{quote(instance.pk)}_title",
        )


class AssistanceRequestCreateView(ForbiddenMixin, CreateView):
    """A request entered by a coordinator is filed like one from the public form: logged as
    entered by them, acknowledged to the requester, announced to the coordinators."""

    def save_instance(self) -> AssistanceRequest:
        data = self.form.cleaned_data
        instance = assistance.file_request(
            {name: data[name] for name in assistance.REQUEST_FIELDS if name in data},
            language=data["language"],
            filed_by=FiledBy.COORDINATOR,
            user=self.request.user,
        )
        log(instance, "wagtail.create", user=self.request.user)
        return instance

    def get_success_message(self, instance: AssistanceRequest) -> str:
        return _("Request %(reference)s filed; the requester has been sent its reference.") % {
            "reference": instance.reference
        }

    def get_success_url(self) -> str:
        return request_url(self.object)


class AssistanceRequestEditView(ForbiddenMixin, EditView):
    def get_success_url(self) -> str:
        return request_url(self.object)


DESCRIPTION_PANELS = [
    FieldRowPanel([FieldPanel("office"), FieldPanel("country")]),
    FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
    FieldRowPanel([FieldPanel("crisis_kind"), FieldPanel("urgency")]),
    FieldPanel("description"),
    FieldPanel("services_affected"),
    FieldPanel("expertise_needed"),
    FieldPanel("languages"),
    FieldPanel("language"),
]


class AssistanceRequestChooserViewSet(PermissionChooserViewSet):
    """Requests name offices and their contacts: coordinators only."""

    required_permission = VIEW_REQUESTS


class AssistanceRequestViewSet(SnippetViewSet):
    model = AssistanceRequest
    icon = "help"
    menu_label = _("Assistance requests")
    index_view_class = AssistanceRequestIndexView
    add_view_class = AssistanceRequestCreateView
    edit_view_class = AssistanceRequestEditView
    chooser_viewset_class = AssistanceRequestChooserViewSet
    list_display = [
        "reference",
        FollowUpColumn("follow_up", label=_("Follow-up")),
        "office",
        "country",
        "urgency",
        "state",
        "received_at",
    ]
    filterset_class = AssistanceRequestFilterSet
    search_fields = ["office", "contact_name", "contact_email", "description"]
    ordering = ["-received_at", "-pk"]
    list_per_page = 50
    copy_view_enabled = False  # a copy would be a second request nobody filed
    # Entered and corrected: the descriptive fields only.
    create_handler = ObjectList(DESCRIPTION_PANELS, base_form_class=AssistanceRequestForm)
    edit_handler = ObjectList(
        [
            *DESCRIPTION_PANELS,
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("state", read_only=True),
                            FieldPanel("filed_by", read_only=True),
                        ]
                    ),
                    FieldRowPanel(
                        [
                            FieldPanel("received_at", read_only=True),
                            FieldPanel("closed_at", read_only=True),
                        ]
                    ),
                ],
                heading=_("Changed only on the request page"),
            ),
        ],
        base_form_class=AssistanceRequestForm,
    )

    def get_add_view_kwargs(self, **kwargs):
        panel = self.create_handler.bind_to_model(self.model)
        return super().get_add_view_kwargs(panel=panel, form_class=panel.get_form_class(), **kwargs)


class ExpertNetworkViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Expert network")
    menu_icon = "group"
    menu_order = 330
    items = (AssistanceRequestViewSet, ExpertViewSet)


register_snippet(ExpertNetworkViewSetGroup)


@hooks.register("register_admin_urls")
def request_admin_urls():
    return [
        path("experts/requests/<int:pk>/", RequestView.as_view(), name=REQUEST_URL_NAME),
    ]
