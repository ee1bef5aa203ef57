"""Survey data for the indicators, read in a small fixed number of queries whatever the number
of participants, and handed on as plain structures that the (pure, tested) indicator
functions compute from.

Answers are read in ONE query over django-survey-and-report's Answer rows, as plain rows
folded per participant, phase and question in one pass (a duplicate answer counts as the mean
of the two): those item values are what the Learning sheet shows, and the scores (S, K,
domain means) are computed from them. Within sharing_survey_data() each phase, the people and
the scores are read once however many indicators ask (README, "Performance"). Items are
mapped through the source-language Item rows: every language's copy of an instrument points at
the same library Question, so answers given in any language pool into one data set, keyed by
the stable item code.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from survey.models import Answer
from wagtail.coreutils import get_supported_content_language_variant

from surveys.models import CohortPhase, Domain, Item, Participant, Submission
from surveys.models.instruments import ItemKind
from surveys.storage import CLOSED_KINDS

UNKNOWN = "unknown"  # the region of a country the mapping does not list
PRE, POST, FEEDBACK, FOLLOW_UP = "pre", "post", "feedback", "follow_up"
RATING_RANGE = (1, 5)
ROWS_PER_FETCH = 10_000

# Tolerance for "≥ 80 % answered": 0.8 × 5 is 4.000000000000001 in floating point.
EPS = 1e-9


@dataclass(frozen=True)
class Scope:
    """Which participants and submissions an indicator covers.

    cohorts: Cohort instances, ids, slugs or a queryset (None: every cohort); start/end:
    submissions submitted on or between these dates; regions: country code → region (data,
    see DESIGN "Regions"), used for the region breakdown; region: only participants from
    that region's countries."""

    cohorts: Any = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    regions: Mapping[str, str] | None = field(default=None, hash=False)
    region: str | None = None

    def region_of(self, country: str) -> str:
        return (self.regions or {}).get(country, UNKNOWN)

    def participants(self) -> QuerySet[Participant]:
        people = Participant.objects.filter(self.cohort_filter("cohort"))
        if self.region is not None:
            if self.regions is None:
                raise ValueError("Filtering by region needs the country → region mapping.")
            countries = [c for c, region in self.regions.items() if region == self.region]
            people = people.filter(country__in=countries)
        return people

    def submitted(self, prefix: str = "") -> Q:
        """Submitted (drafts never count) and, with a period, submitted within it."""
        q = Q(**{f"{prefix}submitted_at__isnull": False})
        if self.start is not None:
            q &= Q(**{f"{prefix}submitted_at__date__gte": self.start})
        if self.end is not None:
            q &= Q(**{f"{prefix}submitted_at__date__lte": self.end})
        return q

    def cohort_filter(self, path: str) -> Q:
        """The cohorts in scope, for the cohort foreign key at `path`."""
        if self.cohorts is None:
            return Q()
        if isinstance(self.cohorts, QuerySet):
            return Q(**{f"{path}__in": self.cohorts})
        cohorts = self.cohorts
        single = isinstance(cohorts, str) or not isinstance(cohorts, Iterable)
        values = [cohorts] if single else list(cohorts)
        if values and all(isinstance(value, str) for value in values):
            return Q(**{f"{path}__slug__in": values})
        return Q(**{f"{path}__in": values})


@dataclass(frozen=True)
class Person:
    """A participant's attributes for the breakdowns (no name, no e-mail, no token)."""

    id: int
    cohort: str = ""  # slug
    country: str = ""
    region: str = UNKNOWN
    sex: str = ""
    office_type: str = ""
    stakeholder_group: str = ""
    language: str = ""  # preferred language; the language of completion is per submission

    def groups(self, language: str = "") -> dict[str, str]:
        """Group of each breakdown dimension; `language` is the language of completion."""
        return {
            "region": self.region,
            "country": self.country,
            "sex": self.sex,
            "office_type": self.office_type,
            "stakeholder_group": self.stakeholder_group,
            "language": language or self.language,
            "cohort": self.cohort,
        }


