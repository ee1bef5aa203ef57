from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import page_cache
        from .models import StakeholderGroup, Topic
        from .roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self)
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.invalidate, dispatch_uid=f"page-cache-{id(signal)}")
        from wagtail.models import Page

        post_delete.connect(page_cache.invalidate, sender=Page, dispatch_uid="page-cache-delete")
        for model in (StakeholderGroup, Topic):
            post_save.connect(page_cache.invalidate, sender=model, dispatch_uid=f"pc-{model}")
