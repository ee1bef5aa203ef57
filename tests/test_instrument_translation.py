"""The instruments' texts go through the site's translation workflow: translators translate
their language's copy only, and the status dashboard lists the instruments."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from cms.roles import translators_group_name
from surveys.models import Instrument

pytestmark = pytest.mark.django_db


def test_a_translator_edits_their_languages_instrument_only(client, django_user_model):
    translator = django_user_model.objects.create_user("tr-ar", password="x")  # noqa: S106
    translator.groups.add(Group.objects.get(name=translators_group_name("ar")))
    english = Instrument.objects.get(code="competence", locale=Locale.get_default())
    client.force_login(translator)

    def edit(code):
        copy = english.get_translation(Locale.objects.get(language_code=code))
        response = client.get(reverse("wagtailsnippets_surveys_instrument:edit", args=[copy.pk]))
        return response.status_code

    assert edit("ar") == 200
    assert edit("fr") in (302, 403)
    assert edit("en") in (302, 403)


def test_the_translation_dashboard_lists_the_instruments(client, superuser):
    client.force_login(superuser)
    response = client.get(
        "/admin/reports/translation-status/",
        {"kind": "surveys.instrument", "language": "ar", "state": "all", "export": "csv"},
    )
    rows = b"".join(response.streaming_content).decode()
    assert rows.count("Up to date") == 3  # competence, feedback, follow-up
