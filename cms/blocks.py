"""StreamField blocks of the project's web pages.

Every text an editor types lives in a CharBlock, TextBlock or RichTextBlock so that
wagtail-localize offers it as a segment to translate; codes (quarters) are ChoiceBlocks,
which it copies unchanged into every language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

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


class ChartSeriesBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80, label=_("Series name"))
    values = blocks.ListBlock(
        blocks.DecimalBlock(max_digits=14, decimal_places=2, min_value=0),
        min_num=1,
        label=_("Values, one per category"),
    )

    class Meta:
        icon = "list-ul"
        label = _("Series")


class ChartValue(blocks.StructValue):
    def series_list(self):
        from .charts import Series

        return [Series(s["name"], list(s["values"])) for s in self["series"]]

    def drawing(self):
        """The chart's shapes for the active language (mirrored in right-to-left ones)."""
        from django.utils.translation import get_language_bidi

        from .charts import DRAWERS

        drawer = DRAWERS.get(self["chart_type"])
        if drawer is None:
            return None
        return drawer(
            list(self["categories"]), self.series_list(), self["unit"], get_language_bidi()
        )

    def narrow_drawing(self):
        """The same chart drawn for a phone's width, or None when one drawing fits both."""
        from django.utils.translation import get_language_bidi

        from .charts import DRAWERS, NARROW_DRAWERS, NARROW_WIDTH

        if self["chart_type"] not in NARROW_DRAWERS:
            return None
        return DRAWERS[self["chart_type"]](
            list(self["categories"]),
            self.series_list(),
            self["unit"],
            get_language_bidi(),
            width=NARROW_WIDTH,
        )

    def table(self) -> list[tuple[str, list[str]]]:
        """Rows of (category, formatted values), for the data table beside the chart."""
        from .charts import format_number

        return [
            (category, [format_number(s["values"][i], self["unit"]) for s in self["series"]])
            for i, category in enumerate(self["categories"])
        ]


class ChartBlock(blocks.StructBlock):
    """A chart drawn on the server from a small table the editor types.

    Labels are CharBlocks so wagtail-localize offers them for translation; the numbers are
    DecimalBlocks, copied unchanged into every language.
    """

    title = blocks.CharBlock(max_length=160, label=_("Title"))
    description = blocks.TextBlock(
        label=_("What the chart shows"),
        help_text=_("One or two sentences read by screen readers and shown under the title."),
    )
    chart_type = blocks.ChoiceBlock(choices=CHART_TYPES, default="bar", label=_("Chart type"))
    categories = blocks.ListBlock(
        blocks.CharBlock(max_length=80, label=_("Category")), min_num=1, label=_("Categories")
    )
    series = blocks.ListBlock(ChartSeriesBlock(), min_num=1, label=_("Data series"))
    unit = blocks.CharBlock(
        max_length=20, required=False, label=_("Unit"), help_text=_("e.g. CHF or %")
    )
    source = blocks.CharBlock(max_length=250, required=False, label=_("Source"))

    def clean(self, value):
        value = super().clean(value)
        count = len(value["categories"])
        errors = {}
        for series in value["series"]:
            if len(series["values"]) != count:
                errors["series"] = ValidationError(
                    _("Each series needs one value per category (%(count)s).") % {"count": count}
                )
        if value["chart_type"] in ("donut", "key_figures") and len(value["series"]) != 1:
            errors["chart_type"] = ValidationError(
                _("Donuts and key figures show a single series.")
            )
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value

    class Meta:
        icon = "table"
        label = _("Chart")
        template = "cms/blocks/chart.html"
        value_class = ChartValue


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
