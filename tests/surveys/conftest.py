"""Cohorts, instruments and users for the evaluators' admin tests."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from survey.models import Response
from wagtail.models import Locale

from surveys.models import Cohort, CohortPhase, Domain, Instrument, Item, Participant, Submission
from surveys.roles import EVALUATORS
from surveys.storage import sync_storage


@pytest.fixture
def competence(db) -> Instrument:
    """An English competence instrument with its library rows."""
    instrument = Instrument(
        locale=Locale.get_default(),
        code="competence-admin",
        kind="competence",
        title="Crisis competence",
        rating_scale=[("choice", label) for label in ("1", "2", "3", "4", "5")],
    )
    instrument.domains = [Domain(code="risk", name="Risk", sort_order=0)]
    instrument.items = [
        Item(code="r1", domain_code="risk", kind="rating", text="I assess risks.", sort_order=0)
    ]
    instrument.save()
    sync_storage(instrument)
    return Instrument.objects.get(pk=instrument.pk)


def make_cohort(instrument: Instrument, slug: str, name: str = "") -> Cohort:
    """A cohort whose PRE phase is open now and POST phase closed last week."""
    now = timezone.now()
    cohort = Cohort.objects.create(
        name=name or f"Workshop {slug}",
        slug=slug,
        starts_on=datetime.date(2026, 5, 4),
        ends_on=datetime.date(2026, 5, 6),
        place="Dakar",
    )
    CohortPhase.objects.create(
        cohort=cohort,
        phase="pre",
        instrument=instrument,
        opens_at=now - datetime.timedelta(days=2),
        closes_at=now + datetime.timedelta(days=5),
    )
    CohortPhase.objects.create(
        cohort=cohort,
        phase="post",
        instrument=instrument,
        opens_at=now - datetime.timedelta(days=14),
        closes_at=now - datetime.timedelta(days=7),
    )
    return cohort


def make_participant(cohort: Cohort, code: str, **fields) -> Participant:
    values = {
        "country": "SN",
        "sex": "female",
        "office_type": "national_ip_office",
        "stakeholder_group": "ip-offices",
        "language": "fr",
        **fields,
    }
    return Participant.objects.create(cohort=cohort, code=code, **values)


def make_submission(participant: Participant, phase: str, submitted: bool) -> Submission:
    instrument = participant.cohort.phases.get(phase=phase).instrument
    return Submission.objects.create(
        participant=participant,
        phase=phase,
        response=Response.objects.create(survey_id=instrument.survey_id),
        language=participant.language,
        submitted_at=timezone.now() if submitted else None,
    )


@pytest.fixture
def workshop(competence) -> Cohort:
    return make_cohort(competence, "dakar-2026", "Dakar workshop")


@pytest.fixture
def evaluator(django_user_model):
    user = django_user_model.objects.create_user("evaluator", password="x" * 12)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return user


@pytest.fixture
def admin_user_without_rights(django_user_model):
    """Can log in to the Wagtail admin, holds no surveys permission."""
    user = django_user_model.objects.create_user("visitor", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user
