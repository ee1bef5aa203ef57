"""Surveys and evaluation in a Wagtail site without cms (tests/plugin_site): `make test` runs
tests/surveys and tests/evaluation there too; these tests only make sense in that run."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail import hooks

from experts.models import ExpertDirectoryPage
from surveys.models import Participant
from tests.host import WITH_CMS
from tests.surveys.helpers import url

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(WITH_CMS, reason="runs under tests.plugin_site.settings only"),
]


def test_the_site_resource_indicator_reports_no_data_without_the_sites_feed():
    assert hooks.get_hooks("evaluation_site_resources") == []
    out = StringIO()
    call_command("indicators", "--json", stdout=out)
    rows = {row["id"]: row for row in json.loads(out.getvalue())}
    assert rows["OP-6"]["status"] == "not_enough_data"
    assert rows["OP-6"]["value"] is None and rows["OP-6"]["numerator"] is None
    # The rest is computed from the plugin's own data as in the full site.
    assert rows["OBJ-1"]["status"] in {"achieved", "achieved_robust"}
    assert rows["OP-3"]["numerator"] == 2


@pytest.mark.parametrize("code", ["en", "ar"])
def test_participant_pages_render_in_the_host_sites_layout(client, code):
    participant = Participant.objects.filter(revoked_at__isnull=True).first()
    response = client.get(url("home", participant, lang=code))
    assert response.status_code == 200
    html = response.content.decode()
    assert "· Host site</title>" in html  # tests/plugin_site/templates/base.html
    assert f'lang="{code}"' in html and ('dir="rtl"' in html) is (code == "ar")


def test_the_expert_directory_is_served_by_the_host_sites_wagtail(client):
    page = ExpertDirectoryPage.objects.get(locale__language_code="fr")
    response = client.get(page.url)
    assert response.status_code == 200
    assert "· Host site</title>" in response.content.decode()
