"""P4: all nine indicators at 20,000 participants against one SQL aggregate scanning the same
answers; and the evaluator's dashboard, which serves the survey-based results from the cache
until a cohort's data change (evaluation.result_cache)."""

import statistics
import time

from ..common import setup_django
from ..harness import alternate, pair
from . import main

ID = "P4"
GOAL = "≤ 3; dashboard view ≤ 1 s at 20,000"
DATABASES = ("sqlite", "postgresql")
SIZE = "p20k"


def floor_query() -> str:
    from survey.models import Answer

    from surveys.models import Submission

    # Every submitted answer, joined to its submission and grouped per phase and question:
    # the least any computation over those answers has to do in the database.
    return (  # table names from the models: no input reaches this SQL
        f"SELECT s.phase, a.question_id, COUNT(*), MIN(a.body), MAX(a.body) "
        f"FROM {Answer._meta.db_table} a "
        f"JOIN {Submission._meta.db_table} s ON s.response_id = a.response_id "
        f"WHERE s.submitted_at IS NOT NULL GROUP BY s.phase, a.question_id"
    )


def measure(kind: str, url: str) -> dict:
    setup_django(url)
    from django.contrib.auth.models import Group, User
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from survey.models import Answer

    from evaluation.registry import compute_indicators, default_scope, thresholds_from_settings
    from evaluation.roles import EVALUATORS
    from surveys.models import Participant

    sql = floor_query()

    def floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    def indicators() -> None:
        compute_indicators(default_scope(), thresholds_from_settings(), cached=False)

    a_times, b_times = alternate(indicators, floor, repeat=3 if kind == "postgresql" else 5)

    # The dashboard as an evaluator sees it: the first view computes, the next ones read.
    cache.clear()
    evaluator = User.objects.create_user("bench-evaluator", password=None)
    evaluator.groups.add(Group.objects.get(name=EVALUATORS))
    client = Client()
    client.force_login(evaluator)
    started = time.perf_counter()
    first = client.get("/admin/indicators/")
    cold = time.perf_counter() - started
    warm = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/admin/indicators/")
            warm.append(time.perf_counter() - started)
    if first.status_code != 200 or response.status_code != 200:
        raise RuntimeError(f"dashboard answered {first.status_code}, {response.status_code}")
    answers = Answer.objects.count()
    participants = Participant.objects.count()
    return pair(
        a_times,
        b_times,
        GOAL,
        f"A: compute_indicators (nine results, uncached) over {participants} participants and "
        f"{answers} answers. B: one GROUP BY over the same answers joined to their "
        f"submissions. Dashboard: GET /admin/indicators/ as an evaluator, first view (computes "
        f"and caches) {cold:.2f} s, next views median "
        f"{statistics.median(warm):.3f} s in {len(queries)} queries.",
        participants=participants,
        answers=answers,
        dashboard_cold_s=round(cold, 3),
        dashboard_median_s=round(statistics.median(warm), 4),
        dashboard_queries=len(queries),
    )


if __name__ == "__main__":
    main(measure)
