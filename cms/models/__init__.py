from .downloads import DocumentDownload, record_download
from .experiences import CallForExperiencesPage, ExperienceSubmission
from .footer import SiteFooter
from .home import HomePage
from .library import ResourceLibraryPage
from .resources import (
    CaseStudyPage,
    GuidePage,
    InfographicPage,
    PolicyOptionPage,
    PublicationPage,
    ResourcePage,
    TrainingModulePage,
    WorkshopPage,
)
from .standard import StandardPage
from .taxonomy import CrisisPhase, StakeholderGroup, StakeholderPage, Topic

__all__ = [
    "CallForExperiencesPage",
    "DocumentDownload",
    "ExperienceSubmission",
    "CaseStudyPage",
    "CrisisPhase",
    "GuidePage",
    "HomePage",
    "InfographicPage",
    "PolicyOptionPage",
    "PublicationPage",
    "ResourceLibraryPage",
    "ResourcePage",
    "SiteFooter",
    "StakeholderGroup",
    "StakeholderPage",
    "StandardPage",
    "Topic",
    "TrainingModulePage",
    "WorkshopPage",
    "record_download",
]
