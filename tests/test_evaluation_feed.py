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
