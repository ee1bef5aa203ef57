"""OUT-1 (Kirkpatrick levels 3–4, shown by documentary evidence): offices reporting an adopted
or updated crisis-management / business-continuity framework in the office follow-up survey.

Participants carry no office identifier, so an office is the participant's country and office
type: two staff of Kenya's national IP office are one office, and an office reports a
framework when any of its respondents answers "yes" (conflicting answers are counted apart).
By default only IP offices count (national, regional and copyright offices), as the indicator
speaks of frameworks "within national IP offices"; pass office_types=None to count every
organisation. Participating offices are those with participants in the cohorts in scope that
have a follow-up phase (the others were never asked). Target: reported, with the count, the
share of participating offices and the documents as evidence.
"""

import datetime
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from surveys.models.instruments import YES
from surveys.models.participants import OfficeType

from .data import FOLLOW_UP, Person, Scope, SurveyData, load_survey_data
from .result import IndicatorResult, disaggregate
from .stats import NOT_ENOUGH_DATA, REPORTED, share_or_none
from .thresholds import Thresholds

ADOPTED, DATE, DOCUMENT, SCOPE = (
    "framework-adopted",
    "framework-date",
    "framework-document",
    "framework-scope",
)
IP_OFFICE_TYPES = (
    OfficeType.NATIONAL_IP_OFFICE.value,
    OfficeType.REGIONAL_IP_OFFICE.value,
    OfficeType.COPYRIGHT_OFFICE.value,
)
OFFICE_DIMENSIONS = ("region", "office_type")


@dataclass(frozen=True)
class Report:
    """A submitted follow-up response."""

    adopted: bool | None  # None: the question was left unanswered
    date: str = ""  # ISO date of adoption or last update, as answered
    document: str = ""  # link to the document, when it can be shared
    scope: int | None = None  # code of what it covers (framework, continuity plan, both, other)
    submitted_at: datetime.datetime | None = None


def office_of(person: Person) -> tuple[str, str]:
    return person.country, person.office_type


def follow_up_from_answers(
    reports: Mapping[int, Report],
    people: Mapping[int, Person],
    thresholds: Thresholds | None = None,
    *,
    office_types: Collection[str] | None = IP_OFFICE_TYPES,
) -> IndicatorResult:
    """OUT-1 from plain structures: `reports` by participant id, `people` the participants
    of the cohorts in scope."""
    th = thresholds or Thresholds()
    offices: dict[tuple[str, str], dict[str, Any]] = {}
    evidence = []
    respondents = 0
    for pid, person in people.items():
        if office_types is not None and person.office_type not in office_types:
            continue
        office = offices.setdefault(office_of(person), {"region": person.region, "answers": set()})
        report = reports.get(pid)
        if report is None or report.adopted is None:
            continue
        respondents += 1
        office["answers"].add(report.adopted)
        if report.adopted:
            evidence.append(
                {
                    "country": person.country,
                    "office_type": person.office_type,
                    "region": person.region,
                    "cohort": person.cohort,
                    "date": report.date,
                    "document": report.document,
                    "scope": report.scope,
                    "submitted_at": report.submitted_at,
                }
            )
    evidence.sort(key=lambda row: (row["country"], row["office_type"], row["date"]))

    units = []
    for (_country, office_type), office in offices.items():
        answers = office["answers"]
        units.append(
            (
                {"region": office["region"], "office_type": office_type},
                {
                    "offices": 1,
                    "responding": int(bool(answers)),
                    "reporting": int(True in answers),
                    "conflicting": int(len(answers) == 2),
                },
            )
        )
    total = {
        name: sum(counts[name] for _groups, counts in units)
        for name in ("offices", "responding", "reporting", "conflicting")
    }
    reporting = total["reporting"]
    details = {
        "participating_offices": total["offices"],
        "responding_offices": total["responding"],
        "reporting_offices": reporting,
        "conflicting_offices": total["conflicting"],
        "respondents": respondents,
        "share": share_or_none(reporting, total["offices"], th.min_n),
        "share_of_responding": share_or_none(reporting, total["responding"], th.min_n),
        "response_rate": share_or_none(total["responding"], total["offices"], th.min_n),
        "documents": sum(1 for row in evidence if row["document"]),
        "evidence": evidence,
        "office_types": None if office_types is None else sorted(office_types),
        "thresholds": asdict(th),
    }
    return IndicatorResult(
        id="OUT-1",
        level="outcome",
        kirkpatrick=3,
        value=reporting if total["responding"] else None,
        target=REPORTED,
        status=REPORTED if total["responding"] else NOT_ENOUGH_DATA,
        numerator=reporting,
        denominator=total["offices"],
        details=details,
        disaggregations=disaggregate(units, "reporting", "offices", th, OFFICE_DIMENSIONS),
    )


def follow_up_reports(data: SurveyData) -> dict[int, Report]:
    result = {}
    for (pid, phase), response in data.responses.items():
        if phase != FOLLOW_UP:
            continue
        adopted = response.values.get(ADOPTED)
        scope = response.values.get(SCOPE)
        result[pid] = Report(
            adopted=None if adopted is None else adopted == YES,
            date=response.texts.get(DATE, ""),
            document=response.texts.get(DOCUMENT, ""),
            scope=None if scope is None else int(scope),
            submitted_at=response.submitted_at,
        )
    return result


def out1(
    scope: Scope | None = None,
    thresholds: Thresholds | None = None,
    office_types: Collection[str] | None = IP_OFFICE_TYPES,
) -> IndicatorResult:
    """OUT-1 over the database: the follow-up responses of the cohorts in scope."""
    data = load_survey_data(scope or Scope(), (FOLLOW_UP,), texts=True)
    return follow_up_from_answers(
        follow_up_reports(data), data.people, thresholds, office_types=office_types
    )
