import re

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from config.input_guard import guard_text_fields

from .models.experiences import MAX_ATTACHMENT_BYTES, TEXT_LIMIT, ExperienceSubmission
from .models.resources import RESOURCE_KINDS
from .models.taxonomy import CrisisPhase, StakeholderGroup, Topic
from .uploads import check_content


class ResourceFilterForm(forms.Form):
    """The library's filters: a GET form, so every filtered view is a shareable URL."""

    group = forms.ChoiceField(label=_("Stakeholder group"), required=False)
    kind = forms.ChoiceField(label=_("Kind of resource"), required=False)
    phase = forms.ChoiceField(label=_("Crisis phase"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, data, locale: Locale):
        super().__init__(data)
        guard_text_fields(self.fields)
        everything = [("", _("All"))]
        self.fields["group"].choices = everything + [
            (g.slug, g.name) for g in StakeholderGroup.objects.filter(locale=locale)
        ]
        self.fields["kind"].choices = everything + [
            (kind._meta.model_name, kind._meta.verbose_name_plural) for kind in RESOURCE_KINDS
        ]
        self.fields["phase"].choices = everything + list(CrisisPhase.choices)
        self.fields["topic"].choices = everything + [
            (t.slug, t.name) for t in Topic.objects.filter(locale=locale)
        ]

    def filter(self, resources):
        """Narrow `resources` by the valid filters; invalid ones are reported, not applied."""
        self.is_valid()  # invalid fields drop out of cleaned_data; the rest still apply
        data = self.cleaned_data
        if data.get("group"):
            resources = resources.filter(stakeholder_groups__slug=data["group"])
        if data.get("kind"):
            resources = resources.filter(content_type__model=data["kind"])
        if data.get("phase"):
            resources = resources.filter(crisis_phase=data["phase"])
        if data.get("topic"):
            resources = resources.filter(topics__slug=data["topic"])
        return resources.distinct()


def searchable_kinds() -> dict[str, type]:
    """Page types a search can be narrowed to, by model name."""
    from .models import StakeholderPage, StandardPage

    models = [*RESOURCE_KINDS, StakeholderPage, StandardPage]
    return {model._meta.model_name: model for model in models}


WORD = re.compile(r"\w+")


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        max_length=200,
        required=False,
        strip=True,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind of page"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)
        self.fields["kind"].choices = [("", _("All"))] + [
            (name, model._meta.verbose_name_plural) for name, model in searchable_kinds().items()
        ]

    def filter(self, pages):
        kind = self.cleaned_data.get("kind")
        return pages.type(searchable_kinds()[kind]) if kind else pages

    @property
    def terms(self) -> str:
        """The words of the query only. Wagtail hands the text to SQLite's FTS5, whose query
        syntax fails on quotes, `=`, `(` and the like (a 500); PostgreSQL ignores them."""
        return " ".join(WORD.findall(self.cleaned_data.get("q") or ""))


class ExperienceForm(forms.ModelForm):
    """The public call for experiences, with a honeypot instead of a third-party captcha.

    Django 5.2 marks each input in error aria-invalid="true" and points its aria-describedby
    at "<id>_helptext" and "<id>_error": the template gives its help and error those ids."""

    # Hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(required=False, max_length=200, label=_("Leave this field empty"))

    class Meta:
        model = ExperienceSubmission
        fields = [
            "office",
            "country",
            "contact_name",
            "contact_email",
            "crisis",
            "impact",
            "response",
            "lessons",
            "attachment",
            "consent_to_publish",
        ]
        widgets = {
            "impact": forms.Textarea(attrs={"rows": 5}),
            "response": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "crisis": _("For example: the COVID-19 pandemic, 2020–2021; floods in March 2024."),
            "attachment": _("Optional: PDF, Word, OpenDocument, RTF or text, up to 10 MB."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard_text_fields(self.fields)  # max_length comes from the model's fields
        for name in ("impact", "response", "lessons"):
            self.fields[name].widget.attrs["maxlength"] = TEXT_LIMIT

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if attachment and attachment.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if attachment:
            check_content(attachment)
        return attachment
