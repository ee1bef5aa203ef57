"""Admin entries of the operations app."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import lockouts


@hooks.register("register_admin_urls")
def lockout_admin_urls():
    return [path("locked-out-logins/", lockouts.lockouts_view, name="ops_lockouts")]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return lockouts.can_unlock(request.user)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item():
    return LockoutsMenuItem(
        _("Locked-out logins"), reverse("ops_lockouts"), icon_name="lock", order=900
    )
