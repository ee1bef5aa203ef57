"""wagtail-localize's snippets API, limited to those who may work with the model.

Its `GET /admin/localize/api/snippets/<app>/<model>/[<pk>/]` lists any snippet model to any
admin user (no permission check at all): every translator could read all participant codes,
expert names and shared experiences. The same views answer here, placed before
wagtail-localize's in the admin URLconf, for users holding some right on the model through
its Wagtail permission policy; others get 403. The translation editor only fetches the
detail of a snippet chosen in a page, which its translators may edit anyway.
"""

from django.db.models import Model
from rest_framework.exceptions import PermissionDenied
from wagtail.permissions import policy_registry
from wagtail_localize.views import snippets_api

MODEL_ACTIONS = ("add", "change", "delete", "view")


def user_may_list(user, model: type[Model]) -> bool:
    """True when the user holds any of the model's rights (per Wagtail's permission policy)."""
    policy = policy_registry.get_by_type(model)
    return policy.user_has_any_permission(user, MODEL_ACTIONS)


class PermittedSnippetViewSet(snippets_api.SnippetViewSet):
    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if not user_may_list(request.user, self.get_model()):
            raise PermissionDenied


snippet_listing = PermittedSnippetViewSet.as_view({"get": "list"})
snippet_detail = PermittedSnippetViewSet.as_view({"get": "retrieve"})
