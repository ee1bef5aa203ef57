"""P6: the review workbook at about 10,000 submitted responses against django-survey-and-report's
own export, Survey2Csv, on the same responses.

Survey2Csv reads each response's answers and then each answer's question, one query each
(about 32 per response of 30 items): measured on this machine at 141.6 s and 320,002
queries for 10,000 × 30. Run in full on both databases it alone would exceed the bench's
time budget, so B times its own per-response code (get_user_line and line_list_to_string,
exactly what its __str__ loops over) on a sample of the same submitted responses, spread
over every survey, and scales it by the number of responses. Its cost is linear in the
responses: every one costs the same queries."""

import io

from django.db import connection

from ..common import QUICK, setup_django
from ..harness import alternate, pair
from . import main

ID = "P6"
GOAL = "≤ 0.05"
DATABASES = ("sqlite", "postgresql")
SIZE = "r10k"
SAMPLE = 100 if QUICK else 300  # responses Survey2Csv exports per measurement


def measure(kind: str, url: str) -> dict:
    setup_django(url)
    from django.core.cache import cache
    from survey.exporter.csv.survey2csv import Survey2Csv
    from survey.models import Response, Survey

    from evaluation.workbook import build_workbook

    submitted = Response.objects.filter(submission__submitted_at__isnull=False)
    total = submitted.count()
    surveys = list(Survey.objects.filter(responses__in=submitted).distinct())
    share = SAMPLE / total
    sample = []
    for survey in surveys:
        ids = list(submitted.filter(survey=survey).order_by("pk").values_list("pk", flat=True))
        sample.append((Survey2Csv(survey), ids[:: max(1, round(1 / share))]))
    sampled = sum(len(ids) for _exporter, ids in sample)
    queries = [0]

    def count(execute, sql, params, many, context):  # every statement, however many
        queries[-1] += 1
        return execute(sql, params, many, context)

    def library_export() -> None:
        queries.append(0)
        with connection.execute_wrapper(count):
            for exporter, ids in sample:
                header, order = exporter.get_header_and_order()
                lines = [Survey2Csv.line_list_to_string(header)]
                # As its __str__ reads survey.responses.all(): one query, fresh rows.
                for response in Response.objects.filter(pk__in=ids).order_by("pk"):
                    line = Survey2Csv.get_user_line(order, response)
                    lines.append(Survey2Csv.line_list_to_string(line))

    def workbook() -> None:
        cache.clear()  # cold: not the indicators the dashboard or the last run left cached
        build_workbook(io.BytesIO())

    a_times, b_sample = alternate(workbook, library_export, repeat=3, warmup=1)
    scale = total / sampled
    b_times = [seconds * scale for seconds in b_sample]
    return pair(
        a_times,
        b_times,
        GOAL,
        f"A: build_workbook over {total} submitted responses. B: Survey2Csv's per-response "
        f"export timed on {sampled} of them (every survey) and scaled ×{scale:.1f} to all: "
        f"{queries[-1]} queries for the sample, about {round(queries[-1] * scale)} for all.",
        responses=total,
        b_sample_responses=sampled,
        b_scale=round(scale, 2),
        b_queries_estimated=round(queries[-1] * scale),
    )


if __name__ == "__main__":
    main(measure)
