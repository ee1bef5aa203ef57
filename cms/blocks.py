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
    ]


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
