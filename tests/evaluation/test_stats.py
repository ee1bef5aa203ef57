"""The statistics helpers, on values computed by hand (and the textbook Wilson formula)."""

import math
from decimal import Decimal

import pytest

from evaluation.indicators.stats import (
    ACHIEVED,
    ACHIEVED_ROBUST,
    NOT_ACHIEVED,
    NOT_ENOUGH_DATA,
    rank_biserial,
    share_or_none,
    share_with_interval,
    sign_test,
    status,
    wilcoxon_signed_rank,
    wilson,
)
from evaluation.indicators.thresholds import Thresholds

Z95 = 1.959963984540054


def textbook_wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927): (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)."""
    p = k / n
    centre = p + z * z / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - half) / (1 + z * z / n), (centre + half) / (1 + z * z / n)


def test_wilson_known_value():
    # 8 of 10: the interval every textbook quotes, (0.4902, 0.9433).
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=5e-5)
    assert high == pytest.approx(0.9433, abs=5e-5)


@pytest.mark.parametrize("k, n", [(0, 1), (1, 1), (3, 7), (5, 5), (0, 5), (42, 50), (107, 126)])
def test_wilson_matches_the_textbook_formula(k, n):
    assert wilson(k, n) == pytest.approx(textbook_wilson(k, n), abs=1e-12)


def test_wilson_at_the_edges():
    assert wilson(0, 0) == (None, None)
    # 0 of 5: the lower bound is 0 and the upper z²/(n + z²) = 3.8415 / 8.8415.
    low, high = wilson(0, 5)
    assert low == 0.0
    assert high == pytest.approx(Z95**2 / (5 + Z95**2))
    low, high = wilson(5, 5)
    assert high == 1.0
    assert low == pytest.approx(5 / (5 + Z95**2))
    assert isinstance(low, float) and isinstance(high, float)


def test_a_lower_confidence_level_narrows_the_interval():
    low95, high95 = wilson(8, 10)
    low90, high90 = wilson(8, 10, level=0.90)
    assert low95 < low90 < 0.8 < high90 < high95
    assert (low90, high90) == pytest.approx(textbook_wilson(8, 10, z=1.6448536269514722))


def test_share_or_none_shows_counts_only_below_the_minimum():
    assert share_or_none(3, 4, 5) is None
    assert share_or_none(3, 5, 5) == 0.6
    assert share_or_none(0, 0, 5) is None
    assert share_or_none(0, 0, 1) is None
    assert share_with_interval(3, 4, 5) == (None, None, None)
    value, low, high = share_with_interval(4, 5, 5)
    assert value == 0.8 and low < 0.8 < high


def test_sign_test_by_hand():
    # 6 up, 0 down: two-sided p = 2 × (1/2)^6.
    assert sign_test(6, 0) == pytest.approx(2 / 64)
    # 5 up, 1 down: 2 × P(X ≤ 1) = 2 × 7/64.
    assert sign_test(5, 1) == pytest.approx(14 / 64)
    assert sign_test(1, 5) == pytest.approx(14 / 64)
    assert sign_test(3, 3) == pytest.approx(1.0)
    assert sign_test(0, 0) is None


def test_rank_biserial_by_hand():
    # |d| 1, 2, 3, 4 ranked 1–4 (the zero dropped); T+ = 1 + 3 + 4 = 8, T− = 2.
    assert rank_biserial([1, -2, 3, 4, 0]) == pytest.approx((8 - 2) / 10)
    # Ties: |d| 1, 1, 1 share rank 2, |d| 2 has rank 4; T+ = 2 + 2 + 4 = 8, T− = 2.
    assert rank_biserial([1, 1, -1, 2]) == pytest.approx(0.6)
    assert rank_biserial([0.5, 1]) == 1.0
    assert rank_biserial([-0.5, -1]) == -1.0
    assert rank_biserial([0, 0]) is None


def test_wilcoxon_by_hand():
    # All five differences positive, no ties: exact two-sided p = 2 / 2^5.
    assert wilcoxon_signed_rank([1, 2, 3, 4, 5]) == pytest.approx((0.0625, 1.0))
    # T− = 2 with n = 4: rank sums ≤ 2 are {}, {1}, {2}: p = 2 × 3/16.
    assert wilcoxon_signed_rank([1, -2, 3, 4, 0]) == pytest.approx((0.375, 0.6))


def test_wilcoxon_needs_non_zero_differences():
    assert wilcoxon_signed_rank([]) == (None, None)
    assert wilcoxon_signed_rank([0, 0, 0]) == (None, None)
    assert wilcoxon_signed_rank([0, 0, 0.5]) == (None, None)  # one difference: p is always 1
    p, r = wilcoxon_signed_rank([0, 0, 0.5], min_n=1)
    assert p == pytest.approx(1.0) and r == 1.0
    # A difference equal to zero on paper but not in floating point is a zero.
    assert wilcoxon_signed_rank([0.1 + 0.2 - 0.3] * 4) == (None, None)


@pytest.mark.parametrize(
    "value, ci_low, denominator, expected",
    [
        (None, None, 0, NOT_ENOUGH_DATA),
        (0.9, 0.7, 4, NOT_ENOUGH_DATA),  # below the minimum, whatever the value
        (0.5, 0.3, 20, NOT_ACHIEVED),
        (0.6, 0.4, 20, ACHIEVED),  # exactly the target
        (0.7, 0.59, 20, ACHIEVED),
        (0.7, 0.6, 20, ACHIEVED_ROBUST),  # the lower bound reaches the target
        (0.9, 0.8, 5, ACHIEVED_ROBUST),
    ],
)
def test_status(value, ci_low, denominator, expected):
    assert status(value, ci_low, denominator, 0.6, 5) == expected


def test_thresholds_defaults_and_validation():
    th = Thresholds()
    assert (th.tau, th.gain, th.k_decline, th.ceiling_s, th.validity, th.min_n) == (
        0.5,
        0.30,
        10,
        4.5,
        0.80,
        5,
    )
    assert (th.obj1_target, th.op4_target, th.op4_low_response, th.op4_sensitivity_box) == (
        0.60,
        0.80,
        0.50,
        3,
    )
    assert th.sensitivity_taus == ("any", 0.25, 0.5, 1.0)
    bad_values = [
        {"tau": -0.5},
        {"validity": 1.5},
        {"min_n": 0},
        {"confidence": 1},
        {"sensitivity_taus": ("all",)},
        {"sensitivity_taus": (-1,)},
    ]
    for bad in bad_values:
        with pytest.raises(ValueError):
            Thresholds(**bad)


def test_thresholds_from_decimals():
    """The admin setting stores decimals; the computation needs plain numbers."""
    th = Thresholds(
        tau=Decimal("0.50"), validity=Decimal("0.80"), min_n=Decimal("5"),
        sensitivity_taus=("any", Decimal("0.25")),
    )  # fmt: skip
    assert (th.tau, th.validity, th.min_n) == (0.5, 0.8, 5)
    assert type(th.tau) is float and type(th.min_n) is int
    assert th.sensitivity_taus == ("any", 0.25)
    assert th == Thresholds(sensitivity_taus=("any", 0.25))
