"""The thresholds behind the indicators: the DESIGN defaults, every one changeable by an
evaluator (a settings model stores them and builds a Thresholds), and stated in the review
workbook's Methodology sheet."""

from dataclasses import dataclass

# A sensitivity "threshold" meaning any increase at all (ΔS > 0) and any fall (ΔS < 0).
ANY_INCREASE = "any"


@dataclass(frozen=True)
class Thresholds:
    # OBJ-1 (learning)
    # ΔS in scale points that counts as a rise, and −τ as a meaningful fall; 0 is "any".
    tau: float = 0.5
    gain: float = 0.30  # normalised knowledge gain g = ΔK / (100 − K_pre) that counts as a rise
    k_decline: float = 10  # a fall of this many K points (0–100) is meaningful
    ceiling_s: float = 4.5  # S_pre at or above this (and K_pre = 100 where K exists): ceiling
    validity: float = 0.80  # share of rating items answered for a valid S
    min_n: int = 5  # below this denominator: counts only, no percentage and no status
    obj1_target: float = 0.60
    sensitivity_taus: tuple[float | str, ...] = (ANY_INCREASE, 0.25, 0.5, 1.0)
    # OP-4 (reaction)
    op4_target: float = 0.80
    op4_low_response: float = 0.50  # response rates below this are flagged
    op4_top_box: int = 4  # "very" or "extremely useful": 4 or 5 on the 1–5 scale
    op4_sensitivity_box: int = 3  # the sensitivity figure counts answers from 3 up
    # Every interval
    confidence: float = 0.95

    def __post_init__(self) -> None:
        # Values come from an admin form, possibly as Decimals: store plain numbers (a Decimal
        # minus a float raises), and refuse nonsense rather than compute with it.
        for name in FLOATS:
            object.__setattr__(self, name, float(getattr(self, name)))
        for name in INTEGERS:
            object.__setattr__(self, name, int(getattr(self, name)))
        taus = tuple(tau if isinstance(tau, str) else float(tau) for tau in self.sensitivity_taus)
        object.__setattr__(self, "sensitivity_taus", taus)
        if self.tau < 0:
            raise ValueError("tau must not be negative (0 means any increase)")
        if not 0 <= self.validity <= 1:
            raise ValueError("validity must be between 0 and 1")
        if self.min_n < 1:
            raise ValueError("min_n must be at least 1")
        if not 0 < self.confidence < 1:
            raise ValueError("confidence must be between 0 and 1, exclusive")
        for tau in taus:
            if tau != ANY_INCREASE if isinstance(tau, str) else tau < 0:
                raise ValueError(f"sensitivity threshold {tau!r} is neither 'any' nor a number ≥ 0")


FLOATS = (
    "tau",
    "gain",
    "k_decline",
    "ceiling_s",
    "validity",
    "obj1_target",
    "op4_target",
    "op4_low_response",
    "confidence",
)
INTEGERS = ("min_n", "op4_top_box", "op4_sensitivity_box")
