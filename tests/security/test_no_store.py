"""`Cache-Control: no-store` on participant pages and on every download."""

import datetime
import io

import pytest
from django.http import FileResponse, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from config.no_store import NoStoreDownloadsMiddleware
from surveys.invitations import opt_out_signature
from surveys.models import Cohort, CohortPhase, Instrument, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(demo_site) -> Participant:
    now = timezone.now()
    cohort = Cohort.objects.create(
        name="Tunis workshop",
        slug="tunis-no-store",
        starts_on=datetime.date(2026, 5, 4),
        ends_on=datetime.date(2026, 5, 6),
        self_enrolment=True,
    )
    CohortPhase.objects.create(
        cohort=cohort,
        phase="pre",
        instrument=Instrument.objects.filter(kind="competence").first(),
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=1),
    )
    return Participant.objects.create(cohort=cohort, code="TUN-001", country="TN", sex="female")


def participant_urls(participant: Participant) -> list[str]:
    token, key = participant.token, participant.cohort.enrolment_key
    return [
        reverse("surveys:home", kwargs={"token": token}),
        reverse("surveys:home", kwargs={"token": token}) + "?enrolled=1",
        reverse("surveys:start", kwargs={"token": token, "phase": "pre"}),
        reverse("surveys:screen", kwargs={"token": token, "phase": "pre", "number": 1}),
        reverse("surveys:review", kwargs={"token": token, "phase": "pre"}),
        reverse("surveys:done", kwargs={"token": token, "phase": "pre"}),
        reverse("surveys:enrol", kwargs={"key": key}),
        reverse("surveys:enrol_sent", kwargs={"key": key}),
        reverse("surveys:opt_out", kwargs={"signed": opt_out_signature(participant, "pre")}),
        reverse("surveys:home", kwargs={"token": "no-such-token"}),
    ]


def test_every_participant_page_is_no_store(participant):
    client = Client()
    for url in participant_urls(participant):
        response = client.get(url)
        assert response.status_code in (200, 302, 303, 404), url
        assert "no-store" in response.get("Cache-Control", ""), url


def test_a_screen_sent_back_with_answers_is_no_store(participant):
    url = reverse(
        "surveys:screen", kwargs={"token": participant.token, "phase": "pre", "number": 1}
    )
    response = Client().post(url, {"action": "leave"})
    assert "no-store" in response["Cache-Control"]


def admin_downloads(participant: Participant) -> list[str]:
    cohort = participant.cohort
    phase = cohort.phases.get(phase="pre")
    return [
        reverse("surveys_invitation_list", args=[cohort.pk]),
        reverse("surveys_paper_answers", args=[phase.pk]) + "?language=en&download=1",
        reverse("surveys_response_rates") + "?export=csv",
        reverse("surveys_response_rates") + "?export=xlsx",
        reverse("cms_downloads_report") + "?export=csv",
        reverse("cms_downloads_report") + "?export=xlsx",
        reverse("cms_translation_status") + "?export=csv",
        reverse("evaluation_budget_report") + "?export=xlsx",
    ]


def test_every_admin_export_is_no_store(participant, superuser):
    client = Client()
    client.force_login(superuser)
    for url in admin_downloads(participant):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        assert "no-store" in response["Cache-Control"], url


def test_the_qr_sheet_is_no_store(participant, superuser):
    client = Client()
    client.force_login(superuser)
    response = client.get(reverse("surveys_qr_sheet", args=[participant.cohort.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_middleware_marks_any_attachment_and_nothing_else():
    request = RequestFactory().get("/")
    download = NoStoreDownloadsMiddleware(
        lambda request: FileResponse(io.BytesIO(b"cv"), as_attachment=True, filename="cv.pdf")
    )(request)
    assert "no-store" in download["Cache-Control"]
    page = NoStoreDownloadsMiddleware(lambda request: HttpResponse("hello"))(request)
    assert "Cache-Control" not in page
    inline = HttpResponse(b"%PDF")
    inline["Content-Disposition"] = 'inline; filename="a.pdf"'
    assert "Cache-Control" not in NoStoreDownloadsMiddleware(lambda request: inline)(request)
