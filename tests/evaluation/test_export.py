"""Exporting the review workbook: the command (file, progress bar, refusals) and the admin
(an evaluator starts an export, follows it, downloads it; nobody else can)."""

import io
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import ExportStatus, ReviewExport
from evaluation.roles import EVALUATORS
from surveys.models import Cohort

pytestmark = pytest.mark.django_db

INDEX = reverse("evaluation_export_review")


def status_url(export: ReviewExport) -> str:
    return reverse("evaluation_export_status", args=[export.pk])


def download_url(export: ReviewExport) -> str:
    return reverse("evaluation_export_download", args=[export.pk])


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def make_evaluator(django_user_model, username: str):
    user = django_user_model.objects.create_user(username, password="x" * 12)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return user


@pytest.fixture
def evaluator(django_user_model):
    return make_evaluator(django_user_model, "export-evaluator")


@pytest.fixture
def other_evaluator(django_user_model):
    return make_evaluator(django_user_model, "export-other-evaluator")


@pytest.fixture
def admin_without_rights(django_user_model):
    user = django_user_model.objects.create_user("export-visitor", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def final_status(client, url: str) -> int:
    """The status after redirects: the site's LocaleMiddleware answers a 404 outside the
    language prefixes with a redirect to the prefixed path, which is then not found."""
    return client.get(url, follow=True).status_code


def start_export(client, django_capture_on_commit_callbacks, **data) -> ReviewExport:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INDEX, {"language": "en", **data})
    export = ReviewExport.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == status_url(export)
    return export


# --- The command ---


def test_the_command_writes_the_workbook_with_a_progress_bar(tmp_path):
    output, raw = tmp_path / "review.xlsx", tmp_path / "raw.csv"
    stdout, stderr = StringIO(), StringIO()
    call_command("export_review", output=str(output), csv=str(raw), stdout=stdout, stderr=stderr)
    assert "Summary" in load_workbook(output).sheetnames
    assert raw.read_bytes().startswith(b"\xef\xbb\xbf")
    bar = stderr.getvalue()
    assert "[" + "#" * 30 + "] 100 %" in bar and "\r" in bar
    assert "Wrote" in stdout.getvalue() and "data rows" in stdout.getvalue()


def test_the_command_writes_french_headings_for_one_cohort(tmp_path):
    cohort = Cohort.objects.order_by("slug").first()
    output = tmp_path / "revue.xlsx"
    call_command(
        "export_review",
        output=str(output),
        language="fr",
        cohort=[cohort.slug],
        stdout=StringIO(),
        stderr=StringIO(),
    )
    workbook = load_workbook(output)
    assert "Dictionnaire des codes" in workbook.sheetnames
    data = workbook.worksheets[-3]  # the Data sheet, its name in French
    assert {row[1] for row in data.iter_rows(min_row=2, values_only=True)} == {cohort.slug}


@pytest.mark.parametrize(
    "options, message",
    [
        ({"language": "xx"}, "Unknown language"),
        ({"cohort": ["no-such-cohort"]}, "Unknown cohort"),
    ],
)
def test_the_command_refuses_unknown_languages_and_cohorts(tmp_path, options, message):
    output = tmp_path / "review.xlsx"
    with pytest.raises(CommandError, match=message):
        call_command("export_review", output=str(output), stderr=StringIO(), **options)
    assert not output.exists()


def test_the_command_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_review", output=str(tmp_path / "nowhere" / "review.xlsx"))


# --- The admin ---


def test_an_evaluator_exports_follows_and_downloads(
    client, evaluator, django_capture_on_commit_callbacks
):
    client.force_login(evaluator)
    page = client.get(INDEX)
    assert page.status_code == 200
    assert b'name="language"' in page.content

    export = start_export(client, django_capture_on_commit_callbacks, language="fr")
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error
    assert (export.progress, export.requested_by, export.language) == (100, evaluator, "fr")
    assert export.file_path.startswith("exports/review-") and export.finished_at

    status = client.get(status_url(export))
    assert status.status_code == 200
    assert b'value="100"' in status.content and b"http-equiv" not in status.content
    assert download_url(export).encode() in status.content
    assert download_url(export).encode() in client.get(INDEX).content

    download = client.get(download_url(export))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert ".xlsx" in download["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert "Dictionnaire des codes" in workbook.sheetnames


def test_an_export_for_one_cohort(client, evaluator, django_capture_on_commit_callbacks):
    cohort = Cohort.objects.order_by("slug").first()
    client.force_login(evaluator)
    export = start_export(client, django_capture_on_commit_callbacks, cohort=cohort.slug)
    export.refresh_from_db()
    assert export.filters == {"cohorts": [cohort.slug]}
    assert export.status == ExportStatus.DONE


def test_a_running_export_refreshes_its_page(client, evaluator):
    export = ReviewExport.objects.create(requested_by=evaluator, language="en", progress=40)
    client.force_login(evaluator)
    page = client.get(status_url(export))
    assert b'<meta http-equiv="refresh" content="3">' in page.content
    assert b'value="40"' in page.content
    assert final_status(client, download_url(export)) == 404


def test_bad_input_is_a_form_error_not_an_export(client, evaluator):
    client.force_login(evaluator)
    response = client.post(INDEX, {"language": "xx", "cohort": "no-such-cohort"})
    assert response.status_code == 400
    assert not ReviewExport.objects.exists()


def test_another_evaluator_cannot_see_or_download_it(
    client, evaluator, other_evaluator, django_capture_on_commit_callbacks
):
    client.force_login(evaluator)
    export = start_export(client, django_capture_on_commit_callbacks)
    client.force_login(other_evaluator)
    assert final_status(client, download_url(export)) == 404
    assert final_status(client, status_url(export)) == 404
    assert download_url(export).encode() not in client.get(INDEX).content


def test_a_plain_admin_user_is_denied(client, evaluator, admin_without_rights):
    export = ReviewExport.objects.create(requested_by=evaluator, language="en")
    client.force_login(admin_without_rights)
    for url in (INDEX, status_url(export), download_url(export)):
        response = client.get(url)
        # Wagtail answers PermissionDenied in its admin with a redirect to the dashboard.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    assert client.post(INDEX, {"language": "en"})["Location"] == "/admin/"
    assert ReviewExport.objects.count() == 1
    assert INDEX not in client.get("/admin/").content.decode()


def test_an_evaluator_has_the_menu_item(client, evaluator):
    client.force_login(evaluator)
    assert INDEX in client.get("/admin/").content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_failed_build_is_reported_not_a_server_error(
    client, evaluator, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("evaluation.tasks.build_workbook", broken)
    client.force_login(evaluator)
    export = start_export(client, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and "the disk is full" in export.error
    page = client.get(status_url(export))
    assert page.status_code == 200 and b"the disk is full" in page.content
    assert final_status(client, download_url(export)) == 404


def test_a_missing_file_is_not_found(client, evaluator, django_capture_on_commit_callbacks):
    client.force_login(evaluator)
    export = start_export(client, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    ReviewExport.objects.filter(pk=export.pk).update(file_path="../../etc/passwd")
    assert final_status(client, download_url(export)) == 404
