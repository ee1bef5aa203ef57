"""The Flow and Data quality sheets: from enrolment to analysis, response rates, and the
responses to follow up (participants as pseudonyms)."""

from django.utils.translation import gettext_lazy as _

from surveys.rates import RateRow

from ..indicators import IndicatorResult, Thresholds
from ..indicators.learning import EXCLUSIONS
from ..quality import ISSUE_LABELS, QualityReport, describe
from ..raw_csv import pseudonym
from .cells import COUNT, MEAN, PERCENT, Book
from .labels import COUNT_LABELS, DIMENSION_LABELS, EXCLUSION_LABELS, Labels


def flow_sheet(
    book: Book,
    by_id: dict[str, IndicatorResult],
    labels: Labels,
    thresholds: Thresholds,
    participation: list[RateRow],
) -> None:
    sheet = book.sheet(_("Flow"), widths=(50, 40, 12, 12, 12, 12, 12))
    details = by_id["OBJ-1"].details
    flow = details.get("flow", {})
    valid = f"{thresholds.validity:.0%}"
    sheet.title(_("Learning (OBJ-1): from enrolment to analysis"))
    stages = [
        ("enrolled", _("Enrolled")),
        ("pre_submitted", _("PRE submitted")),
        ("pre_valid", _("PRE valid (at least %(share)s of the items answered)") % {"share": valid}),
        ("post_submitted", _("POST submitted")),
        (
            "post_valid",
            _("POST valid (at least %(share)s of the items answered)") % {"share": valid},
        ),
        ("matched", _("Matched (valid PRE and POST)")),
        ("ceiling", _("Matched at the ceiling (left out of the primary figure)")),
        ("analysed", _("Analysed")),
    ]
    header, first, last = sheet.table(
        [_("Stage"), _("Participants")],
        ([label, flow.get(key, 0)] for key, label in stages),
        [None, COUNT],
        filtered=True,
    )
    sheet.bar_chart(_("From enrolment to analysis"), header, first, last, 1, [2], anchor="D2")
    sheet.heading(_("Not matched, by reason"))
    excluded = flow.get("excluded", {})
    sheet.table(
        [_("Reason"), _("Participants")],
        ([label, excluded.get(key, 0)] for key, label in EXCLUSION_LABELS.items()),
        [None, COUNT],
    )
    attrition = details.get("attrition", {})
    sheet.heading(_("Attrition: PRE scores of matched and PRE-only participants"))
    sheet.pairs(
        [
            (_("Matched participants"), attrition.get("matched_n"), COUNT),
            (_("Their mean PRE score"), attrition.get("matched_mean_pre_s"), MEAN),
            (_("PRE-only participants"), attrition.get("pre_only_n"), COUNT),
            (_("Their mean PRE score"), attrition.get("pre_only_mean_pre_s"), MEAN),
            (
                _("Difference (PRE-only minus matched)"),
                attrition.get("pre_only_minus_matched"),
                MEAN,
            ),
        ]
    )
    sheet.heading(_("Per cohort"))
    sheet.table(
        [
            _("Code"),
            DIMENSION_LABELS["cohort"],
            COUNT_LABELS["enrolled"],
            COUNT_LABELS["matched"],
            COUNT_LABELS["ceiling"],
            COUNT_LABELS["n"],
            COUNT_LABELS["improved"],
        ],
        (
            [
                row["group"],
                labels.of("cohort", row["group"]),
                row.get("enrolled"),
                row.get("matched"),
                row.get("ceiling"),
                row.get("n"),
                row.get("improved"),
            ]
            for row in by_id["OBJ-1"].disaggregations.get("cohort", [])
        ),
        [None, None, *[COUNT] * 5],
    )
    reaction = by_id["OP-4"].details
    sheet.heading(_("Workshop feedback (OP-4)"))
    sheet.pairs(
        [
            (COUNT_LABELS["participants"], reaction.get("participants"), COUNT),
            (COUNT_LABELS["respondents"], reaction.get("respondents"), COUNT),
            (_("Response rate"), reaction.get("response_rate"), PERCENT),
        ]
    )
    participation_tables(sheet, participation, labels)


