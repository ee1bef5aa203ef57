"""A participant's own scores: mean self-rating per competence domain, before and after."""

from dataclasses import dataclass

from django.db.models import Avg, IntegerField
from django.db.models.functions import Cast
from django.utils.translation import get_language_bidi, gettext
from survey.models import Answer

from .charts import ChangeChart, change_chart
from .models import Instrument, Submission
from .models.instruments import ItemKind
from .templatetags.survey_format import decimal  # the table's number format


@dataclass(frozen=True)
class DomainChange:
    code: str
    name: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def domain_means(submission: Submission | None, instrument: Instrument) -> dict[str, float]:
    """Mean 1–5 rating per domain code, in one query."""
    if submission is None:
        return {}
    domain_of = {
        item.question_id: item.domain_code
        for item in instrument.items.all()
        if item.kind == ItemKind.RATING
    }
    rows = (
        Answer.objects.filter(response_id=submission.response_id, question_id__in=domain_of)
        .values("question_id")
        .annotate(score=Avg(Cast("body", IntegerField())))
    )
    by_domain: dict[str, list[float]] = {}
    for row in rows:
        by_domain.setdefault(domain_of[row["question_id"]], []).append(row["score"])
    return {code: sum(scores) / len(scores) for code, scores in by_domain.items()}


class DomainChanges(list[DomainChange]):
    """own_change's rows, which can also draw themselves as a chart for the template."""

    def chart(self) -> ChangeChart:
        """The before/after chart in the active language (mirrored in right-to-left ones)."""
        return change_chart(self, get_language_bidi(), gettext("Before"), gettext("After"), decimal)


def own_change(
    before: Submission | None, after: Submission | None, instrument: Instrument
) -> DomainChanges:
    """The participant's PRE→POST change per domain, in the instrument's order and language."""
    pre, post = domain_means(before, instrument), domain_means(after, instrument)
    return DomainChanges(
        DomainChange(domain.code, domain.name, pre.get(domain.code), post.get(domain.code))
        for domain in instrument.domains.all()
        if domain.code in pre or domain.code in post
    )
