"""Main menu and breadcrumbs, in the language of the page being viewed."""

from django import template
from django.http import HttpRequest
from wagtail.models import Page, Site

register = template.Library()


def language_home(request: HttpRequest) -> Page | None:
    """The home page in the active language, or the site's root when it is not translated."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return site.root_page.localized


@register.inclusion_tag("cms/includes/main_menu.html", takes_context=True)
def main_menu(context: template.Context) -> dict:
    request = context["request"]
    home = language_home(request)
    items = list(home.get_children().live().in_menu()) if home else []
    current = context.get("page")
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "request": request,
        "home": home,
        "items": [(item, current_path.startswith(item.path)) for item in items],
        "on_home": bool(home and current_path == home.path),
    }


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: template.Context) -> dict:
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    ancestors = page.get_ancestors().filter(depth__gte=2)
    return {"ancestors": list(ancestors), "page": page, "request": context["request"]}


@register.filter
def page_kind(page: Page) -> str:
    """The page's type in the reader's language, e.g. "guide" or "stakeholder page"."""
    return page.specific_class._meta.verbose_name


@register.inclusion_tag("cms/includes/footer.html")
def site_footer() -> dict:
    from ..models import SiteFooter

    return {"footer": SiteFooter.for_active_language()}
