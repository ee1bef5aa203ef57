"""The Coordinators group: the role that runs the expert network. Only it sees experts'
contact details, CVs and vetting notes, and the assistance requests with their requesters."""

from django.contrib.auth.models import Group

from surveys.roles import grant_rights

COORDINATORS = "Coordinators"

# (app_label, codename). Proposals and events are written by experts.assistance only.
COORDINATOR_RIGHTS = [
    ("wagtailadmin", "access_admin"),
    *[
        ("experts", f"{action}_{model}")
        for model in ("expert", "assistancerequest")
        for action in ("add", "change", "delete", "view")
    ],
    ("experts", "view_proposal"),
    ("experts", "view_requestevent"),
    # The matching ranks by region: coordinators may look the mapping up, not change it.
    ("regions", "view_region"),
    ("regions", "view_countryregion"),
]

# What only coordinators may do: see the roster's personal data, run the requests.
MANAGE_REQUESTS = "experts.change_assistancerequest"
VIEW_REQUESTS = "experts.view_assistancerequest"
VIEW_EXPERTS = "experts.view_expert"


def ensure_coordinators_group(using: str = "default", **kwargs) -> Group:
    """Create the Coordinators group with its rights; safe to run again."""
    return grant_rights("experts", COORDINATOR_RIGHTS, using, group_name=COORDINATORS)
