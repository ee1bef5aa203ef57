"""`make profile`: where the time of the indicators and of the review workbook goes, as
pyinstrument call trees, on a database `make bench` prepared (default: SQLite, 20,000
participants).

    python benchmarks/profile.py [--database sqlite|postgresql] [--size p20k]"""

import argparse
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import database_url, setup_django  # noqa: E402 - the path above first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--size", default="p20k", help="a prepared size (benchmarks.common)")
    args = parser.parse_args()
    setup_django(database_url(args.database, args.size))
    from pyinstrument import Profiler

    from evaluation.registry import compute_indicators
    from evaluation.workbook import build_workbook

    compute_indicators()  # imports, URL resolvers, content types: not what is profiled
    for name, action in (
        ("the nine indicators", compute_indicators),
        ("the review workbook", lambda: build_workbook(io.BytesIO())),
    ):
        profiler = Profiler(interval=0.002)
        with profiler:
            action()
        print(f"\n=== {name} ({args.database}, {args.size}) ===")
        print(profiler.output_text(unicode=True, color=False, short_mode=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
