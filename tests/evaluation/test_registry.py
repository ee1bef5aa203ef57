"""The nine indicators together: the registry, the record-based outputs and the command."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail import hooks

from evaluation.indicators import Thresholds
from evaluation.indicators.data import Scope
from evaluation.indicators.outputs import op3, op5, op6
from evaluation.models import EvaluationSettings, Milestone
from evaluation.registry import INDICATORS, compute_indicators, thresholds_from_settings
from tests.host import WITH_CMS

pytestmark = pytest.mark.django_db


def test_nine_indicators_in_the_order_of_the_project_document():
    assert [i.id for i in INDICATORS] == [
        "OBJ-1", "OUT-1", "OUT-2", "OP-1", "OP-2", "OP-3", "OP-4", "OP-5", "OP-6",
    ]  # fmt: skip


def test_every_indicator_has_a_value_target_and_status_on_the_demo():
    results = dict((i.id, r) for i, r in compute_indicators())
    assert set(results) == {i.id for i in INDICATORS}
    site_feed = {"OP-6"} if not WITH_CMS else set()
    for result in (r for key, r in results.items() if key not in site_feed):
        assert result.status in {"achieved", "achieved_robust", "not_achieved", "reported"}
        assert result.target not in (None, "")
    assert results["OP-5"].status == "not_achieved"  # the demo leaves one region uncovered
    assert results["OP-6"].status == ("achieved" if WITH_CMS else "not_enough_data")
    assert results["OP-3"].numerator == 2


def test_thresholds_come_from_the_admin_setting():
    settings = EvaluationSettings.load()
    settings.tau = "1.00"
    settings.min_n = 8
    settings.save()
    thresholds = thresholds_from_settings()
    assert (thresholds.tau, thresholds.min_n) == (1.0, 8)
    strict = dict((i.id, r) for i, r in compute_indicators(thresholds=thresholds))
    lenient = dict((i.id, r) for i, r in compute_indicators(thresholds=Thresholds()))
    assert strict["OBJ-1"].numerator < lenient["OBJ-1"].numerator


def test_milestones_without_a_date_are_not_achieved():
    Milestone.objects.filter(indicator="op-2").update(reached_on=None)
    results = dict((i.id, r) for i, r in compute_indicators())
    assert results["OP-2"].status == "not_achieved"
    assert results["OP-1"].status == "achieved"
    # The evidence is the scoping study's address, which only a site with cms has.
    assert bool(results["OP-1"].details["evidence"]) is WITH_CMS


def test_workshops_count_once_held_with_attendance(django_assert_max_num_queries):
    from surveys.models import Cohort

    today = max(Cohort.objects.values_list("ends_on", flat=True))
    with django_assert_max_num_queries(2):
        assert op3(today=today).numerator == 1  # the later one has not ended yet that day
    Cohort.objects.update(attendance_recorded=False)
    assert op3(today=today + datetime.timedelta(days=1)).status == "not_achieved"


@pytest.mark.skipif(not WITH_CMS, reason="reads the site's resources through cms's hook")
def test_op5_needs_every_region_and_op6_every_kind_in_every_language():
    from experts.models import Expert

    per_region = dict(op5().details["per_region"])
    assert [code for code, count in per_region.items() if not count] == ["latin-america"]
    Expert.objects.filter(country="BR").update(status="eligible")
    assert op5().status == "achieved"

    (feed,) = hooks.get_hooks("evaluation_site_resources")
    rows = [row for row in feed() if not (row.kind == "guidepage" and row.language == "ar")]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("evaluation.indicators.outputs.site_resources", lambda: rows)
        result = op6()
    assert result.status == "not_achieved" and result.details["missing"] == ["guidepage:ar"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("evaluation.indicators.outputs.site_resources", lambda: None)
        assert op6(Scope()).status == "not_enough_data"  # the plugin without the site


def test_the_command_prints_a_table_and_json():
    out = StringIO()
    call_command("indicators", stdout=out)
    assert "OBJ-1" in out.getvalue() and "OP-6" in out.getvalue()
    out = StringIO()
    call_command("indicators", "--json", "--cohort", "geneva-regional-workshop", stdout=out)
    rows = json.loads(out.getvalue())
    assert [row["id"] for row in rows][:2] == ["OBJ-1", "OUT-1"]
    for row in rows:
        assert set(row) >= {
            "id", "level", "value", "target", "status",
            "numerator", "denominator", "ci_low", "ci_high",
        }  # fmt: skip
    with pytest.raises(CommandError, match="Unknown cohort: nope"):
        call_command("indicators", "--cohort", "nope")
