"""`make bench`: every pair of benchmarks/pairs side by side on SQLite and PostgreSQL, a table
of ratios, and benchmarks/results.json.

    python benchmarks/run.py [PAIR ...] [--databases sqlite,postgresql] [--reuse]

The databases are prepared first, both at once (the demo, then grown by generate_cohort to
each size of common.SIZES); --reuse keeps prepared ones from an earlier run. Each pair then
runs in its own process on its own copy, one at a time, so that no two measurements share
the machine. BENCH_QUICK=1 uses smaller sizes (for trying a change; the committed table is a
full run)."""

import argparse
import ast
import importlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (  # noqa: E402 - the path above first
    DATABASES,
    PG_SERVER,
    PYTHON,
    QUICK,
    ROOT,
    WORK,
    clone,
    drop,
    environment,
    sizes,
)
from benchmarks.pairs import PAIRS  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.json"


def _pair_modules(wanted: list[str]) -> list:
    modules = [importlib.import_module(f"benchmarks.pairs.{name}") for name in PAIRS]
    if wanted:
        modules = [m for m in modules if m.ID in {w.upper() for w in wanted}]
    return modules


def _run_pair(module, kind: str) -> dict:
    name = f"{module.ID.lower()}-run"
    url = clone(kind, getattr(module, "SIZE", "demo"), name)
    out = WORK / f"{module.ID}-{kind}.json"
    out.unlink(missing_ok=True)
    started = time.monotonic()
    completed = subprocess.run(
        [PYTHON, "-m", module.__name__, "--database", kind, "--url", url, "--out", str(out)],
        cwd=ROOT,
        env=environment(url),
        capture_output=True,
        text=True,
        timeout=1200,
    )
    drop(kind, name)
    if completed.returncode != 0 or not out.exists():
        tail = "\n".join((completed.stderr or completed.stdout).splitlines()[-15:])
        return {"error": f"exit {completed.returncode}: {tail}"}
    result = json.loads(out.read_text())
    result["took_s"] = round(time.monotonic() - started, 1)
    return result


def _merge(module, by_database: dict[str, dict]) -> dict:
    """One row per pair: the L1 row pairs PostgreSQL (A) with SQLite (B); the others carry
    the worse of their databases on top and each database's figures below."""
    if module.ID == "L1":
        postgres, sqlite = by_database.get("postgresql", {}), by_database.get("sqlite", {})
        return {
            "ratio": (
                round(postgres["p95_s"] / sqlite["p95_s"], 3)
                if postgres.get("p95_s") and sqlite.get("p95_s")
                else None
            ),
            "goal": module.GOAL,
            "a_p95_s": postgres.get("p95_s"),
            "b_p95_s": sqlite.get("p95_s"),
            "a_median_s": postgres.get("median_s"),
            "b_median_s": sqlite.get("median_s"),
            "errors": sum(r.get("errors", 0) for r in by_database.values()),
            "lost": sum(r.get("lost", 0) for r in by_database.values()),
            "notes": postgres.get("notes") or sqlite.get("notes", ""),
            "by_database": by_database,
        }
    measured = {kind: r for kind, r in by_database.items() if r.get("ratio") is not None}
    if not measured:
        return {"ratio": None, "goal": module.GOAL, "by_database": by_database}
    higher_is_better = module.ID == "P2"  # a throughput ratio
    pick = min if higher_is_better else max
    kind = pick(measured, key=lambda k: measured[k]["ratio"])
    top = {k: v for k, v in measured[kind].items() if k not in ("database", "took_s")}
    return {**top, "worst_on": kind, "by_database": by_database}


def _machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    postgres = ""
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres") as connection:
            postgres = connection.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - reported, not fatal
        postgres = f"unavailable: {error}"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": postgres,
        "quick": QUICK,
    }


def _print_table(results: dict) -> None:
    print(
        f"\n{'pair':<5} {'database':<11} {'A median s':>11} {'B median s':>11} {'ratio':>8}  goal"
    )
    for pair_id, row in results["pairs"].items():
        for kind, figures in row.get("by_database", {}).items():
            if "error" in figures:
                print(f"{pair_id:<5} {kind:<11} error: {figures['error'].splitlines()[-1]}")
                continue
            a = figures.get("a_median_s", figures.get("median_s"))
            b = figures.get("b_median_s", figures.get("p95_s"))
            ratio = figures.get("ratio")
            print(
                f"{pair_id:<5} {kind:<11} {a if a is not None else '':>11} "
                f"{b if b is not None else '':>11} {ratio if ratio is not None else '':>8}  "
                f"{row['goal']}"
            )


