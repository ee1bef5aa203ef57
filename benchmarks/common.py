"""What every pair of `make bench` shares: the databases it runs on, the production settings
it runs under, scratch copies of a prepared database, and starting gunicorn.

Each database is prepared once (migrate, load_demo, collectstatic) as a template; every pair
gets its own copy of it (a file copy for SQLite, CREATE DATABASE … TEMPLATE for PostgreSQL),
so pairs never see each other's writes and the demo is loaded only once per database."""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = Path(os.environ.get("BENCH_DIR", Path(tempfile.gettempdir()) / "iprh-bench"))
PG_SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
QUICK = os.environ.get("BENCH_QUICK", "") not in ("", "0")
DATABASES = ("sqlite", "postgresql")


def database_url(kind: str, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{WORK / name}.sqlite3"
    return f"{PG_SERVER}/bench_{name.replace('-', '_')}"


def environment(url: str, **extra: str) -> dict[str, str]:
    """The production settings on loopback: plain HTTP, Redis db 13 (never the site's),
    console mail (nothing leaves during a benchmark), warnings only in the log."""
    secret = WORK / "secret-key"
    if not secret.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        secret.write_text(os.urandom(32).hex())
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secret.read_text(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": url,
        "REDIS_URL": os.environ.get("BENCH_REDIS", "redis://127.0.0.1:6379/13"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "EMAIL_URL": "console:",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def drop(kind: str, name: str) -> None:
    if kind == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(f"{WORK / name}.sqlite3{suffix}").unlink(missing_ok=True)
    else:
        database = database_url(kind, name).rsplit("/", 1)[1]
        _psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def clone(kind: str, template: str, name: str) -> str:
    """A scratch copy of the prepared database `template`; returns its URL."""
    drop(kind, name)
    if kind == "sqlite":
        shutil.copyfile(f"{WORK / template}.sqlite3", f"{WORK / name}.sqlite3")
    else:
        source = database_url(kind, template).rsplit("/", 1)[1]
        target = database_url(kind, name).rsplit("/", 1)[1]
        _psql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    return database_url(kind, name)


def manage(url: str, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=environment(url), check=True, timeout=1800
    )


def prepare(kind: str, name: str = "template") -> str:
    """Migrate, load the demo and collect the static files once per database."""
    drop(kind, name)
    url = database_url(kind, name)
    if kind == "postgresql":
        _psql(f'CREATE DATABASE "{url.rsplit("/", 1)[1]}"')
    WORK.mkdir(parents=True, exist_ok=True)
    manage(url, "migrate", "--no-input", "-v0")
    manage(url, "load_demo", "-v0")
    if not (WORK / "static" / "staticfiles.json").exists():
        manage(url, "collectstatic", "--no-input", "-v0")
    # The worker's index updates that load_demo queued are not part of any measurement.
    manage(
        url,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult as T; T.objects.all().delete()",
    )
    return url


# The prepared sizes, each grown from the one before by `generate_cohort`: (name, participants
# to reach, in all, or None for the demo alone). P6's size holds about 10,000 submitted
# responses (three phases answered per participant on average).
SIZES = [("demo", None), ("p1k", 1_000), ("r10k", 3_400), ("p20k", 20_000)]
QUICK_SIZES = [("demo", None), ("p1k", 1_000), ("r10k", 1_400), ("p20k", 3_000)]


def sizes() -> list[tuple[str, int | None]]:
    return QUICK_SIZES if QUICK else SIZES


def prepare_sizes(kind: str) -> dict[str, float]:
    """Every size of sizes() as a template database; returns the seconds each took."""
    took = {}
    previous = None
    for name, participants in sizes():
        started = time.monotonic()
        if participants is None:
            prepare(kind, name)
        else:
            url = clone(kind, previous, name)
            have = _count_participants(url)
            manage(url, "generate_cohort", "--participants", str(participants - have), "-v0")
        took[name] = round(time.monotonic() - started, 1)
        previous = name
    return took


def _count_participants(url: str) -> int:
    result = subprocess.run(
        [
            PYTHON,
            "manage.py",
            "shell",
            "-c",
            "from surveys.models import Participant; print(Participant.objects.count())",
        ],
        cwd=ROOT,
        env=environment(url),
        check=True,
        capture_output=True,
        text=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def setup_django(url: str) -> None:
    """In a pair's own process: the production settings on the scratch database."""
    os.environ.update(environment(url))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(url: str, workers: int = 4, **extra: str) -> Iterator[str]:
    """The Procfile's `web` on a free loopback port; yields its base URL once /healthz/ is up.
    The health check also asks about the worker queue, so only the database part must pass."""
    port = free_port()
    log = open(WORK / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=environment(url, **extra),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urlopen(f"{base}/en/", timeout=5).read()  # noqa: S310 - loopback
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: see {log.name}") from None
                time.sleep(0.3)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


def write_result(path: str | None, result: dict) -> None:
    text = json.dumps(result, indent=2, default=str)
    if path:
        Path(path).write_text(text)
    print(text)
