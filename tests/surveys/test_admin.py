"""The evaluators' admin through its real HTTP paths: attendee import, personal links (CSV,
QR sheet), revoke and reissue, response rates and reopening a phase; and nobody else in."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from surveys.models import CohortPhase, Instrument, Participant
from surveys.rates import response_rates
from surveys.roles import EVALUATORS

from .conftest import make_cohort, make_submission
from .helpers import make_participant

pytestmark = pytest.mark.django_db

HEADER = "name,email,country,sex,office_type,function,stakeholder_group,language"
ATTENDEES = [
    "Awa Diop,awa@example.org,SN,female,national_ip_office,Examiner,ip-offices,fr",
    "Ivan Petrov,ivan@example.org,RU,male,copyright_office,,policy-makers,ru",
    "Li Hua,,China,undisclosed,academia,Researcher,academia,zh-hans",
]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def import_url(cohort) -> str:
    return f"/admin/surveys/cohorts/{cohort.pk}/import/"


def test_an_evaluator_imports_a_csv_of_three_attendees(client, evaluator, workshop):
    client.force_login(evaluator)
    page = client.get(import_url(workshop))
    assert page.status_code == 200
    assert "stakeholder_group" in page.content.decode()  # the expected columns are explained

    content = ("\n".join([HEADER, *ATTENDEES]) + "\n").encode("utf-8-sig")
    response = client.post(import_url(workshop), {"file": upload("list.csv", content)})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?cohort={workshop.pk}")
    participants = Participant.objects.filter(cohort=workshop)
    assert participants.count() == 3
    assert {p.language for p in participants} == {"fr", "ru", "zh-hans"}

    listing = client.get(response["Location"]).content.decode()
    assert "3 participants enrolled in Dakar workshop." in listing
    assert f"/admin/surveys/cohorts/{workshop.pk}/links.csv" in listing


def test_an_evaluator_imports_an_xlsx(client, evaluator, workshop):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for line in ATTENDEES:
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(evaluator)
    response = client.post(import_url(workshop), {"file": upload("list.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    assert Participant.objects.filter(cohort=workshop, enrolled_via="import").count() == 3


def test_a_file_with_broken_rows_lists_each_error_and_saves_nothing(client, evaluator, workshop):
    lines = [
        HEADER,
        ATTENDEES[0],
        "Bad Country,,Atlantis,female,national_ip_office,,ip-offices,fr",
        "Bad Language,,FR,male,national_ip_office,,ip-offices,tlh",
        "No Sex,,FR,,national_ip_office,,smes,en",
    ]
    client.force_login(evaluator)
    response = client.post(
        import_url(workshop), {"file": upload("list.csv", "\n".join(lines).encode())}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "The list has 3 errors: nothing was imported." in content
    for row, column, text in [
        (3, "country", "“Atlantis” is not a known country."),
        (4, "language", "“tlh” is not one of"),
        (5, "sex", "This column is required."),
    ]:
        assert f"<td>{row}</td><td><code>{column}</code></td><td>{text}" in content
    assert not Participant.objects.filter(cohort=workshop).exists()


def test_an_unreadable_file_gets_a_message_not_a_500(client, evaluator, workshop):
    client.force_login(evaluator)
    response = client.post(import_url(workshop), {"file": upload("list.xlsx", b"PK\x03\x04??")})
    assert response.status_code == 200
    assert "The XLSX file could not be read." in response.content.decode()
    response = client.post(import_url(workshop), {})
    assert response.status_code == 200
    assert not Participant.objects.filter(cohort=workshop).exists()


def test_the_links_csv_has_each_link_under_the_participants_language(client, evaluator, workshop):
    french = make_participant(workshop, "DKR-1", name='=HYPERLINK("http://x","y")', language="fr")
    arabic = make_participant(workshop, "DKR-2", name="ليلى", email="l@example.org", language="ar")
    revoked = make_participant(workshop, "DKR-3", name="Gone")
    revoked.revoke()
    client.force_login(evaluator)
    response = client.get(f"/admin/surveys/cohorts/{workshop.pk}/links.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["code", "name", "email", "language", "link"]
    assert len(rows) == 3  # the revoked link is not handed out
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["DKR-1"][1] == '\'=HYPERLINK("http://x","y")'
    assert by_code["DKR-1"][4] == f"http://testserver/fr/survey/{french.token}/"
    assert by_code["DKR-2"][1:4] == ["ليلى", "l@example.org", "ar"]
    assert by_code["DKR-2"][4] == f"http://testserver/ar/survey/{arabic.token}/"
    assert client.get(by_code["DKR-1"][4]).status_code == 200  # the link opens the survey


def test_the_qr_sheet_has_a_card_per_participant(client, evaluator, workshop):
    participant = make_participant(workshop, "DKR-1", name="Awa Diop")
    client.force_login(evaluator)
    response = client.get(f"/admin/surveys/cohorts/{workshop.pk}/qr-codes/")
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count("<svg") == 1
    assert "Awa Diop" in content and "DKR-1" in content
    assert f"/fr/survey/{participant.token}/" in content
    assert "@media print" in content


def test_revoke_then_reissue_changes_the_token(client, evaluator, workshop):
    participant = make_participant(workshop, "DKR-1", name="Awa Diop")
    old_token = participant.token
    client.force_login(evaluator)
    listing = client.get(f"/admin/snippets/surveys/participant/?cohort={workshop.pk}")
    assert f"/admin/surveys/participants/{participant.pk}/revoke/" in listing.content.decode()

    revoke = f"/admin/surveys/participants/{participant.pk}/revoke/"
    confirm = client.get(revoke)
    assert confirm.status_code == 200
    assert 'method="post"' in confirm.content.decode()
    participant.refresh_from_db()
    assert participant.revoked_at is None  # GET changes nothing
    assert client.post(revoke).status_code == 302
    participant.refresh_from_db()
    assert participant.revoked_at is not None and participant.token == old_token
    assert client.get(f"/fr/survey/{old_token}/").status_code != 200

    reissue = f"/admin/surveys/participants/{participant.pk}/reissue/"
    assert client.get(reissue).status_code == 200
    response = client.post(reissue)
    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.token != old_token and participant.revoked_at is None
    content = response.content.decode()
    assert f"http://testserver/fr/survey/{participant.token}/" in content
    assert "<svg" in content
    assert client.get(f"/fr/survey/{old_token}/").status_code != 200
    assert client.get(f"/fr/survey/{participant.token}/").status_code == 200


def test_link_actions_need_a_post_with_csrf(evaluator, workshop):
    from django.test import Client

    participant = make_participant(workshop, "DKR-1")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(evaluator)
    assert strict.post(f"/admin/surveys/participants/{participant.pk}/revoke/").status_code == 403
    participant.refresh_from_db()
    assert participant.link_active


def fill(cohort, submitted: int, drafts: int, post_submitted: int = 0, extra: int = 0):
    """`submitted + drafts + extra` participants; PRE submitted or drafted, some POST."""
    people = [
        make_participant(cohort, f"{cohort.slug}-{n}") for n in range(submitted + drafts + extra)
    ]
    for index, person in enumerate(people[: submitted + drafts]):
        make_submission(person, "pre", submitted=index < submitted)
    for person in people[:post_submitted]:
        make_submission(person, "post", submitted=True)


def test_response_rates_are_counted_per_cohort_and_phase(competence, workshop):
    fill(workshop, submitted=2, drafts=1, post_submitted=1, extra=1)
    empty = make_cohort(competence, "empty")
    rows = {
        (row.cohort.slug, row.phase.phase): row
        for row in response_rates(type(workshop).objects.all())
    }
    pre, post = rows[("dakar-2026", "pre")], rows[("dakar-2026", "post")]
    assert (pre.participants, pre.started, pre.submitted, pre.rate) == (4, 3, 2, 50.0)
    assert (post.participants, post.started, post.submitted, post.rate) == (4, 1, 1, 25.0)
    assert pre.open_now and not post.open_now
    assert rows[("empty", "pre")].rate is None
    assert empty.pk


def test_the_report_shows_and_exports_the_rates(client, evaluator, workshop):
    fill(workshop, submitted=2, drafts=1, extra=1)
    workshop.name = "=cmd|' /C calc'!A0"
    workshop.save()
    client.force_login(evaluator)
    response = client.get("/admin/reports/response-rates/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "50 %" in content and "Before (PRE)" in content

    export = client.get("/admin/reports/response-rates/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8"))))
    assert rows[0][:6] == [
        "Cohort",
        "Phase",
        "Participants",
        "Invited",
        "Started",
        "Submitted",
    ]
    # The demo's cohorts are listed too: look at this test's own.
    pre = next(row for row in rows[1:] if row[1] == "Before (PRE)" and "calc" in row[0])
    assert pre[0] == "'=cmd|' /C calc'!A0"
    assert pre[2:7] == ["4", "0", "3", "2", "50.0"]  # nobody invited by e-mail yet
    assert pre[10] == "Yes"

    xlsx = client.get("/admin/reports/response-rates/?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Cohort"
    assert len([row for row in values if "calc" in str(row[0])]) == 2


def test_the_report_costs_the_same_queries_for_one_or_three_cohorts(
    client, evaluator, competence, workshop, django_assert_max_num_queries
):
    fill(workshop, submitted=1, drafts=1)
    client.force_login(evaluator)
    client.get("/admin/reports/response-rates/")  # warm caches (site, locales, menus)
    with CaptureQueriesContext(connection) as one:
        before = client.get("/admin/reports/response-rates/")
    assert before.status_code == 200
    for slug in ("lima", "almaty"):
        fill(make_cohort(competence, slug), submitted=2, drafts=1, post_submitted=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get("/admin/reports/response-rates/")
    # Two more cohorts × two phases each, same queries.
    assert (
        response.content.decode().count("/reopen/") == before.content.decode().count("/reopen/") + 4
    )


def test_an_evaluator_reopens_a_closed_phase_for_a_week(client, evaluator, workshop):
    post = workshop.phases.get(phase="post")
    assert not post.is_open()
    client.force_login(evaluator)
    report = client.get("/admin/reports/response-rates/").content.decode()
    assert f"/admin/surveys/phases/{post.pk}/reopen/" in report
    assert client.get(f"/admin/surveys/phases/{post.pk}/reopen/").status_code == 405
    response = client.post(
        f"/admin/surveys/phases/{post.pk}/reopen/", {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/reports/response-rates/"
    post.refresh_from_db()
    assert post.is_open()
    remaining = post.closes_at - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < remaining <= datetime.timedelta(days=7)


def test_saving_an_instrument_in_the_admin_fills_the_library(client, evaluator):
    client.force_login(evaluator)
    data = nested_form_data(
        {
            "title": "Workshop feedback",
            "code": "feedback-admin",
            "kind": "feedback",
            "introduction": "",
            "consent_notice": "",
            "rating_scale": streamfield([]),
            "cant_judge_label": "",
            "domains": inline_formset([{"code": "day1", "name": "Day one", "description": ""}]),
            "items": inline_formset(
                [
                    {
                        "code": "q1",
                        "domain_code": "day1",
                        "kind": "yes_no",
                        "text": "Was the day useful?",
                        "choices": streamfield([]),
                        "correct_choice": "",
                        "required": "on",
                    }
                ]
            ),
        }
    )
    response = client.post("/admin/snippets/surveys/instrument/add/?locale=en", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    instrument = Instrument.objects.get(code="feedback-admin", locale=Locale.get_default())
    assert instrument.survey is not None and instrument.survey.name == "feedback-admin"
    item = instrument.items.get()
    assert item.question is not None and item.question.choices == "1,2"

    data["items-0-text"] = "Was the first day useful?"
    data["items-0-id"] = str(item.pk)
    data["items-INITIAL_FORMS"] = "1"
    data["domains-0-id"] = str(instrument.domains.get().pk)
    data["domains-INITIAL_FORMS"] = "1"
    edit = client.post(f"/admin/snippets/surveys/instrument/edit/{instrument.pk}/", data)
    assert edit.status_code == 302
    item.question.refresh_from_db()
    assert item.question.text == "Was the first day useful?"


def test_an_evaluator_sees_the_surveys_menu_and_report(client, evaluator, workshop):
    make_participant(workshop, "DKR-1", name="Awa Diop", email="awa@example.org")
    client.force_login(evaluator)
    listing = client.get("/admin/snippets/surveys/participant/?q=awa@example")
    assert listing.status_code == 200
    assert "DKR-1" in listing.content.decode()
    home = client.get("/admin/").content.decode()
    assert "/admin/reports/response-rates/" in home
    cohorts = client.get("/admin/snippets/surveys/cohort/").content.decode()
    assert f"/admin/surveys/cohorts/{workshop.pk}/import/" in cohorts


def test_the_participant_code_is_made_when_left_empty(client, evaluator, workshop):
    client.force_login(evaluator)
    response = client.post(
        "/admin/snippets/surveys/participant/add/",
        {
            "cohort": workshop.pk,
            "code": "",
            "name": "Awa",
            "email": "",
            "country": "SN",
            "language": "fr",
            "sex": "female",
            "office_type": "national_ip_office",
            "stakeholder_group": "ip-offices",
            "function": "",
            "consented_at": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    participant = Participant.objects.get(cohort=workshop)
    assert participant.code.startswith("DAKAR-2026-")
    assert participant.enrolled_via == "admin"


def test_only_evaluators_hold_rights_on_participants():
    holders = set(
        Group.objects.filter(
            permissions__content_type__app_label="surveys",
            permissions__codename__in=["view_participant", "change_participant"],
        ).values_list("name", flat=True)
    )
    assert holders == {EVALUATORS}
    evaluators = Group.objects.get(name=EVALUATORS)
    codenames = set(evaluators.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_participant", "view_submission", "change_instrument"} <= codenames
    assert "change_submission" not in codenames


def test_people_without_the_rights_are_turned_away_everywhere(
    client, admin_user_without_rights, workshop
):
    participant = make_participant(workshop, "DKR-1", name="Secret Name", email="s@example.org")
    phase = CohortPhase.objects.get(cohort=workshop, phase="post")
    client.force_login(admin_user_without_rights)
    gets = [
        import_url(workshop),
        f"/admin/surveys/cohorts/{workshop.pk}/links.csv",
        f"/admin/surveys/cohorts/{workshop.pk}/qr-codes/",
        f"/admin/surveys/participants/{participant.pk}/revoke/",
        f"/admin/surveys/participants/{participant.pk}/reissue/",
        "/admin/reports/response-rates/",
        "/admin/reports/response-rates/?export=csv",
        "/admin/snippets/surveys/participant/",
        f"/admin/snippets/surveys/participant/edit/{participant.pk}/",
        "/admin/snippets/surveys/cohort/",
        "/admin/snippets/surveys/instrument/",
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"Secret Name" not in response.content, url
    posts = [
        (
            import_url(workshop),
            {"file": upload("a.csv", ("\n".join([HEADER, *ATTENDEES])).encode())},
        ),
        (f"/admin/surveys/participants/{participant.pk}/revoke/", {}),
        (f"/admin/surveys/participants/{participant.pk}/reissue/", {}),
        (f"/admin/surveys/phases/{phase.pk}/reopen/", {}),
    ]
    token = participant.token
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403), url
    participant.refresh_from_db()
    phase.refresh_from_db()
    assert participant.token == token and participant.link_active
    assert not phase.is_open()
    assert Participant.objects.filter(cohort=workshop).count() == 1
    home = client.get("/admin/").content.decode()
    assert "response-rates" not in home
    assert "/admin/snippets/surveys/" not in home