def markdown(results: dict) -> str:
    """The table docs/performance.md shows, from results.json's rows."""
    lines = [
        "| pair | database | A median | B median | ratio | goal |",
        "|---|---|---|---|---|---|",
    ]
    for pair_id, row in results.items():
        if pair_id.startswith("_"):
            continue
        for kind, figures in row.get("by_database", {}).items():
            if pair_id == "L1":
                a, b = f"p95 {figures.get('p95_s')} s", f"median {figures.get('median_s')} s"
                ratio = f"{figures.get('errors')} errors, {figures.get('lost')} lost"
            elif pair_id == "P2":
                a = f"{figures.get('a_requests_per_s')} req/s"
                b = f"{figures.get('b_requests_per_s')} req/s"
                ratio = figures.get("ratio")
            else:
                a, b = f"{figures.get('a_median_s')} s", f"{figures.get('b_median_s')} s"
                ratio = figures.get("ratio")
            lines.append(f"| {pair_id} | {kind} | {a} | {b} | {ratio} | {row['goal']} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="*", help="P1 … P6, L1 (default: all)")
    parser.add_argument("--databases", default=",".join(DATABASES))
    parser.add_argument("--reuse", action="store_true", help="keep prepared databases")
    args = parser.parse_args()
    kinds = [k for k in args.databases.split(",") if k]
    started = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)

    prepared = {}
    if not args.reuse:
        print(f"Preparing {', '.join(kinds)}: {', '.join(name for name, _n in sizes())} …")
        with ThreadPoolExecutor(len(kinds)) as pool:
            for kind, took in zip(kinds, pool.map(_prepare_in_process, kinds), strict=True):
                prepared[kind] = took
                print(f"  {kind}: {took}")

    modules = _pair_modules(args.pairs)
    results: dict = {"pairs": {}}
    if RESULTS.exists() and args.pairs:  # a partial run updates its rows only
        earlier = json.loads(RESULTS.read_text())
        known = {m.ID for m in _pair_modules([])}
        results = {
            **earlier.get("_run", {}),
            "pairs": {k: v for k, v in earlier.items() if k in known},
        }
    for module in modules:
        by_database = {}
        for kind in [k for k in module.DATABASES if k in kinds]:
            print(f"{module.ID} on {kind} …", flush=True)
            by_database[kind] = _run_pair(module, kind)
            if "error" in by_database[kind]:
                print(f"  failed: {by_database[kind]['error']}")
        results["pairs"][module.ID] = _merge(module, by_database)

    ordered = {m.ID: results["pairs"][m.ID] for m in _pair_modules([]) if m.ID in results["pairs"]}
    results["pairs"] = ordered
    results["machine"] = _machine()
    results["prepared_s"] = prepared or results.get("prepared_s", {})
    took = round(time.monotonic() - started, 1)
    if args.pairs:  # the full run's time stays; say which rows a partial run replaced
        results["partial_runs"] = [*results.get("partial_runs", []), [*args.pairs, took]]
    else:
        results["took_s"], results["partial_runs"] = took, []
    results["sizes"] = dict(sizes())
    flat = {pair_id: row for pair_id, row in ordered.items()}
    RESULTS.write_text(
        json.dumps({**flat, "_run": {k: v for k, v in results.items() if k != "pairs"}}, indent=2)
        + "\n"
    )
    _print_table(results)
    print("\n" + markdown(json.loads(RESULTS.read_text())))
    print(f"\nWrote {RESULTS} in {took:.0f} s")
    failed = [
        pair_id
        for pair_id, row in ordered.items()
        if any("error" in r for r in row.get("by_database", {}).values())
    ]
    return 1 if failed else 0


def _prepare_in_process(kind: str) -> dict:
    completed = subprocess.run(
        [
            PYTHON,
            "-c",
            f"from benchmarks.common import prepare_sizes; print(prepare_sizes({kind!r}))",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"preparing {kind} failed:\n{completed.stderr[-3000:]}")
    return ast.literal_eval(completed.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
