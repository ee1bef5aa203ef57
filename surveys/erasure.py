"""Erasing a participant's personal data, on request or when the retention period is over.

What identifies a person goes: name, e-mail, function, open comments, and the mail server's
replies (they may quote the address), plus queued or finished e-mails to that address. What
the evaluation counts stays: the pseudonymous code, the country, sex, office type, stakeholder
group and language (the breakdowns), and every closed answer, so no indicator moves. The
participant's link is closed for good, and an ErasureRecord says who erased whom, when and
why. Opt-outs are kept: they hold no address, only the participant and phase.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from survey.models import Answer

from .models import Cohort, ErasureReason, ErasureRecord, Item, OutreachMessage, Participant
from .models.instruments import ItemKind

# What an erased open comment reads: the answer still counts as given, its words are gone.
ERASED = "[erased]"
DEFAULT_RETENTION_MONTHS = 24
ERASED_FIELDS = ["name", "email", "function", "link_mail_error", "erased_at", "revoked_at"]

# Item kinds whose answers are the participant's own words. Dates and web addresses are kept:
# the office follow-up's adoption date and framework document are evidence, not personal.
FREE_TEXT_KINDS = (ItemKind.TEXT,)


def free_text_answers(participant: Participant) -> QuerySet[Answer]:
    """The participant's stored answers to open-comment items, in any phase."""
    questions = Item.objects.filter(kind__in=FREE_TEXT_KINDS, question__isnull=False).values(
        "question_id"
    )
    return Answer.objects.filter(
        response__submission__participant=participant, question_id__in=questions
    )


def _forget_queued_mail(email: str) -> int:
    """Delete the stored e-mail tasks addressed to `email` (django-tasks-db keeps each
    message, with its address and text, as task arguments). A running one is left alone."""
    if not email or not apps.is_installed("django_tasks_db"):
        return 0
    from django_tasks_db.models import DBTaskResult

    deleted, _rows = (
        DBTaskResult.objects.filter(args_kwargs__icontains=email).exclude(status="RUNNING").delete()
    )
    return deleted


def erase_participant(
    participant: Participant,
    by_user=None,
    reason: str = ErasureReason.REQUEST,
    now: datetime.datetime | None = None,
) -> ErasureRecord | None:
    """Erase `participant`'s personal data and log it; None when it was erased already."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Participant.objects.select_for_update().select_related("cohort")
        current = locked.filter(pk=participant.pk, erased_at__isnull=True).first()
        if current is None:
            return None
        email = current.email
        current.name = current.email = current.function = current.link_mail_error = ""
        current.erased_at = now
        current.revoked_at = current.revoked_at or now
        current.save(update_fields=ERASED_FIELDS)
        free_text_answers(current).exclude(body__isnull=True).exclude(body="").update(body=ERASED)
        OutreachMessage.objects.filter(participant=current).exclude(error="").update(error="")
        _forget_queued_mail(email)
        record = ErasureRecord.objects.create(
            participant_code=current.code,
            cohort_name=current.cohort.name[:200],
            erased_by=by_user if getattr(by_user, "pk", None) else None,
            reason=reason,
        )
    for name in ERASED_FIELDS:
        setattr(participant, name, getattr(current, name))
    return record


def retention_months() -> int:
    """SURVEYS_RETENTION_MONTHS; 0 (or None) keeps personal data until erased by hand."""
    value = getattr(settings, "SURVEYS_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS)
    return int(value or 0)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """`moment` minus whole calendar months, the day clamped to the shorter month's end."""
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def cohorts_due(
    months: int | None = None, now: datetime.datetime | None = None
) -> QuerySet[Cohort]:
    """Cohorts whose last phase window closed more than `months` ago and which still have
    participants with personal data; none when retention is off."""
    months = retention_months() if months is None else months
    if not months:
        return Cohort.objects.none()
    cutoff = months_before(now or timezone.now(), months)
    return (
        Cohort.objects.annotate(last_closes=Max("phases__closes_at"))
        .filter(last_closes__lt=cutoff, participants__erased_at__isnull=True)
        .distinct()
        .order_by("last_closes", "pk")
    )


def apply_retention(
    months: int | None = None, dry_run: bool = False, now: datetime.datetime | None = None
) -> list[tuple[Cohort, int]]:
    """Erase (reason "retention") every participant not yet erased of each cohort due;
    (cohort, how many) per cohort. A dry run counts and changes nothing."""
    done = []
    for cohort in cohorts_due(months, now):
        people = Participant.objects.filter(cohort=cohort, erased_at__isnull=True)
        if dry_run:
            done.append((cohort, people.count()))
            continue
        erased = sum(
            1
            for participant in people.order_by("pk")
            if erase_participant(participant, reason=ErasureReason.RETENTION, now=now)
        )
        done.append((cohort, erased))
    return done
