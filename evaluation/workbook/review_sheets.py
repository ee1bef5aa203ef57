"""The sheets after the indicators: Methodology, Learning, Reaction, Outputs, Network and
Budget."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict

from django.conf import settings
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from experts.models import Expert, RequestState, VettingStatus
from regions.lookups import region_of_countries

from .. import budget
from ..indicators import IndicatorResult, Thresholds
from ..indicators.thresholds import ANY_INCREASE
from ..models import EvaluationSettings
from ..quality import STRAIGHT_LINE_MIN_ITEMS
from ..registry import INDICATORS
from .cells import BOLD, CHF, COUNT, MEAN, P_VALUE, PERCENT, Book
from .data_sheets import Codebook
from .indicator_sheets import workshops_table
from .labels import (
    COUNT_LABELS,
    DIMENSION_LABELS,
    KIND_LABELS,
    LIMITATIONS,
    QUALITY_RULE,
    RULES,
    SETTING_FIELDS,
    STATUS_LABELS,
    THRESHOLD_ROWS,
    Labels,
)


def methodology_sheet(book: Book, thresholds: Thresholds) -> None:
    sheet = book.sheet(_("Methodology"), widths=(60, 14, 100))
    sheet.title(_("Thresholds and rules used"))
    fields = {field.name: field for field in EvaluationSettings._meta.get_fields()}
    values = asdict(thresholds)
    header = sheet.append([_("Threshold"), _("Value"), _("Code")], font=BOLD)
    for name, label, number_format in THRESHOLD_ROWS:
        # Each row has its own number format: a share, a count, scale points.
        label = label or capfirst(fields[SETTING_FIELDS[name]].verbose_name)
        sheet.append([label, values[name], name], [None, number_format])
    sheet.ws.auto_filter.ref = f"A{header}:C{sheet.row}"
    sheet.pairs(
        [
            (
                _("Sensitivity thresholds τ"),
                ", ".join(
                    str(_("any increase")) if tau == ANY_INCREASE else f"{tau:g}"
                    for tau in thresholds.sensitivity_taus
                ),
                None,
            )
        ]
    )
    sheet.heading(_("Rules"))
    rules = [*RULES, str(QUALITY_RULE) % {"items": STRAIGHT_LINE_MIN_ITEMS}]
    sheet.table([_("Number"), _("Rule")], ([i, rule] for i, rule in enumerate(rules, 1)), [COUNT])
    sheet.heading(_("Limitations"))
    sheet.table(
        [_("Number"), _("Limitation")],
        ([i, text] for i, text in enumerate(LIMITATIONS, 1)),
        [COUNT],
    )


def learning_sheet(
    book: Book, result: IndicatorResult, codebook: "Codebook", language: str
) -> None:
    sheet = book.sheet(_("Learning"), widths=(12, 12, 18, 70, 8, 10, 10, 10, 10, 10, 10))
    details = result.details
    stats = [
        _("Pairs"),
        _("PRE mean"),
        _("POST mean"),
        _("Change (Δ)"),
        _("Wilcoxon p"),
        _("r"),
        _("Gain"),
    ]
    formats = [COUNT, MEAN, MEAN, MEAN, P_VALUE, MEAN, MEAN]

    def figures(row: dict) -> list:
        return [
            row["n"],
            row["pre_mean"],
            row["post_mean"],
            row["delta"],
            row["p"],
            row["r"],
            row["gain"],
        ]

    header, first, last = sheet.table(
        [_("Item"), _("Kind"), _("Domain"), _("Text"), *stats],
        (
            [
                row["code"],
                row["kind"],
                row["domain"],
                codebook.text(row["code"], language) or row["text"],
                *figures(row),
            ]
            for row in details.get("items", [])
        ),
        [None, None, None, None, *formats],
        filtered=True,
    )
    sheet.heading(_("Per competence domain"))
    d_header, d_first, d_last = sheet.table(
        [_("Domain"), _("Name"), *stats],
        (
            [
                row["code"],
                codebook.domains.get((row["code"], language)) or row["name"],
                *figures(row),
            ]
            for row in details.get("domains", [])
        ),
        [None, None, *formats],
    )
    sheet.bar_chart(
        _("PRE and POST means per domain"),
        d_header,
        d_first,
        d_last,
        1,
        [4, 5],
        y_title=_("Mean self-rating (1–5)"),
    )


def reaction_sheet(book: Book, result: IndicatorResult, labels: Labels) -> None:
    sheet = book.sheet(_("Reaction"), widths=(30, 40, *[9] * 17))
    details = result.details
    distribution = details.get("distribution", {})
    headers = [
        _("Code"),
        DIMENSION_LABELS["cohort"],
        "1",
        "2",
        "3",
        "4",
        "5",
        COUNT_LABELS["cant_judge"],
        COUNT_LABELS["missing"],
        COUNT_LABELS["participants"],
        COUNT_LABELS["respondents"],
        COUNT_LABELS["valid"],
        COUNT_LABELS["top_two"],
        _("Share"),
        _("95 % CI low"),
        _("95 % CI high"),
        _("Share answering 3 or more"),
        _("Response rate"),
        _("Response rate below the threshold"),
    ]
    rows = []
    for workshop in details.get("per_workshop", []):
        shown = distribution.get(workshop["cohort"], {})
        scale = shown.get("counts", {})
        rows.append(
            [
                workshop["cohort"],
                labels.of("cohort", workshop["cohort"]),
                *[scale.get(point, scale.get(str(point), 0)) for point in range(1, 6)],
                shown.get("cant_judge", 0),
                shown.get("missing", 0),
                workshop["participants"],
                workshop["respondents"],
                workshop["valid"],
                workshop["top_two"],
                workshop["value"],
                workshop["ci_low"],
                workshop["ci_high"],
                workshop["sensitivity_value"],
                workshop["response_rate"],
                workshop["low_response"],
            ]
        )
    header, first, last = sheet.table(
        headers, rows, [None, None, *[COUNT] * 11, *[PERCENT] * 5], filtered=True
    )
    sheet.bar_chart(
        _("Usefulness answers per workshop (1–5)"),
        header,
        first,
        last,
        1,
        [3, 4, 5, 6, 7],
        y_title=COUNT_LABELS["respondents"],
        stacked=True,
        anchor="B" + str(sheet.row + 3),
    )


def outputs_sheet(book: Book, by_id: dict[str, IndicatorResult], labels: Labels) -> None:
    sheet = book.sheet(_("Outputs"), widths=(14, 36, 30, 14, 50, 30, 10, 10, 10, 10, 10))
    sheet.title(_("Milestones"))
    registry = {indicator.id: indicator for indicator in INDICATORS}
    sheet.table(
        [
            _("Indicator"),
            _("Wording"),
            _("Status"),
            _("Date reached"),
            _("Evidence"),
            _("Document or decision reference"),
        ],
        (
            [
                key,
                registry[key].wording,
                STATUS_LABELS.get(by_id[key].status, by_id[key].status),
                datetime.date.fromisoformat(by_id[key].details["date"])
                if by_id[key].details.get("date")
                else None,
                by_id[key].details.get("evidence"),
                by_id[key].details.get("reference"),
            ]
            for key in ("OP-1", "OP-2")
        ),
        filtered=True,
    )
    sheet.heading(_("Workshops held (OP-3)"))
    workshops_table(sheet, by_id["OP-3"].details)
    languages = [code for code, _name in settings.LANGUAGES]
    matrix: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for row in by_id["OP-6"].details.get("matrix", []):
        matrix[row["kind"], row["group"]][row["language"]] = row["resources"]
    sheet.heading(
        _("Communication tools: live resources per kind, stakeholder group and language (OP-6)")
    )
    details = by_id["OP-6"].details
    kind_labels = {**details.get("kind_labels", {}), **KIND_LABELS}
    sheet.table(
        [
            _("Code"),
            _("Kind"),
            DIMENSION_LABELS["stakeholder_group"],
            *[labels.of("language", c) for c in languages],
        ],
        (
            [
                kind,
                kind_labels.get(kind, kind),
                group or _("No group"),
                *[cells.get(c, 0) for c in languages],
            ]
            for (kind, group), cells in sorted(matrix.items())
        ),
        [None, None, None, *[COUNT] * len(languages)],
    )
    sheet.heading(_("Live resources (OP-6)"))
    sheet.table(
        [_("Kind"), _("Title"), _("Language"), _("Address"), _("Published")],
        (
            [
                kind_labels.get(row["kind"], row["kind"]),
                row["title"],
                row["language"],
                row["url"],
                datetime.date.fromisoformat(row["published_on"])
                if row.get("published_on")
                else None,
            ]
            for row in by_id["OP-6"].details.get("resources", [])
        ),
    )


def network_sheet(book: Book, out2: IndicatorResult, labels: Labels) -> None:
    """The roster by region and vetting status, then OUT-2's assistance requests of the
    period: counts only, no office or expert named."""
    sheet = book.sheet(_("Network"), widths=(36, 44, 12, 12, 12, 12, 12))
    statuses = list(VettingStatus.choices)
    region_of = region_of_countries()
    counts: dict[str, Counter] = defaultdict(Counter)
    for country, status, n in (
        Expert.objects.order_by()
        .values("country", "status")
        .annotate(n=Count("pk"))
        .values_list("country", "status", "n")
    ):
        counts[region_of.get(str(country), "")][status] += n
    details = out2.details  # the roster's figures, as OUT-2 computed them
    codes = [code for code, _experts in details.get("per_region", [])]
    if counts.get(""):
        codes.append("")
    header, first, last = sheet.table(
        [_("Code"), DIMENSION_LABELS["region"], *[label for _code, label in statuses], _("Total")],
        (
            [
                code,
                labels.of("region", code),
                *[counts[code][s] for s, _label in statuses],
                sum(counts[code].values()),
            ]
            for code in codes
        ),
        [None, None, *[COUNT] * (len(statuses) + 1)],
        filtered=True,
    )
    eligible = 3 + [code for code, _label in statuses].index(VettingStatus.ELIGIBLE)
    sheet.heading(_("The network (OUT-2)"))
    sheet.pairs(
        [
            (_("Eligible experts"), details.get("experts", 0), COUNT),
            (_("Countries covered"), details.get("countries", 0), COUNT),
            (_("Regions covered"), details.get("regions", 0), COUNT),
            (_("Regions in all"), details.get("regions_total", 0), COUNT),
        ]
    )
    sheet.bar_chart(
        _("Eligible experts per region"), header, first, last, 2, [eligible], anchor="J2"
    )
    requests = details.get("requests", {})
    by_state = requests.get("by_state", {})
    sheet.heading(_("Assistance requests (OUT-2)"))
    sheet.table(
        [_("Code"), _("State"), _("Requests")],
        ([state, label, by_state.get(state, 0)] for state, label in RequestState.choices),
        [None, None, COUNT],
    )
    sheet.append([])
    sheet.pairs(
        [
            (_("Requests received"), requests.get("received", 0), COUNT),
            (_("Requests answered (an expert accepted)"), requests.get("answered", 0), COUNT),
            (
                _("Median hours from the request to an accepted expert"),
                requests.get("median_hours_to_accept"),
                MEAN,
            ),
            (_("Requests finished (closed or declined)"), requests.get("finished", 0), COUNT),
            (_("Requests closed with help given"), requests.get("helped", 0), COUNT),
            (
                _("Share of finished requests closed with help given"),
                requests.get("share_helped"),
                PERCENT,
            ),
        ]
    )


def _budget_rows(rows: Sequence[budget.BudgetRow], total: budget.BudgetRow) -> Iterable[list]:
    for row in [*rows, total]:
        yield [row.key, row.label, row.planned, row.actual, row.utilisation]


def budget_sheet(book: Book) -> None:
    sheet = book.sheet(_("Budget"), widths=(22, 40, 16, 16, 16, 16, 16, 50))
    total = str(_("Total"))
    headers = [_("Code"), _("Heading"), _("Planned (CHF)"), _("Spent (CHF)"), _("Utilisation (%)")]
    formats = [None, None, CHF, CHF, PERCENT]
    by_output = budget.utilisation_by_output()
    sheet.title(_("By output"))
    header, first, last = sheet.table(
        headers, _budget_rows(by_output, budget.total(by_output, total)), formats, filtered=True
    )
    sheet.bar_chart(
        _("Plan and spending by output (CHF)"), header, first, last - 1, 2, [3, 4], anchor="J2"
    )
    by_category = budget.utilisation_by_category()
    sheet.heading(_("By cost category"))
    sheet.table(headers, _budget_rows(by_category, budget.total(by_category, total)), formats)
    by_quarter = budget.spending_by_quarter()
    sheet.heading(_("By quarter"))
    sheet.table(
        [
            *headers,
            _("Planned, cumulated (CHF)"),
            _("Spent, cumulated (CHF)"),
            _("Outputs running"),
        ],
        (
            [
                row.key,
                row.label,
                row.planned,
                row.actual,
                row.utilisation,
                row.cumulative_planned,
                row.cumulative_actual,
                "; ".join(row.output_labels),
            ]
            for row in by_quarter
        ),
        [*formats, CHF, CHF],
    )
    sheet.append([])
    sheet.append(
        [_("The plan gives no amounts per quarter: the phasing is an estimate from the timeline.")]
    )
