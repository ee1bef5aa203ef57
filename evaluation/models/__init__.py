from .budget import BudgetActual, BudgetLine, CostCategory, Output, Quarter
from .experts import Expert, ExpertiseArea, VettingStatus
from .exports import ExportStatus, ReviewExport
from .milestones import Milestone
from .pages import ExpertDirectoryPage
from .regions import CountryCategory, CountryRegion, Region
from .settings import EvaluationSettings

__all__ = [
    "BudgetActual",
    "BudgetLine",
    "CostCategory",
    "CountryCategory",
    "CountryRegion",
    "EvaluationSettings",
    "Expert",
    "ExpertDirectoryPage",
    "ExpertiseArea",
    "ExportStatus",
    "Milestone",
    "Output",
    "Quarter",
    "Region",
    "ReviewExport",
    "VettingStatus",
]
