"""Text the plugin refuses in what participants and visitors type: NUL and other invisible
control characters (PostgreSQL cannot store NUL; the rest only hides content). Tab, line feed
and carriage return are ordinary. The plugin checks this itself: a host site may have no
middleware doing it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Marked for the catalogues here, translated where it is shown.
CONTROL_MESSAGE = gettext_noop("Remove the invisible control characters from this text.")


def reject_control_characters(value: object) -> None:
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(_(CONTROL_MESSAGE), code="control_characters")


def guard_text_fields(fields: dict) -> None:
    """Add the check to every text field of a form instance (its own copies of the fields)."""
    for field in fields.values():
        if hasattr(field, "max_length"):  # CharField and its subclasses (EmailField, …)
            field.validators.append(reject_control_characters)
