"""The surveys demo: instruments in six languages through wagtail-localize, two cohorts, about
150 synthetic participants whose answers exercise the indicator rules, and a second load that
adds nothing."""

import statistics
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone
from survey.models import Answer
from wagtail.models import Locale

from surveys.demo import load_survey_demo
from surveys.demo.participants import REGION_OF, REGIONS
from surveys.demo.translate import MissingSegments, translate
from surveys.models import Cohort, Instrument, Item, Participant, Submission
from surveys.models.instruments import ItemKind
from surveys.storage import CLOSED_KINDS
from tests.host import WITH_CMS

LANGUAGES = ["en", "fr", "es", "ru", "zh-hans", "ar"]
CODES = ["competence", "feedback", "follow-up"]
SLUGS = ["online-business-continuity", "geneva-regional-workshop"]


@pytest.fixture(scope="module")
def survey_demo(django_db_setup, django_db_blocker):
    """The surveys demo, loaded once for this module inside a transaction rolled back at its
    end (each test still runs in its own savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        result = load_survey_demo()
        yield result
        transaction.set_rollback(True)


@pytest.fixture
def demo(survey_demo, db):
    """The loaded demo, with this test's own changes rolled back after it."""
    return survey_demo


def counts() -> dict[str, int]:
    return {
        "instruments": Instrument.objects.count(),
        "items": Item.objects.count(),
        "cohorts": Cohort.objects.count(),
        "participants": Participant.objects.count(),
        "submissions": Submission.objects.count(),
        "answers": Answer.objects.count(),
    }


def rating_means(phase: str) -> dict[int, tuple[float, float]]:
    """Submitted responses of `phase`: participant id → (mean rating S, knowledge score K)."""
    source = Instrument.objects.get(code="competence", locale=Locale.get_default())
    kinds = {item.question_id: item for item in source.items.all()}
    result = {}
    for submission in Submission.objects.filter(phase=phase, submitted_at__isnull=False):
        ratings, correct = [], 0
        for question_id, body in Answer.objects.filter(
            response_id=submission.response_id
        ).values_list("question_id", "body"):
            item = kinds[question_id]
            if item.kind == ItemKind.RATING:
                ratings.append(int(body))
            elif item.kind == ItemKind.KNOWLEDGE:
                correct += int(body) == item.correct_choice
        result[submission.participant_id] = (statistics.mean(ratings), 25 * correct)
    return result


def test_instruments_in_six_languages_share_codes_and_library_rows(demo):
    for code in CODES:
        copies = {
            i.locale.language_code: i
            for i in Instrument.objects.filter(code=code).select_related("locale")
        }
        assert sorted(copies) == sorted(LANGUAGES)
        english = copies["en"]
        questions = {item.code: item.question_id for item in english.items.all()}
        assert all(questions.values())
        for language, instrument in copies.items():
            assert instrument.translation_key == english.translation_key
            assert instrument.survey_id == english.survey_id
            items = list(instrument.items.all())
            assert [item.code for item in items] == list(questions)
            assert {item.code: item.question_id for item in items} == questions, language
            assert [d.code for d in instrument.domains.all()] == [
                d.code for d in english.domains.all()
            ]

    for language in ("fr", "ar", "zh-hans"):
        for code in CODES:
            english = Instrument.objects.get(code=code, locale__language_code="en")
            other = Instrument.objects.get(code=code, locale__language_code=language)
            assert other.title != english.title
            pairs = zip(english.items.all(), other.items.all(), strict=True)
            for source_item, item in pairs:
                assert item.text != source_item.text, (language, item.code)
                assert item.kind == source_item.kind
                assert item.required == source_item.required
                assert item.correct_choice == source_item.correct_choice
                assert len(item.choices) == len(source_item.choices)
                if language != "fr":  # French shares a word or two with English ("Acceptable")
                    assert not {b.value for b in item.choices} & {
                        b.value for b in source_item.choices
                    }


def test_translations_keep_line_breaks_and_the_scale(demo):
    competence = Instrument.objects.get(code="competence", locale__language_code="fr")
    assert "\n\n" in competence.introduction and "<br" not in competence.introduction
    assert [b.value for b in competence.rating_scale][0].startswith("Je ne l’ai jamais fait")
    feedback = Instrument.objects.get(code="feedback", locale__language_code="ar")
    assert feedback.cant_judge_label == "لا أستطيع الحكم"
    usefulness = feedback.items.get(code="usefulness")
    assert usefulness.kind == ItemKind.USEFULNESS
    assert len(usefulness.choices) == 5
    english = Instrument.objects.get(code="feedback", locale__language_code="en")
    assert [b.value for b in english.items.get(code="usefulness").choices] == [
        "Not at all useful",
        "Slightly useful",
        "Moderately useful",
        "Very useful",
        "Extremely useful",
    ]
    follow_up = Instrument.objects.get(code="follow-up", locale__language_code="en")
    kinds = {item.code: (item.kind, item.required) for item in follow_up.items.all()}
    assert kinds["framework-adopted"] == (ItemKind.YES_NO, True)
    assert kinds["framework-date"] == (ItemKind.DATE, False)
    assert kinds["framework-scope"] == (ItemKind.CHOICE, False)
    assert kinds["framework-document"] == (ItemKind.URL, False)


