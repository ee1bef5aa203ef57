"""The public nomination form of the expert roster, with the call for experiences' rules:
a honeypot instead of a third-party captcha, length limits, and a checked CV file."""

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from surveys.validators import guard_text_fields

from .models import ExpertiseArea, NominatedBy
from .uploads import check_content

CV_EXTENSIONS = ["pdf", "doc", "docx", "odt"]
MAX_CV_BYTES = 5 * 1024 * 1024
BIOGRAPHY_LIMIT = 2000


class NominationForm(forms.Form):
    nominated_by = forms.ChoiceField(
        label=_("Who is making this nomination?"),
        choices=[
            (NominatedBy.SELF.value, _("I am nominating myself")),
            (NominatedBy.OFFICE.value, _("An IP office is nominating one of its experts")),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Name of the expert"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail of the expert"),
        max_length=254,
        help_text=_("Only the coordinators see it, to contact the expert about the nomination."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=())
    expertise = forms.MultipleChoiceField(
        label=_("Areas of expertise"),
        choices=ExpertiseArea.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
    )
    biography = forms.CharField(
        label=_("Short biography"),
        max_length=BIOGRAPHY_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Experience relevant to IP offices in crisis; at most 2000 characters."),
    )
    cv = forms.FileField(
        label=_("CV"),
        required=False,
        allow_empty_file=False,
        validators=[FileExtensionValidator(CV_EXTENSIONS)],
        help_text=_(
            "Optional: PDF, Word or OpenDocument, up to 5 MB. Only the coordinators see it."
        ),
    )
    public_consent = forms.BooleanField(
        label=_("The expert agrees to be listed in the public directory once vetted."),
        required=False,
        help_text=_("Name, organisation, country, expertise, languages and biography only."),
    )
    assistance_consent = forms.BooleanField(
        label=_("The expert agrees to be asked to help IP offices in a crisis once vetted."),
        required=False,
        help_text=_("If they accept a request, their name and e-mail go to that office."),
    )
    consent = forms.BooleanField(
        label=_(
            "The expert agrees that the project's coordinators keep this information to review "
            "the nomination."
        ),
    )
    # Hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)
        # Built per request: country names in the visitor's language, sorted in it.
        self.fields["country"].choices = [("", "—")] + list(countries)
        self.fields["biography"].widget.attrs["maxlength"] = BIOGRAPHY_LIMIT
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["cv"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in CV_EXTENSIONS)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def describe_fields(self) -> None:
        """Tie each input to its help text and error message for screen readers."""
        for name, field in self.fields.items():
            bound = self[name]
            ids = [f"{bound.auto_id}_helptext"] if field.help_text else []
            if bound.errors:
                ids.append(f"{bound.auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def clean_cv(self):
        cv = self.cleaned_data.get("cv")
        if cv and cv.size > MAX_CV_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if cv:
            check_content(cv)
        return cv
