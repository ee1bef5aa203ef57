from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import StakeholderGroup, Topic


class StakeholderGroupViewSet(SnippetViewSet):
    model = StakeholderGroup
    icon = "group"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


class AudienceViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Audiences and topics")
    menu_icon = "group"
    menu_order = 300
    items = (StakeholderGroupViewSet, TopicViewSet)


register_snippet(AudienceViewSetGroup)
