"""StreamField blocks of the project's web pages.

Every text an editor types lives in a CharBlock, TextBlock or RichTextBlock so that
wagtail-localize offers it as a segment to translate; codes (quarters) are ChoiceBlocks,
which it copies unchanged into every language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

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
