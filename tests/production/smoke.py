"""The production smoke test: the README's "Production" section, run as an operator would.

On this checkout: a fresh virtual environment with `pip install .`, the Procfile's release
step under config.settings.production against a throw-away PostgreSQL database and Redis,
then the Procfile's `web` twice (two gunicorn masters on two loopback ports: two app
servers on one database) and its `worker` once, with a local SMTP sink (aiosmtpd). Then, as
users would, over HTTP:

 1. /healthz/ answers 200 on both app servers; a public page and its hashed static file 200;
 2. an editor publishes a change on one server, the other server shows it at once (shared
    cache invalidated) and serves a page published there;
 3. a participant enrols on one server and receives the personal link by e-mail (sent by the
    worker); the link works on the other server;
 4. an evaluator's export at 20x the demo's participants (about 3,000) is queued, built by
    the worker, downloaded and opened with openpyxl;
 5. the worker is killed during a second export, which ends `failed` within its limit;
 6. with the worker dead, a queued task ages and /healthz/ turns 503 naming the queue; a new
    worker brings it back to 200;
 7. invitations and reminders: `send_invitations` for 61 participants in six languages, one
    address refused by the mail server; the worker is killed mid-batch and replaced, and every
    address still receives exactly one invitation, in its language, with a personal link that
    works on the other server (the refused one marked bounced); a second run sends nothing;
    20 submit, one opts out through the List-Unsubscribe link; `send_reminders` writes to
    exactly the others, once; the admin's funnel equals the database; the worker's own pass of
    the schedule stays queued;
 8. backup, restore into a new database: the same `indicators --json`;
 9. an assistance request, as the expert network runs one: an office files it in Arabic on
    one server; the worker mails its acknowledgement (in Arabic) and tells the coordinator (in
    French); the coordinator proposes an expert on the other server; the expert accepts
    through the link in their e-mail; the office is mailed the expert's address; the
    coordinator closes it with help given.

Every process is stopped by its PID at the end, whatever happened. Prints the time of each
step. Run by `make smoke` and by .ci/run; needs PostgreSQL on 127.0.0.1:5432 (trust) and Redis
on 127.0.0.1:6379.
"""

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import openpyxl
import psycopg
import redis
import requests
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/14"
ADMIN_PASSWORD = secrets.token_urlsafe(12)
STALE_AFTER = 20  # seconds without a heartbeat before an export is failed (EXPORT_STALE_AFTER)
QUEUE_MAX_AGE = 5  # seconds a ready task may wait before /healthz/ fails (HEALTH_QUEUE_MAX_AGE)
MAIL_RATE = 120  # invitations a minute (SURVEYS_MAIL_RATE): 0.5 s apart, time to kill mid-batch
MAIL_BATCH = 20  # messages per delivery task (SURVEYS_MAIL_BATCH)
OUTREACH_EVERY = 5  # seconds between the worker's passes of the schedule (SURVEYS_OUTREACH_EVERY)
EMAIL_TIMEOUT = 5  # seconds (EMAIL_TIMEOUT): with the pace, how long a dead sender's lease lasts
OUTREACH_LANGUAGES = ("en", "fr", "es", "ru", "zh-hans", "ar")
REFUSED = "refused@outreach.example.org"  # the SMTP sink answers 550 for this one
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
TIMINGS: list[tuple[str, float]] = []
PROCESSES: list[subprocess.Popen] = []


def say(text: str) -> None:
    print(f"::: {text}", flush=True)


@contextlib.contextmanager
def step(name: str) -> Iterator[None]:
    say(name)
    start = time.monotonic()
    yield
    TIMINGS.append((name, time.monotonic() - start))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what: str, check, timeout: float, every: float = 0.5):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


# --- The Procfile ---


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if re.match(r"^\w+: ", line))


def run(command: str, env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["sh", "-c", command], cwd=ROOT, env=env, check=True, text=True, **kwargs)


