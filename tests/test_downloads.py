"""Download counts per document and language, without personal data, shown to editors."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from cms.models import DocumentDownload, ResourcePage, record_download
from cms.roles import COMMUNICATIONS_EDITORS

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide_with_attachment(demo_site):
    document = get_document_model().objects.create(
        title="Continuity checklist", file=ContentFile(b"1. Critical services", name="check.txt")
    )
    guide = ResourcePage.objects.get(
        slug="business-continuity-guide", locale__language_code="fr"
    ).specific
    guide.attachments = [("attachment", {"label": "Liste de contrôle", "document": document})]
    guide.save_revision().publish()
    return guide, document


def test_a_download_is_counted_for_the_language_of_the_page(client, guide_with_attachment):
    guide, document = guide_with_attachment
    content = client.get(guide.url).content.decode()
    link = f"{document.url}?lang=fr"
    assert f'href="{link}"' in content
    assert "(TXT, 20" in content  # kind and size shown beside the link
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"1. Critical services"
    client.get(link)
    client.get(f"{document.url}?lang=xx")  # unknown languages count as unknown
    counts = dict(
        DocumentDownload.objects.filter(document=document).values_list("language", "count")
    )
    assert counts == {"fr": 2, "": 1}
    assert not DocumentDownload._meta.get_field("count").null  # counts only, nothing personal
    assert {f.name for f in DocumentDownload._meta.get_fields()} == {
        "id",
        "document",
        "language",
        "count",
    }


def test_record_download_adds_up_per_language(guide_with_attachment):
    _guide, document = guide_with_attachment
    for language in ["ar", "ar", "zh-hans"]:
        record_download(document, language)
    assert DocumentDownload.objects.get(document=document, language="ar").count == 2


def test_editors_see_and_export_the_downloads_report(
    client, guide_with_attachment, django_user_model
):
    _guide, document = guide_with_attachment
    for language in ["fr", "fr", "ar"]:
        record_download(document, language)
    assert client.get("/admin/reports/document-downloads/").status_code == 302
    editor = django_user_model.objects.create_user("ed", password="x" * 12)
    editor.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    client.force_login(editor)
    response = client.get("/admin/reports/document-downloads/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Continuity checklist" in content
    export = client.get("/admin/reports/document-downloads/?export=csv")
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].split(",")[:3] == ["Document", "en", "fr"]
    assert rows[1].startswith("Continuity checklist,,2,")
    assert rows[1].endswith(",3")


def test_people_without_document_rights_cannot_see_the_report(client, django_user_model):
    translator = django_user_model.objects.create_user("tr", password="x" * 12)
    translator.groups.add(Group.objects.get(name="Translators (fr)"))
    client.force_login(translator)
    assert client.get("/admin/reports/document-downloads/").status_code in (302, 403)
