"""Snippet choosers for models that list people.

Wagtail's chooser views check no more than admin access: any editor or translator could list
every participant or expert through `/admin/snippets/choose/<app>/<model>/`. These chooser
viewsets answer only users holding the model's view right; others are refused (403).
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from wagtail.snippets.views.chooser import SnippetChooserViewSet


def require_permission(
    view: Callable[..., HttpResponse], permission: str
) -> Callable[..., HttpResponse]:
    """Wrap a view so that users without `permission` get PermissionDenied."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class PermissionChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser whose every view (choose, results, chosen, create) requires
    `required_permission` ("app_label.codename")."""

    required_permission: str = ""

    def get_urlpatterns(self) -> list[URLPattern]:
        patterns = super().get_urlpatterns()
        if not self.required_permission:
            return patterns
        return [
            path(
                str(pattern.pattern),
                require_permission(pattern.callback, self.required_permission),
                pattern.default_args,
                name=pattern.name,
            )
            for pattern in patterns
        ]


class ParticipantChooserViewSet(PermissionChooserViewSet):
    """Participants' codes, names and cohorts: evaluators only."""

    required_permission = "surveys.view_participant"