@dataclass(frozen=True)
class ItemInfo:
    code: str
    kind: str
    domain_code: str = ""
    text: str = ""  # in the source language
    correct_choice: int | None = None
    question_id: int | None = None


@dataclass(frozen=True)
class PhaseAnswers:
    """One submitted response: numeric codes of closed items, raw text of the others."""

    participant_id: int
    phase: str
    language: str = ""  # of completion
    submitted_at: datetime.datetime | None = None
    values: Mapping[str, float] = field(default_factory=dict)
    texts: Mapping[str, str] = field(default_factory=dict)


@dataclass
class SurveyData:
    people: dict[int, Person]
    items: dict[str, ItemInfo]  # source items of the phases' instruments, by code, in order
    phase_items: dict[tuple[str, str], tuple[str, ...]]  # (cohort slug, phase) → item codes
    responses: dict[tuple[int, str], PhaseAnswers]  # (participant id, phase), submitted only
    domains: dict[str, str]  # domain code → name in the source language
    cohorts: dict[str, str]  # slug → name


def merged(*parts: SurveyData) -> SurveyData:
    """One SurveyData from loads of different phases of one scope."""
    whole = SurveyData({}, {}, {}, {}, {}, {})
    for part in parts:
        for mine, theirs in zip(
            (whole.people, whole.items, whole.phase_items, whole.responses, whole.domains),
            (part.people, part.items, part.phase_items, part.responses, part.domains),
            strict=True,
        ):
            mine.update(theirs)
        whole.cohorts.update(part.cohorts)
    return whole


_shared: ContextVar[dict | None] = ContextVar("evaluation_survey_data", default=None)


@contextmanager
def sharing_survey_data() -> Iterator[None]:
    """Within this block each (scope, phases) is read from the database once: the dashboard
    and the workbook ask for the same phases from several indicators and the quality report
    (at 20,000 participants a read of PRE and POST is 1.5 s)."""
    if _shared.get() is not None:
        yield
        return
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def _hashable(key: tuple) -> tuple | None:
    """`key`, or None when it cannot be one (a scope whose cohorts are a list): read again."""
    try:
        hash(key)
    except TypeError:
        return None
    return key


def sharing() -> bool:
    """Whether a sharing_survey_data() block is open."""
    return _shared.get() is not None


def load_survey_data(scope: Scope, phases: Iterable[str], texts: bool = False) -> SurveyData:
    """Participants of the cohorts that have one of `phases`, and their submitted answers to
    those phases' instruments; `texts` adds the answers to open items (dates, links). Read
    once per block of sharing_survey_data()."""
    phases = tuple(phases)
    memo, key = _shared.get(), _hashable((scope, phases, texts))
    if memo is None or key is None:
        return _load_survey_data(scope, phases, texts)
    if key not in memo:
        memo[key] = _load_survey_data(scope, phases, texts)
    return memo[key]


def _people(scope: Scope, people_qs: QuerySet, cohorts: tuple[str, ...]) -> dict[int, Person]:
    """The participants in scope by id; read once per scope and cohorts while data are shared
    (every indicator reads the same people)."""
    memo, key = _shared.get(), _hashable(("people", scope, cohorts))
    if memo is not None and key is not None and key in memo:
        return memo[key]
    people = {
        row["pk"]: Person(
            id=row["pk"],
            cohort=row["cohort__slug"],
            country=str(row["country"]),
            region=scope.region_of(str(row["country"])),
            sex=row["sex"],
            office_type=row["office_type"],
            stakeholder_group=row["stakeholder_group"],
            language=row["language"],
        )
        for row in people_qs.values(
            "pk",
            "cohort__slug",
            "country",
            "sex",
            "office_type",
            "stakeholder_group",
            "language",
        )
    }
    if memo is not None and key is not None:
        memo[key] = people
    return people


