"""One sheet per indicator: its header block, the details of its computation and its
disaggregations, with a native bar chart."""

import datetime
from collections import Counter

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..indicators import IndicatorResult
from ..indicators.outputs import REQUIRED_KINDS
from ..indicators.thresholds import ANY_INCREASE
from ..registry import Indicator
from .cells import COUNT, MEAN, P_VALUE, PERCENT, Book, Sheet
from .front import value_format
from .labels import (
    CHART_SERIES,
    COUNT_LABELS,
    DIMENSION_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    Labels,
)


def _header_block(sheet: Sheet, indicator: Indicator, result: IndicatorResult) -> None:
    share = value_format(result.id)
    sheet.title(f"{indicator.id} — {indicator.wording}")
    sheet.pairs(
        [
            (_("Level"), LEVEL_LABELS.get(indicator.level, indicator.level), None),
            (_("Kirkpatrick level"), result.kirkpatrick, COUNT),
            (_("Baseline"), indicator.baseline, None),
            (_("Target"), indicator.target, None),
            (_("Means of verification"), indicator.verification, None),
            (_("Actual"), result.value, share),
            (_("Numerator"), result.numerator, COUNT),
            (_("Denominator"), result.denominator, COUNT),
            (_("95 % CI low"), result.ci_low, PERCENT),
            (_("95 % CI high"), result.ci_high, PERCENT),
            (_("Status"), STATUS_LABELS.get(result.status, result.status), None),
        ]
    )


def _disaggregations(
    sheet: Sheet, result: IndicatorResult, labels: Labels
) -> tuple[int, int, int, list[str]] | None:
    """One table per dimension; returns the first table's rows and count columns for the
    chart."""
    first_table = None
    for dimension, rows in result.disaggregations.items():
        counts = [
            k for k in (rows[0] if rows else {}) if k not in ("group", "value", "ci_low", "ci_high")
        ]
        sheet.heading(
            _("By %(dimension)s")
            % {"dimension": str(DIMENSION_LABELS.get(dimension, dimension)).lower()}
        )
        headers = [
            _("Code"),
            DIMENSION_LABELS.get(dimension, dimension),
            *[COUNT_LABELS.get(k, k) for k in counts],
            _("Share"),
            _("95 % CI low"),
            _("95 % CI high"),
        ]
        table = sheet.table(
            headers,
            (
                [
                    row["group"],
                    labels.of(dimension, row["group"]),
                    *[row.get(k) for k in counts],
                    row["value"],
                    row["ci_low"],
                    row["ci_high"],
                ]
                for row in rows
            ),
            [None, None, *[COUNT] * len(counts), PERCENT, PERCENT, PERCENT],
            filtered=True,
        )
        if first_table is None:
            first_table = (*table, counts)
    return first_table


def _actual_vs_target(sheet: Sheet, result: IndicatorResult, target: float) -> None:
    sheet.heading(_("Actual and target"))
    header, first, last = sheet.table(
        [_("Figure"), _("Number")],
        [(_("Actual"), result.numerator or 0), (_("Target"), target)],
        [None, COUNT],
        filtered=True,
    )
    sheet.bar_chart(f"{result.id}: {_('Actual and target')}", header, first, last, 1, [2])


def indicator_sheet(
    book: Book, indicator: Indicator, result: IndicatorResult, labels: Labels
) -> None:
    sheet = book.sheet(indicator.id, widths=(34, 34, 14, 14, 14, 14, 14, 14, 14, 14, 14))
    _header_block(sheet, indicator, result)
    details = result.details
    writer = {
        "OBJ-1": _obj1_details,
        "OP-4": _op4_details,
        "OUT-1": _out1_details,
        "OUT-2": _out2_details,
        "OP-3": _op3_details,
        "OP-5": _op5_details,
        "OP-6": _op6_details,
    }.get(result.id, _milestone_details)
    writer(sheet, result, details, labels)
    if result.id in CHART_SERIES:
        first_table = _disaggregations(sheet, result, labels)
        if first_table is not None:
            header, first, last, counts = first_table
            columns = [3 + counts.index(k) for k in CHART_SERIES[result.id] if k in counts]
            dimension = next(iter(result.disaggregations))
            sheet.bar_chart(
                _("%(id)s by %(dimension)s")
                % {"id": result.id, "dimension": str(DIMENSION_LABELS[dimension]).lower()},
                header,
                first,
                last,
                2,
                columns,
                y_title=COUNT_LABELS["participants"]
                if result.id != "OUT-1"
                else COUNT_LABELS["offices"],
            )


