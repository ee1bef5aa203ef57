from .cohorts import Cohort, CohortPhase, Phase
from .instruments import Domain, Instrument, Item
from .participants import Participant
from .submissions import Submission

__all__ = [
    "Cohort",
    "CohortPhase",
    "Domain",
    "Instrument",
    "Item",
    "Participant",
    "Phase",
    "Submission",
]
