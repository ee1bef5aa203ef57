"""GET /healthz/: 200 when the database, cache and task queue answer, 503 naming what fails."""

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from ops import health
from tests.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def get_health(client) -> tuple[int, dict]:
    response = client.get("/healthz/")
    assert response["Content-Type"] == "application/json"
    return response.status_code, json.loads(response.content)


def test_all_checks_pass(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):  # SELECT 1; no session, no user, no page cache
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "queue": "not applicable"},
    }
    assert "no-store" in response["Cache-Control"]
    # JSON for machines: no policy to enforce, so no report-only noise either.
    assert "Content-Security-Policy" not in response
    assert "Content-Security-Policy-Report-Only" not in response
    assert not response.cookies


def test_outside_the_language_prefixes(client):
    response = client.get("/healthz/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200  # not a redirect to /fr/healthz/
    assert client.get("/fr/healthz/").status_code == 404


def test_get_and_head_only(client):
    assert client.head("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405


def test_database_failure_is_named(client):
    with mock.patch.object(connection, "cursor", side_effect=RuntimeError("host db1 down")):
        status, body = get_health(client)
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "error: RuntimeError"
    assert body["checks"]["cache"] == "ok"
    assert "db1" not in json.dumps(body)  # the exception text goes to the log only


def test_cache_failure_is_named(client):
    with mock.patch.object(health.cache, "set", side_effect=ConnectionError("redis down")):
        status, body = get_health(client)
    assert status == 503
    assert body["checks"]["cache"] == "error: ConnectionError"
    assert body["checks"]["database"] == "ok"


def test_cache_returning_something_else_fails(client):
    with mock.patch.object(health.cache, "get", return_value=None):
        status, body = get_health(client)
    assert status == 503
    assert body["checks"]["cache"] == "value written was not read back"


def enqueue(enqueued_ago: float, run_after=None, status="READY"):
    from django_tasks_db.models import DBTaskResult, get_date_max

    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="evaluation.tasks.build_export",
        backend_name="default",
        run_after=run_after or get_date_max(),
        status=status,
    )
    # enqueued_at is auto_now_add: set afterwards.
    enqueued_at = timezone.now() - timedelta(seconds=enqueued_ago)
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=enqueued_at)
    return task


def test_queue_with_a_task_waiting_too_long(client, settings, django_assert_max_num_queries):
    settings.TASKS = DB_TASKS
    settings.HEALTH_QUEUE_MAX_AGE = 300
    enqueue(enqueued_ago=30)
    status, body = get_health(client)
    assert status == 200
    assert body["checks"]["queue"] == "ok"

    enqueue(enqueued_ago=412)
    with django_assert_max_num_queries(2):  # SELECT 1 and one aggregate over the queue
        status, body = get_health(client)
    assert status == 503
    assert body == {
        "status": "fail",
        "checks": {
            "database": "ok",
            "cache": "ok",
            "queue": "oldest ready task waiting 412 s (limit 300 s)",
        },
    }


def test_queue_counts_deferred_tasks_from_when_they_are_due(client, settings):
    settings.TASKS = DB_TASKS
    now = timezone.now()
    # Enqueued an hour ago for a minute ago: due for a minute only.
    enqueue(enqueued_ago=3600, run_after=now - timedelta(seconds=60))
    # Not due yet, finished or running: not waiting.
    enqueue(enqueued_ago=3600, run_after=now + timedelta(hours=1))
    enqueue(enqueued_ago=3600, status="SUCCESSFUL")
    enqueue(enqueued_ago=3600, status="RUNNING")
    status, body = get_health(client)
    assert (status, body["checks"]["queue"]) == (200, "ok")

    settings.HEALTH_QUEUE_MAX_AGE = 30
    status, body = get_health(client)
    assert status == 503
    assert body["checks"]["queue"].startswith("oldest ready task waiting 6")


def test_production_exempts_healthz_from_the_https_redirect(tmp_path):
    """A load balancer probing over plain HTTP gets the answer, not a 301 to https."""
    code = (
        "from django.test import Client; c = Client(HTTP_HOST='hub.example.org'); "
        "print(c.get('/healthz/').status_code, c.get('/en/').status_code)"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    healthz, page = result.stdout.split()
    # 200, or 503 for the empty database's missing task table; never a redirect.
    assert healthz in {"200", "503"}, result.stderr
    assert page == "301"
