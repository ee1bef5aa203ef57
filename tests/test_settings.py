"""Settings per mode: database, production refusal, deploy checks, migrations."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-7c1e9b2f4d8a",
    "ALLOWED_HOSTS": "hub.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "WAGTAILADMIN_BASE_URL": "https://hub.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    leaks = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in leaks}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_passes_the_deploy_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {**PRODUCTION_ENV, missing: ""}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_uses_redis_cache_when_configured():
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_SECONDS)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, env=env)
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache 600", result.stderr
    # Without a shared cache, each worker would keep its own: whole-page caching stays off.
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code.replace("settings.CACHES['default']['BACKEND'], ", ""),
        env=PRODUCTION_ENV,
    )
    assert result.stdout.strip() == "0", result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only settings; this run uses " + connection.vendor)
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    # The test database lives in memory; check the pragma on a file database opened the same way.
    from django.db.backends.sqlite3.base import DatabaseWrapper

    wrapper = DatabaseWrapper({**settings.DATABASES["default"], "NAME": str(tmp_path / "x.db")})
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        wrapper.close()


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_system_checks_are_clean():
    out = StringIO()
    call_command("check", stdout=out)
    assert "no issues" in out.getvalue()
