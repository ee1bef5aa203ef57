from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.apps import apps

        from .roles import ensure_evaluators_group

        # Hung on Wagtail's admin app, whose migration creates the access_admin permission.
        post_migrate.connect(ensure_evaluators_group, sender=apps.get_app_config("wagtailadmin"))
