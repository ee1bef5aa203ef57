"""The expert roster in the admin: the coordinators' list of experts (filters, search,
availability), the CV download, and the network's part of `python manage.py load_demo`.

Experts' e-mails, CVs and vetting notes are personal data: every view here goes through the
model permissions, which only the Coordinators group (and superusers) should hold."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.views.snippets import SnippetViewSet

from surveys.choosers import PermissionChooserViewSet
from surveys.localize_api import guarded_urls

from .forms import CV_EXTENSIONS, MAX_CV_BYTES
from .models import Expert, ExpertiseArea
from .roles import VIEW_EXPERTS
from .roster import private_cv_name


class PrivateFileInput(forms.ClearableFileInput):
    """Links the current CV to the coordinators' download view: private storage has no URL."""

    def __init__(self, download_url: str = "", attrs=None) -> None:
        super().__init__(attrs)
        self.download_url = download_url

    def format_value(self, value):
        if value and self.download_url:
            return _CurrentFile(Path(value.name).name, self.download_url)
        return None


class _CurrentFile:
    def __init__(self, name: str, url: str) -> None:
        self.name, self.url = name, url

    def __str__(self) -> str:
        return self.name


class ExpertForm(WagtailAdminModelForm):
    # The JSON lists are edited as ticks, so only known codes are ever stored.
    expertise = forms.MultipleChoiceField(
        label=_("Areas of expertise"),
        choices=ExpertiseArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = settings.LANGUAGES
        if "cv" in self.fields:
            url = reverse("experts_expert_cv", args=[self.instance.pk]) if self.instance.pk else ""
            self.fields["cv"].widget = PrivateFileInput(download_url=url)
            self.fields["cv"].validators.append(FileExtensionValidator(CV_EXTENSIONS))

    def clean_cv(self):
        cv = self.cleaned_data.get("cv")
        if isinstance(cv, UploadedFile):  # a new upload, not the current file
            if cv.size > MAX_CV_BYTES:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            cv.name = private_cv_name(cv.name)
        return cv


class ExpertChooserViewSet(PermissionChooserViewSet):
    """All experts, public or not: coordinators only. Expert is not translatable and no page
    chooses one, so nobody else needs even the public ones here (the public directory is
    experts.roster.public_directory)."""

    required_permission = VIEW_EXPERTS


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "group"
    chooser_viewset_class = ExpertChooserViewSet
    menu_label = _("Expert roster")  # in the "Expert network" menu (hooks_requests.py)
    list_display = [
        "name",
        "country",
        "status",
        BooleanColumn("public_consent", label=_("Listed publicly")),
        BooleanColumn("assistance_consent", label=_("Can be asked for help")),
        "availability",
        "nominated_by",
        "created_at",
    ]
    list_filter = ["status", "availability", "assistance_consent", "country", "nominated_by"]
    search_fields = ["name", "email", "organisation", "biography"]
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False  # a copy would duplicate a person's data
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("email")]),
            FieldRowPanel([FieldPanel("organisation"), FieldPanel("country")]),
            FieldPanel("expertise"),
            FieldPanel("languages"),
            FieldPanel("biography"),
            FieldPanel("cv"),
            FieldRowPanel([FieldPanel("public_consent"), FieldPanel("assistance_consent")]),
            FieldRowPanel([FieldPanel("availability"), FieldPanel("unavailable_until")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("status"), FieldPanel("vetted_on")]),
                    FieldPanel("vetting_notes"),
                ],
                heading=_("Vetting"),
            ),
            FieldRowPanel(
                [
                    FieldPanel("nominated_by", read_only=True),
                    FieldPanel("nomination_language", read_only=True),
                ]
            ),
        ],
        base_form_class=ExpertForm,
    )


@require_GET
def download_cv(request: HttpRequest, pk: int) -> FileResponse:
    """The CV, as an attachment, for those who may see experts' personal data."""
    if not request.user.has_perm(VIEW_EXPERTS):
        raise PermissionDenied
    expert = get_object_or_404(Expert, pk=pk)
    if not expert.cv:
        raise Http404
    suffix = Path(expert.cv.name).suffix.lower()
    filename = f"cv-{slugify(expert.name) or expert.pk}{suffix}"
    return FileResponse(expert.cv.open("rb"), as_attachment=True, filename=filename)


@hooks.register("register_admin_urls")
def expert_admin_urls():
    return [path("experts/<int:pk>/cv/", download_cv, name="experts_expert_cv")]


@hooks.register("register_snippet_listing_buttons")
def expert_listing_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Expert) and snippet.cv and user.has_perm(VIEW_EXPERTS):
        return [
            Button(
                _("Download the CV"),
                reverse("experts_expert_cv", args=[snippet.pk]),
                icon_name="download",
                priority=20,
            )
        ]
    return []


@hooks.register("load_demo_content")
def load_expert_demo_content(user=None, stdout=None) -> dict:
    from .demo import load_expert_demo

    result = load_expert_demo(user=user)
    if stdout is not None:
        done = []
        if result["experts_created"]:
            done.append(f"added {result['experts_created']} demo expert(s)")
        if result["page_created"]:
            done.append("created the directory page")
        if result["translated"]:
            done.append(f"translated it into {', '.join(result['translated'])}")
        if result.get("request_page_created"):
            done.append("created the assistance request page")
        if result.get("request_page_translated"):
            done.append(f"translated it into {', '.join(result['request_page_translated'])}")
        if result.get("requests_created"):
            done.append(f"added {result['requests_created']} demo assistance request(s)")
        if done:
            stdout.write(f"Expert network: {'; '.join(done)}.")
        else:
            stdout.write("Expert network demo already present; nothing to add.")
    return result


@hooks.register("register_admin_urls", order=-1)
def experts_localize_api_urls():
    """Before wagtail-localize's own: its snippets API would list every expert to anyone."""
    return guarded_urls("experts")