def start(command: str, env: dict, log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        ["sh", "-c", f"exec {command}"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    PROCESSES.append(process)
    return process


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=20)
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# --- A browser's worth of HTTP: forms as the page gives them ---


class Forms(HTMLParser):
    """Every <form> of a page with the values a browser would send as it stands."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action", ""), "fields": {}, "names": set(), "buttons": []}
            )
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if name:
            self.forms[-1]["names"].add(name)
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    fields[name] = a.get("value", "on")
            elif kind == "submit":
                self.forms[-1]["buttons"].append((name, a.get("value", "")))
            elif kind != "file":
                fields[name] = a.get("value", "")
        elif tag == "button" and name:
            self.forms[-1]["buttons"].append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None


def form_of(html: str, contains: str) -> dict:
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        if any(contains in name for name in form["names"]) or contains in form["action"]:
            return form
    raise AssertionError(f"no form with {contains!r}")


def log_in(session: requests.Session, base: str) -> None:
    page = session.get(f"{base}/admin/login/")
    form = form_of(page.text, "username")
    fields = {**form["fields"], "username": "admin", "password": ADMIN_PASSWORD}
    done = session.post(f"{base}/admin/login/", data=fields, allow_redirects=False)
    assert done.status_code == 302, f"admin login failed: {done.status_code}"


# --- The test ---


class Sink:
    """An SMTP server on loopback that keeps what it receives and refuses the recipients in
    `refuse` with a 550, as a mail server does for an unknown mailbox."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.lower() in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        # The default policy decodes headers (subjects in Arabic, Chinese…) to text.
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def body_of(message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        for part in parts
        if part.get_content_type() == "text/plain"
    )


def part_of(message, content_type: str) -> str:
    for piece in message.walk():
        if piece.get_content_type() == content_type:
            return piece.get_payload(decode=True).decode(piece.get_content_charset() or "utf-8")
    return ""


def sql(dsn: str, query: str, *params):
    with psycopg.connect(dsn, autocommit=True) as connection:
        cursor = connection.execute(query, params)
        return cursor.fetchall() if cursor.description else []


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="iprh-smoke-"))
    database = f"iprh_smoke_{os.getpid()}"
    restored = f"{database}_restored"
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=free_port())
    try:
        with step("pip install . into a fresh virtual environment"):
            subprocess.run([sys.executable, "-m", "venv", work / "venv"], check=True)
            subprocess.run(
                [work / "venv/bin/pip", "install", "--quiet", str(ROOT)],
                check=True,
                cwd=work,
                stderr=subprocess.DEVNULL,  # the mirror's "location ignored" warnings
            )
        for name in (database, restored):
            sql(f"{PG}/postgres", f'DROP DATABASE IF EXISTS "{name}"')
        sql(f"{PG}/postgres", f'CREATE DATABASE "{database}"')
        redis.Redis.from_url(REDIS).flushdb()
        smtp.start()
        # Ports first: the links in e-mails name the first app server (WAGTAILADMIN_BASE_URL).
        ports = [free_port(), free_port()]
        one, two = (f"http://127.0.0.1:{port}" for port in ports)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))},
            "PATH": f"{work / 'venv/bin'}:{os.environ['PATH']}",
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"{PG}/{database}",
            "REDIS_URL": REDIS,
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "DEFAULT_FROM_EMAIL": "hub@example.org",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "PRIVATE_MEDIA_ROOT": str(work / "private"),
            "EXPORT_STALE_AFTER": str(STALE_AFTER),
            "HEALTH_QUEUE_MAX_AGE": str(QUEUE_MAX_AGE),
            "WEB_CONCURRENCY": "2",
            "WAGTAILADMIN_BASE_URL": one,
            "SURVEYS_MAIL_RATE": str(MAIL_RATE),
            "SURVEYS_MAIL_BATCH": str(MAIL_BATCH),
            "SURVEYS_OUTREACH_EVERY": str(OUTREACH_EVERY),
            "EMAIL_TIMEOUT": str(EMAIL_TIMEOUT),
        }
        _MANAGE_ENV.update(env)
        lines = procfile()
        with step("release: migrate, compile messages, collectstatic"):
            run(lines["release"], env)
        with step("load the demo"):
            run(f"python manage.py load_demo --admin-password={ADMIN_PASSWORD}", env)

        with step("start two web processes and a worker"):
            webs = [
                start(lines["web"], {**env, "PORT": str(port)}, work / f"web-{port}.log")
                for port in ports
            ]
            worker = start(lines["worker"], env, work / "worker.log")
            for base in (one, two):
                # 200 once the worker has run the ~1,900 index updates load_demo queued
                # (about 20 s here): the queue check fails while they wait.
                wait_for(f"{base}/healthz/", lambda b=base: _ok(f"{b}/healthz/"), timeout=300)
        check_public_site(one)
        check_publishing(one, two)
        check_enrolment(one, two, sink)
        check_export(one, env, work)
        worker = check_dead_worker(one, env, work, worker)
        worker = check_outreach(one, two, env, work, sink, worker)
        check_backup(env, work, database, restored)
        check_assistance_request(one, two, sink)
        for process in [*webs, worker]:
            stop(process)
        say("smoke test passed")
        for name, seconds in TIMINGS:
            print(f"  {seconds:7.1f} s  {name}")
        return 0
    except Exception:
        for log in sorted(work.glob("*.log")):
            print(f"--- {log.name} (last 40 lines)")
            print("\n".join(log.read_text(errors="replace").splitlines()[-40:]))
        raise
    finally:
        for process in PROCESSES:
            stop(process)
        with contextlib.suppress(Exception):
            smtp.stop()
        for name in (database, restored):
            with contextlib.suppress(Exception):
                sql(f"{PG}/postgres", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)


