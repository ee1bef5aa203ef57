"""Benchmark: the indicators and the review workbook as the cohort grows.

Run by `make bench` on a scratch SQLite database: the demo (151 participants), then the same
cohort copied to 10× and 20× as many participants (answers bulk-copied, as a real import of
that size would store them). For each size it measures OBJ-1 + OP-4 computation, the
data-quality report and the workbook export: wall time, database queries and peak Python
memory (tracemalloc). It prints the ratios against the demo size and writes
benchmarks/results.json.

The goals: queries stay constant whatever the size; time and memory grow at most linearly
(a ratio per participant near or below 1), since answers are read in one grouped query and
the workbook is written row by row in openpyxl's write-only mode.
"""

import io
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = Path(os.environ.get("BENCH_DB", Path(tempfile.gettempdir()) / "iprh-bench.sqlite3"))
SCALES = [1, 10, 20]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH}"
    import django

    django.setup()


def fresh_demo() -> None:
    from django.core.management import call_command

    SCRATCH.unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def grow_to(factor: int) -> int:
    """Copy the demo's participants, their submissions and answers until there are
    `factor` times as many; returns the number of participants."""
    from django.db import transaction
    from survey.models import Answer, Response

    from surveys.models import Participant, Submission

    originals = list(Participant.objects.filter(code__startswith="").order_by("pk"))
    base = [p for p in originals if "-x" not in p.code]
    have = len(originals) // len(base)
    with transaction.atomic():
        for copy in range(have, factor):
            for person in base:
                clone = Participant.objects.get(pk=person.pk)
                clone.pk = None
                clone.code = f"{person.code}-x{copy}"
                clone.token = f"{person.token[:40]}x{copy}"
                # Other people: the data-quality report must not see 20 enrolments of one.
                clone.name = f"{person.name} x{copy}" if person.name else ""
                clone.email = f"x{copy}.{person.email}" if person.email else ""
                clone.save()
                for submission in Submission.objects.filter(participant=person):
                    response = Response.objects.create(survey_id=submission.response.survey_id)
                    Answer.objects.bulk_create(
                        Answer(question_id=a.question_id, response=response, body=a.body)
                        for a in Answer.objects.filter(response=submission.response).only(
                            "question_id", "body"
                        )
                    )
                    Submission.objects.create(
                        participant=clone,
                        phase=submission.phase,
                        response=response,
                        language=submission.language,
                        submitted_at=submission.submitted_at,
                    )
    return Participant.objects.count()


def measure(action) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()  # DEBUG's log is capped: a full one would count nothing
    tracemalloc.start()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        action()
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": round(seconds, 3), "queries": len(queries), "peak_mib": peak / 2**20}


def indicators() -> None:
    from evaluation.indicators.learning import obj1
    from evaluation.indicators.reaction import op4
    from evaluation.registry import default_scope

    scope = default_scope()
    obj1(scope)
    op4(scope)


def quality() -> None:
    from evaluation.quality import quality_report
    from evaluation.registry import default_scope

    quality_report(default_scope())


def workbook() -> None:
    from evaluation.workbook import build_workbook

    build_workbook(io.BytesIO())


TASKS = {"indicators": indicators, "quality": quality, "workbook": workbook}


def main() -> int:
    setup_django()
    fresh_demo()
    # Once unmeasured: the first run fills per-process caches (content types, the default
    # locale, settings) that would otherwise count as queries of the demo size only.
    for task in TASKS.values():
        task()
    runs = []
    for factor in SCALES:
        participants = grow_to(factor)
        runs.append(
            {
                "participants": participants,
                **{name: measure(task) for name, task in TASKS.items()},
            }
        )
    base = runs[0]
    report = {"scratch_database": str(SCRATCH), "runs": runs, "ratios": []}
    print(
        f"{'participants':>12} {'task':>10} {'seconds':>8} {'queries':>8} {'peak MiB':>9}"
        f" {'time/size':>10} {'memory/size':>12}"
    )
    for run in runs:
        size = run["participants"] / base["participants"]
        for task in TASKS:
            figures, first = run[task], base[task]
            time_ratio = figures["seconds"] / first["seconds"] / size
            memory_ratio = figures["peak_mib"] / first["peak_mib"] / size
            report["ratios"].append(
                {
                    "participants": run["participants"],
                    "task": task,
                    "time_per_size": round(time_ratio, 3),
                    "memory_per_size": round(memory_ratio, 3),
                    "queries_constant": figures["queries"] == first["queries"],
                }
            )
            print(
                f"{run['participants']:>12} {task:>10} {figures['seconds']:>8.2f} "
                f"{figures['queries']:>8} {figures['peak_mib']:>9.1f} {time_ratio:>10.2f} "
                f"{memory_ratio:>12.2f}"
            )
    output = ROOT / "benchmarks" / "results.json"
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"Wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
