"""The site's resources, as the evaluation plugin reads them through a hook (OP-6)."""

import pytest
from wagtail import hooks

pytestmark = pytest.mark.django_db


def test_the_hook_lists_every_live_resource_in_every_language(django_assert_max_num_queries):
    (feed,) = hooks.get_hooks("evaluation_site_resources")
    with django_assert_max_num_queries(8):
        rows = feed()
    languages = {row.language for row in rows}
    assert languages == {"en", "fr", "es", "ru", "zh-hans", "ar"}
    kinds = {row.kind for row in rows}
    assert {"infographicpage", "guidepage", "trainingmodulepage", "policyoptionpage"} <= kinds
    guide = next(row for row in rows if row.kind == "guidepage" and row.language == "ar")
    assert guide.url.startswith("http") and "/ar/" in guide.url
    assert guide.groups  # tailored to at least one stakeholder group
    # The same resource in every language carries the same group slugs.
    english = next(row for row in rows if row.kind == "guidepage" and row.language == "en")
    assert english.groups == guide.groups


def test_publishing_the_linked_study_completes_op1_with_the_sites_date():
    from cms.models import PublicationPage
    from evaluation.indicators.outputs import op1
    from evaluation.models import Milestone

    study = PublicationPage.objects.get(slug="scoping-study", locale__language_code="en")
    Milestone.objects.filter(indicator="op-1").update(reached_on=None, page=study)
    result = op1()
    assert result.status == "achieved"
    assert result.details["date"] == study.publication_date.isoformat()
    assert result.details["date_source"] == "site"
    assert result.details["evidence"].endswith(study.url)
    # Unpublished, the study no longer counts (and no date was entered).
    study.unpublish()
    result = op1()
    assert result.status == "not_achieved" and result.details["evidence"] == ""
    # A date the evaluator entered stands on its own.
    Milestone.objects.filter(indicator="op-1").update(reached_on="2025-07-01")
    assert op1().details["date_source"] == "record"
