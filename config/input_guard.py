"""Input the site refuses before any view sees it: control characters in a path or query string
and form bodies that cannot be decoded. PostgreSQL refuses NUL in text ("DataError: text fields
cannot contain NUL"), so without this a `%00` anywhere became a 500.

Form fields are checked by the forms themselves (`reject_control_characters`), so the visitor
gets a message next to the field instead of a bare 400.
"""

import codecs
import re
from collections.abc import Callable
from urllib.parse import unquote, unquote_to_bytes

from django.core.exceptions import BadRequest, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

# Any C0 control or DEL: never legitimate in a URL.
CONTROL_IN_URL = re.compile(r"[\x00-\x1f\x7f]")
# In typed text, tab, line feed and carriage return are ordinary.
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def reject_control_characters(value: object) -> None:
    """Form-field validator: NUL and other invisible control characters are refused."""
    if isinstance(value, str) and CONTROL_IN_TEXT.search(value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."), code="control_characters"
        )


def guard_text_fields(fields: dict) -> None:
    """Add the control-character check to every text field of a form (its own copies)."""
    for field in fields.values():
        if hasattr(field, "max_length"):  # CharField and its subclasses (EmailField, …)
            field.validators.append(reject_control_characters)


def _charset_problem(request: HttpRequest) -> str | None:
    """Why the declared charset of a body cannot be used, if it cannot: Django would silently
    fall back to UTF-8 on an unknown one and mis-decode a form in an ASCII-incompatible one."""
    charset = request.content_params.get("charset")
    if charset is None:
        return None
    try:
        codecs.lookup(charset)
    except LookupError:
        return "unknown charset"
    if request.content_type not in FORM_TYPES:
        return None
    try:
        compatible = "a=b".encode(charset) == b"a=b"
    except (UnicodeError, LookupError):
        compatible = False
    return None if compatible else "charset not ASCII-compatible"


def _undecodable_urlencoded(body: bytes) -> bool:
    """True when a urlencoded body, once percent-decoded, is not UTF-8 text."""
    try:
        text = body.decode("utf-8")
        for pair in text.split("&"):
            for part in pair.split("=", 1):
                unquote_to_bytes(part.replace("+", " ")).decode("utf-8")
    except UnicodeError:
        return True
    return False


class InputGuardMiddleware:
    """400 for control characters in the path or query string and for undecodable form
    bodies; unreadable cookies are dropped rather than looked up (a session key with NUL)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if CONTROL_IN_URL.search(request.path) or CONTROL_IN_URL.search(request.path_info):
            raise BadRequest("Control character in the path")
        query = request.META.get("QUERY_STRING", "")
        if query and CONTROL_IN_URL.search(unquote(query.replace("+", " "), errors="replace")):
            raise BadRequest("Control character in the query string")
        request.COOKIES = {
            name: value
            for name, value in request.COOKIES.items()
            if not (CONTROL_IN_URL.search(name) or CONTROL_IN_URL.search(value))
        }
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.content_type:
            if problem := _charset_problem(request):
                raise BadRequest(f"Form body: {problem}")
            # Django reads a urlencoded body as UTF-8 whatever it declares (RFC 1866).
            if request.content_type == FORM_TYPES[0] and _undecodable_urlencoded(request.body):
                raise BadRequest("Form body: not UTF-8 text")
        return self.get_response(request)
