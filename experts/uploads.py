"""What an uploaded CV really is, read from its content (magic bytes), not its name: HTML
renamed `.pdf` is refused. Office documents are ZIP containers (told apart by their
`[Content_Types].xml` or `mimetype` member) or, for legacy Word, OLE2 files. The site's
cms checks its own uploads the same way: the plugin imports nothing from it."""

import zipfile
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML = {
    b"wordprocessingml.document.main": "docx",
    b"spreadsheetml.sheet.main": "xlsx",
    b"presentationml.presentation.main": "pptx",
}
ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
HEAD_BYTES = 8192
ALIASES = {"jpeg": "jpg"}


def _zip_kind(upload: UploadedFile) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    return ODF.get(member.read(200).decode("ascii", "replace").strip())
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as member:
                    types = member.read(200_000)
                return next((kind for marker, kind in OOXML.items() if marker in types), None)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    return "zip"


def detected_kind(upload: UploadedFile) -> str | None:
    """'pdf', 'docx', 'odt', 'doc', 'rtf', 'png'… as the content says; None if unknown."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    try:
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        if head.startswith(OLE2):
            return "doc"
        if head.startswith(b"{\\rtf"):
            return "rtf"
        guess = filetype.guess(head)
        return guess.extension if guess else None
    finally:
        upload.seek(0)


def check_content(upload: UploadedFile) -> None:
    """Refuse a file whose content is not what its extension says."""
    extension = Path(upload.name or "").suffix.lower().lstrip(".")
    if extension and detected_kind(upload) != ALIASES.get(extension, extension):
        raise ValidationError(
            _("The content of this file does not match its name: it is not a .%(extension)s file."),
            code="content_mismatch",
            params={"extension": extension},
        )
