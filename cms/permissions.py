"""Rights per language for translators.

Wagtail grants page rights per tree, so a translator's rights on their language's pages come
from cms.roles. Snippet rights in Wagtail are per model only, and wagtail-localize's
translation editor checks no more than that: this module narrows both to the languages of
the user's translator groups. Anyone with the right through another group (editors,
reviewers) or a superuser keeps it in every language.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail_localize.models import Translation

from .roles import TRANSLATORS_PREFIX


def translator_languages(user) -> frozenset[str] | None:
    """The language codes a translator is limited to; None when the user is not limited."""
    if isinstance(user, AnonymousUser) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return None
    cached = getattr(user, "_translator_languages", False)
    if cached is not False:
        return cached
    names = list(user.groups.values_list("name", flat=True))
    languages: frozenset[str] | None = frozenset(
        name[len(TRANSLATORS_PREFIX) :].strip(" ()")
        for name in names
        if name.startswith(TRANSLATORS_PREFIX)
    )
    if not names or len(languages) < len(names):
        languages = None  # some other role: its rights are not per language
    user._translator_languages = languages
    return languages


def user_can_work_in(user, locale: Locale) -> bool:
    languages = translator_languages(user)
    return languages is None or locale.language_code in languages


class LocalePermissionPolicy(ModelPermissionPolicy):
    """Model rights, further limited to a translator's locales for each instance."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return super().user_has_permission_for_instance(
            user, action, instance
        ) and user_can_work_in(user, instance.locale)

    def instances_user_has_permission_for(self, user, action):
        instances = super().instances_user_has_permission_for(user, action)
        languages = translator_languages(user)
        if languages is None:
            return instances
        return instances.filter(locale__language_code__in=languages)


def require_locale_right(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap a wagtail-localize view taking `translation_id`: refuse users whose translator
    rights do not cover the translation's target language."""

    @wraps(view)
    def wrapped(request: HttpRequest, translation_id: int, *args, **kwargs) -> HttpResponse:
        translation = get_object_or_404(
            Translation.objects.select_related("target_locale"), pk=translation_id
        )
        if not user_can_work_in(request.user, translation.target_locale):
            raise PermissionDenied
        return view(request, translation_id, *args, **kwargs)

    return wrapped
