"""StreamField blocks of the project's web pages.

Every text an editor types lives in a CharBlock, TextBlock or RichTextBlock so that
wagtail-localize offers it as a segment to translate; codes (quarters) are ChoiceBlocks,
which it copies unchanged into every language.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from . import chart_data

# The project runs six quarters: Y1 Q1 to Y2 Q2 (CDIP/32/6 REV).
QUARTERS = [
    ("y1q1", _("Year 1, Q1")),
    ("y1q2", _("Year 1, Q2")),
    ("y1q3", _("Year 1, Q3")),
    ("y1q4", _("Year 1, Q4")),
    ("y2q1", _("Year 2, Q1")),
    ("y2q2", _("Year 2, Q2")),
]
QUARTER_CODES = [code for code, _label in QUARTERS]


class OutputBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200, label=_("Title"))
    description = blocks.TextBlock(label=_("Description"))

    class Meta:
        icon = "tick-inverse"
        label = _("Output")
        template = "cms/blocks/output.html"


class TimelineEntryValue(blocks.StructValue):
    def quarters(self) -> list[tuple[str, bool]]:
        """Each quarter's label with whether the activity runs in it, for the timeline table."""
        start = QUARTER_CODES.index(self["start"])
        end = QUARTER_CODES.index(self["end"])
        return [(label, start <= i <= end) for i, (_code, label) in enumerate(QUARTERS)]


class TimelineEntryBlock(blocks.StructBlock):
    activity = blocks.CharBlock(max_length=200, label=_("Activity"))
    start = blocks.ChoiceBlock(choices=QUARTERS, label=_("First quarter"))
    end = blocks.ChoiceBlock(choices=QUARTERS, label=_("Last quarter"))

    def clean(self, value):
        value = super().clean(value)
        if QUARTER_CODES.index(value["end"]) < QUARTER_CODES.index(value["start"]):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "end": ValidationError(_("The last quarter cannot come before the first."))
                }
            )
        return value

    class Meta:
        icon = "date"
        label = _("Timeline activity")
        value_class = TimelineEntryValue


class KeyMessageBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=160, label=_("Heading"))
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "pick"
        label = _("Key message")
        template = "cms/blocks/key_message.html"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=160, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2", label=_("Level")
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alternative text"),
        help_text=_("What the image shows, for people who cannot see it."),
    )
    caption = blocks.CharBlock(max_length=250, required=False, label=_("Caption"))

    def bulk_to_python(self, values):
        structs = super().bulk_to_python(values)
        # The renditions of every image in the stream in one query, not one per image.
        images = [struct["image"] for struct in structs if struct["image"]]
        prefetch_related_objects(images, Prefetch("renditions", to_attr="prefetched_renditions"))
        return structs

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"


class CountryExampleBlock(blocks.StructBlock):
    country = blocks.CharBlock(max_length=80, label=_("Country"))
    example = blocks.TextBlock(label=_("What it did"))

    class Meta:
        icon = "site"
        label = _("Country example")


class AttachmentBlock(blocks.StructBlock):
    """A downloadable file. In a StreamField, wagtail-localize lets each language swap in its
    own file (an overridable segment) while the label is translated."""

    label = blocks.CharBlock(max_length=200, label=_("Label"))
    document = DocumentChooserBlock(label=_("Document"))

    class Meta:
        icon = "doc-full"
        label = _("Attachment")
        template = "cms/blocks/attachment.html"


class LearningObjectiveBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        super().__init__(max_length=250, label=_("Learning objective"), **kwargs)

    class Meta:
        icon = "tick"


CHART_TYPES = [
    ("bar", _("Bars")),
    ("stacked_bar", _("Stacked bars")),
    ("line", _("Line")),
    ("donut", _("Donut")),
    ("key_figures", _("Key figures")),
]


