"""The arithmetic of `make bench` (benchmarks/): what results.json says is what was measured."""

from types import SimpleNamespace

from benchmarks.harness import alternate, pair
from benchmarks.run import _merge, markdown


def test_a_pair_reports_medians_and_their_ratio():
    row = pair([3.0, 1.0, 2.0], [1.0, 0.5, 2.0], "≤ 1.5", "notes", extra=7)
    assert (row["a_median_s"], row["b_median_s"], row["ratio"]) == (2.0, 1.0, 2.0)
    assert (row["a_min_s"], row["a_max_s"], row["repetitions"], row["extra"]) == (1.0, 3.0, 3, 7)
    assert pair([1.0], [4.0], "≥ 0.5", "", ratio=0.25)["ratio"] == 0.25  # a throughput


def test_alternate_runs_a_and_b_in_turn_after_the_warm_up():
    calls = []
    a_times, b_times = alternate(lambda: calls.append("a"), lambda: calls.append("b"), 2, 1)
    assert calls == ["a", "b"] * 3
    assert len(a_times) == len(b_times) == 2


def test_l1_pairs_postgresql_with_sqlite_and_counts_every_failure():
    module = SimpleNamespace(ID="L1", GOAL="0 errors")
    row = _merge(
        module,
        {
            "postgresql": {"p95_s": 0.4, "median_s": 0.2, "errors": 1, "lost": 0},
            "sqlite": {"p95_s": 0.2, "median_s": 0.1, "errors": 0, "lost": 2},
        },
    )
    assert (row["a_p95_s"], row["b_p95_s"], row["ratio"]) == (0.4, 0.2, 2.0)
    assert (row["errors"], row["lost"]) == (1, 2)


def test_a_pair_on_two_databases_shows_the_worse_on_top():
    times = {"sqlite": {"ratio": 1.2, "a_median_s": 1.2}, "postgresql": {"ratio": 2.5}}
    assert _merge(SimpleNamespace(ID="P4", GOAL="≤ 3"), times)["worst_on"] == "postgresql"
    rates = {"sqlite": {"ratio": 0.6}, "postgresql": {"ratio": 0.4}}
    assert _merge(SimpleNamespace(ID="P2", GOAL="≥ 0.5"), rates)["ratio"] == 0.4
    table = markdown({"P4": {"goal": "≤ 3", "by_database": times}, "_run": {}})
    assert "| P4 | sqlite | 1.2 s |" in table and "_run" not in table
