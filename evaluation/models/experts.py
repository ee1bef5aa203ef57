"""The IP-ROC expert roster (OP-5, OUT-2): vetted by evaluators, listed publicly only when
eligible and consenting. Nominations from the public form enter as "proposed"."""

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
    EVALUATOR = "evaluator", _("Entered by an evaluator")


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
