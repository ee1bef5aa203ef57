"""Retention: `apply_retention` erases, with reason "retention", the participants of cohorts
whose last window closed more than SURVEYS_RETENTION_MONTHS ago; a dry run only counts."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from surveys.erasure import cohorts_due, months_before
from surveys.models import CohortPhase, ErasureRecord, Participant
from tests.surveys.conftest import make_cohort
from tests.surveys.helpers import make_participant

pytestmark = pytest.mark.django_db


def test_months_before_counts_calendar_months_and_clamps_the_day():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 24) == datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 3).date() == datetime.date(2025, 12, 31)


@pytest.fixture
def old_and_recent(competence):
    """A cohort whose last window closed three years ago, with two participants (one
    erased already), and a current cohort with one."""
    old = make_cohort(competence, "old-2023", "Old workshop")
    past = timezone.now() - datetime.timedelta(days=3 * 365)
    CohortPhase.objects.filter(cohort=old).update(
        opens_at=past - datetime.timedelta(days=10), closes_at=past
    )
    make_participant(old, "OLD-1", name="Old One", email="one@example.org")
    make_participant(old, "OLD-2", name="Old Two", email="two@example.org")
    recent = make_cohort(competence, "recent-2026", "Recent workshop")
    make_participant(recent, "NEW-1", name="New One", email="new@example.org")
    return old, recent


def run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_counts_and_changes_nothing(old_and_recent, settings):
    settings.SURVEYS_RETENTION_MONTHS = 24
    output = run("--dry-run")
    assert "old-2023: 2 participants would be erased" in output
    assert "recent-2026" not in output
    assert not Participant.objects.filter(erased_at__isnull=False).exists()
    assert Participant.objects.get(code="OLD-1").email == "one@example.org"
    assert not ErasureRecord.objects.exists()


def test_retention_erases_the_old_cohort_only_and_says_so(old_and_recent, settings):
    settings.SURVEYS_RETENTION_MONTHS = 24
    output = run()
    assert "old-2023: 2 participants erased" in output
    for code in ("OLD-1", "OLD-2"):
        person = Participant.objects.get(code=code)
        assert person.erased_at is not None and (person.name, person.email) == ("", "")
        record = ErasureRecord.objects.get(participant_code=code)
        assert (record.reason, record.erased_by) == ("retention", None)
    assert Participant.objects.get(code="NEW-1").email == "new@example.org"
    old, _recent = old_and_recent
    assert old not in cohorts_due(24)  # nothing left to erase: the next run skips it
    assert "old-2023" not in run()
    assert ErasureRecord.objects.filter(participant_code__startswith="OLD-").count() == 2


def test_a_longer_period_or_none_erases_nothing(old_and_recent, settings):
    settings.SURVEYS_RETENTION_MONTHS = 48
    assert "old-2023" not in run()
    settings.SURVEYS_RETENTION_MONTHS = 0
    assert "personal data is kept" in run()
    assert not Participant.objects.filter(erased_at__isnull=False).exists()
