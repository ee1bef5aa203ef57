"""The snippet chooser for shared experiences.

Wagtail's chooser views check no more than admin access, so every translator or reviewer
could list the office and crisis of each submission through
`/admin/snippets/choose/cms/experiencesubmission/`. This chooser answers only the users who
may read submissions (Communications editors); others are refused (403). (The surveys plugin
has the same guard for its own people; cms does not depend on it.)
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from wagtail.snippets.views.chooser import SnippetChooserViewSet

VIEW_SUBMISSIONS = "cms.view_experiencesubmission"


def _require(view: Callable[..., HttpResponse], permission: str) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class ExperienceChooserViewSet(SnippetChooserViewSet):
    """Every chooser view (choose, results, chosen, create) requires VIEW_SUBMISSIONS."""

    def get_urlpatterns(self) -> list[URLPattern]:
        return [
            path(
                str(pattern.pattern),
                _require(pattern.callback, VIEW_SUBMISSIONS),
                pattern.default_args,
                name=pattern.name,
            )
            for pattern in super().get_urlpatterns()
        ]
