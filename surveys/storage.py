"""Keep django-survey-and-report's Survey, Category and Question rows in step with an
instrument, so its models hold every instrument and answer (its admin and signal stay usable).

The library keys nothing by code, so the links run the other way: each language's Instrument
and Item points at its library row. The source language's texts are what the library shows;
answers store numeric codes, never labels, so they mean the same in every language.
"""

from django.db import transaction
from survey.models import Category, Question, Survey
from wagtail.models import Locale

from .models import Instrument
from .models.instruments import CANT_JUDGE, ItemKind

CLOSED_KINDS = {
    ItemKind.RATING,
    ItemKind.KNOWLEDGE,
    ItemKind.USEFULNESS,
    ItemKind.CHOICE,
    ItemKind.YES_NO,
}


def question_type(kind: str) -> str:
    if kind in CLOSED_KINDS:
        return Question.RADIO
    if kind == ItemKind.DATE:
        return Question.DATE
    if kind == ItemKind.URL:
        return Question.SHORT_TEXT
    return Question.TEXT


def choice_codes(item, instrument: Instrument) -> str | None:
    """The stored codes, comma-separated as the library expects: 1,2,…[,9]."""
    if item.kind not in CLOSED_KINDS:
        return None
    scale = len(item.choices) or len(instrument.rating_scale)
    count = 2 if item.kind == ItemKind.YES_NO else scale
    codes = [str(number) for number in range(1, count + 1)]
    if item.kind == ItemKind.USEFULNESS:
        codes.append(str(CANT_JUDGE))
    return ",".join(codes)


@transaction.atomic
def sync_storage(instrument: Instrument) -> Survey:
    """Create or update the library rows of `instrument` (given in any language) and point
    every language's copy at them. Safe to call after each edit."""
    source = (
        Instrument.objects.filter(
            translation_key=instrument.translation_key, locale=Locale.get_default()
        )
        .prefetch_related("domains", "items")
        .first()
    ) or instrument
    survey = source.survey or Survey(need_logged_user=False)
    survey.name = source.code
    survey.description = source.title
    survey.is_published = False  # never listed by the library's own (unused) views
    survey.save()

    categories = {category.name: category for category in survey.categories.all()}
    for order, domain in enumerate(source.domains.all()):
        category = categories.get(domain.code) or Category(survey=survey, name=domain.code)
        category.order, category.description = order, domain.name[:2000]
        category.save()
        categories[domain.code] = category

    questions = {}
    for order, item in enumerate(source.items.all()):
        question = item.question or Question(survey=survey)
        question.text = item.text
        question.order = order
        question.required = item.required
        question.category = categories.get(item.domain_code)
        question.type = question_type(item.kind)
        question.choices = choice_codes(item, source)
        question.save()
        questions[item.code] = question

    for copy in Instrument.objects.filter(translation_key=source.translation_key):
        if copy.survey_id != survey.pk:
            Instrument.objects.filter(pk=copy.pk).update(survey=survey)
        for item in copy.items.all():
            question = questions.get(item.code)
            if question is not None and item.question_id != question.pk:
                type(item).objects.filter(pk=item.pk).update(question=question)
    source.survey = survey
    return survey