class ChartGridWidget(forms.Textarea):
    """A <textarea> of tab-separated rows: a paste from a spreadsheet works without JS; the
    chart-grid Stimulus controller (static/cms/js/chart-grid.js) adds the CSV upload, the
    grid view and the preview."""

    template_name = "cms/widgets/chart_grid.html"

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 8, "cols": 60, "spellcheck": "false", **(attrs or {})})

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        context["preview_url"] = reverse("cms_chart_preview")
        context["example"] = chart_data.to_grid(
            {
                "categories": [_("Year 1"), _("Year 2")],
                "series": [{"name": _("Budget"), "values": [Decimal("1234.5"), Decimal(2000)]}],
            }
        )
        return context


class ChartDataField(forms.CharField):
    """Text in, chart data out: parsed in the active (admin) language."""

    widget = ChartGridWidget

    def to_python(self, value):
        if isinstance(value, dict):
            return value
        return chart_data.parse_grid(super().to_python(value) or "")

    def prepare_value(self, value):
        return chart_data.to_grid(value) if isinstance(value, dict) else value

    def validate(self, value):
        if self.required and chart_data.is_empty(value):
            raise ValidationError(self.error_messages["required"], code="required")


class ChartDataBlock(blocks.FieldBlock):
    """A chart's categories and series as one grid.

    The value is {"categories": [...], "series": [{"name", "values": [Decimal]}]}; each label
    is a wagtail-localize segment of its own, the numbers are none (they copy unchanged)."""

    def __init__(self, required=True, help_text=None, **kwargs):
        self.field = ChartDataField(required=required, help_text=help_text)
        super().__init__(**kwargs)

    def get_default(self):
        return chart_data.empty()

    def to_python(self, value):
        return chart_data.to_python(value)

    def get_prep_value(self, value):
        if isinstance(value, str):  # a form's text that was never cleaned
            try:
                value = chart_data.parse_grid(value)
            except ValidationError:
                value = chart_data.empty()
        return chart_data.to_json(value)

    def get_form_state(self, value):
        return self.field.prepare_value(value)

    def clean(self, value):
        if isinstance(value, str):
            value = self.field.clean(value)
        elif self.required or not chart_data.is_empty(value):
            chart_data.validate(value)
        return value

    def get_searchable_content(self, value):
        if isinstance(value, str):
            return [value]
        return [*value["categories"], *(s["name"] for s in value["series"])]

    def get_translatable_segments(self, value) -> list:
        from wagtail_localize.segments import StringSegmentValue

        return [
            StringSegmentValue(f"category.{i}", label)
            for i, label in enumerate(value["categories"])
        ] + [StringSegmentValue(f"series.{i}", s["name"]) for i, s in enumerate(value["series"])]

    def restore_translated_segments(self, value, segments) -> dict:
        translated = {
            "categories": list(value["categories"]),
            "series": [dict(s, values=list(s["values"])) for s in value["series"]],
        }
        for segment in segments:
            kind, index = segment.path.split(".")
            if kind == "category":
                translated["categories"][int(index)] = segment.render_text()
            elif kind == "series":
                translated["series"][int(index)]["name"] = segment.render_text()
        return translated

    class Meta:
        icon = "table"


class ChartValue(blocks.StructValue):
    def categories(self) -> list[str]:
        return list(self["data"]["categories"])

    def series(self) -> list[dict]:
        return list(self["data"]["series"])

    def series_list(self):
        from .charts import Series

        return [Series(s["name"], list(s["values"])) for s in self["data"]["series"]]

    def drawing(self):
        """The chart's shapes for the active language (mirrored in right-to-left ones)."""
        from django.utils.translation import get_language_bidi

        from .charts import DRAWERS

        drawer = DRAWERS.get(self["chart_type"])
        if drawer is None or chart_data.is_empty(self["data"]):
            return None
        return drawer(self.categories(), self.series_list(), self["unit"], get_language_bidi())

    def narrow_drawing(self):
        """The same chart drawn for a phone's width, or None when one drawing fits both."""
        from django.utils.translation import get_language_bidi

        from .charts import DRAWERS, NARROW_DRAWERS, NARROW_WIDTH

        if self["chart_type"] not in NARROW_DRAWERS or chart_data.is_empty(self["data"]):
            return None
        return DRAWERS[self["chart_type"]](
            self.categories(),
            self.series_list(),
            self["unit"],
            get_language_bidi(),
            width=NARROW_WIDTH,
        )

    def table(self) -> list[tuple[str, list[str]]]:
        """Rows of (category, formatted values), for the data table beside the chart."""
        from .charts import format_number

        series = self.series()
        return [
            (category, [format_number(s["values"][i], self["unit"]) for s in series])
            for i, category in enumerate(self.categories())
        ]


