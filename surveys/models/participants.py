"""Participants: a pseudonymous code, personal data only evaluators see, and a personal link."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 random bits: the participant's key, no password


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another answer")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class OfficeType(models.TextChoices):
    NATIONAL_IP_OFFICE = "national_ip_office", _("National IP office")
    REGIONAL_IP_OFFICE = "regional_ip_office", _("Regional IP office")
    COPYRIGHT_OFFICE = "copyright_office", _("Copyright office")
    OTHER_GOVERNMENT = "other_government", _("Other government body")
    PRIVATE_SECTOR = "private_sector", _("Business or private sector")
    ACADEMIA = "academia", _("University or research institution")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class StakeholderGroup(models.TextChoices):
    """The audiences the project addresses (codes match the site's stakeholder groups)."""

    IP_OFFICES = "ip-offices", _("IP offices")
    SMES = "smes", _("SMEs and the private sector")
    ACADEMIA = "academia", _("Academia and research institutions")
    CREATIVE = "creative-industries", _("Creative and cultural industries")
    PRACTITIONERS = "ip-practitioners", _("IP practitioners and attorneys")
    POLICY_MAKERS = "policy-makers", _("Policy makers")
    OTHER = "other", _("Other")


class EnrolledVia(models.TextChoices):
    IMPORT = "import", _("Imported attendee list")
    SELF = "self", _("Self-enrolment")
    ADMIN = "admin", _("Added by an evaluator")


class Participant(models.Model):
    cohort = models.ForeignKey(
        "surveys.Cohort", on_delete=models.CASCADE, related_name="participants"
    )
    code = models.CharField(_("pseudonymous code"), max_length=40, unique=True)
    # Personal data: shown to evaluators only, never exported to the review workbook.
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    country = CountryField(_("country"))
    sex = models.CharField(_("sex"), max_length=20, choices=Sex.choices)
    office_type = models.CharField(_("office type"), max_length=30, choices=OfficeType.choices)
    function = models.CharField(_("function"), max_length=200, blank=True)
    stakeholder_group = models.CharField(
        _("stakeholder group"), max_length=40, choices=StakeholderGroup.choices
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    revoked_at = models.DateTimeField(_("link revoked at"), null=True, blank=True)
    consented_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    enrolled_via = models.CharField(
        _("enrolled via"), max_length=10, choices=EnrolledVia.choices, default=EnrolledVia.ADMIN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The personal-link e-mail after self-enrolment (surveys.tasks): when the mail server took
    # it, or why it did not, for the evaluators' listing. Not editable: written by the task.
    link_mailed_at = models.DateTimeField(
        _("link e-mailed at"), null=True, blank=True, editable=False
    )
    link_mail_error = models.CharField(
        _("link e-mail error"), max_length=500, blank=True, editable=False
    )
    # Set by surveys.erasure: the personal data is gone and the link opens nothing any more.
    erased_at = models.DateTimeField(
        _("personal data erased at"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["cohort", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def link_active(self) -> bool:
        return self.revoked_at is None

    @property
    def link_mail_outcome(self) -> str:
        """For the listing: sent (when) or failed (why); empty when never mailed."""
        if self.link_mail_error:
            return _("Not sent: %(error)s") % {"error": self.link_mail_error[:120]}
        if self.link_mailed_at:
            moment = date_format(timezone.localtime(self.link_mailed_at), "SHORT_DATETIME_FORMAT")
            return _("Sent %(when)s") % {"when": moment}
        return ""

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def reissue(self) -> None:
        """A new link; the old one stops working at once. Never for an erased participant:
        their link stays closed."""
        if self.erased_at is not None:
            raise ValueError("An erased participant gets no new link.")
        self.token = new_token()
        self.revoked_at = None
        self.save(update_fields=["token", "revoked_at"])