def _failing_health(base: str) -> dict | None:
    answer = requests.get(f"{base}/healthz/", timeout=10)
    return answer.json() if answer.status_code == 503 else None


def _ok(url: str) -> bool:
    with contextlib.suppress(requests.RequestException):
        return requests.get(url, timeout=5).status_code == 200
    return False


def check_public_site(base: str) -> None:
    with step("health, a public page and its static file"):
        health = requests.get(f"{base}/healthz/", timeout=10)
        assert health.status_code == 200 and health.json()["status"] == "ok", health.text
        page = requests.get(f"{base}/en/", timeout=10)
        assert page.status_code == 200, page.status_code
        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page.text)
        assert css, "the page links no hashed stylesheet: is the manifest there?"
        static = requests.get(base + css[1], timeout=10, headers={"Accept-Encoding": "gzip"})
        assert static.status_code == 200 and "immutable" in static.headers["Cache-Control"]


def check_publishing(one: str, two: str) -> None:
    """Through the Wagtail admin in Chromium (its editor needs JavaScript), as an editor would."""
    from playwright.sync_api import sync_playwright

    with step("an editor publishes on one app server, the other shows it at once"):
        before = requests.get(f"{two}/en/about/", timeout=10)  # now in the shared cache
        assert before.status_code == 200
        page_id = sql(
            _MANAGE_ENV["DATABASE_URL"],
            "SELECT p.id FROM wagtailcore_page p JOIN wagtailcore_locale l ON l.id = p.locale_id"
            " WHERE p.slug = 'about' AND l.language_code = 'en'",
        )[0][0]
        title = f"About the project {secrets.token_hex(3)}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.goto(f"{one}/admin/login/")
            page.fill("input[name=username]", "admin")
            page.fill("input[name=password]", ADMIN_PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(f"{one}/admin/")
            page.goto(f"{one}/admin/pages/{page_id}/edit/")
            page.fill("#id_title", title)
            publish = page.locator("button[name=action-publish]")
            if not publish.is_visible():
                page.locator("footer button.w-dropdown__toggle").click()
            publish.click()
            page.wait_for_load_state("networkidle")
            browser.close()
        after = requests.get(f"{two}/en/about/", timeout=10)
        assert title in after.text, "the other app server still serves the old page"


def check_enrolment(one: str, two: str, sink: Sink) -> None:
    with step("a participant enrols and receives the personal link by e-mail"):
        key = _manage_output(
            "from surveys.models import Cohort; c = Cohort.objects.order_by('pk').first(); "
            "c.self_enrolment = True; c.save(); print(c.enrolment_key)"
        )
        visitor = requests.Session()
        address = f"{one}/fr/survey/enrol/{key}/"
        form = form_of(visitor.get(address, timeout=10).text, "consent")
        fields = {
            **form["fields"],
            "consent": "on",
            "country": "SN",
            "office_type": "national_ip_office",
            "stakeholder_group": "ip-offices",
            "sex": "female",
            "language": "fr",
            "email": "awa@example.org",
        }
        sent = visitor.post(address, data=fields, timeout=10, allow_redirects=False)
        assert sent.status_code == 303, sent.status_code
        link = sent.headers["Location"].split("?")[0]
        token = link.rstrip("/").rsplit("/", 1)[1]
        mail = wait_for(
            "the personal link in the SMTP sink",
            lambda: [m for m in sink.messages if token in body_of(m)],
            timeout=60,
        )[0]
        assert mail["To"] == "awa@example.org"
        mailed = re.search(r"https?://\S+", body_of(mail))[0]
        assert mailed.split("?")[0].endswith(f"/fr/survey/{token}/")
        # The other app server knows the participant at once: one database.
        assert requests.get(f"{two}/fr/survey/{token}/", timeout=10).status_code == 200


_MANAGE_ENV: dict = {}


def _manage_output(code: str) -> str:
    result = run(f'python manage.py shell -c "{code}"', _MANAGE_ENV, capture_output=True)
    return result.stdout.strip().splitlines()[-1]


def _manage_script(work: Path, name: str, code: str, **values) -> str:
    """`code` run by `manage.py shell` under the production settings, each of `values` a
    global of the script (through JSON); returns the last line it printed."""
    script = work / f"{name}.py"
    given = "".join(f"{key} = json.loads({json.dumps(value)!r})\n" for key, value in values.items())
    script.write_text("import json\n" + given + textwrap.dedent(code))
    done = subprocess.run(
        ["sh", "-c", f"python manage.py shell < {script}"],
        cwd=ROOT,
        env=_MANAGE_ENV,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, f"{name} failed:\n{done.stderr[-3000:]}"
    return done.stdout.strip().splitlines()[-1]


def _manage(command: str, env: dict) -> str:
    output = run(f"python manage.py {command}", env, capture_output=True).stdout.strip()
    say(f"{command.split()[0]}: {output}")
    return output


OUTREACH_COHORT = """
    import datetime

    from django.utils import timezone
    from wagtail.models import Locale

    from surveys.enrolment import new_participant_codes
    from surveys.models import Cohort, CohortPhase, Instrument, Participant

    now = timezone.now()
    cohort = Cohort.objects.create(
        name="Smoke outreach — Genève",
        slug="smoke-outreach",
        starts_on=(now + datetime.timedelta(days=6)).date(),
        ends_on=(now + datetime.timedelta(days=8)).date(),
        place="Geneva",
    )
    phase = CohortPhase.objects.create(
        cohort=cohort,
        phase="pre",
        instrument=Instrument.objects.get(code="competence", locale=Locale.get_default()),
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=5),
        invite_on_opening=False,
        reminder_days="7, 2",
    )
    codes = new_participant_codes(cohort, len(PEOPLE))
    for number, ((email, language), code) in enumerate(zip(PEOPLE, codes, strict=True)):
        Participant.objects.create(
            cohort=cohort,
            code=code,
            name=f"Participant {number}",
            email=email,
            language=language,
            country="SN",
            sex="female",
            office_type="national_ip_office",
            stakeholder_group="ip-offices",
            consented_at=now,
        )
    print(json.dumps({"cohort": cohort.pk, "phase": phase.pk, "name": cohort.name}))
"""

OUTREACH_SUBMISSIONS = """
    from django.utils import timezone
    from survey.models import Response

    from surveys.models import CohortPhase, Submission

    phase = CohortPhase.objects.select_related("cohort", "instrument").get(
        cohort__slug="smoke-outreach", phase="pre"
    )
    for person in phase.cohort.participants.filter(email__in=EMAILS):
        Submission.objects.create(
            participant=person,
            phase="pre",
            response=Response.objects.create(survey_id=phase.instrument.survey_id),
            language=person.language,
            submitted_at=timezone.now(),
        )
    print(Submission.objects.filter(participant__cohort=phase.cohort).count())
"""


def check_outreach(
    one: str, two: str, env: dict, work: Path, sink: Sink, worker: subprocess.Popen
) -> subprocess.Popen:
    """Invitations and reminders as an operator sends them and participants receive them.
    Returns the worker that replaced the one killed mid-batch."""
    dsn = env["DATABASE_URL"]
    people = [
        (f"outreach-{language}-{number:02d}@outreach.example.org", language)
        for number in range(10)
        for language in OUTREACH_LANGUAGES
    ]
    deliverable = {email for email, _language in people}
    sink.refuse.add(REFUSED)

    def received(since: int) -> list[EmailMessage]:
        return [m for m in sink.messages[since:] if str(m["To"]) in deliverable | {REFUSED}]

    def messages(kind: str, *statuses: str) -> list[tuple]:
        """(address, status, error) of this cohort's messages of one kind."""
        return sql(
            dsn,
            "SELECT p.email, m.status, m.error FROM surveys_outreachmessage m"
            " JOIN surveys_participant p ON p.id = m.participant_id"
            " WHERE p.cohort_id = %s AND m.kind = %s AND m.status = ANY(%s)",
            cohort,
            kind,
            list(statuses),
        )

    with step("invitations and reminders: 61 enrolled in six languages, invitations queued"):
        created = json.loads(
            _manage_script(
                work, "outreach_cohort", OUTREACH_COHORT, PEOPLE=[*people, (REFUSED, "fr")]
            )
        )
        cohort, phase, name = created["cohort"], created["phase"], created["name"]
        before = len(sink.messages)
        queued = _manage("send_invitations --cohort smoke-outreach --phase pre", env)
        assert queued.startswith("61 invitations queued"), queued

    with step("invitations and reminders: the worker killed mid-batch, one invitation each"):
        wait_for("15 invitations", lambda: len(received(before)) >= 15, timeout=60, every=0.05)
        stop(worker, signal.SIGKILL)
        # Killed between the server's "250" and the row marked sent, or in the middle of the
        # exchange: that message stays `sending`, by design never sent again.
        stuck = [email for email, *_ in messages("invitation", "sending")]
        say(f"worker killed after {len(received(before))} invitations; left sending: {stuck}")
        assert len(stuck) <= 1, stuck
        worker = start(procfile()["worker"], env, work / "worker-outreach.log")
        killed = time.monotonic()
        # The dead sender's lease expires (pause + EMAIL_TIMEOUT + 30 s); the worker's pass of
        # the schedule, every OUTREACH_EVERY s, then has the rest delivered.
        wait_for(
            "every invitation to be delivered or refused",
            lambda: (
                not messages("invitation", "pending")
                and len(messages("invitation", "sending")) == len(stuck)
            ),
            timeout=180,
        )
        say(f"all delivered {time.monotonic() - killed:.0f} s after the kill")
        invitations = received(before)
        addresses = [str(m["To"]) for m in invitations]
        duplicates = {a for a in addresses if addresses.count(a) > 1}
        assert not duplicates, f"invited twice: {duplicates}"
        sent = {email for email, *_ in messages("invitation", "sent")}
        assert len(sent) + len(stuck) == 60, (len(sent), stuck)
        assert sent <= set(addresses) <= deliverable, set(addresses) ^ deliverable
        assert set(addresses) | set(stuck) == deliverable
        if stuck:
            where = "in the sink" if stuck[0] in addresses else "never reached the sink"
            say(f"{stuck[0]}: left `sending`, {where}")
        [(address, _status, error)] = messages("invitation", "bounced")
        assert address == REFUSED and error.startswith("550"), (address, error)
        assert not messages("invitation", "failed")

    with step("invitations and reminders: each in its language, links that work"):
        subjects = dict(
            sql(
                dsn,
                "SELECT l.language_code, m.subject FROM surveys_invitationmessage m"
                " JOIN wagtailcore_locale l ON l.id = m.locale_id WHERE m.phase = 'pre'",
            )
        )
        assert set(subjects) == set(OUTREACH_LANGUAGES), subjects
        tokens = dict(
            sql(dsn, "SELECT email, token FROM surveys_participant WHERE cohort_id = %s", cohort)
        )
        language_of = dict(people)
        opened = set()
        for mail in invitations:
            address = str(mail["To"])
            language, token = language_of[address], tokens[address]
            expected = subjects[language].replace("{cohort}", name)
            assert mail["Subject"].strip() == expected, (address, mail["Subject"], expected)
            link = f"{one}/{language}/survey/{token}/"
            assert link in part_of(mail, "text/plain"), f"no personal link to {address}"
            html = part_of(mail, "text/html")
            assert ('dir="rtl"' in html) == (language == "ar"), f"direction of {address}"
            assert mail["List-Unsubscribe"], f"no List-Unsubscribe to {address}"
            if language not in opened:  # the link, on the other app server
                answer = requests.get(link.replace(one, two, 1), timeout=10)
                assert answer.status_code == 200, (link, answer.status_code)
                opened.add(language)
        assert opened == set(OUTREACH_LANGUAGES), opened
        written_in = sql(
            dsn,
            "SELECT p.email FROM surveys_outreachmessage m"
            " JOIN surveys_participant p ON p.id = m.participant_id"
            " WHERE p.cohort_id = %s AND m.status = 'sent' AND m.language <> p.language",
            cohort,
        )
        assert not written_in, f"not written in their language: {written_in}"

    with step("invitations and reminders: sent once; 20 submit, one opts out"):
        before = len(sink.messages)
        again = time.monotonic()
        queued = _manage("send_invitations --cohort smoke-outreach --phase pre", env)
        assert queued.startswith("0 invitations queued"), queued
        # Twenty participants submit (whoever was left `sending` among them: never invited,
        # so never reminded either way).
        spread = [email for email, _language in people if email in sent]
        submitters = (stuck + [email for email in spread if email not in stuck])[:20]
        count = _manage_script(
            work, "outreach_submissions", OUTREACH_SUBMISSIONS, EMAILS=submitters
        )
        assert count == "20", count
        # One who did not submit stops the reminders, as a mail program does (RFC 8058).
        quitter = next(email for email in spread if email not in submitters)
        mail = next(m for m in invitations if str(m["To"]) == quitter)
        stop_url = re.sub(r"\s+", "", str(mail["List-Unsubscribe"])).strip("<>")
        assert stop_url.startswith(f"{one}/"), stop_url
        answer = requests.post(stop_url, timeout=10)
        assert answer.status_code == 200, answer.status_code
        assert sql(
            dsn,
            "SELECT 1 FROM surveys_optout o JOIN surveys_participant p ON p.id = o.participant_id"
            " WHERE p.email = %s AND o.phase = 'pre'",
            quitter,
        ), "no opt-out recorded"
        time.sleep(max(0.0, 8 - (time.monotonic() - again)))
        assert len(sink.messages) == before, "the second send_invitations wrote to someone"

    with step("invitations and reminders: reminders to those who have not submitted"):
        # Sent three days ago, as if: the 7-day reminder (due since two days) follows them.
        # Last, since the worker's own pass may plan the reminders at once.
        sql(
            dsn,
            "UPDATE surveys_outreachmessage SET sent_at = now() - interval '3 days'"
            " WHERE kind = 'invitation' AND status = 'sent'"
            " AND participant_id IN (SELECT id FROM surveys_participant WHERE cohort_id = %s)",
            cohort,
        )
        before = len(sink.messages)
        _manage("send_reminders", env)
        expected = sent - set(submitters) - {quitter}
        assert len(expected) == 39, len(expected)
        wait_for("39 reminders", lambda: len(received(before)) >= 39, timeout=90, every=0.2)
        wait_for(
            "the reminders marked sent", lambda: not messages("reminder", "pending", "sending"), 30
        )
        reminders = received(before)
        reminded = [str(m["To"]) for m in reminders]
        assert sorted(reminded) == sorted(expected), set(reminded) ^ expected
        assert {email for email, *_ in messages("reminder", "sent")} == expected
        english = next(m for m in reminders if language_of[str(m["To"])] == "en")
        # (Subjects are folded from an empty first line: a leading space once decoded.)
        assert english["Subject"].strip().startswith("Reminder: "), english["Subject"]
        before, again = len(sink.messages), time.monotonic()
        _manage("send_reminders", env)
        time.sleep(max(0.0, 8 - (time.monotonic() - again)))
        assert len(sink.messages) == before, "the second send_reminders wrote to someone"

    with step("invitations and reminders: the admin's funnel equals the database"):
        evaluator = requests.Session()
        log_in(evaluator, one)
        page = evaluator.get(f"{two}/admin/surveys/phases/{phase}/invitations/", timeout=30)
        assert page.status_code == 200, page.status_code
        shown = {
            key: int(value) for key, value in re.findall(r'data-count="(\w+)">(\d+)<', page.text)
        }
        people_of = "SELECT id FROM surveys_participant WHERE cohort_id = %s"
        database = {
            key: sql(dsn, query, cohort)[0][0]
            for key, query in {
                "enrolled": "SELECT count(*) FROM surveys_participant WHERE cohort_id = %s",
                "invited": _outreach_count("kind = 'invitation' AND status = 'sent'"),
                "started": _submission_count(""),
                "submitted": _submission_count(" AND submitted_at IS NOT NULL"),
                "reminded": _outreach_count("kind = 'reminder' AND status = 'sent'"),
                "opted_out": "SELECT count(*) FROM surveys_optout"
                f" WHERE phase = 'pre' AND participant_id IN ({people_of})",
                "undelivered": _outreach_count("status IN ('bounced', 'failed')"),
                "waiting": "SELECT count(*) FROM surveys_outreachmessage"
                f" WHERE status IN ('pending', 'sending') AND participant_id IN ({people_of})",
            }.items()
        }
        assert shown == database, (shown, database)
        assert database == {
            "enrolled": 61,
            "invited": 60 - len(stuck),
            "started": 20,
            "submitted": 20,
            "reminded": 39,
            "opted_out": 1,
            "undelivered": 1,
            "waiting": len(stuck),
        }, database
        # The worker keeps the schedule's next pass queued for later, by itself.
        # (Waited for: while a pass runs, its successor is not queued yet.)
        queued = wait_for(
            "a pass of the schedule queued for later",
            lambda: sql(
                dsn,
                "SELECT run_after - now() FROM django_tasks_database_dbtaskresult"
                " WHERE task_path = 'surveys.tasks.outreach_pass' AND status = 'READY'",
            ),
            timeout=2 * OUTREACH_EVERY,
            every=0.2,
        )
        say(f"next pass of the schedule in {queued[0][0].total_seconds():.1f} s")
    return worker


def _outreach_count(condition: str) -> str:
    return (
        f"SELECT count(DISTINCT participant_id) FROM surveys_outreachmessage WHERE {condition}"
        " AND phase = 'pre'"
        " AND participant_id IN (SELECT id FROM surveys_participant WHERE cohort_id = %s)"
    )


def _submission_count(condition: str) -> str:
    return (
        "SELECT count(DISTINCT participant_id) FROM surveys_submission WHERE phase = 'pre'"
        f"{condition}"
        " AND participant_id IN (SELECT id FROM surveys_participant WHERE cohort_id = %s)"
    )


def _export(session: requests.Session, base: str) -> str:
    page = session.get(f"{base}/admin/evaluation/export/", timeout=10)
    form = form_of(page.text, "language")
    queued = session.post(
        f"{base}/admin/evaluation/export/",
        data={**form["fields"], "language": "en", "cohort": ""},
        timeout=10,
        allow_redirects=False,
    )
    assert queued.status_code == 302, f"export refused: {queued.status_code}"
    return urljoin(base, queued.headers["Location"])


def _status(dsn: str, status_url: str) -> tuple[str, str]:
    pk = int(re.search(r"/(\d+)/$", status_url)[1])
    return sql(dsn, "SELECT status, error FROM evaluation_reviewexport WHERE id = %s", pk)[0]


def check_export(base: str, env: dict, work: Path) -> None:
    with step("grow to 20x the demo's participants (generate_cohort)"):
        # 151 in the demo and 2,871 generated (one of them enrolled twice): about 3,000.
        _manage("generate_cohort --participants 2870 --seed 20", env)
    evaluator = requests.Session()
    log_in(evaluator, base)
    with step("an export at 20x the demo, built by the worker"):
        status_url = _export(evaluator, base)
        wait_for(
            "the export to be done",
            lambda: _status(env["DATABASE_URL"], status_url)[0] in ("done", "failed"),
            timeout=300,
        )
        status, error = _status(env["DATABASE_URL"], status_url)
        assert status == "done", f"export {status}: {error}"
        pk = int(re.search(r"/(\d+)/$", status_url)[1])
        waited, built = sql(
            env["DATABASE_URL"],
            "SELECT started_at - created_at, finished_at - started_at"
            " FROM evaluation_reviewexport WHERE id = %s",
            pk,
        )[0]
        say(
            f"queued {waited.total_seconds():.1f} s behind other tasks, "
            f"built in {built.total_seconds():.1f} s"
        )
        page = evaluator.get(status_url, timeout=10).text
        download = re.search(r'href="([^"]*/download/[^"]*)"', page)
        assert download, "the status page offers no download"
        file = evaluator.get(urljoin(base, download[1]), timeout=60)
        assert file.status_code == 200
        (work / "review.xlsx").write_bytes(file.content)
        book = openpyxl.load_workbook(work / "review.xlsx", read_only=True)
        assert len(book.sheetnames) > 10, book.sheetnames


def check_dead_worker(base: str, env: dict, work: Path, worker: subprocess.Popen):
    evaluator = requests.Session()
    log_in(evaluator, base)
    dsn = env["DATABASE_URL"]
    with step(f"the worker killed mid-export: failed within {STALE_AFTER} s"):
        status_url = _export(evaluator, base)
        wait_for("the export to start", lambda: _status(dsn, status_url)[0] == "running", 60, 0.1)
        stop(worker, signal.SIGKILL)
        killed = time.monotonic()
        # The status page, as the evaluator keeps it open, finds the job stale.
        wait_for(
            "the export to be marked failed",
            lambda: (
                evaluator.get(status_url, timeout=10).ok and _status(dsn, status_url)[0] == "failed"
            ),
            timeout=STALE_AFTER + 30,
            every=2,
        )
        message = _status(dsn, status_url)[1]
        say(f"failed {time.monotonic() - killed:.0f} s after the kill: {message}")
    with step(f"no worker: /healthz/ 503 once a task waits over {QUEUE_MAX_AGE} s"):
        _export(evaluator, base)
        failing = wait_for(
            "/healthz/ to fail",
            lambda: _failing_health(base),
            timeout=QUEUE_MAX_AGE + 30,
        )
        assert failing["status"] == "fail" and "waiting" in failing["checks"]["queue"], failing
        worker = start(procfile()["worker"], env, work / "worker-2.log")
        wait_for("/healthz/ to recover", lambda: _ok(f"{base}/healthz/"), timeout=180)
    return worker


def check_backup(env: dict, work: Path, database: str, restored: str) -> None:
    with step("backup, restore into a new database, the same indicators"):
        run(f"python manage.py backup --output {work / 'backup'}", env)
        sql(f"{PG}/postgres", f'CREATE DATABASE "{restored}"')
        target = {**env, "DATABASE_URL": f"{PG}/{restored}"}
        run(f"python manage.py restore {work / 'backup'} --no-input", target)
        original = run("python manage.py indicators --json", env, capture_output=True).stdout
        copy = run("python manage.py indicators --json", target, capture_output=True).stdout
        assert json.loads(original) == json.loads(copy), "restored indicators differ"


def _mail_to(sink: Sink, address: str, containing: str) -> EmailMessage:
    return wait_for(
        f"an e-mail to {address} with {containing!r}",
        lambda: [
            m
            for m in sink.messages
            if m["To"] == address and containing in f"{m['Subject']}\n{body_of(m)}"
        ],
        timeout=60,
    )[-1]


def check_assistance_request(one: str, two: str, sink: Sink) -> None:
    with step("an assistance request: filed in Arabic, matched, accepted by link, closed"):
        _manage_output(
            "from django.contrib.auth.models import Group, User; "
            "from wagtail.users.models import UserProfile; "
            "u = User.objects.create_user('cora', 'cora@example.org', 'x'); "
            "u.groups.add(Group.objects.get(name='Coordinators')); "
            "p = UserProfile.get_for_user(u); p.preferred_language = 'fr'; p.save(); print(u.pk)"
        )
        office = requests.Session()
        address = f"{one}/ar/request-assistance/"
        form = form_of(office.get(address, timeout=10).text, "contact_email")
        fields = {
            **form["fields"],
            "office": "المكتب الوطني للملكية الصناعية",
            "country": "JO",
            "contact_name": "Rania Saleh",
            "contact_email": "rania@example.org",
            "crisis_kind": "cyber",
            "description": "توقف نظام الإيداع الإلكتروني بعد هجوم إلكتروني.",
            "services_affected": "filing",
            "expertise_needed": "online-services",
            "urgency": "immediate",
            "consent": "on",
        }
        sent = office.post(address, data=fields, timeout=10, allow_redirects=False)
        assert sent.status_code == 302 and sent.headers["Location"].endswith("?sent=1")
        reference = re.search(r"AR-\d{4}", _mail_to(sink, "rania@example.org", "AR-")["Subject"])[0]
        acknowledged = _mail_to(sink, "rania@example.org", reference)
        assert re.search("[\u0600-\u06ff]", body_of(acknowledged)), "not written in Arabic"
        notice = _mail_to(sink, "cora@example.org", reference)
        assert "demande" in notice["Subject"].lower(), notice["Subject"]

        coordinator = requests.Session()
        log_in(coordinator, two)
        # The coordinator follows the notice's link, on the other app server.
        page_url = two + re.search(r"/admin/experts/requests/\d+/", body_of(notice))[0]
        page = coordinator.get(page_url, timeout=10)
        expert_id = re.search(r'name="experts" value="(\d+)"', page.text)[1]
        form = form_of(page.text, "experts")
        proposed = coordinator.post(
            page_url, data={**form["fields"], "experts": expert_id}, timeout=10
        )
        assert proposed.status_code == 200 and reference in proposed.text
        expert_email = sql(
            _MANAGE_ENV["DATABASE_URL"],
            "SELECT email FROM experts_expert WHERE id = %s",
            int(expert_id),
        )[0][0]
        invitation = _mail_to(sink, expert_email, reference)
        link = re.search(r"https?://\S+/experts/answer/\S+/", body_of(invitation))[0]
        assert "rania@example.org" not in body_of(invitation)

        expert = requests.Session()
        link = one + re.search(r"/[a-z-]+/experts/answer/\S+/", link)[0]
        answer_page = expert.get(link, timeout=10)
        assert answer_page.status_code == 200 and "no-store" in answer_page.headers["Cache-Control"]
        form = form_of(answer_page.text, "answer")
        accepted = expert.post(link, data={**form["fields"], "answer": "accept"}, timeout=10)
        assert accepted.status_code == 200 and "rania@example.org" in accepted.text
        helped = _mail_to(sink, "rania@example.org", expert_email)
        assert reference in helped["Subject"]

        page = coordinator.get(page_url, timeout=10)
        form = form_of(page.text, "outcome")
        closed = coordinator.post(
            page_url,
            data={**form["fields"], "help_given": "yes", "outcome": "Filing restored."},
            timeout=10,
        )
        assert closed.status_code == 200
        state = sql(
            _MANAGE_ENV["DATABASE_URL"],
            "SELECT state, help_given FROM experts_assistancerequest WHERE contact_email = %s",
            "rania@example.org",
        )
        assert state == [("closed", True)], state
        _mail_to(sink, "rania@example.org", "Filing restored.")


if __name__ == "__main__":
    sys.exit(main())
