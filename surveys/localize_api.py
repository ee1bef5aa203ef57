"""wagtail-localize's snippets API, closed on the plugin's own models in any host site.

`GET /admin/localize/api/snippets/<app>/<model>/[<pk>/]` checks no permission: any admin user
could list every participant (or, for evaluation, every expert). `guarded_urls(app_label)`
answers the same paths for one app first, only to users holding some right on the model
through its Wagtail permission policy (403 otherwise). The site's cms guards all apps the same
way (cms/localize_api.py); the plugin cannot rely on it, cms being optional.
"""

from django.urls import URLPattern, path
from rest_framework.exceptions import PermissionDenied
from wagtail.permissions import policy_registry
from wagtail_localize.views import snippets_api


def user_may_list(user, model) -> bool:
    """True when the user holds any of the model's rights (per Wagtail's permission policy)."""
    policy = policy_registry.get_by_type(model)
    return policy.user_has_any_permission(user, ("add", "change", "delete", "view"))


class PermittedSnippetViewSet(snippets_api.SnippetViewSet):
    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if not user_may_list(request.user, self.get_model()):
            raise PermissionDenied


def guarded_urls(app_label: str) -> list[URLPattern]:
    """The API's two paths for `app_label`, for a `register_admin_urls` hook with order=-1."""
    base = f"localize/api/snippets/{app_label}/<slug:model_name>/"
    listing = PermittedSnippetViewSet.as_view({"get": "list"})
    detail = PermittedSnippetViewSet.as_view({"get": "retrieve"})
    return [
        path(base, listing, {"app_label": app_label}, name=f"{app_label}_localize_snippets_api"),
        path(
            base + "<str:pk>/",
            detail,
            {"app_label": app_label},
            name=f"{app_label}_localize_snippet_api",
        ),
    ]
