"""Helpers shared by the survey tests."""

from django.urls import reverse
from django.utils.translation import override

from surveys.models import Cohort, Participant


def url(name, participant, lang="fr", **kwargs) -> str:
    with override(lang):
        return reverse(f"surveys:{name}", kwargs={"token": participant.token, **kwargs})


def make_participant(cohort: Cohort, code: str, **fields) -> Participant:
    """A participant with plausible attributes; `fields` override them."""
    values = {
        "country": "SN",
        "sex": "female",
        "office_type": "national_ip_office",
        "stakeholder_group": "ip-offices",
        "language": "fr",
        **fields,
    }
    return Participant.objects.create(cohort=cohort, code=code, **values)
