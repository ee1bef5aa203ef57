"""The coordinators' forms for assistance requests: the request's descriptive fields (admin
entry and corrections) and the close and decline actions of the request page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import ExpertiseArea, ServiceArea

# The longest note a coordinator may write when closing or declining a request.
MAX_NOTE = 4000


class AssistanceRequestForm(WagtailAdminModelForm):
    # The JSON lists are edited as ticks, so only known codes are ever stored.
    services_affected = forms.MultipleChoiceField(
        label=_("Services affected"),
        choices=ServiceArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expertise_needed = forms.MultipleChoiceField(
        label=_("Expertise needed"),
        choices=ExpertiseArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one area of expertise.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The languages the office can work in with an expert."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = settings.LANGUAGES


class CloseForm(forms.Form):
    help_given = forms.ChoiceField(
        label=_("Was help given?"),
        choices=[("yes", _("Help was given")), ("no", _("No help was given"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Say whether help was given."),
            "invalid_choice": _("Say whether help was given."),
        },
    )
    outcome = forms.CharField(
        label=_("Outcome note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_NOTE,
        error_messages={"required": _("Write what came of the request before closing it.")},
        help_text=_("What came of the request; the requester receives it."),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "close-%s")
        super().__init__(*args, **kwargs)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the requester)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_NOTE,
        error_messages={"required": _("Give the reason for declining: the requester receives it.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "decline-%s")
        super().__init__(*args, **kwargs)
