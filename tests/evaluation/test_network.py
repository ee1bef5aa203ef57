"""OUT-2's network in action on a known set of assistance requests: the figures, the period
filter, the dashboard card, the review workbook's Network sheet, and that none of them names
an office, a requester or an expert."""

import datetime
import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.management import call_command
from openpyxl import load_workbook

from evaluation import dashboard
from evaluation.indicators.data import Scope
from evaluation.indicators.outputs import out2
from evaluation.indicators.thresholds import Thresholds
from evaluation.models import EvaluationSettings
from evaluation.roles import EVALUATORS
from evaluation.workbook import build_workbook
from experts import assistance
from experts.models import AssistanceRequest, Expert, VettingStatus
from experts.network import network_figures, requests_in
from experts.roster import experts_per_region
from regions.lookups import region_names

pytestmark = pytest.mark.django_db

URL = "/admin/indicators/"
UTC = datetime.UTC
EXPERTS = {
    "Ingrid Hiddenexpert": "ingrid.hiddenexpert@example.org",
    "Tomasz Hiddenexpert": "tomasz.hiddenexpert@example.org",
}
OFFICE = "Planted Office of Industrial Property {}"
CONTACT = "Contact Plantedperson {}"
EMAIL = "contact.planted{}@example.org"
MAY = (datetime.date(2026, 5, 1), datetime.date(2026, 5, 31))


def private_texts() -> list[str]:
    """Every name and address of the known requests and their experts."""
    texts = [*EXPERTS, *EXPERTS.values()]
    for n in range(1, 7):
        texts += [OFFICE.format(n), CONTACT.format(n), EMAIL.format(n)]
    return texts


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def _file(n: int) -> AssistanceRequest:
    return assistance.file_request(
        {
            "office": OFFICE.format(n),
            "country": "KE",
            "contact_name": CONTACT.format(n),
            "contact_email": EMAIL.format(n),
            "crisis_kind": "natural-disaster",
            "description": "The filing system is down after the floods.",
            "services_affected": ["filing"],
            "expertise_needed": ["risk"],
            "languages": ["en"],
            "urgency": "week",
        },
        language="en",
    )


def _accepted(request: AssistanceRequest, expert: Expert, user) -> None:
    (proposal,) = assistance.propose(request, [expert], user)
    assistance.answer(proposal, accept=True)


def _times(request: AssistanceRequest, received: datetime.datetime, wait_hours=None) -> None:
    # The functions stamp "now": known instants make the median known exactly.
    accepted = None if wait_hours is None else received + datetime.timedelta(hours=wait_hours)
    AssistanceRequest.objects.filter(pk=request.pk).update(
        received_at=received, accepted_at=accepted
    )


@pytest.fixture
def network(superuser) -> dict[str, AssistanceRequest]:
    """Six requests, only these: received only (March); accepted after 2 h (March); accepted
    after 10 h, started and closed with help (May); accepted after 30 h and closed without
    help (May); declined (May); its only expert declined, back to received (June)."""
    AssistanceRequest.objects.all().delete()  # whatever the demo filed
    first, second = (
        Expert.objects.create(
            name=name,
            email=email,
            country="KE",
            status=VettingStatus.ELIGIBLE,
            assistance_consent=True,
            expertise=["risk"],
            languages=["en"],
        )
        for name, email in EXPERTS.items()
    )
    requests = {name: _file(n) for n, name in enumerate(
        ("waiting", "accepted", "helped", "not_helped", "declined", "refused"), start=1
    )}  # fmt: skip
    _accepted(requests["accepted"], first, superuser)
    _accepted(requests["helped"], second, superuser)
    assistance.start(requests["helped"], superuser)
    assistance.close(requests["helped"], superuser, help_given=True, outcome="Back online.")
    _accepted(requests["not_helped"], first, superuser)
    assistance.close(requests["not_helped"], superuser, help_given=False, outcome="Too late.")
    assistance.decline(requests["declined"], superuser, reason="Out of the project's scope.")
    (proposal,) = assistance.propose(requests["refused"], [second], superuser)
    assistance.answer(proposal, accept=False, note="Not available.")
    _times(requests["waiting"], at("2026-03-02"))
    _times(requests["accepted"], at("2026-03-03"), 2)
    _times(requests["helped"], at("2026-05-04"), 10)
    _times(requests["not_helped"], at("2026-05-05"), 30)
    _times(requests["declined"], at("2026-05-06"))
    _times(requests["refused"], at("2026-06-01"))
    return requests