def _obj1_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Key figures"))
    sheet.pairs(
        [
            (COUNT_LABELS["improved"], details.get("improved"), COUNT),
            (COUNT_LABELS["unchanged"], details.get("unchanged"), COUNT),
            (COUNT_LABELS["declined"], details.get("declined"), COUNT),
            (_("Sign test p (improved against declined)"), details.get("sign_test_p"), P_VALUE),
            (_("Wilcoxon signed-rank p on ΔS"), details.get("wilcoxon_p"), P_VALUE),
            (_("Rank-biserial r"), details.get("wilcoxon_r"), MEAN),
            (_("Mean ΔS"), details.get("mean_delta_s"), MEAN),
            (_("Median ΔS"), details.get("median_delta_s"), MEAN),
            (_("Class-average normalised knowledge gain"), details.get("class_gain"), MEAN),
            (_("Participants with a knowledge score"), details.get("class_gain_n"), COUNT),
            (_("Match rate"), details.get("match_rate"), PERCENT),
            (_("Matched at the ceiling"), details.get("ceiling", {}).get("n"), COUNT),
        ]
    )
    sheet.heading(_("Variants"))
    variants = [
        (
            _("Primary: improved ÷ analysed"),
            {
                "numerator": result.numerator,
                "denominator": result.denominator,
                "value": result.value,
                "ci_low": result.ci_low,
                "ci_high": result.ci_high,
            },
        ),
        (_("Conservative: ceiling counted as not improved"), details.get("conservative", {})),
        (_("Lower bound: every enrolled participant"), details.get("lower_bound", {})),
    ]
    sheet.table(
        [
            _("Variant"),
            _("Numerator"),
            _("Denominator"),
            _("Share"),
            _("95 % CI low"),
            _("95 % CI high"),
        ],
        (
            [
                label,
                v.get("numerator"),
                v.get("denominator"),
                v.get("value"),
                v.get("ci_low"),
                v.get("ci_high"),
            ]
            for label, v in variants
        ),
        [None, COUNT, COUNT, PERCENT, PERCENT, PERCENT],
    )
    sheet.heading(_("Sensitivity to the threshold τ"))
    sheet.table(
        [
            _("τ"),
            COUNT_LABELS["improved"],
            COUNT_LABELS["unchanged"],
            COUNT_LABELS["declined"],
            _("Share"),
            _("95 % CI low"),
            _("95 % CI high"),
        ],
        (
            [
                _("any increase") if row["tau"] == ANY_INCREASE else row["tau"],
                row["improved"],
                row["unchanged"],
                row["declined"],
                row["value"],
                row["ci_low"],
                row["ci_high"],
            ]
            for row in details.get("sensitivity", [])
        ),
        [MEAN, COUNT, COUNT, COUNT, PERCENT, PERCENT, PERCENT],
    )


def _op4_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Key figures"))
    sheet.pairs(
        [
            (COUNT_LABELS["participants"], details.get("participants"), COUNT),
            (COUNT_LABELS["respondents"], details.get("respondents"), COUNT),
            (_("Response rate"), details.get("response_rate"), PERCENT),
            (_("Response rate below the threshold"), details.get("low_response"), None),
            (COUNT_LABELS["valid"], details.get("valid"), COUNT),
            (COUNT_LABELS["top_two"], details.get("top_two"), COUNT),
            (COUNT_LABELS["cant_judge"], details.get("cant_judge"), COUNT),
            (COUNT_LABELS["missing"], details.get("missing"), COUNT),
            (
                _("Sensitivity: share answering 3 or more"),
                details.get("sensitivity_value"),
                PERCENT,
            ),
            (_("Sensitivity: 95 % CI low"), details.get("sensitivity_ci_low"), PERCENT),
            (_("Sensitivity: 95 % CI high"), details.get("sensitivity_ci_high"), PERCENT),
        ]
    )


def _out1_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Key figures"))
    sheet.pairs(
        [
            (COUNT_LABELS["offices"], details.get("participating_offices"), COUNT),
            (COUNT_LABELS["responding"], details.get("responding_offices"), COUNT),
            (COUNT_LABELS["reporting"], details.get("reporting_offices"), COUNT),
            (COUNT_LABELS["conflicting"], details.get("conflicting_offices"), COUNT),
            (COUNT_LABELS["respondents"], details.get("respondents"), COUNT),
            (_("Share of participating offices"), details.get("share"), PERCENT),
            (_("Share of responding offices"), details.get("share_of_responding"), PERCENT),
            (_("Response rate"), details.get("response_rate"), PERCENT),
            (_("Framework documents shared"), details.get("documents"), COUNT),
        ]
    )
    sheet.heading(_("Evidence: offices reporting a framework"))
    sheet.table(
        [
            _("Country"),
            DIMENSION_LABELS["office_type"],
            DIMENSION_LABELS["region"],
            DIMENSION_LABELS["cohort"],
            _("Date adopted or updated"),
            _("Document"),
            _("Scope (code)"),
            _("Submitted"),
        ],
        (
            [
                labels.of("country", row["country"]),
                labels.of("office_type", row["office_type"]),
                labels.of("region", row["region"]),
                row["cohort"],
                row["date"],
                row["document"],
                row["scope"],
                row["submitted_at"],
            ]
            for row in details.get("evidence", [])
        ),
        [None, None, None, None, None, None, COUNT],
    )


