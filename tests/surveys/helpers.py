"""Helpers shared by the survey tests."""

from django.urls import reverse
from django.utils.translation import override


def url(name, participant, lang="fr", **kwargs) -> str:
    with override(lang):
        return reverse(f"surveys:{name}", kwargs={"token": participant.token, **kwargs})
