"""Dump and restore the default database, per vendor, without stopping the site for a dump.

SQLite: the online backup API, which copies a consistent snapshot page by page while other
connections keep writing (WAL); copying the file instead could catch it between the database
and its -wal file. PostgreSQL: pg_dump's custom format and pg_restore, with the password in
PGPASSWORD (Django's own psql helper builds that environment), never on the command line.
"""

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient

DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# sqlite3's backup() retries a locked database for ever; give up after this many seconds.
SQLITE_LOCK_WAIT = 60


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator."""


def dump_name(vendor: str) -> str:
    try:
        return DUMP_NAMES[vendor]
    except KeyError:
        raise BackupError(f"Backups of {vendor} databases are not supported.") from None


def dump(connection: BaseDatabaseWrapper, path: Path) -> None:
    if connection.vendor == "sqlite":
        _sqlite_dump(connection, path)
    else:
        _run_pg("pg_dump", connection.settings_dict, ["--format=custom", f"--file={path}"])


def load(connection: BaseDatabaseWrapper, path: Path) -> None:
    """Replace the contents of the database with the dump, all or nothing."""
    if connection.vendor == "sqlite":
        _sqlite_load(connection, path)
        return
    options = ["--clean", "--if-exists", "--no-owner", "--no-acl"]
    # One transaction, stopping at the first error: a failed restore leaves the database as
    # it was instead of half replaced.
    options += ["--single-transaction", "--exit-on-error"]
    _run_pg("pg_restore", connection.settings_dict, options, positional=[str(path)])


def _sqlite_dump(connection: BaseDatabaseWrapper, path: Path) -> None:
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        # pages=-1: one step, hence one read transaction and a consistent snapshot; writers
        # are not blocked in WAL mode.
        connection.connection.backup(target, pages=-1, progress=_deadline("read"))
        # A single self-contained file, whatever the source's journal mode.
        target.execute("PRAGMA journal_mode=DELETE")
        if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("The database copy failed SQLite's integrity check.")
    finally:
        target.close()


def _sqlite_load(connection: BaseDatabaseWrapper, path: Path) -> None:
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.ensure_connection()
        # The reverse copy writes every page in one transaction on the target.
        source.backup(connection.connection, pages=-1, progress=_deadline("replace"))
    except sqlite3.Error as error:
        raise BackupError(f"SQLite could not restore the database: {error}") from error
    finally:
        source.close()
        connection.close()  # its schema changed underneath it


def _deadline(action: str) -> Callable[[int, int, int], None]:
    """A progress callback that ends a copy stuck on a lock (an open write transaction on
    the source, or the site still using the target) instead of waiting for ever."""
    give_up = time.monotonic() + SQLITE_LOCK_WAIT

    def progress(status: int, remaining: int, total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > give_up:
            raise BackupError(
                f"SQLite could not {action} the database: it stayed locked for "
                f"{SQLITE_LOCK_WAIT} s. Stop the site and the task worker and try again."
            )

    return progress


def _run_pg(
    program: str, settings_dict: dict, options: list[str], positional: list[str] = ()
) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} was not found: install the PostgreSQL client tools "
            "(Debian: postgresql-client), of the server's major version or newer."
        )
    if not settings_dict.get("NAME"):
        raise BackupError("DATABASES['default'] has no NAME to back up or restore.")
    # ["psql", "-U", user, "-h", host, "-p", port, name] and {"PGPASSWORD": …, "PGSSLMODE": …}
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    *connection_args, name = args[1:]
    command = [executable, *connection_args, *options, f"--dbname={name}", *positional]
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        command, env={**os.environ, **(env or {})}, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed (exit {result.returncode}): {result.stderr.strip()}")
