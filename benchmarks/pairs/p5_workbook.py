"""P5: the review workbook at 20,000 participants against openpyxl's write-only mode writing
the same Data sheet cells from memory; and the peak memory the export adds, at 1,000 and at
20,000 participants, each measured in a fresh process (the resident set's peak, so nothing
slows the export down while it is measured)."""

import io
import json
import resource
import subprocess
import sys

from ..common import PYTHON, ROOT, database_url, environment, setup_django
from ..harness import alternate, pair
from . import main

ID = "P5"
GOAL = "≤ 1.5; peak memory growth 1 k → 20 k ≤ 100 MB"
DATABASES = ("sqlite", "postgresql")
SIZE = "p20k"


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def export_memory() -> dict:
    """In its own process: the resident peak added by one workbook export."""
    from evaluation.registry import compute_indicators
    from evaluation.workbook import build_workbook

    compute_indicators(cached=False)  # imports, URL resolvers, templates: not the export's
    before = _peak_mib()
    written = build_workbook(io.BytesIO())
    return {"peak_growth_mib": round(_peak_mib() - before, 1), "rows": written["rows"]}


def _memory_in(kind: str, size: str) -> dict:
    url = database_url(kind, size)
    result = subprocess.run(
        [PYTHON, "-m", "benchmarks.pairs.p5_workbook", "--memory", url],
        cwd=ROOT,
        env=environment(url),
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(kind: str, url: str) -> dict:
    small, large = _memory_in(kind, "p1k"), _memory_in(kind, SIZE)
    setup_django(url)
    from django.core.cache import cache
    from openpyxl import Workbook

    from evaluation.raw_csv import raw_rows
    from evaluation.registry import default_scope
    from evaluation.workbook import build_workbook

    header, _total, rows = raw_rows(default_scope())
    cells = [header, *rows]  # the floor writes from memory: read before it is timed

    def workbook() -> None:
        cache.clear()  # cold: not the indicators the dashboard or the last run left cached
        build_workbook(io.BytesIO())

    def floor() -> None:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Data")
        for row in cells:
            sheet.append(row)
        book.save(io.BytesIO())

    a_times, b_times = alternate(workbook, floor, repeat=2 if kind == "postgresql" else 3)
    growth = large["peak_growth_mib"] - small["peak_growth_mib"]
    return pair(
        a_times,
        b_times,
        GOAL,
        f"A: build_workbook, every sheet, {len(cells) - 1} Data rows of {len(header)} "
        f"columns. B: the Data sheet's rows (read before timing) appended to a write-only "
        f"openpyxl workbook and saved. Peak resident memory an export adds: "
        f"{small['peak_growth_mib']} MiB at 1,000 participants, "
        f"{large['peak_growth_mib']} MiB at 20,000.",
        data_rows=len(cells) - 1,
        columns=len(header),
        peak_growth_1k_mib=small["peak_growth_mib"],
        peak_growth_20k_mib=large["peak_growth_mib"],
        memory_growth_mib=round(growth, 1),
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--memory"]:
        setup_django(sys.argv[2])
        print(json.dumps(export_memory()))
    else:
        main(measure)