def test_a_missing_translation_refuses_rather_than_publishing_english(db):
    source = Instrument(
        locale=Locale.get_default(), code="untranslated", kind="feedback", title="Not in a PO"
    )
    source.save()
    french = Locale.objects.get(language_code="fr")
    with pytest.raises(MissingSegments) as error:
        translate(source, [french])
    assert error.value.missing == ["Not in a PO"]
    assert not source.has_translation(french)


def test_two_cohorts_with_past_windows_and_one_open_phase(demo):
    cohorts = Cohort.objects.filter(slug__in=SLUGS)
    assert cohorts.count() == 2
    now = timezone.now()
    open_phases = []
    for cohort in cohorts:
        phases = {p.phase: p for p in cohort.phases.select_related("instrument")}
        assert set(phases) == {"pre", "post", "feedback", "follow_up"}
        assert phases["pre"].instrument.code == phases["post"].instrument.code == "competence"
        assert phases["feedback"].instrument.code == "feedback"
        assert phases["follow_up"].instrument.code == "follow-up"
        assert cohort.ends_on < now.date()
        open_phases += [p.phase for p in phases.values() if p.is_open(now)]
    assert open_phases == ["follow_up"]
    workshop = cohorts.get(online=False)
    if WITH_CMS:  # the CMS demo's workshop page; a site without cms has none to link
        assert workshop.workshop_page.specific_class.__name__ == "WorkshopPage"
    else:
        assert workshop.workshop_page is None


def test_participants_cover_regions_sexes_and_languages(demo):
    participants = Participant.objects.filter(cohort__slug__in=SLUGS)
    assert 140 <= participants.count() <= 160
    assert {REGION_OF[p.country.code] for p in participants} == set(REGIONS)
    sexes = Counter(participants.values_list("sex", flat=True))
    assert sexes["female"] >= 40 and sexes["male"] >= 40
    assert set(participants.values_list("language", flat=True)) == set(LANGUAGES)
    assert participants.filter(consented_at__isnull=False).count() == participants.count()
    assert participants.exclude(email="").count() < participants.count() / 4


def test_answers_exercise_the_indicator_rules(demo):
    total = Participant.objects.filter(cohort__slug__in=SLUGS).count()
    pre, post = rating_means("pre"), rating_means("post")
    assert 0.8 * total <= len(pre) <= 0.95 * total
    assert 0.7 * total <= len(post) <= 0.9 * total
    assert len(set(pre) - set(post)) >= 5  # pre-only
    assert len(set(post) - set(pre)) >= 3  # post-only
    matched = set(pre) & set(post)
    changes = [post[p][0] - pre[p][0] for p in matched]
    assert 0.4 <= statistics.mean(changes) <= 0.9
    assert statistics.stdev(changes) > 0.3
    assert sum(change < 0 for change in changes) >= 3  # some declines
    assert sum(score >= 4.5 for score, _k in pre.values()) >= 2  # ceiling cases
    assert statistics.mean(k for _s, k in post.values()) > statistics.mean(
        k for _s, k in pre.values()
    )
    drafts = Submission.objects.filter(submitted_at__isnull=True)
    assert set(drafts.values_list("phase", flat=True)) >= {"pre", "post"}

    source = Instrument.objects.get(code="competence", locale=Locale.get_default())
    rating_questions = [i.question_id for i in source.items.filter(kind=ItemKind.RATING)]
    straight = 0
    for submission in Submission.objects.filter(
        phase__in=["pre", "post"], submitted_at__isnull=False
    ):
        bodies = set(
            Answer.objects.filter(
                response_id=submission.response_id, question_id__in=rating_questions
            ).values_list("body", flat=True)
        )
        straight += len(bodies) == 1
    assert straight >= 2
    # Items skipped: a few scores fall below the 80 % validity threshold (15 of 18).
    answered = Counter(
        Answer.objects.filter(question_id__in=rating_questions).values_list(
            "response_id", flat=True
        )
    )
    assert 1 <= sum(n < 15 for n in answered.values()) <= 5


def test_closed_answers_are_stored_as_numeric_codes(demo):
    closed = {
        item.question_id: item
        for item in Item.objects.filter(locale=Locale.get_default(), kind__in=CLOSED_KINDS)
    }
    submitted = Submission.objects.filter(submitted_at__isnull=False)
    bodies = Counter()
    for question_id, body in Answer.objects.filter(
        response__submission__in=submitted, question_id__in=closed
    ).values_list("question_id", "body"):
        item = closed[question_id]
        assert body in {"1", "2", "3", "4", "5", "9"}, (item.code, body)
        if body == "9":
            assert item.kind == ItemKind.USEFULNESS
        bodies[item.code, body] += 1

    feedback = submitted.filter(phase="feedback").count()
    assert 0.75 * 150 <= feedback <= 0.95 * 150
    useful = {answer: bodies["usefulness", answer] for answer in "123459"}
    rated = sum(useful[a] for a in "12345")
    assert useful["9"] >= 2  # "can't judge", reported apart
    assert 0.7 <= (useful["4"] + useful["5"]) / rated <= 0.95
    assert useful["3"] >= 3

    follow_ups = submitted.filter(phase="follow_up").count()
    assert 0.3 * 150 <= follow_ups <= 0.5 * 150
    adopted = bodies["framework-adopted", "1"]
    assert 0.3 <= adopted / follow_ups <= 0.7


def test_loading_again_adds_nothing(demo):
    before = counts()
    result = load_survey_demo()
    assert counts() == before
    assert result["instruments_created"] == result["cohorts_created"] == 0
    assert result["participants_created"] == result["instrument_translations"] == 0
