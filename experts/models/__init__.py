from .assistance import (
    Actor,
    Answer,
    AssistanceRequest,
    CrisisKind,
    EventKind,
    FiledBy,
    Proposal,
    RequestEvent,
    RequestState,
    ServiceArea,
    Urgency,
)
from .pages import AssistanceRequestPage, ExpertDirectoryPage
from .roster import Availability, Expert, ExpertiseArea, NominatedBy, VettingStatus

__all__ = [
    "Actor",
    "Answer",
    "AssistanceRequest",
    "AssistanceRequestPage",
    "Availability",
    "CrisisKind",
    "EventKind",
    "Expert",
    "ExpertDirectoryPage",
    "ExpertiseArea",
    "FiledBy",
    "NominatedBy",
    "Proposal",
    "RequestEvent",
    "RequestState",
    "ServiceArea",
    "Urgency",
    "VettingStatus",
]