ALL = {
    "received": 6,
    "answered": 3,
    "open": 3,
    "finished": 3,
    "helped": 1,
    "median_hours_to_accept": 10.0,
    "by_state": {
        "received": 2,
        "matched": 0,
        "accepted": 1,
        "in_progress": 0,
        "closed": 2,
        "declined": 1,
    },
}


def test_the_network_figures_of_the_known_requests(network):
    figures = network_figures()
    assert {key: figures[key] for key in ALL} == ALL
    assert figures["share_helped"] == pytest.approx(1 / 3)
    in_may = network_figures(requests_in(*MAY))
    assert (in_may["received"], in_may["answered"], in_may["open"]) == (3, 2, 0)
    assert (in_may["finished"], in_may["helped"]) == (3, 1)
    assert in_may["median_hours_to_accept"] == 20.0  # the median of 10 h and 30 h


def test_out2_reports_the_requests_of_its_period_with_the_small_cell_rule(network):
    result = out2(Scope(), Thresholds(min_n=3))
    requests = result.details["requests"]
    assert {key: requests[key] for key in ALL} == ALL
    assert requests["share_helped"] == pytest.approx(1 / 3)
    # Its value stays the eligible experts, a reported count.
    assert result.value == result.numerator == Expert.objects.filter(status="eligible").count()
    assert result.details["per_region"] == [
        (row.region.code, row.experts) for row in experts_per_region()
    ]
    # Three finished requests are below the default minimum of five: counts only.
    assert out2().details["requests"]["share_helped"] is None
    assert out2(None, Thresholds(min_n=3)).details["requests"]["received"] == 6
    # The scope's period: received from 5 May (one answered, after 30 h).
    since = out2(Scope(start=datetime.date(2026, 5, 5)), Thresholds(min_n=3))
    assert since.details["requests"]["received"] == 3
    assert since.details["requests"]["answered"] == 1
    assert since.details["requests"]["median_hours_to_accept"] == 30.0
    assert since.details["requests"]["share_helped"] is None  # two finished
    until = out2(Scope(end=datetime.date(2026, 3, 31))).details["requests"]
    assert (until["received"], until["answered"], until["finished"]) == (2, 1, 0)
    assert until["median_hours_to_accept"] == 2.0
    # JSON-safe as it stands: the details are what `indicators --json` prints.
    assert json.loads(json.dumps(result.details))["requests"] == requests


def test_out2_without_any_request():
    AssistanceRequest.objects.all().delete()
    requests = out2().details["requests"]
    assert requests["received"] == requests["answered"] == requests["finished"] == 0
    assert requests["median_hours_to_accept"] is None and requests["share_helped"] is None
    notes = dashboard._out2_notes(out2(), dashboard.Labels())
    assert "Median time to an accepted expert: no request answered yet." in notes
    assert "No request finished yet (closed or declined)." in notes


def test_the_indicators_command_prints_the_new_figures(network):
    out = StringIO()
    call_command("indicators", "--json", stdout=out)
    row = next(row for row in json.loads(out.getvalue()) if row["id"] == "OUT-2")
    requests = row["statistics"]["requests"]
    assert {key: requests[key] for key in ALL} == ALL
    assert requests["share_helped"] is None  # the default minimum of five
    assert row["statistics"]["per_region"] == {
        row.region.code: row.experts for row in experts_per_region()
    }


def test_the_hours_read_as_days_and_hours():
    assert dashboard.format_hours(10.0) == "10 hours"
    assert dashboard.format_hours(30.0) == "1 day 6 hours"
    assert dashboard.format_hours(48.0) == "2 days"
    assert dashboard.format_hours(1.5) == "1.5 hours"
    assert dashboard.format_hours(None) == dashboard.DASH


