"""`experts` and `regions` need neither cms nor evaluation: on a fresh database of a host site
without them, their first migrations create the tables (there are none to adopt) and load
the default regions."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.plugin_site.experts_only",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_network_migrates_and_checks_without_evaluation(tmp_path):
    database = tmp_path / "experts-only.sqlite3"
    check = manage("check", "--fail-level", "WARNING", database=database)
    assert check.returncode == 0, check.stderr
    migrated = manage("migrate", "--no-input", database=database)
    assert migrated.returncode == 0, migrated.stderr
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        assert {"experts_expert", "experts_assistancerequest", "regions_region"} <= tables
        assert not {name for name in tables if name.startswith("evaluation_")}
        assert db.execute("SELECT count(*) FROM regions_region").fetchone()[0] == 5
        assert db.execute("SELECT count(*) FROM regions_countryregion").fetchone()[0] > 240
        groups = {row[0] for row in db.execute("SELECT name FROM auth_group")}
        assert "Coordinators" in groups
