from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models.participants import OfficeType, Participant, Sex, StakeholderGroup
from .validators import guard_text_fields


def _with_blank(choices) -> list[tuple[str, str]]:
    return [("", "—")] + list(choices)


class SelfEnrolmentForm(forms.Form):
    """What an attendee gives to enrol through the cohort's public link: little, and each
    field says why it is asked.

    Django 5.2 marks each input in error aria-invalid="true" and points its aria-describedby
    at "<id>_helptext" and "<id>_error": enrol.html gives its help and errors those ids."""

    consent = forms.BooleanField(
        label=_("I have read the notice above and agree to take part."),
        error_messages={"required": _("Please tick the box to agree, or close this page.")},
    )
    country = forms.ChoiceField(label=_("Country of your office"), choices=())
    office_type = forms.ChoiceField(
        label=_("Where you work"), choices=_with_blank(OfficeType.choices)
    )
    stakeholder_group = forms.ChoiceField(
        label=_("Which group describes you best"), choices=_with_blank(StakeholderGroup.choices)
    )
    sex = forms.ChoiceField(
        label=_("Sex"),
        choices=_with_blank(Sex.choices),
        help_text=_("Used only to report results by sex, never to identify you."),
    )
    function = forms.CharField(label=_("Your function (optional)"), max_length=200, required=False)
    language = forms.ChoiceField(label=_("Language of the questionnaires"), choices=())
    name = forms.CharField(label=_("Name (optional)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        # The model's limit: longer addresses pass the form's own e-mail check (up to 320).
        max_length=Participant._meta.get_field("email").max_length,
        error_messages={
            "max_length": _(
                "This e-mail address is too long: at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
        help_text=_("To receive your personal link; only the evaluators see it."),
    )
    # Left empty by people; filled by the bots that fill every field.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this empty"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)
        self.fields["country"].choices = _with_blank(countries)
        self.fields["language"].choices = [(code, name) for code, name in settings.LANGUAGES]
        self.fields["language"].initial = get_language()
        for field in self.fields.values():
            field.widget.attrs.setdefault("autocomplete", "off")
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))