# --- The dashboard and the workbook ---


@pytest.fixture
def evaluator(django_user_model):
    user = django_user_model.objects.create_user("network-evaluator", password="x" * 12)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return user


def out2_notes(client, **params) -> tuple[list[str], str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    card = BeautifulSoup(html, "html.parser").find(id="indicator-OUT-2")
    return [li.get_text(" ", strip=True) for li in card.select(".ev-card__notes li")], html


def test_the_dashboard_card_shows_the_network_in_action(client, evaluator, network):
    settings = EvaluationSettings.load()
    settings.min_n = 3
    settings.save()
    client.force_login(evaluator)
    notes, html = out2_notes(client)
    assert "6 requests received, 3 answered (an expert accepted)." in notes
    assert "Median time to an accepted expert: 10 hours." in notes
    assert "1 of 3 finished requests closed with help given (33.3%)." in notes
    names = region_names()
    by_region = "; ".join(
        f"{names[row.region.code]}: {row.experts}" for row in experts_per_region()
    )
    assert f"Eligible experts by region: {by_region}." in notes
    for text in private_texts():
        assert text not in html, text
    # The period filter applies to the requests: three received from 5 May.
    notes, _html = out2_notes(client, start="2026-05-05")
    assert "3 requests received, 1 answered (an expert accepted)." in notes
    assert "Median time to an accepted expert: 1 day 6 hours." in notes
    # Two finished requests are below the minimum of three: counts only, no percentage.
    assert "0 of 2 finished requests closed with help given." in notes


def test_the_dashboard_gives_small_counts_only(client, evaluator, network):
    client.force_login(evaluator)
    notes, _html = out2_notes(client, start=MAY[0].isoformat(), end=MAY[1].isoformat())
    assert "3 requests received, 2 answered (an expert accepted)." in notes
    assert "Median time to an accepted expert: 20 hours." in notes
    assert "1 of 3 finished requests closed with help given." in notes
    assert not any("%" in note for note in notes)


def test_the_network_sheet_counts_the_requests_and_names_nobody(tmp_path, network):
    settings = EvaluationSettings.load()
    settings.min_n = 3
    settings.save()
    path = tmp_path / "review.xlsx"
    build_workbook(path)
    workbook = load_workbook(path)
    assert "Experts" not in workbook.sheetnames
    sheet = workbook["Network"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    figures = {row[0]: row[1] for row in rows if row[0] is not None}
    assert figures["Requests received"] == 6
    assert figures["Requests answered (an expert accepted)"] == 3
    assert figures["Median hours from the request to an accepted expert"] == 10.0
    assert figures["Requests finished (closed or declined)"] == 3
    assert figures["Requests closed with help given"] == 1
    assert figures["Share of finished requests closed with help given"] == pytest.approx(1 / 3)
    start = next(i for i, row in enumerate(rows) if row[0] == "Assistance requests (OUT-2)")
    assert rows[start + 1][:3] == ["Code", "State", "Requests"]
    by_state = {row[0]: (row[1], row[2]) for row in rows[start + 2 : start + 8]}
    assert by_state == {
        "received": ("Received", 2),
        "matched": ("Expert proposed", 0),
        "accepted": ("Expert accepted", 1),
        "in_progress": ("In progress", 0),
        "closed": ("Closed", 2),
        "declined": ("Declined", 1),
    }
    # The roster table stays first, by region and vetting status.
    assert rows[0][:2] == ["Code", "Region"]
    # OUT-2's own sheet and the Summary count the requests too.
    out2_rows = {row[0].value: row[1].value for row in workbook["OUT-2"].iter_rows() if row[1:]}
    assert out2_rows["Requests received"] == 6
    summary = [row for row in workbook["Summary"].iter_rows(values_only=True) if row[0] == "OUT-2"]
    assert "6 assistance requests received, 1 closed with help given" in summary[0][12]
    # Nobody named, anywhere in the workbook.
    texts = [
        str(cell.value)
        for ws in workbook.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    for text in private_texts():
        assert not any(text in value for value in texts), text
