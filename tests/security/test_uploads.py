"""Uploads are recognised by their content, not their name (cms and the experts plugin each
have their own check: neither imports the other)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cms import uploads as cms_uploads
from experts import uploads as experts_uploads

CHECKS = [cms_uploads.check_content, experts_uploads.check_content]
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped(
    {
        "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "word/document.xml": b"<w:document/>",
    }
)
XLSX = zipped({"[Content_Types].xml": b"officedocument.spreadsheetml.sheet.main+xml"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", PDF), ("CV.PDF", PDF), ("cv.docx", DOCX), ("cv.odt", ODT)],
)
def test_real_documents_are_accepted_by_both_checks(check, name, content):
    file = upload(name, content)
    check(file)
    assert file.read() == content  # the check leaves the file readable from the start


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cv.pdf", HTML),  # the finding
        ("cv.pdf", PNG),
        ("cv.docx", XLSX),  # a ZIP, but a workbook
        ("cv.docx", ODT),
        ("cv.odt", DOCX),
        ("cv.docx", b"PK\x03\x04 not really a zip"),
        ("cv.pdf", b""),
        ("cv.odt", zipped({"mimetype": b"application/x-evil"})),
    ],
)
def test_content_that_does_not_match_the_name_is_refused(check, name, content):
    with pytest.raises(ValidationError) as refused:
        check(upload(name, content))
    assert refused.value.code == "content_mismatch"
    assert name.rsplit(".", 1)[1].lower() in refused.value.messages[0]


def test_legacy_word_is_recognised_for_cvs():
    experts_uploads.check_content(upload("cv.doc", DOC))
    with pytest.raises(ValidationError):
        experts_uploads.check_content(upload("cv.doc", PDF))


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("notes.txt", "Leçons apprises\r\n\tété 2024".encode(), True),
        ("notes.txt", HTML, False),
        ("notes.txt", b"  <svg onload=alert(1)>", False),
        ("notes.txt", b"\xff\xfe\x00b", False),
        ("notes.rtf", b"{\\rtf1\\ansi Lessons}", True),
        ("notes.rtf", b"<html></html>", False),
    ],
)
def test_the_call_for_experiences_also_checks_text_and_rtf(name, content, accepted):
    if accepted:
        cms_uploads.check_content(upload(name, content))
    else:
        with pytest.raises(ValidationError):
            cms_uploads.check_content(upload(name, content))


@pytest.mark.django_db
def test_html_renamed_pdf_is_refused_by_both_public_forms_with_a_message(client):
    from django.core.cache import cache

    from cms.models import CallForExperiencesPage, ExperienceSubmission
    from experts.models import Expert, ExpertDirectoryPage

    cache.clear()
    call = CallForExperiencesPage.objects.get(locale__language_code="en")
    experience = {
        "office": "Office",
        "country": "Atlantis",
        "contact_name": "A. Registrar",
        "contact_email": "registrar@example.org",
        "crisis": "Floods",
        "impact": "Closed.",
        "response": "Online filing.",
        "lessons": "Copies off site.",
        "attachment": upload("report.pdf", HTML),
    }
    response = client.post(call.url, experience)
    assert response.status_code == 200
    assert "does not match its name" in response.content.decode()
    assert not ExperienceSubmission.objects.exists()

    directory = ExpertDirectoryPage.objects.get(locale__language_code="en")
    nomination = {
        "nominated_by": "self",
        "name": "Awa Ndiaye",
        "email": "awa@example.org",
        "country": "SN",
        "expertise": ["ip-law"],
        "languages": ["fr"],
        "biography": "Led the move online.",
        "consent": "on",
        "cv": upload("cv.pdf", HTML),
    }
    response = client.post(directory.url, nomination)
    assert response.status_code == 200
    assert 'id="id_cv-error"' in response.content.decode()
    assert not Expert.objects.filter(name="Awa Ndiaye").exists()
    nomination["cv"] = upload("cv.docx", DOCX)
    assert client.post(directory.url, nomination).status_code == 302
    assert Expert.objects.get(name="Awa Ndiaye").cv.name.endswith(".docx")
    cache.clear()
