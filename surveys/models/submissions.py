"""One response per participant and phase, as a database constraint.

django-survey-and-report's Response has no uniqueness at all (a double submit makes two);
a Submission ties exactly one of them to a participant and phase, and carries the state the
library lacks: draft (answers saved screen by screen) or submitted."""

from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from survey.models import Response

from .cohorts import Phase


class Submission(models.Model):
    participant = models.ForeignKey(
        "surveys.Participant", on_delete=models.CASCADE, related_name="submissions"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    response = models.OneToOneField(
        "survey.Response", on_delete=models.CASCADE, related_name="submission"
    )
    language = models.CharField(_("language of completion"), max_length=10)
    started_at = models.DateTimeField(auto_now_add=True)
    # The screens (numbers, from 1) the participant saved without an error: where a
    # participant resumes, even when every item of a screen is optional and left empty.
    saved_screens = models.JSONField(default=list, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=[("web", _("Personal link")), ("paper", _("Paper or offline, imported"))],
        default="web",
    )

    class Meta:
        verbose_name = _("submission")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "phase"], name="one_response_per_participant_and_phase"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} — {self.get_phase_display()}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


@receiver(post_delete, sender=Submission, dispatch_uid="surveys_submission_response")
def delete_library_response(sender, instance: Submission, **kwargs) -> None:
    """The link runs from Submission to the library's Response, so deleting a participant
    (and its submissions) would leave the Response and its Answer rows behind: take them."""
    Response.objects.filter(pk=instance.response_id).delete()
