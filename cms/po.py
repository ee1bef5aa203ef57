"""PO files for translators who work offline or in their own CAT tool.

wagtail-localize exports a translation as gettext and imports it back. This module makes the
export a complete catalogue (the header fields `msgfmt --check` asks for, the target language)
and the import strict: a file is taken whole or not at all. It must be valid UTF-8 gettext,
belong to this very translation, and carry exactly the texts of the current source, so a
truncated file, one for another page or language, or one exported before the source changed
is refused with the reason, and nothing is written.
"""

import tempfile
import uuid
from pathlib import Path

import polib
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, to_locale
from wagtail_localize.models import StringSegment, Translation

from config.input_guard import CONTROL_IN_TEXT

MAX_PO_BYTES = 5 * 1024 * 1024
TRANSLATION_ID_HEADER = "X-WagtailLocalize-TranslationID"


class POImportError(Exception):
    """The file cannot be imported; the message is for the translator."""


def export_po(translation: Translation) -> polib.POFile:
    po = translation.export_po()
    locale = translation.target_locale
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    po.metadata = {
        "Project-Id-Version": translation.source.object_repr[:200],
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": locale.get_display_name() or locale.language_code,
        "Language": to_locale(locale.language_code),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        TRANSLATION_ID_HEADER: str(translation.uuid),
    }
    return po


def po_filename(translation: Translation) -> str:
    name = slugify(translation.source.object_repr) or "translation"
    return f"{name}-{translation.target_locale.language_code}.po"


def _parse(content: bytes) -> polib.POFile:
    if len(content) > MAX_PO_BYTES:
        raise POImportError(_("The file is larger than 5 MB; this is not a page's PO file."))
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as error:
        raise POImportError(
            _("The file is not UTF-8 text. Save it as UTF-8 in your translation tool.")
        ) from error
    # polib reads a path when given a string that names an existing file: parse from a file
    # of our own, never from the uploaded text.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.po"
        path.write_bytes(content)
        try:
            return polib.pofile(str(path), encoding="utf-8")
        except (OSError, ValueError) as error:
            raise POImportError(
                _("This is not a valid PO file (%(reason)s).")
                % {"reason": str(error).replace(f" {path}", "")}
            ) from error


def _check_belongs_to(po: polib.POFile, translation: Translation) -> None:
    file_id = po.metadata.get(TRANSLATION_ID_HEADER, "")
    if not file_id:
        raise POImportError(
            _(
                "This file was not exported from this site's translation editor: it lacks "
                "the %(header)s header. Download the PO file of this translation and "
                "translate that one."
            )
            % {"header": TRANSLATION_ID_HEADER}
        )
    if file_id == str(translation.uuid):
        return
    other = (
        Translation.objects.filter(uuid=file_id).select_related("source", "target_locale").first()
        if _is_uuid(file_id)
        else None
    )
    if other is not None:
        raise POImportError(
            _(
                "This file belongs to the %(language)s translation of “%(title)s”, not to "
                "this one. Nothing was imported."
            )
            % {
                "language": other.target_locale.get_display_name(),
                "title": other.source.object_repr,
            }
        )
    raise POImportError(_("This file belongs to another translation. Nothing was imported."))


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _check_texts(po: polib.POFile, translation: Translation) -> None:
    expected = set(
        StringSegment.objects.filter(source=translation.source).values_list(
            "string__data", "context__path"
        )
    )
    found = {(entry.msgid, entry.msgctxt) for entry in po if not entry.obsolete}
    missing = [text for text, _path in expected - found]
    unknown = [text for text, _path in found - expected]
    if missing:
        raise POImportError(
            ngettext(
                "The file lacks %(missing)d of the %(total)d text of this translation "
                "(“%(example)s”). It may have been cut short: download it again. "
                "Nothing was imported.",
                "The file lacks %(missing)d of the %(total)d texts of this translation "
                "(the first: “%(example)s”). It may have been cut short: download it again. "
                "Nothing was imported.",
                len(expected),
            )
            % {"missing": len(missing), "total": len(expected), "example": missing[0][:80]}
        )
    if unknown:
        raise POImportError(
            ngettext(
                "%(count)d text of the file is not in the current source (“%(example)s”). "
                "The file was cut or edited, or the source has changed since it was exported: "
                "download it again and copy your translations over. Nothing was imported.",
                "%(count)d texts of the file are not in the current source (the first: "
                "“%(example)s”). The file was cut or edited, or the source has changed since it "
                "was exported: download it again and copy your translations over. Nothing was "
                "imported.",
                len(unknown),
            )
            % {"count": len(unknown), "example": unknown[0][:80]}
        )


def _check_values(po: polib.POFile, translation: Translation) -> None:
    """Refuse what the database would: NUL (and other invisible controls) and a translation
    longer than its field (wagtail-localize copies a title into the page as it imports)."""
    model = translation.source.specific_content_type.model_class()
    for entry in po:
        if CONTROL_IN_TEXT.search(entry.msgstr):
            raise POImportError(
                _(
                    "The translation of “%(example)s” contains invisible control characters: "
                    "remove them in your translation tool. Nothing was imported."
                )
                % {"example": entry.msgid[:80]}
            )
        try:
            field = model._meta.get_field((entry.msgctxt or "").split(".")[0])
        except FieldDoesNotExist:
            continue
        limit = getattr(field, "max_length", None)
        if limit and len(entry.msgstr) > limit:
            raise POImportError(
                _(
                    "The translation of “%(example)s” is longer than the %(limit)d characters "
                    "its field allows. Nothing was imported."
                )
                % {"example": entry.msgid[:80], "limit": limit}
            )


def import_po(translation: Translation, content: bytes, user=None) -> int:
    """Import a translated PO file into `translation`; return how many texts it translates.

    Raises POImportError, having written nothing, when the file is not exactly this
    translation's catalogue. Fuzzy entries count as untranslated, as in gettext."""
    po = _parse(content)
    _check_belongs_to(po, translation)
    _check_texts(po, translation)
    _check_values(po, translation)
    for entry in po:
        if entry.fuzzy or entry.obsolete:
            entry.msgstr = ""
    with transaction.atomic():
        translation.import_po(po, user=user, tool_name="PO file")
    return sum(1 for entry in po if entry.msgstr)
