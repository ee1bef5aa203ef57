from .budget import BudgetActual, BudgetLine, CostCategory, Output, Quarter
from .exports import ExportStatus, ReviewExport
from .milestones import Milestone
from .settings import EvaluationSettings

__all__ = [
    "BudgetActual",
    "BudgetLine",
    "CostCategory",
    "EvaluationSettings",
    "ExportStatus",
    "Milestone",
    "Output",
    "Quarter",
    "ReviewExport",
]
