"""The network in action, in numbers (OUT-2): requests received and answered, the median time
from a request to an accepted expert, and the share of finished requests closed with help
given. Counts only: nothing here names an office or an expert.

- answered: a request an expert accepted (whatever happened next);
- finished: closed or declined; a declined request counts as finished without help.
"""

import datetime
import statistics
from typing import TypedDict

from django.db.models import Count, Q, QuerySet

from .models import AssistanceRequest, RequestState


class NetworkFigures(TypedDict):
    received: int
    answered: int
    open: int
    finished: int
    helped: int
    share_helped: float | None
    median_hours_to_accept: float | None
    by_state: dict[str, int]


def requests_in(
    start: datetime.date | None = None, end: datetime.date | None = None
) -> QuerySet[AssistanceRequest]:
    """Requests received between `start` and `end` (both included; either may be open)."""
    requests = AssistanceRequest.objects.all()
    if start is not None:
        requests = requests.filter(received_at__date__gte=start)
    if end is not None:
        requests = requests.filter(received_at__date__lte=end)
    return requests


def network_figures(requests: QuerySet[AssistanceRequest] | None = None) -> NetworkFigures:
    """OUT-2's figures for `requests` (default: all), in two queries."""
    requests = AssistanceRequest.objects.all() if requests is None else requests
    finished_states = (RequestState.CLOSED, RequestState.DECLINED)
    counts = requests.order_by().aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(accepted_at__isnull=False)),
        finished=Count("pk", filter=Q(state__in=finished_states)),
        helped=Count("pk", filter=Q(state=RequestState.CLOSED, help_given=True)),
        **{f"state_{state}": Count("pk", filter=Q(state=state)) for state in RequestState.values},
    )
    waits = [
        (accepted - received).total_seconds() / 3600
        for received, accepted in requests.filter(accepted_at__isnull=False)
        .order_by()
        .values_list("received_at", "accepted_at")
    ]
    return {
        "received": counts["received"],
        "answered": counts["answered"],
        "open": counts["received"] - counts["finished"],
        "finished": counts["finished"],
        "helped": counts["helped"],
        "share_helped": counts["helped"] / counts["finished"] if counts["finished"] else None,
        "median_hours_to_accept": round(statistics.median(waits), 1) if waits else None,
        "by_state": {state: counts[f"state_{state}"] for state in RequestState.values},
    }
