"""The statistics behind the indicators, from SciPy rather than written by hand: the Wilson
interval and the sign test from `scipy.stats.binomtest`, the signed-rank test from
`scipy.stats.wilcoxon`. Only the rank-biserial r is a formula here (tested by hand)."""

from collections.abc import Sequence

import numpy as np
from scipy.stats import binomtest, rankdata, wilcoxon

ACHIEVED_ROBUST = "achieved_robust"
ACHIEVED = "achieved"
NOT_ACHIEVED = "not_achieved"
NOT_ENOUGH_DATA = "not_enough_data"
REPORTED = "reported"

# Differences of means of integer ratings that are equal on paper can differ in the last bit;
# rounding makes them tie (and zero) as they should before ranking.
DECIMALS = 9


def wilson(successes: int, n: int, level: float = 0.95) -> tuple[float, float] | tuple[None, None]:
    """The Wilson score interval for successes/n; (None, None) without observations."""
    if n <= 0:
        return None, None
    interval = binomtest(successes, n).proportion_ci(confidence_level=level, method="wilson")
    rate = successes / n
    # At 0 and n the bound equals the rate on paper; keep floating-point noise from putting
    # the rate outside its own interval.
    return max(0.0, min(float(interval.low), rate)), min(1.0, max(float(interval.high), rate))


def share_or_none(successes: int, n: int, min_n: int) -> float | None:
    """successes/n, or None when n is below the minimum (such cells show counts only)."""
    if n <= 0 or n < min_n:
        return None
    return successes / n


def share_with_interval(
    successes: int, n: int, min_n: int, level: float = 0.95
) -> tuple[float | None, float | None, float | None]:
    """(share, Wilson low, Wilson high), all None when n is below the minimum."""
    value = share_or_none(successes, n, min_n)
    if value is None:
        return None, None, None
    low, high = wilson(successes, n, level)
    return value, low, high


def sign_test(improved: int, declined: int) -> float | None:
    """Two-sided exact sign test of improved against declined (ties already left out);
    None when nobody changed."""
    if improved + declined == 0:
        return None
    return float(binomtest(improved, improved + declined, 0.5).pvalue)


def rank_biserial(deltas: Sequence[float]) -> float | None:
    """Matched-pairs rank-biserial correlation (Kerby 2014): r = (T+ − T−) / (T+ + T−),
    where T+ and T− are the sums of the ranks of |d| (ties averaged, zeros dropped) of the
    positive and negative differences. From −1 (all fell) to 1 (all rose)."""
    d = np.round(np.asarray(deltas, dtype=float), DECIMALS)
    d = d[d != 0]
    if d.size == 0:
        return None
    ranks = rankdata(np.abs(d))
    positive, negative = ranks[d > 0].sum(), ranks[d < 0].sum()
    return float((positive - negative) / (positive + negative))


def wilcoxon_signed_rank(
    deltas: Sequence[float], min_n: int = 2
) -> tuple[float, float] | tuple[None, None]:
    """(two-sided p, rank-biserial r) of the Wilcoxon signed-rank test on paired differences;
    zeros are dropped (Wilcoxon's method), and (None, None) when fewer than `min_n` non-zero
    differences remain (with one, the test can only give p = 1)."""
    d = np.round(np.asarray(deltas, dtype=float), DECIMALS)
    d = d[d != 0]
    if d.size == 0 or d.size < min_n:
        return None, None
    result = wilcoxon(d)
    return float(result.pvalue), rank_biserial(d)


def status(
    value: float | None,
    ci_low: float | None,
    denominator: int | None,
    target: float,
    min_n: int,
) -> str:
    """Achieved (value ≥ target), achieved — robust (the Wilson lower bound reaches the target
    too), not achieved, or not enough data (denominator below the minimum)."""
    if value is None or denominator is None or denominator < min_n:
        return NOT_ENOUGH_DATA
    if value < target:
        return NOT_ACHIEVED
    if ci_low is not None and ci_low >= target:
        return ACHIEVED_ROBUST
    return ACHIEVED
