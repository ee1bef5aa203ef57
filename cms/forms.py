from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from .models.resources import RESOURCE_KINDS
from .models.taxonomy import CrisisPhase, StakeholderGroup, Topic


class ResourceFilterForm(forms.Form):
    """The library's filters: a GET form, so every filtered view is a shareable URL."""

    group = forms.ChoiceField(label=_("Stakeholder group"), required=False)
    kind = forms.ChoiceField(label=_("Kind of resource"), required=False)
    phase = forms.ChoiceField(label=_("Crisis phase"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)

    def __init__(self, data, locale: Locale):
        super().__init__(data)
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


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the site"),
        max_length=200,
        required=False,
        strip=True,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
