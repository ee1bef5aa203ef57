from .cohorts import Cohort, CohortPhase, Phase
from .erasure import ErasureReason, ErasureRecord
from .instruments import Domain, Instrument, Item
from .outreach import InvitationMessage, MessageKind, MessageStatus, OptOut, OutreachMessage
from .participants import Participant
from .submissions import Submission

__all__ = [
    "Cohort",
    "CohortPhase",
    "Domain",
    "ErasureReason",
    "ErasureRecord",
    "Instrument",
    "InvitationMessage",
    "Item",
    "MessageKind",
    "MessageStatus",
    "OptOut",
    "OutreachMessage",
    "Participant",
    "Phase",
    "Submission",
]
