"""The expert network's public forms (a nomination to the roster, a request for assistance),
with the call for experiences' rules: a honeypot instead of a third-party captcha, length
limits, and a checked CV file."""

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from surveys.validators import guard_text_fields

from .models import CrisisKind, ExpertiseArea, NominatedBy, ServiceArea, Urgency
from .uploads import check_content

CV_EXTENSIONS = ["pdf", "doc", "docx", "odt"]
MAX_CV_BYTES = 5 * 1024 * 1024
BIOGRAPHY_LIMIT = 2000
DESCRIPTION_LIMIT = 4000
NOTE_LIMIT = 2000  # Proposal.note


class DescribedForm(forms.Form):
    """A form rendered by includes/form_fields.html, whose ids these ties point at."""

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


class PublicForm(DescribedForm):
    """What every public form of the network shares: the honeypot, the country list in the
    visitor's language, the length guard on text, and the ties for screen readers."""

    # Hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this field empty"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)
        # Inherited fields come first: keep the honeypot last, after what people fill in.
        self.fields["website"] = self.fields.pop("website")
        if "country" in self.fields:
            # Built per request: country names in the visitor's language, sorted in it.
            self.fields["country"].choices = [("", "—")] + list(countries)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class NominationForm(PublicForm):
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["biography"].widget.attrs["maxlength"] = BIOGRAPHY_LIMIT
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["cv"].widget.attrs["accept"] = ",".join(f".{ext}" for ext in CV_EXTENSIONS)

    def clean_cv(self):
        cv = self.cleaned_data.get("cv")
        if cv and cv.size > MAX_CV_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if cv:
            check_content(cv)
        return cv


class AssistanceRequestForm(PublicForm):
    """An IP office in a crisis asks the network for an expert."""

    office = forms.CharField(
        label=_("IP office"),
        max_length=200,
        help_text=_("The office that needs help, by its full name."),
    )
    country = forms.ChoiceField(label=_("Country"), choices=())
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        max_length=254,
        help_text=_("The coordinators write to this address; the expert who accepts gets it."),
    )
    crisis_kind = forms.ChoiceField(
        label=_("Kind of crisis"), choices=CrisisKind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("What happened and what help is needed"),
        max_length=DESCRIPTION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("At most 4000 characters."),
    )
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
        help_text=_("Choose at least one."),
        error_messages={"required": _("Choose at least one area of expertise.")},
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages the expert could work in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=Urgency.choices, widget=forms.RadioSelect
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the network's coordinators keep this request and share the office's "
            "contact with the expert who accepts it."
        ),
    )

    def __init__(self, *args, language: str | None = None, **kwargs) -> None:
        """`language`: the page's, ticked in advance among the working languages."""
        super().__init__(*args, **kwargs)
        if language:
            self.fields["languages"].initial = [language]
        self.fields["description"].widget.attrs["maxlength"] = DESCRIPTION_LIMIT
        self.fields["office"].widget.attrs["autocomplete"] = "organization"
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"


class AnswerForm(DescribedForm):
    """The expert's answer through their link: an optional note; the answer itself is the
    button pressed (name "answer", value "accept" or "decline")."""

    ANSWERS = {"accept": True, "decline": False}

    note = forms.CharField(
        label=_("Note for the coordinators (optional)"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": NOTE_LIMIT}),
        help_text=_("Only the coordinators read it: for example, when you could start."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)

    def clean(self) -> dict:
        cleaned = super().clean()
        choice = self.data.get("answer")
        if choice not in self.ANSWERS:
            raise forms.ValidationError(_("Choose Accept or Decline."))
        cleaned["accept"] = self.ANSWERS[choice]
        return cleaned
