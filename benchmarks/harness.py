"""Side-by-side measurement for `make bench`: run A (this project) and B (the floor) in
alternation, several times, in one process, and report medians and their ratio.

Alternating A and B (rather than all A, then all B) spreads slow moments of a shared
machine (another core busy, the disk cache cold) over both sides of a pair."""

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any


def timed(action: Callable[[], Any]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def alternate(
    a: Callable[[], Any], b: Callable[[], Any], repeat: int = 5, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Seconds of each repetition of `a` and `b`, run A, B, A, B, … after `warmup` unmeasured
    rounds (which fill per-process caches: content types, templates, the locale)."""
    for _ in range(warmup):
        a()
        b()
    a_times, b_times = [], []
    for _ in range(repeat):
        a_times.append(timed(a))
        b_times.append(timed(b))
    return a_times, b_times


def peak_memory_mib(action: Callable[[], Any]) -> float:
    """Peak Python memory allocated while `action` runs (tracemalloc), in MiB."""
    tracemalloc.start()
    try:
        action()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def summary(times: list[float]) -> dict[str, float]:
    return {
        "median_s": round(statistics.median(times), 4),
        "min_s": round(min(times), 4),
        "max_s": round(max(times), 4),
    }


def pair(
    a_times: list[float],
    b_times: list[float],
    goal: str,
    notes: str,
    ratio: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One row of results.json: A/B of the medians unless `ratio` is given (throughputs)."""
    a, b = summary(a_times), summary(b_times)
    if ratio is None:
        ratio = a["median_s"] / b["median_s"] if b["median_s"] else None
    return {
        "ratio": None if ratio is None else round(ratio, 3),
        "goal": goal,
        "a_median_s": a["median_s"],
        "b_median_s": b["median_s"],
        "a_min_s": a["min_s"],
        "a_max_s": a["max_s"],
        "b_min_s": b["min_s"],
        "b_max_s": b["max_s"],
        "repetitions": len(a_times),
        "notes": notes,
        **extra,
    }