def _out2_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    missing = details.get("regions_without_experts", [])
    sheet.heading(_("Key figures"))
    header, first, last = sheet.table(
        [_("Figure"), _("Number")],
        [
            (_("Eligible experts"), details.get("experts", 0)),
            (_("Countries covered"), details.get("countries", 0)),
            (_("Regions covered"), details.get("regions", 0)),
            (_("Regions in all"), details.get("regions_total", 0)),
        ],
        [None, COUNT],
        filtered=True,
    )
    sheet.pairs(
        [
            (
                _("Regions without an eligible expert"),
                "; ".join(labels.of("region", c) for c in missing),
                None,
            )
        ]
    )
    sheet.bar_chart(_("OUT-2: the expert network"), header, first, last, 1, [2])
    requests = details.get("requests")
    if requests is not None:
        sheet.heading(_("Assistance requests (OUT-2)"))
        sheet.pairs(
            [
                (_("Requests received"), requests["received"], COUNT),
                (_("Requests answered (an expert accepted)"), requests["answered"], COUNT),
                (
                    _("Median hours from the request to an accepted expert"),
                    requests["median_hours_to_accept"],
                    MEAN,
                ),
                (_("Requests finished (closed or declined)"), requests["finished"], COUNT),
                (_("Requests closed with help given"), requests["helped"], COUNT),
                (
                    _("Share of finished requests closed with help given"),
                    requests["share_helped"],
                    PERCENT,
                ),
            ]
        )


def _milestone_details(
    sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels
) -> None:
    date = details.get("date")
    sheet.heading(_("Milestone"))
    sheet.pairs(
        [
            (_("Date reached"), datetime.date.fromisoformat(date) if date else None, None),
            (_("Evidence"), details.get("evidence"), None),
            (_("Document or decision reference"), details.get("reference"), None),
        ]
    )
    _actual_vs_target(sheet, result, 1)


def workshops_table(sheet: Sheet, details: dict, filtered: bool = False) -> None:
    """The workshops held (OP-3's details), on its sheet and on Outputs."""
    sheet.table(
        [_("Code"), DIMENSION_LABELS["cohort"], _("Starts"), _("Ends")],
        (
            [
                row["slug"],
                row["name"],
                datetime.date.fromisoformat(row["starts_on"]),
                datetime.date.fromisoformat(row["ends_on"]),
            ]
            for row in details.get("workshops", [])
        ),
        filtered=filtered,
    )


def _op3_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Workshops held"))
    workshops_table(sheet, details, filtered=True)
    _actual_vs_target(sheet, result, result.target if isinstance(result.target, float) else 1)


def _op5_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    sheet.heading(_("Eligible experts per region"))
    header, first, last = sheet.table(
        [_("Code"), DIMENSION_LABELS["region"], _("Eligible experts")],
        ([code, labels.of("region", code), count] for code, count in details.get("per_region", [])),
        [None, None, COUNT],
        filtered=True,
    )
    sheet.bar_chart(_("OP-5: eligible experts per region"), header, first, last, 2, [3])


def _op6_details(sheet: Sheet, result: IndicatorResult, details: dict, labels: Labels) -> None:
    languages = [code for code, _name in settings.LANGUAGES]
    counts: Counter = Counter(
        (row["kind"], row["language"]) for row in details.get("resources", [])
    )
    kinds = list(dict.fromkeys([*REQUIRED_KINDS, *sorted({kind for kind, _l in counts})]))
    sheet.heading(_("Live resources per kind and language"))
    header, first, last = sheet.table(
        [
            _("Code"),
            _("Kind"),
            *[labels.of("language", code) for code in languages],
            _("Languages covered"),
        ],
        (
            [
                kind,
                KIND_LABELS.get(kind, kind),
                *[counts[kind, code] for code in languages],
                sum(1 for code in languages if counts[kind, code]),
            ]
            for kind in kinds
        ),
        [None, None, *[COUNT] * (len(languages) + 1)],
        filtered=True,
    )
    missing = details.get("missing", [])
    sheet.pairs([(_("Missing kinds and languages"), "; ".join(missing) or "—", None)])
    sheet.bar_chart(
        _("OP-6: languages with a live resource, per kind"),
        header,
        first,
        last,
        2,
        [3 + len(languages)],
    )