def participation_tables(sheet, participation: list[RateRow], labels: Labels) -> None:
    """The invitations funnel per cohort and phase, and what each reminder brought in."""
    sheet.heading(_("Participation: from enrolment to submission, per cohort and phase"))
    sheet.table(
        [
            _("Code"),
            DIMENSION_LABELS["cohort"],
            _("Phase"),
            COUNT_LABELS["enrolled"],
            _("Invited"),
            _("Started"),
            _("Submitted"),
            _("Reminded"),
            _("Opted out of reminders"),
            _("Bounced or failed"),
        ],
        (
            [
                row.cohort.slug,
                row.cohort.name,
                labels.of("phase", row.phase.phase),
                row.participants,
                row.outreach.invited,
                row.started,
                row.submitted,
                row.outreach.reminded,
                row.outreach.opted_out,
                row.outreach.undelivered,
            ]
            for row in participation
        ),
        [None, None, None, *[COUNT] * 7],
    )
    sheet.heading(_("Reminders: submissions within 48 hours of each reminder"))
    sheet.table(
        [
            _("Code"),
            DIMENSION_LABELS["cohort"],
            _("Phase"),
            _("Days before closing"),
            _("Reminders sent"),
            _("Submitted within 48 hours"),
        ],
        (
            [
                row.cohort.slug,
                row.cohort.name,
                labels.of("phase", row.phase.phase),
                effect.days,
                effect.sent,
                effect.answered,
            ]
            for row in participation
            for effect in row.outreach.reminders
        ),
        [None, None, None, COUNT, COUNT, COUNT],
    )


def quality_sheet(book: Book, report: QualityReport, labels: Labels) -> None:
    """Data quality and participation (evaluation/quality.py), participants as pseudonyms."""
    sheet = book.sheet(_("Data quality"), widths=(30, 34, 20, 12, 12, 12, 12, 12, 12, 12, 12, 12))
    sheet.title(_("Data quality and participation"))
    sheet.table(
        [_("Finding"), _("Participants or responses")],
        [(ISSUE_LABELS[issue], count) for issue, count in report.totals().items()],
        [None, COUNT],
    )
    low = {(row.cohort.pk, row.phase.phase) for row in report.low_rates()}
    sheet.heading(_("Response rates per cohort and phase"))
    sheet.table(
        [
            _("Code"),
            DIMENSION_LABELS["cohort"],
            _("Phase"),
            COUNT_LABELS["enrolled"],
            _("Started"),
            _("Submitted"),
            _("Response rate"),
            _("Below the threshold"),
        ],
        (
            [
                row.cohort.slug,
                row.cohort.name,
                labels.of("phase", row.phase.phase),
                row.participants,
                row.started,
                row.submitted,
                row.submitted / row.participants if row.participants else None,
                _("Yes") if (row.cohort.pk, row.phase.phase) in low else "",
            ]
            for row in report.participation
        ),
        [None, None, None, COUNT, COUNT, COUNT, PERCENT],
    )
    sheet.heading(_("Matching before and after, per cohort"))
    sheet.table(
        [
            _("Code"),
            DIMENSION_LABELS["cohort"],
            COUNT_LABELS["enrolled"],
            COUNT_LABELS["matched"],
            _("Match rate"),
            *EXCLUSION_LABELS.values(),
            ISSUE_LABELS["draft"],
            ISSUE_LABELS["straight_line"],
            ISSUE_LABELS["duplicate"],
        ],
        (
            [
                row.cohort,
                report.cohort_names.get(row.cohort, ""),
                row.enrolled,
                row.matched,
                row.match_rate,
                *(row.excluded[issue] for issue in EXCLUSIONS),
                row.drafts,
                row.straight_lined,
                row.duplicates,
            ]
            for row in report.cohorts
        ),
        [None, None, COUNT, COUNT, PERCENT, *[COUNT] * (len(EXCLUSIONS) + 3)],
    )
    sheet.heading(_("Participants to follow up"))
    names = {f.participant_id: pseudonym(f.participant_id) for f in report.findings}
    sheet.table(
        [_("Pseudonym"), DIMENSION_LABELS["cohort"], _("Phase"), _("Finding"), _("Detail")],
        (
            [
                names[finding.participant_id],
                report.cohort_names.get(finding.cohort, ""),
                labels.of("phase", finding.phase),
                ISSUE_LABELS[finding.issue],
                describe(finding, names),
            ]
            for finding in report.findings
        ),
        filtered=True,
    )
