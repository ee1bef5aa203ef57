"""Answering an instrument: screens, validation, saving a screen, submitting.

Answers are stored in django-survey-and-report's Answer rows as numeric codes (the score
itself for ratings), written in bulk: saving a screen costs the same few queries whatever
the number of items. A Submission is unique per participant and phase (a database
constraint), and submitting locks its row, so a double click, a resend or the back button
finds it submitted and changes nothing.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from survey.models import Answer, Response
from survey.signals import survey_completed
from wagtail import hooks

from .models import Instrument, Item, Participant, Submission
from .models.instruments import CANT_JUDGE, NO, YES, ItemKind
from .validators import reject_control_characters

MAX_TEXT = 4000
DEFAULT_VALIDITY = 0.8  # share of self-ratings answered for a score that counts


@dataclass
class Screen:
    number: int
    title: str
    description: str
    items: list[Item] = field(default_factory=list)


class NothingSaved(Exception):
    """Submitting with no answer at all: an empty assessment is never sent."""


class IncompleteSubmission(Exception):
    def __init__(self, missing: list[Item]) -> None:
        self.missing = missing
        super().__init__(", ".join(item.code for item in missing))


def instrument_in(source: Instrument, language: str) -> Instrument:
    """The instrument in the participant's language, with its domains and items; the source
    when that language has no translation yet."""
    translated = (
        Instrument.objects.filter(
            translation_key=source.translation_key, locale__language_code=language
        )
        .prefetch_related("domains", "items")
        .first()
    )
    return translated or Instrument.objects.prefetch_related("domains", "items").get(pk=source.pk)


def screens(instrument: Instrument) -> list[Screen]:
    """One screen per domain, in order; items without a known domain on a last screen."""
    items = list(instrument.items.all())
    result = []
    for domain in instrument.domains.all():
        domain_items = [item for item in items if item.domain_code == domain.code]
        if domain_items:
            result.append(Screen(len(result) + 1, domain.name, domain.description, domain_items))
    placed = {item.pk for screen in result for item in screen.items}
    rest = [item for item in items if item.pk not in placed]
    if rest:
        result.append(Screen(len(result) + 1, instrument.title, "", rest))
    return result


def choices_of(item: Item, instrument: Instrument) -> list[tuple[str, str]]:
    """(code, label) pairs for a closed item, in the instrument's language."""
    if item.kind == ItemKind.YES_NO:
        return [(str(YES), _("Yes")), (str(NO), _("No"))]
    labels = [block.value for block in item.choices] or (
        [block.value for block in instrument.rating_scale]
        if item.kind in (ItemKind.RATING, ItemKind.USEFULNESS)
        else []
    )
    pairs = [(str(number), label) for number, label in enumerate(labels, start=1)]
    if item.kind == ItemKind.USEFULNESS:
        pairs.append((str(CANT_JUDGE), instrument.cant_judge_label or _("Can't judge")))
    return pairs


def clean_answer(item: Item, value: str, instrument: Instrument) -> str:
    """The stored code or text for `value`; raises ValidationError with the reason."""
    value = (value or "").strip()
    if not value:
        if item.required:
            raise ValidationError(_("Please answer this question."))
        return ""
    if item.kind in (ItemKind.TEXT, ItemKind.URL, ItemKind.DATE):
        reject_control_characters(value)  # NUL cannot be stored; the saved answer is kept
        if len(value) > MAX_TEXT:
            raise ValidationError(
                _("Please keep this under %(max)d characters.") % {"max": MAX_TEXT}
            )
        if item.kind == ItemKind.URL:
            URLValidator(message=_("Enter a full web address, starting with https://."))(value)
        if item.kind == ItemKind.DATE:
            try:
                datetime.date.fromisoformat(value)
            except ValueError as error:
                raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from error
        return value
    if value not in {code for code, _label in choices_of(item, instrument)}:
        raise ValidationError(_("Choose one of the options."))
    return value


def validate_screen(screen: Screen, data, instrument: Instrument) -> tuple[dict, dict]:
    """Clean every item of a screen: (answers by code, error messages by code)."""
    answers, errors = {}, {}
    for item in screen.items:
        raw = data.get(item.code, "")
        try:
            answers[item.code] = clean_answer(item, raw, instrument)
        except ValidationError as error:
            errors[item.code] = error.messages[0]
            answers[item.code] = raw if isinstance(raw, str) else ""
    return answers, errors


def start(participant: Participant, phase: str, source: Instrument, language: str) -> Submission:
    """The participant's submission for this phase, created on first use (race-safe).

    Created first and looked up only on a conflict: callers come here when they found none
    (the screen view's Context has just looked), so a lookup first would repeat that query."""
    try:
        with transaction.atomic():
            response = Response.objects.create(survey_id=source.survey_id)
            return Submission.objects.create(
                participant=participant, phase=phase, response=response, language=language
            )
    except IntegrityError:
        return Submission.objects.get(participant=participant, phase=phase)


def stored_answers(submission: Submission, instrument: Instrument) -> dict[str, str]:
    """The answers saved so far, by item code."""
    codes = {item.question_id: item.code for item in instrument.items.all()}
    return {
        codes[question_id]: body or ""
        for question_id, body in Answer.objects.filter(
            response_id=submission.response_id
        ).values_list("question_id", "body")
        if question_id in codes
    }


