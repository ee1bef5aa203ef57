"""The workbook's fixed texts (project, rules, limitations, confidentiality) and the labels of
the codes its tables use, in the active language."""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from regions.lookups import region_names
from surveys.models.cohorts import Phase
from surveys.models.participants import OfficeType, Sex, StakeholderGroup

from ..indicators.learning import EXCLUSIONS
from ..quality import ISSUE_LABELS
from .cells import COUNT, MEAN, PERCENT

PROJECT_CODE = "DA_4_10_03"
PROJECT_DOCUMENT = "CDIP/32/6 REV"

# Indicators whose value is a share (shown as a percentage); the others are counts.
SHARE_IDS = {"OBJ-1", "OP-4", "OP-5", "OP-6"}

STATUS_LABELS = {
    "achieved": _("Achieved"),
    "achieved_robust": _("Achieved — robust"),
    "not_achieved": _("Not achieved"),
    "not_enough_data": _("Not enough data"),
    "reported": _("Reported"),
}
LEVEL_LABELS = {"objective": _("Objective"), "outcome": _("Outcome"), "output": _("Output")}
DIMENSION_LABELS = {
    "region": _("Region"),
    "country": _("Country"),
    "sex": _("Sex"),
    "office_type": _("Office type"),
    "stakeholder_group": _("Stakeholder group"),
    "language": _("Language of completion"),
    "cohort": _("Cohort"),
}
COUNT_LABELS = {
    "enrolled": _("Enrolled"),
    "matched": _("Matched"),
    "ceiling": _("At the ceiling"),
    "n": _("Analysed"),
    "improved": _("Improved"),
    "unchanged": _("Unchanged"),
    "declined": pgettext_lazy("change in a participant's score", "Declined"),
    "participants": _("Participants"),
    "respondents": _("Respondents"),
    "valid": _("Answers from 1 to 5"),
    "top_two": _("Useful (4 or 5)"),
    "sensitivity": _("3 or more"),
    "cant_judge": _("Can't judge"),
    "missing": _("Missing"),
    "offices": _("Participating offices"),
    "responding": _("Responding offices"),
    "reporting": _("Offices reporting a framework"),
    "conflicting": _("Offices with conflicting answers"),
}
# (denominator, numerator) charted per region on the indicator's sheet.
CHART_SERIES = {
    "OBJ-1": ("n", "improved"),
    "OP-4": ("valid", "top_two"),
    "OUT-1": ("offices", "reporting"),
}
KIND_LABELS = {
    "infographicpage": _("Communication tool (infographic)"),
    "trainingmodulepage": _("Training material"),
    "guidepage": _("Guide"),
    "policyoptionpage": _("Compendium of policy options"),
}
EXCLUSION_LABELS = {issue: ISSUE_LABELS[issue] for issue in EXCLUSIONS}
# Thresholds stated in the Methodology sheet: (field, label, number format).
THRESHOLD_ROWS = [
    ("tau", None, MEAN),
    ("gain", None, MEAN),
    ("k_decline", None, "0.0"),
    ("ceiling_s", None, MEAN),
    ("validity", None, PERCENT),
    ("min_n", None, COUNT),
    ("obj1_target", None, PERCENT),
    ("op4_target", None, PERCENT),
    ("op4_low_response", None, PERCENT),
    ("op4_top_box", _("OP-4: lowest answer counted as useful"), COUNT),
    ("op4_sensitivity_box", _("OP-4 sensitivity: lowest answer counted"), COUNT),
    ("confidence", _("Confidence level of every interval (Wilson)"), PERCENT),
]
# Thresholds fields → the setting evaluators change (its label is the row's label).
SETTING_FIELDS = {
    "tau": "tau",
    "gain": "gain",
    "k_decline": "knowledge_decline",
    "ceiling_s": "ceiling",
    "validity": "validity",
    "min_n": "min_n",
    "obj1_target": "obj1_target",
    "op4_target": "op4_target",
    "op4_low_response": "op4_low_response",
}
RULES = [
    _(
        "Unit: one participant, identified by a pseudonym (an HMAC of the participant's id, "
        "never the access token). Trainers, staff and observers are not participants."
    ),
    _(
        "Competence score S: the mean of the 1–5 self-ratings, valid when the share of items "
        "answered reaches the validity threshold; knowledge score K: the share of knowledge "
        "items answered correctly, 0–100. Items are matched by their stable code, never by "
        "their text, so answers in every language pool into one data set."
    ),
    _(
        "OBJ-1: a matched participant has a valid PRE and a valid POST in the same cohort. "
        "Improved: ΔS at least τ, or a normalised knowledge gain at least the gain threshold, "
        "and no meaningful fall in either. Participants at the ceiling are left out of the "
        "primary denominator and counted as not improved in the conservative variant; the "
        "lower bound counts every enrolled participant, unmatched ones as not improved."
    ),
    _(
        "OP-4: respondents answering 4 or 5 on the 1–5 usefulness item, divided by those "
        "giving a 1–5 answer; “can't judge” and missing answers are reported apart. Pooled "
        "over person–workshop pairs."
    ),
    _(
        "Status: achieved when the value reaches the target, robust when the lower bound of "
        "the Wilson interval reaches it too, not enough data when the denominator is below "
        "the minimum. Below the minimum, cells show counts only, never a percentage."
    ),
    _(
        "OUT-1: an office is a country and office type; it reports a framework when one of "
        "its respondents to the follow-up survey answers yes. Only IP offices count."
    ),
    _(
        "OUT-2 and OP-5: eligible experts of the IP-ROC roster, counted per region of the "
        "country → region mapping (Lookups sheet). OP-5 is achieved when every region has one."
    ),
    _(
        "OUT-2 also counts the assistance requests received in the period (Network sheet): "
        "answered when an expert accepted; the time to an accepted expert runs from the "
        "request's receipt to the first acceptance (median, in hours); finished when closed or "
        "declined, a declined request counting as finished without help; the share helped is "
        "the finished requests closed with help given. Counts only: no office or expert is "
        "named."
    ),
    _(
        "OP-1 and OP-2: milestones with their date and evidence. OP-3: workshops whose last "
        "day has passed with attendance recorded. OP-6: every kind of tool live in every site "
        "language."
    ),
]
# Formatted when written (a lazy string formatted here would be fixed in English).
QUALITY_RULE = _(
    "Data quality: a response is flagged as straight-lined when it gives the same answer to "
    "every rating item, with at least %(items)s answered; two enrolments in one cohort with "
    "the same e-mail, or the same name and country, are flagged as one person enrolled twice. "
    "Flags are for follow-up: the figures keep flagged responses until an evaluator corrects "
    "the records."
)
LIMITATIONS = [
    _(
        "Competences are self-assessed: a rise in S shows a change in confidence as much as "
        "in capacity; the knowledge check, where it exists, is the objective measure."
    ),
    _(
        "Participants who answered only before or only after the training are not in the "
        "primary figure; the Flow sheet compares their PRE scores with those of matched "
        "participants (attrition bias) and the lower bound counts them as not improved."
    ),
    _(
        "Small groups (below the minimum) show counts only; differences between small groups "
        "are not evidence of a difference."
    ),
    _(
        "OUT-1 rests on what offices report, with the document as evidence where they can "
        "share it; it is not an audit of the frameworks."
    ),
    _(
        "Texts typed by people (comments, links, names of cohorts) that began with = + - @, "
        "a tab or a line break carry a leading apostrophe, so that no spreadsheet runs them."
    ),
    _(
        "Figures are a snapshot at the time of export (README sheet); answers submitted later "
        "change them."
    ),
]
CONFIDENTIALITY = _(
    "Confidential: for the project's evaluators and reviewers. Participants appear only as "
    "pseudonyms and no names or e-mail addresses are included, but the answers of a small "
    "group may still point to a person: do not publish the Data sheet."
)


# --- Labels of codes, in the active language ---


class Labels:
    """Names of the codes the tables use, read once (a few queries)."""

    def __init__(self, cohorts: dict[str, str]) -> None:
        self.regions = region_names()
        self.cohorts = cohorts
        self.choices = {
            "sex": {code: str(label) for code, label in Sex.choices},
            "office_type": {code: str(label) for code, label in OfficeType.choices},
            "stakeholder_group": {code: str(label) for code, label in StakeholderGroup.choices},
            "language": {code: str(label) for code, label in settings.LANGUAGES},
            "phase": {code: str(label) for code, label in Phase.choices},
        }

    def of(self, dimension: str, code: Any) -> str:
        code = "" if code is None else str(code)
        if dimension == "region":
            return self.regions.get(code, "") or str(_("Unknown region"))
        if dimension == "country":
            return str(countries.name(code)) if code else ""
        if dimension == "cohort":
            return self.cohorts.get(code, "")
        return self.choices.get(dimension, {}).get(code, "")
