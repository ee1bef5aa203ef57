import pytest
from django.core.exceptions import ValidationError

from cms.blocks import TimelineEntryBlock


def test_timeline_entry_lists_its_active_quarters():
    block = TimelineEntryBlock()
    value = block.to_python({"activity": "Expert vetting", "start": "y1q2", "end": "y2q1"})
    assert [active for _label, active in value.quarters()] == [False, True, True, True, True, False]


def test_timeline_entry_refuses_an_end_before_its_start():
    block = TimelineEntryBlock()
    value = block.to_python({"activity": "Backwards", "start": "y2q1", "end": "y1q2"})
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "end" in error.value.block_errors