def _load_survey_data(scope: Scope, phases: tuple[str, ...], texts: bool) -> SurveyData:
    """Participants of the cohorts that have one of `phases`, and their submitted answers to
    those phases' instruments; `texts` adds the answers to open items (dates, links).

    Six queries (seven with texts), whatever the number of participants: phases, items,
    domains, participants, submissions, answers."""
    windows = list(
        CohortPhase.objects.filter(scope.cohort_filter("cohort"), phase__in=phases).values_list(
            "cohort__slug", "cohort__name", "phase", "instrument__translation_key"
        )
    )
    if not windows:
        return SurveyData({}, {}, {}, {}, {}, {})
    keys = {key for *_rest, key in windows}
    source = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    rows = (
        Item.objects.filter(
            instrument__translation_key__in=keys,
            instrument__locale__language_code=source,
            question__isnull=False,
        )
        .order_by("instrument_id", "sort_order", "pk")
        .values_list(
            "instrument__translation_key",
            "code",
            "kind",
            "domain_code",
            "text",
            "correct_choice",
            "question_id",
        )
    )
    items: dict[str, ItemInfo] = {}
    by_question: dict[int, ItemInfo] = {}  # every instrument's questions, should two share codes
    codes_of: dict[Any, list[str]] = defaultdict(list)
    for key, code, kind, domain_code, text, correct, question_id in rows:
        info = ItemInfo(code, kind, domain_code, text, correct, question_id)
        items.setdefault(code, info)
        by_question[question_id] = info
        codes_of[key].append(code)
    domains = dict(
        Domain.objects.filter(
            instrument__translation_key__in=keys, instrument__locale__language_code=source
        ).values_list("code", "name")
    )
    phase_items = {
        (slug, phase): tuple(codes_of.get(key, ())) for slug, _name, phase, key in windows
    }
    cohorts = {slug: name for slug, name, *_rest in windows}

    people_qs = scope.participants().filter(cohort__slug__in=cohorts)
    people = _people(scope, people_qs, tuple(sorted(cohorts)))
    in_scope = people_qs.values("pk")

    submissions = Submission.objects.filter(
        scope.submitted(), participant__in=in_scope, phase__in=phases
    ).values_list("participant_id", "phase", "language", "submitted_at")
    meta = {(pid, phase): (language, at) for pid, phase, language, at in submissions}

    closed = {q for q, item in by_question.items() if item.kind in CLOSED_KINDS}
    code_of = {question_id: by_question[question_id].code for question_id in closed}
    answers = (
        Answer.objects.filter(
            scope.submitted("response__submission__"),
            response__submission__participant__in=in_scope,
            response__submission__phase__in=phases,
            question_id__in=closed,
        )
        .values_list(
            "response__submission__participant_id",
            "response__submission__phase",
            "question_id",
            "body",
        )
        .order_by()
    )
    # Folded here rather than grouped in SQL: a GROUP BY with a cast and, on SQLite, a
    # regular expression evaluated in Python per row cost 4x the plain read (README,
    # "Performance"). Closed answers are codes; anything else is never cast.
    values: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    repeated: dict[tuple[int, str, str], list[float]] = {}
    for pid, phase, question_id, body in answers.iterator(chunk_size=ROWS_PER_FETCH):
        if not (body and body.isascii() and body.isdigit()):
            continue
        response, code = values[pid, phase], code_of[question_id]
        if code in response:  # the library allows two answers to one question: their mean
            seen = repeated.setdefault((pid, phase, code), [response[code]])
            seen.append(float(body))
            response[code] = sum(seen) / len(seen)
        else:
            response[code] = float(body)

    bodies: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    if texts:
        open_questions = [q for q in by_question if q not in closed]
        for pid, phase, question_id, body in Answer.objects.filter(
            scope.submitted("response__submission__"),
            response__submission__participant__in=in_scope,
            response__submission__phase__in=phases,
            question_id__in=open_questions,
        ).values_list(
            "response__submission__participant_id",
            "response__submission__phase",
            "question_id",
            "body",
        ):
            if body:
                bodies[pid, phase][by_question[question_id].code] = body

    responses = {
        (pid, phase): PhaseAnswers(
            pid, phase, language, at, values.get((pid, phase), {}), bodies.get((pid, phase), {})
        )
        for (pid, phase), (language, at) in meta.items()
    }
    return SurveyData(people, items, phase_items, responses, domains, cohorts)


