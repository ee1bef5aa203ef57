"""L1: 200 participants finishing their assessment within 5 s, against gunicorn (4 workers).

Each participant has every screen of the open PRE phase saved but the last. Before the timed
burst each one GETs its last screen (the CSRF cookie, as a browser has it); then, starting at
evenly spaced moments over 5 s, each POSTs the last screen (saved, 302 to the review page) and
then the review page (submitted, 302 to the confirmation): the two requests a participant
sends to finish. Redirects are not followed, so only those two requests are timed.

One row per database: the runner merges the PostgreSQL and the SQLite figures into L1.
For looking into a cause by hand: L1_SPREAD_S (default 5; 0 sends every participant at once)
and L1_ENV ("NAME=value …", extra environment for gunicorn, e.g. "CONN_MAX_AGE=0")."""

import datetime
import math
import os
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from ..common import QUICK, gunicorn, setup_django

ID = "L1"
GOAL = "0 errors, 0 lost; p95 ≤ 1 s on both databases"
DATABASES = ("postgresql", "sqlite")
PARTICIPANTS = 200
SPREAD_S = float(os.environ.get("L1_SPREAD_S", "5"))
CLIENT_THREADS = 64  # enough for every request in flight at once at these latencies


def _prepare(count: int) -> tuple[list[tuple[str, int, dict[str, str]]], list[int]]:
    """Open the workshop's PRE phase and enrol `count` participants who saved every screen
    but the last; returns (token, last screen, its answers) per participant and their pks."""
    from django.utils import timezone

    from surveys import answering
    from surveys.enrolment import enrol
    from surveys.models import Cohort, CohortPhase
    from surveys.models.participants import EnrolledVia

    now = timezone.now()
    cohort = Cohort.objects.get(slug="geneva-regional-workshop")
    CohortPhase.objects.filter(cohort=cohort, phase="pre").update(
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=1)
    )
    source = CohortPhase.objects.get(cohort=cohort, phase="pre").instrument
    instrument = answering.instrument_in(source, "en")
    *first, last = answering.screens(instrument)

    def answers_of(screen: answering.Screen) -> dict[str, str]:
        # The first choice of every closed item is valid; ratings vary a little.
        return {
            item.code: answering.choices_of(item, instrument)[n % 3][0]
            for n, item in enumerate(screen.items)
        }

    work, pks = [], []
    for n in range(count):
        participant = enrol(
            cohort,
            name=f"Load participant {n}",
            email="",
            country="CH",
            sex="female",
            office_type="national_ip_office",
            function="",
            stakeholder_group="ip-offices",
            language="en",
            via=EnrolledVia.ADMIN,
            consented=True,
        )
        submission = answering.start(participant, "pre", source, "en")
        for screen in first:
            answering.save_answers(submission, screen.items, answers_of(screen), screen.number)
        work.append((participant.token, last.number, answers_of(last)))
        pks.append(participant.pk)
    return work, pks


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def _burst(base: str, work: list[tuple[str, int, dict[str, str]]]) -> dict[str, Any]:
    """The CSRF GETs first (untimed), then every participant's two POSTs on schedule."""
    sessions = []
    for token, number, _answers in work:
        session = requests.Session()
        page = session.get(f"{base}/en/survey/{token}/pre/{number}/", timeout=30)
        page.raise_for_status()
        sessions.append(session)

    latencies: list[float] = []
    submits: list[float] = []
    totals: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    started = time.perf_counter() + 0.2

    def finish(index: int) -> None:
        token, number, answers = work[index]
        session = sessions[index]
        delay = started + index * SPREAD_S / len(work) - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        csrf = {"csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}
        steps = [
            (f"{base}/en/survey/{token}/pre/{number}/", {**answers, **csrf, "action": "next"}),
            (f"{base}/en/survey/{token}/pre/review/", csrf),
        ]
        began = time.perf_counter()
        for step, (url, data) in enumerate(steps):
            sent = time.perf_counter()
            try:
                response = session.post(
                    url, data=data, allow_redirects=False, timeout=60, headers={"Referer": url}
                )
                ok = response.status_code == 302
                problem = f"{response.status_code} {url}"
            except requests.RequestException as error:
                ok, problem = False, f"{type(error).__name__} {url}"
            took = time.perf_counter() - sent
            with lock:
                latencies.append(took)
                if step == 1:
                    submits.append(took)
                if not ok:
                    errors.append(problem)
            if not ok:
                return
        with lock:
            totals.append(time.perf_counter() - began)

    with ThreadPoolExecutor(CLIENT_THREADS) as pool:
        list(pool.map(finish, range(len(work))))
    wall = time.perf_counter() - started
    for session in sessions:
        session.close()
    return {
        "p95_s": round(_percentile(latencies, 0.95), 4),
        "median_s": round(statistics.median(latencies), 4),
        "max_s": round(max(latencies), 4),
        "submit_p95_s": round(_percentile(submits, 0.95), 4) if submits else None,
        "participant_p95_s": round(_percentile(totals, 0.95), 4) if totals else None,
        "requests": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:5],
        "wall_s": round(wall, 2),
    }


def measure(kind: str, url: str) -> dict[str, Any]:
    setup_django(url)
    from django.db import connections

    from surveys.models import Submission

    count = 50 if QUICK else PARTICIPANTS
    work, pks = _prepare(count)
    connections.close_all()  # nothing of this process stays open during the burst
    extra = dict(item.split("=", 1) for item in os.environ.get("L1_ENV", "").split() if item)
    with gunicorn(url, workers=4, **extra) as base:
        figures = _burst(base, work)
    submitted = Submission.objects.filter(
        participant_id__in=pks, phase="pre", submitted_at__isnull=False
    ).count()
    return {
        "id": ID,
        "goal": GOAL,
        "participants": count,
        "spread_s": SPREAD_S,
        **figures,
        "lost": count - submitted,
        "gunicorn_env": extra,
        "notes": (
            f"{count} participants, each POSTs its last screen then the review page, starts "
            f"spread evenly over {SPREAD_S:g} s; p95/median over all POSTs; lost = not "
            "submitted in the database afterwards"
        ),
    }


if __name__ == "__main__":
    from . import main

    main(measure)