class ChartBlock(blocks.StructBlock):
    """A chart drawn on the server from a small table the editor pastes or types.

    Labels are segments for wagtail-localize (see ChartDataBlock); the numbers are copied
    unchanged into every language."""

    title = blocks.CharBlock(max_length=160, label=_("Title"))
    description = blocks.TextBlock(
        label=_("What the chart shows"),
        help_text=_("One or two sentences read by screen readers and shown under the title."),
    )
    chart_type = blocks.ChoiceBlock(choices=CHART_TYPES, default="bar", label=_("Chart type"))
    data = ChartDataBlock(
        label=_("Data"),
        help_text=_(
            "Paste the table from a spreadsheet: first row a corner cell then one name per "
            "series; then one row per category, its label then one value per series."
        ),
    )
    unit = blocks.CharBlock(
        max_length=20, required=False, label=_("Unit"), help_text=_("e.g. CHF or %")
    )
    source = blocks.CharBlock(max_length=250, required=False, label=_("Source"))

    def clean(self, value):
        value = super().clean(value)
        if value["chart_type"] in ("donut", "key_figures") and len(value["data"]["series"]) != 1:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "chart_type": ValidationError(_("Donuts and key figures show a single series."))
                }
            )
        return value

    class Meta:
        icon = "table"
        label = _("Chart")
        template = "cms/blocks/chart.html"
        value_class = ChartValue


def is_empty_chart(value) -> bool:
    """A chart block nobody filled in (the infographic page offers one ready to fill)."""
    return not any(
        (value.get(name) or "").strip() for name in ("title", "description", "unit", "source")
    ) and chart_data.is_empty(value.get("data"))


class ChartsBlock(blocks.StreamBlock):
    """An infographic's charts: a chart left entirely empty is dropped, not an error."""

    chart = ChartBlock()

    def clean(self, value):
        kept = [i for i, child in enumerate(value) if not is_empty_chart(child.value)]
        if len(kept) == len(value):
            return super().clean(value)
        children = [(value[i].block_type, value[i].value, value[i].id) for i in kept]
        try:
            return super().clean(blocks.StreamValue(self, children))
        except blocks.StreamBlockValidationError as error:
            # Errors name the blocks by their place in the form, empty ones included.
            raise blocks.StreamBlockValidationError(
                block_errors={kept[i]: e for i, e in error.block_errors.items()},
                non_block_errors=error.non_block_errors,
            ) from error


def body_blocks() -> list[tuple[str, blocks.Block]]:
    """The free-form content blocks every resource and standard page offers."""
    return [
        ("heading", HeadingBlock()),
        (
            "paragraph",
            blocks.RichTextBlock(
                features=["bold", "italic", "link", "ol", "ul", "document-link"],
                label=_("Paragraph"),
            ),
        ),
        ("image", ImageBlock()),
        ("key_message", KeyMessageBlock()),
        ("chart", ChartBlock()),
    ]


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=80, label=_("Label"))
    url = blocks.URLBlock(label=_("Address"), help_text=_("Each language may point elsewhere."))

    class Meta:
        icon = "link"
        label = _("Link")


SOCIAL_NETWORKS = [
    ("linkedin", "LinkedIn"),
    ("x", "X"),
    ("youtube", "YouTube"),
    ("facebook", "Facebook"),
    ("mastodon", "Mastodon"),
    ("weibo", "Weibo"),
]


class SocialLinkValue(blocks.StructValue):
    def network_name(self) -> str:
        return dict(SOCIAL_NETWORKS).get(self["network"], self["network"])


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS, label=_("Network"))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "site"
        label = _("Social network")
        value_class = SocialLinkValue