@dataclass(frozen=True)
class Score:
    """One participant's competence score in one phase.

    s: mean of the 1–5 self-ratings answered; answered / rating_items: how many of the
    instrument's rating items were answered (S is valid at ≥ 80 %); k: knowledge-check score
    0–100 (None when the instrument has none); ratings and knowledge: per item (knowledge
    1 correct, 0 not); domains: mean rating per domain."""

    s: float | None
    answered: int
    rating_items: int
    k: float | None = None
    ratings: Mapping[str, float] = field(default_factory=dict)
    knowledge: Mapping[str, float] = field(default_factory=dict)
    domains: Mapping[str, float] = field(default_factory=dict)
    language: str = ""

    def is_valid(self, validity: float) -> bool:
        return (
            self.s is not None
            and self.rating_items > 0
            and self.answered + EPS >= validity * self.rating_items
        )


def make_score(
    ratings: Mapping[str, float],
    rating_items: int,
    knowledge: Mapping[str, float] | None = None,
    knowledge_items: int = 0,
    domain_of: Mapping[str, str] | None = None,
    language: str = "",
) -> Score:
    """A Score from item values: S the mean rating, K = 100 × correct ÷ knowledge items
    (an unanswered knowledge item is not correct), domain means by `domain_of`."""
    low, high = RATING_RANGE
    valid = {code: value for code, value in ratings.items() if low <= value <= high}
    s = sum(valid.values()) / len(valid) if valid else None
    knowledge = dict(knowledge or {})
    k = 100 * sum(knowledge.values()) / knowledge_items if knowledge_items and knowledge else None
    by_domain: dict[str, list[float]] = defaultdict(list)
    domain_of = domain_of or {}
    for code, value in valid.items():
        by_domain[domain_of.get(code, "")].append(value)
    domains = {code: sum(v) / len(v) for code, v in by_domain.items()}
    return Score(s, len(valid), rating_items, k, valid, knowledge, domains, language)


def competence_scores(data: SurveyData) -> dict[tuple[int, str], Score]:
    """PRE and POST scores of every submitted competence response, from the loaded values;
    computed once per loaded data within sharing_survey_data() (OBJ-1 and the quality
    report)."""
    memo = _shared.get()
    if memo is None:
        return _competence_scores(data)
    key = ("scores", id(data))
    if key not in memo:
        memo[key] = (data, _competence_scores(data))  # the data kept: its id stays its own
    return memo[key][1]


def _competence_scores(data: SurveyData) -> dict[tuple[int, str], Score]:
    layouts: dict[tuple[str, str], tuple] = {}  # per (cohort, phase): its items, sorted once

    def layout(cohort: str, phase: str) -> tuple:
        codes = data.phase_items.get((cohort, phase), ())
        ratings = [c for c in codes if data.items[c].kind == ItemKind.RATING]
        knowledge = [
            (c, data.items[c].correct_choice)
            for c in codes
            if data.items[c].kind == ItemKind.KNOWLEDGE
        ]
        return ratings, knowledge, {c: data.items[c].domain_code for c in ratings}

    scores = {}
    for (pid, phase), response in data.responses.items():
        if phase not in (PRE, POST) or pid not in data.people:
            continue
        cohort = data.people[pid].cohort
        if (cohort, phase) not in layouts:
            layouts[cohort, phase] = layout(cohort, phase)
        rating_codes, knowledge_codes, domain_of = layouts[cohort, phase]
        values = response.values
        knowledge = {
            code: float(values[code] == correct)
            for code, correct in knowledge_codes
            if code in values
        }
        scores[pid, phase] = make_score(
            {c: values[c] for c in rating_codes if c in values},
            len(rating_codes),
            knowledge,
            len(knowledge_codes),
            domain_of,
            response.language,
        )
    return scores
