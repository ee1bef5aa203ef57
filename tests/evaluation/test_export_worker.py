"""The review-workbook export with a real queue: the request only queues, the worker builds
with a heartbeat, and whatever dies the export ends `done` or `failed` with a message the
evaluator reads; a failed export can be retried."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from evaluation.models import ExportStatus, ReviewExport
from evaluation.models.exports import ExportFailure
from evaluation.roles import EVALUATORS
from evaluation.tasks import build_review_export, fail_stale_exports

from ..task_worker import run_worker

pytestmark = pytest.mark.django_db

INDEX = reverse("evaluation_export_review")
NOW = timezone.now()


def status_url(export: ReviewExport) -> str:
    return reverse("evaluation_export_status", args=[export.pk])


def retry_url(export: ReviewExport) -> str:
    return reverse("evaluation_export_retry", args=[export.pk])


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.EXPORT_QUEUED_LIMIT, settings.EXPORT_STALE_AFTER = 600, 300
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def evaluator(django_user_model):
    user = django_user_model.objects.create_user("worker-evaluator", password="x" * 12)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return user


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def export(evaluator, **fields) -> ReviewExport:
    made = ReviewExport.objects.create(requested_by=evaluator, language="fr", **fields)
    if "created_at" in fields:  # auto_now_add ignores a given value
        ReviewExport.objects.filter(pk=made.pk).update(created_at=fields["created_at"])
    return made


def ago(seconds: int) -> datetime.datetime:
    return NOW - datetime.timedelta(seconds=seconds)


# --- With a worker ---


def test_the_request_queues_and_the_worker_builds(
    client, evaluator, database_queue, django_capture_on_commit_callbacks
):
    client.force_login(evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(INDEX, {"language": "en"})
    made = ReviewExport.objects.get()
    assert response.status_code == 302 and made.status == ExportStatus.QUEUED
    task = DBTaskResult.objects.get(task_path="evaluation.tasks.build_review_export")
    assert task.status == "READY" and task.args_kwargs["args"] == [made.pk]
    page = client.get(status_url(made)).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "waits for the background worker" in page

    run_worker()
    made.refresh_from_db()
    task.refresh_from_db()
    assert made.status == ExportStatus.DONE and task.status == "SUCCESSFUL"
    assert made.started_at and made.heartbeat_at and made.progress == 100
    assert made.started_at <= made.heartbeat_at <= made.finished_at
    assert "http-equiv" not in client.get(status_url(made)).content.decode()


def test_progress_writes_the_heartbeat(evaluator, monkeypatch):
    beats = []

    def slow(target, language, cohorts, progress):
        for percent in (10, 11, 50):
            progress(percent, "step")
            beats.append(ReviewExport.objects.values_list("progress", "heartbeat_at").get())
        target.write_bytes(b"xlsx")

    monkeypatch.setattr("evaluation.tasks.build_workbook", slow)
    made = export(evaluator)
    build_review_export.enqueue(made.pk)
    assert [progress for progress, _beat in beats] == [10, 10, 50]  # 11: under the 2 % step
    assert beats[0][1] <= beats[2][1]
    made.refresh_from_db()
    assert made.status == ExportStatus.DONE


def test_an_exports_folder_that_cannot_be_made_fails_the_export(evaluator, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.PRIVATE_MEDIA_ROOT = blocker / "private"
    made = export(evaluator)
    build_review_export.enqueue(made.pk)
    made.refresh_from_db()
    assert made.status == ExportStatus.FAILED and made.failure == ExportFailure.ERROR
    assert "NotADirectoryError" in made.error or "FileExistsError" in made.error
    assert made.finished_at is not None


# --- Stale exports ---


def test_stale_exports_are_marked_failed_and_live_ones_left_alone(evaluator):
    waited = export(evaluator, created_at=ago(601))
    fresh_queue = export(evaluator, created_at=ago(30))
    silent = export(evaluator, status="running", started_at=ago(900), heartbeat_at=ago(301))
    never_beat = export(evaluator, status="running", created_at=ago(900), started_at=ago(400))
    alive = export(evaluator, status="running", started_at=ago(900), heartbeat_at=ago(20))
    done = export(evaluator, status="done", created_at=ago(9999))

    assert fail_stale_exports(now=NOW) == 3
    states = {e.pk: (e.status, e.failure) for e in ReviewExport.objects.all()}
    assert states[waited.pk] == ("failed", ExportFailure.NOT_STARTED)
    assert states[silent.pk] == states[never_beat.pk] == ("failed", ExportFailure.STOPPED)
    for untouched in (fresh_queue, alive, done):
        assert states[untouched.pk][1] == "" and states[untouched.pk][0] != "failed"
    assert fail_stale_exports(now=NOW) == 0


def test_the_status_page_marks_a_dead_export_and_says_why(client, evaluator):
    dead = export(evaluator, status="running", progress=40, started_at=ago(3600))
    ReviewExport.objects.filter(pk=dead.pk).update(heartbeat_at=ago(3600))
    client.force_login(evaluator)
    page = client.get(status_url(dead)).content.decode()
    dead.refresh_from_db()
    assert dead.status == ExportStatus.FAILED
    assert "http-equiv" not in page and str(ExportFailure.STOPPED.label) in page
    assert "No heartbeat for 300 s" in page and retry_url(dead) in page


def test_the_failure_is_told_in_the_evaluators_language(client, evaluator):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(evaluator)
    profile.preferred_language = "fr"
    profile.save()
    dead = export(evaluator, created_at=ago(3600))
    client.force_login(evaluator)
    page = client.get(status_url(dead)).content.decode()
    with translation.override("fr"):
        expected = str(ExportFailure.NOT_STARTED.label)
    assert expected.replace("'", "&#x27;") in page


def test_the_command_for_cron(evaluator):
    export(evaluator, created_at=ago(3600))
    out = StringIO()
    call_command("fail_stale_exports", stdout=out)
    assert out.getvalue().strip() == "Marked 1 stale export(s) failed."


def test_a_worker_that_comes_back_late_does_not_overwrite_the_failure(
    evaluator, monkeypatch, private_media
):
    def outlived(target, language, cohorts, progress):
        progress(10, "step")
        fail_stale_exports(now=timezone.now() + datetime.timedelta(hours=1))
        target.write_bytes(b"xlsx")

    monkeypatch.setattr("evaluation.tasks.build_workbook", outlived)
    made = export(evaluator)
    build_review_export.enqueue(made.pk)
    made.refresh_from_db()
    assert (made.status, made.failure, made.file_path) == ("failed", "stopped", "")
    assert not any((private_media / "exports").iterdir())  # no orphan file left


def test_a_build_marked_dead_stops_at_its_next_progress(evaluator, monkeypatch, private_media):
    steps = []

    def outlived(target, language, cohorts, progress):
        fail_stale_exports(now=timezone.now() + datetime.timedelta(hours=1))
        progress(60, "step")
        steps.append("went on")

    monkeypatch.setattr("evaluation.tasks.build_workbook", outlived)
    made = export(evaluator)
    build_review_export.enqueue(made.pk)
    made.refresh_from_db()
    assert made.status == ExportStatus.FAILED and steps == []


# --- Retry ---


def test_a_failed_export_is_retried_with_its_language_and_filters(
    client, evaluator, django_capture_on_commit_callbacks
):
    failed = export(evaluator, status="failed", filters={"cohorts": ["no-such-cohort"]})
    client.force_login(evaluator)
    assert retry_url(failed) in client.get(INDEX).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(failed))
    again = ReviewExport.objects.latest("pk")
    assert again.pk != failed.pk and response["Location"] == status_url(again)
    assert (again.language, again.filters, again.requested_by) == (
        "fr",
        {"cohorts": ["no-such-cohort"]},
        evaluator,
    )
    assert again.status == ExportStatus.DONE, again.error


def test_retry_is_a_post_with_csrf_on_ones_own_failed_export(client, evaluator, django_user_model):
    failed = export(evaluator, status="failed")
    done = export(evaluator, status="done")
    client.force_login(evaluator)
    assert client.get(retry_url(failed)).status_code == 405
    assert client.post(retry_url(done))["Location"] == status_url(done)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(evaluator)
    assert strict.post(retry_url(failed)).status_code == 403
    other = django_user_model.objects.create_user("worker-other", password="x" * 12)
    other.groups.add(Group.objects.get(name=EVALUATORS))
    client.force_login(other)
    assert client.post(retry_url(failed), follow=True).status_code == 404
    assert ReviewExport.objects.count() == 2
