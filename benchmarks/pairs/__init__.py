"""The pairs of `make bench`, one module each. A module names its ID, GOAL and DATABASES and
defines `measure(kind, url) -> dict` (a row of results.json, see benchmarks.harness.pair);
benchmarks/run.py runs it in its own process, on its own copy of the prepared database, as
`python -m benchmarks.pairs.<module> --database KIND --url URL --out FILE`."""

import argparse
from collections.abc import Callable

from ..common import write_result

PAIRS = [
    "p1_page",
    "p2_cached_page",
    "p3_answer_screen",
    "p4_indicators",
    "p5_workbook",
    "p6_library_export",
    "l1_submissions",
]


def main(measure: Callable[[str, str], dict]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--out")
    args = parser.parse_args()
    write_result(args.out, {"database": args.database, **measure(args.database, args.url)})