def save_answers(
    submission: Submission,
    items: list[Item],
    answers: dict[str, str],
    screen: int | None = None,
) -> None:
    """Replace this screen's stored answers: a lock, a delete and an insert, whatever the
    number of items. `screen`, when given, is recorded as saved (the participant resumes
    after it)."""
    if submission.is_submitted:
        return
    questions = [item.question_id for item in items]
    with transaction.atomic():
        # Lock the submission: two saves at once (two tabs, a resend) must not interleave
        # their delete and insert, and nothing may change once it is submitted.
        locked = Submission.objects.select_for_update().filter(pk=submission.pk)
        state = locked.values_list("submitted_at", "saved_screens").first()
        if state is None or state[0] is not None:
            return
        saved = list(state[1] or [])
        if screen is not None and screen not in saved:
            saved = sorted([*saved, screen])
            locked.update(saved_screens=saved)
        submission.saved_screens = saved
        stored = Answer.objects.filter(response_id=submission.response_id)
        stored.filter(question_id__in=questions).delete()
        Answer.objects.bulk_create(
            Answer(question=_question_stub(item), response_id=submission.response_id, body=value)
            for item in items
            if (value := answers.get(item.code))
        )


def _question_stub(item: Item):
    # Answer.__init__ fetches the question when given question_id; an unsaved stub with the
    # right pk avoids that query per answer (codes were validated already).
    from survey.models import Question

    return Question(pk=item.question_id, type=Question.TEXT)


def screen_is_saved(submission: Submission | None, screen: Screen, stored: dict) -> bool:
    """Saved without an error; for drafts begun before screens were recorded, a screen with
    an answer and no required item left empty counts too."""
    if submission is None:
        return False
    if screen.number in (submission.saved_screens or []):
        return True
    answered = [bool(stored.get(item.code)) for item in screen.items]
    required_done = all(a for a, item in zip(answered, screen.items, strict=True) if item.required)
    return any(answered) and required_done


def resume_screen(
    submission: Submission | None, all_screens: list[Screen], stored: dict
) -> int | None:
    """The number of the first screen not yet saved; None when every screen was (review)."""
    for current in all_screens:
        if not screen_is_saved(submission, current, stored):
            return current.number
    return None


@dataclass
class Completeness:
    """What a review page tells before sending: which items have no answer, and whether the
    self-ratings are enough for a score that counts."""

    unanswered: dict[int, list[Item]]  # by screen number
    rating_items: int
    ratings_answered: int
    validity: float

    @property
    def counts(self) -> bool:
        return self.rating_items == 0 or self.ratings_answered >= self.validity * self.rating_items

    @property
    def ratings_needed(self) -> int:
        return math.ceil(self.validity * self.rating_items - 1e-9)


def completeness(all_screens: list[Screen], stored: dict, validity: float) -> Completeness:
    unanswered = {
        current.number: [item for item in current.items if not stored.get(item.code)]
        for current in all_screens
    }
    ratings = [
        item for current in all_screens for item in current.items if item.kind == ItemKind.RATING
    ]
    return Completeness(
        unanswered={number: items for number, items in unanswered.items() if items},
        rating_items=len(ratings),
        ratings_answered=sum(1 for item in ratings if stored.get(item.code)),
        validity=validity,
    )


def validity_share() -> float:
    """The share of self-ratings a score needs to count: the last `surveys_validity_share`
    hook's answer (the evaluation app registers its threshold), else 80 %."""
    found = [hook() for hook in hooks.get_hooks("surveys_validity_share")]
    return float(found[-1]) if found else DEFAULT_VALIDITY


def submit(submission: Submission, instrument: Instrument, require_answer: bool = False) -> bool:
    """Submit once: True when this call submitted, False when it was submitted already.

    Raises IncompleteSubmission (nothing changes) when a required item has no answer, and
    with `require_answer` NothingSaved when no item has one (the answers are read here, under
    the lock, so the review page need not read them before)."""
    now = timezone.now()
    with transaction.atomic():
        # One conditional UPDATE both claims the submission and locks its row until the
        # commit, as a SELECT … FOR UPDATE did, in one statement instead of two: a concurrent
        # save_answers or submit waits, and a second submit updates nothing.
        claimed = Submission.objects.filter(pk=submission.pk, submitted_at__isnull=True).update(
            submitted_at=now
        )
        if not claimed:
            submission.submitted_at = Submission.objects.values_list("submitted_at", flat=True).get(
                pk=submission.pk
            )
            return False
        answers = stored_answers(submission, instrument)
        if require_answer and not any(answers.values()):
            raise NothingSaved  # leaving the block rolls the UPDATE back
        missing = [i for i in instrument.items.all() if i.required and not answers.get(i.code)]
        if missing:
            raise IncompleteSubmission(missing)  # leaving the block rolls the UPDATE back
    submission.submitted_at = now
    # The Response is fetched for the signal only when someone listens (nothing does in
    # this project; the library's own views are not used).
    if survey_completed.has_listeners(Response):
        survey_completed.send(sender=Response, instance=submission.response, data=answers)
    return True
