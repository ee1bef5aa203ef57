from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .roles import ensure_evaluators_group

        post_migrate.connect(ensure_evaluators_group, sender=self)

        from surveys.models import Participant

        from .result_cache import bump_cohort

        def participant_changed(sender, instance, **kwargs) -> None:
            bump_cohort(instance.cohort_id)

        for signal in (post_save, post_delete):
            signal.connect(
                participant_changed, sender=Participant, weak=False, dispatch_uid="evaluation"
            )
