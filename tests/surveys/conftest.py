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


# A small instrument in English, French and Arabic, a cohort whose PRE and POST are open, and
# one participant: what the participant-side tests (test_taking and others) work with.
SCALE = [("choice", label) for label in ("Never", "Rarely", "Sometimes", "Often", "Always")]
ARABIC_SCALE = [("choice", label) for label in ("أبدًا", "نادرًا", "أحيانًا", "غالبًا", "دائمًا")]


def build_instrument(locale, title="Competence", scale=SCALE, prefix="") -> Instrument:
    instrument = Instrument(
        locale=locale,
        code="competence-test",
        kind="competence",
        title=title,
        introduction="Rate yourself.",
        rating_scale=scale,
    )
    instrument.domains = [
        Domain(code="risk", name=prefix + "Risk", sort_order=0),
        Domain(code="comms", name=prefix + "Communication", sort_order=1),
    ]
    instrument.items = [
        Item(
            code="r1",
            domain_code="risk",
            kind="rating",
            text=prefix + "I assess risks.",
            sort_order=0,
        ),
        Item(
            code="r2",
            domain_code="risk",
            kind="rating",
            text=prefix + "I plan mitigation.",
            sort_order=1,
        ),
        Item(
            code="c1",
            domain_code="comms",
            kind="rating",
            text=prefix + "I inform users.",
            sort_order=2,
        ),
        Item(
            code="c2",
            domain_code="comms",
            kind="text",
            text=prefix + "What would you add?",
            required=False,
            sort_order=3,
        ),
    ]
    instrument.save()
    return instrument


@pytest.fixture
def instrument():
    # get_or_create: a transactional test (PostgreSQL concurrency) may run after a flush.
    english = build_instrument(Locale.objects.get_or_create(language_code="en")[0])
    sync_storage(english)
    for code, prefix, scale in [("fr", "FR ", SCALE), ("ar", "AR ", ARABIC_SCALE)]:
        copy = build_instrument(
            Locale.objects.get_or_create(language_code=code)[0],
            f"{prefix}Competence",
            scale,
            prefix,
        )
        Instrument.objects.filter(pk=copy.pk).update(translation_key=english.translation_key)
        for item in copy.items.all():
            source = english.items.get(code=item.code)
            type(item).objects.filter(pk=item.pk).update(translation_key=source.translation_key)
    sync_storage(english)
    return Instrument.objects.get(pk=english.pk)


@pytest.fixture
def cohort(instrument):
    now = timezone.now()
    cohort = Cohort.objects.create(
        name="Geneva workshop",
        slug="geneva",
        starts_on=datetime.date(2026, 5, 4),
        ends_on=datetime.date(2026, 5, 6),
    )
    for phase in ("pre", "post"):
        CohortPhase.objects.create(
            cohort=cohort,
            phase=phase,
            instrument=instrument,
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=1),
        )
    return cohort


@pytest.fixture
def participant(cohort):
    return Participant.objects.create(
        cohort=cohort,
        code="GVA-001",
        country="SN",
        sex="female",
        office_type="national_ip_office",
        stakeholder_group="ip-offices",
        language="fr",
    )
