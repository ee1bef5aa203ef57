"""The project's survey-based indicators, computed from the survey data.

Each indicator has a pure function over plain structures (tested on hand-computed examples)
and a thin database entry point that loads those structures in a fixed few queries:

- OBJ-1 learning: learning.obj1(scope, thresholds) / learning.learning_from_scores(...)
- OP-4 reaction: reaction.op4(scope, thresholds) / reaction.reaction_from_answers(...)
- OUT-1 frameworks: follow_up.out1(scope, thresholds) / follow_up.follow_up_from_answers(...)

All return an IndicatorResult; thresholds default to DESIGN's (Thresholds()).
"""

from .result import IndicatorResult
from .thresholds import Thresholds

__all__ = ["IndicatorResult", "Thresholds"]
