"""The IP-ROC expert roster (OP-5, OUT-2): vetted by the coordinators, listed publicly only
when eligible and consenting, proposed for assistance requests only when eligible, willing and
available. Nominations from the public form enter as "proposed"."""

import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def private_storage() -> FileSystemStorage:
    """CVs are personal data: stored outside MEDIA_ROOT, served by no public URL."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class VettingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    UNDER_REVIEW = "under_review", _("Under review")
    ELIGIBLE = "eligible", _("Eligible")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class ExpertiseArea(models.TextChoices):
    CRISIS_FRAMEWORK = "crisis-framework", _("Crisis management and business continuity")
    ONLINE_SERVICES = "online-services", _("Online services and digital transformation")
    RISK = "risk", _("Risk assessment and mitigation")
    COMMUNICATION = "communication", _("Crisis communication")
    IP_DATA = "ip-data", _("IP data and information")
    COOPERATION = "cooperation", _("Cooperation and expert networks")
    IP_LAW = "ip-law", _("IP law and procedures in emergencies")


class NominatedBy(models.TextChoices):
    SELF = "self", _("The expert")
    OFFICE = "office", _("Their office")
    # The stored value predates the coordinators' role: it means "entered in the admin".
    EVALUATOR = "evaluator", _("Entered by a coordinator")


class Availability(models.TextChoices):
    AVAILABLE = "available", _("Available")
    LIMITED = "limited", _("Limited availability")
    UNAVAILABLE = "unavailable", _("Unavailable")


class Expert(models.Model):
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    country = CountryField(_("country"))
    expertise = models.JSONField(_("expertise areas"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    biography = models.TextField(_("short biography"), blank=True)
    cv = models.FileField(_("CV"), upload_to="experts/cv/", blank=True, storage=private_storage)
    status = models.CharField(
        _("vetting status"),
        max_length=20,
        choices=VettingStatus.choices,
        default=VettingStatus.PROPOSED,
    )
    vetted_on = models.DateField(_("vetting date"), null=True, blank=True)
    vetting_notes = models.TextField(_("vetting notes"), blank=True)
    public_consent = models.BooleanField(_("consents to be listed publicly"), default=False)
    assistance_consent = models.BooleanField(
        _("agrees to be asked for assistance"),
        default=False,
        help_text=_(
            "Only experts who agreed are proposed for assistance requests; their e-mail then "
            "goes to the office they agree to help."
        ),
    )
    availability = models.CharField(
        _("availability"),
        max_length=12,
        choices=Availability.choices,
        default=Availability.AVAILABLE,
    )
    unavailable_until = models.DateField(
        _("unavailable until"),
        null=True,
        blank=True,
        help_text=_("Leave empty if not known; from this date the expert counts as available."),
    )
    nominated_by = models.CharField(
        _("nominated by"),
        max_length=10,
        choices=NominatedBy.choices,
        default=NominatedBy.EVALUATOR,
    )
    nomination_language = models.CharField(
        _("language of the nomination"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def availability_on(self, day: datetime.date) -> str:
        """The availability that holds on `day`: "unavailable until" a past date no longer
        holds."""
        if (
            self.availability == Availability.UNAVAILABLE
            and self.unavailable_until is not None
            and self.unavailable_until <= day
        ):
            return Availability.AVAILABLE
        return self.availability

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.unavailable_until and self.availability != Availability.UNAVAILABLE:
            raise ValidationError(
                {"unavailable_until": _("Only an unavailable expert has an end date.")}
            )
