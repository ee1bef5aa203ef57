from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Website content")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import page_cache
        from .models import SiteFooter, StakeholderGroup, Topic
        from .roles import ensure_groups

        post_migrate.connect(ensure_groups, sender=self)
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.invalidate, dispatch_uid=f"page-cache-{id(signal)}")
        from wagtail.models import Page

        post_delete.connect(page_cache.invalidate, sender=Page, dispatch_uid="page-cache-delete")
        # Cached pages embed the footer, the terms, and the addresses of image renditions and
        # documents: a replaced image deletes its renditions, a renamed document moves.
        for model in (StakeholderGroup, Topic, SiteFooter, get_image_model(), get_document_model()):
            for signal in (post_save, post_delete):
                signal.connect(
                    page_cache.invalidate, sender=model, dispatch_uid=f"pc-{signal}-{model}"
                )
