"""backup and restore: the demo, restored into a new database, gives the same indicators.

The demo is already in the test database (tests/conftest.py loads it once per run). Each
restore runs in a subprocess pointed at a new database by DATABASE_URL (dev settings, whose
MEDIA_ROOT and PRIVATE_MEDIA_ROOT come from the environment), so the test database and
media are never the target.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient
from django.test import override_settings

from ops import databases
from ops.backup import MANIFEST, sha256

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SQLITE_ONLY = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite only; DATABASE_URL is PostgreSQL"
)
POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump/pg_restore need DATABASE_URL=postgres://… (CI's second run)",
)


def make_media(base: Path) -> dict[str, Path]:
    """Media folders of the tests' own, with a few files (the demo uploads none)."""
    roots = {"media": base / "media", "private_media": base / "private"}
    (roots["media"] / "original_images").mkdir(parents=True)
    (roots["media"] / "original_images" / "map.png").write_bytes(b"\x89PNG" + os.urandom(2000))
    (roots["private_media"] / "exports").mkdir(parents=True)
    (roots["private_media"] / "exports" / "review.xlsx").write_bytes(os.urandom(5000))
    return roots


@pytest.fixture(scope="module")
def demo_backup(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """One backup of the demo for the module, taken outside any test's transaction: a test
    runs inside an open write transaction (BEGIN IMMEDIATE on SQLite), from which SQLite's
    backup API cannot read."""
    base = tmp_path_factory.mktemp("demo-backup")
    roots = make_media(base)
    output = base / "backup"
    with (
        override_settings(MEDIA_ROOT=roots["media"], PRIVATE_MEDIA_ROOT=roots["private_media"]),
        django_db_blocker.unblock(),
    ):
        call_command("backup", output=output, stdout=StringIO())
    return base


@pytest.fixture
def media(demo_backup, settings, tmp_path) -> dict[str, Path]:
    """The media folders backed up, copied: what a test may change or compare against."""
    roots = {}
    for key, name in [("media", "media"), ("private_media", "private")]:
        roots[key] = shutil.copytree(demo_backup / name, tmp_path / name)
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = roots["media"], roots["private_media"]
    return roots


@pytest.fixture
def output(demo_backup, tmp_path) -> Path:
    """A copy of the demo's backup, for this test to restore or tamper with."""
    return shutil.copytree(demo_backup / "backup", tmp_path / "backup")


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


def indicators_here() -> list:
    out = StringIO()
    call_command("indicators", "--json", stdout=out)
    return json.loads(out.getvalue())


def manage(*args: str, database_url: str, media_dir: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media_dir / "media"),
        PRIVATE_MEDIA_ROOT=str(media_dir / "private"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def restore_and_compare(output: Path, media: dict, database_url: str, tmp_path: Path) -> None:
    restored = tmp_path / "restored"
    manage("restore", str(output), "--no-input", database_url=database_url, media_dir=restored)
    result = manage("indicators", "--json", database_url=database_url, media_dir=restored)
    expected = indicators_here()
    assert any(row["value"] is not None for row in expected)  # the demo's data, not an empty site
    assert json.loads(result.stdout) == expected
    assert tree(restored / "media") == tree(media["media"])
    assert tree(restored / "private") == tree(media["private_media"])


def test_backup_writes_the_files_and_their_manifest(output):
    manifest = json.loads((output / MANIFEST).read_text())
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["django_version"].startswith("5.2")
    assert set(manifest["files"]) == {"database", "media", "private_media"}
    for entry in manifest["files"].values():
        path = output / entry["name"]
        assert (path.stat().st_size, sha256(path)) == (entry["size"], entry["sha256"])
        assert path.stat().st_mode & 0o077 == 0  # personal data: owner only
    assert sorted(p.name for p in output.iterdir()) == sorted(
        [MANIFEST, *(e["name"] for e in manifest["files"].values())]
    )


def test_backup_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "old.txt").write_text("yesterday")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", output=tmp_path / "backup", stdout=StringIO())


@SQLITE_ONLY
def test_sqlite_backup_gives_up_on_a_locked_database(tmp_path, monkeypatch):
    # Inside the test's open write transaction the source stays locked: a clear error after
    # SQLITE_LOCK_WAIT seconds, rather than sqlite3's endless retries.
    monkeypatch.setattr(databases, "SQLITE_LOCK_WAIT", 0.3)
    with pytest.raises(CommandError, match="stayed locked for 0.3 s"):
        call_command("backup", output=tmp_path / "backup", stdout=StringIO())


@SQLITE_ONLY
def test_sqlite_round_trip_gives_the_same_indicators(output, media, tmp_path):
    restore_and_compare(output, media, f"sqlite:///{tmp_path / 'new.sqlite3'}", tmp_path)


@pytest.fixture
def throwaway_postgres():
    """A new, empty PostgreSQL database beside the test database; dropped afterwards."""
    name = f"ops_restore_{uuid.uuid4().hex[:12]}"
    settings_dict = {**connection.settings_dict, "NAME": "postgres"}
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(env or {})}

    def psql(sql: str) -> None:
        command = [*args[:-1], "-c", sql, args[-1]]
        subprocess.run(command, env=env, check=True, capture_output=True)

    psql(f'CREATE DATABASE "{name}"')
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    yield f"postgres://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{name}"
    psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@POSTGRES_ONLY
def test_postgresql_round_trip_gives_the_same_indicators(
    output, media, tmp_path, throwaway_postgres
):
    manifest = json.loads((output / MANIFEST).read_text())
    assert manifest["files"]["database"]["name"] == "database.pgdump"
    restore_and_compare(output, media, throwaway_postgres, tmp_path)


def tamper_vendor(output: Path) -> None:
    manifest = json.loads((output / MANIFEST).read_text())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["database_vendor"] = other
    (output / MANIFEST).write_text(json.dumps(manifest))


def tamper_checksum(output: Path) -> None:
    with (output / "private_media.tar.gz").open("r+b") as archive:
        archive.seek(20)
        byte = archive.read(1)
        archive.seek(20)
        archive.write(bytes([byte[0] ^ 0xFF]))


def remove_database(output: Path) -> None:
    next(output.glob("database.*")).unlink()


@pytest.mark.parametrize(
    "tamper, message",
    [
        (tamper_vendor, "This backup is of a .* database; the one configured is"),
        (tamper_checksum, "private_media.tar.gz does not match its checksum"),
        (remove_database, r"database\..* is missing"),
        (lambda output: (output / MANIFEST).unlink(), "No manifest.json"),
    ],
    ids=["vendor", "checksum", "missing file", "no manifest"],
)
def test_restore_refuses_and_changes_nothing(output, media, tamper, message):
    from django.contrib.auth import get_user_model

    tamper(output)
    (media["media"] / "added-since.txt").write_text("kept")
    get_user_model().objects.create_user("added-since")
    before = tree(media["media"]), tree(media["private_media"])
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(output), "--no-input", stdout=StringIO())
    assert (tree(media["media"]), tree(media["private_media"])) == before
    assert get_user_model().objects.filter(username="added-since").exists()


def test_restore_asks_before_replacing_a_database_with_tables(output, media):
    (media["media"] / "added-since.txt").write_text("kept")
    with (
        mock.patch("builtins.input", return_value="no") as asked,
        pytest.raises(CommandError, match="cancelled; nothing was changed"),
    ):
        call_command("restore", str(output), stdout=StringIO())
    assert "is not empty" in asked.call_args.args[0]
    assert (media["media"] / "added-since.txt").exists()
