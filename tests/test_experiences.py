"""The call for experiences: public form, spam resistance, private files, review in the admin."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from cms.models import CallForExperiencesPage, CaseStudyPage, ExperienceSubmission
from cms.roles import COMMUNICATIONS_EDITORS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def call_page(code: str) -> CallForExperiencesPage:
    return CallForExperiencesPage.objects.get(locale__language_code=code)


def answers(**overrides) -> dict:
    data = {
        "office": "Office of Industrial Property",
        "country": "Atlantis",
        "contact_name": "A. Registrar",
        "contact_email": "registrar@example.org",
        "crisis": "Floods, March 2024",
        "impact": "The building was closed for six weeks.\nPaper files were damaged.",
        "response": "Online filing only; deadlines extended.",
        "lessons": "Keep digital copies off site.",
        "consent_to_publish": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_an_office_shares_its_experience_in_arabic(client):
    page = call_page("ar")
    response = client.post(page.url, answers())
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}?sent=1"
    submission = ExperienceSubmission.objects.get()
    assert submission.language == "ar"
    assert submission.status == ExperienceSubmission.Status.NEW
    assert submission.consent_to_publish
    thanks = client.get(response["Location"]).content.decode()
    assert page.thank_you in thanks
    assert 'role="status"' in thanks


def test_missing_fields_are_reported_in_the_visitors_language_and_nothing_is_lost(client):
    page = call_page("fr")
    response = client.post(page.url, answers(impact="", contact_email="not-an-address"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Champ requis." in content
    assert "Saisissez une adresse de courriel valide." in content
    assert 'aria-invalid="true"' in content
    assert "Floods, March 2024" in content  # what was typed is still there
    assert "Keep digital copies off site." in content
    assert not ExperienceSubmission.objects.exists()


def test_overlong_text_is_refused(client):
    response = client.post(call_page("en").url, answers(lessons="x" * 5001))
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    assert not ExperienceSubmission.objects.exists()


def test_honeypot_submissions_are_dropped_silently(client):
    page = call_page("en")
    response = client.post(page.url, answers(website="http://spam.example"))
    assert response.status_code == 302
    assert not ExperienceSubmission.objects.exists()


def test_one_address_is_limited_to_five_experiences_an_hour(client):
    page = call_page("es")
    for i in range(5):
        assert client.post(page.url, answers(office=f"Office {i}")).status_code == 302
    response = client.post(page.url, answers(office="Office 6"))
    assert response.status_code == 429
    assert "Office 6" in response.content.decode()
    assert ExperienceSubmission.objects.count() == 5
    other = client.post(page.url, answers(office="Elsewhere"), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_attachment_is_checked_and_kept_out_of_public_media(client):
    page = call_page("en")
    wrong = SimpleUploadedFile("report.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(page.url, {**answers(), "attachment": wrong})
    assert "File extension “exe” is not allowed." in response.content.decode()
    big = SimpleUploadedFile("report.pdf", b"0" * (10 * 1024 * 1024 + 1))
    response = client.post(page.url, {**answers(), "attachment": big})
    assert "larger than 10 MB" in response.content.decode()
    assert not ExperienceSubmission.objects.exists()

    good = SimpleUploadedFile("Report 2024.PDF", b"%PDF-1.4 lessons")
    assert client.post(page.url, {**answers(), "attachment": good}).status_code == 302
    submission = ExperienceSubmission.objects.get()
    path = submission.attachment.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert submission.attachment_name.endswith(".pdf")


def test_get_only_and_post_methods_are_accepted(client):
    assert client.put(call_page("en").url).status_code == 405


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", password="x" * 12)
    user.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    return user


def test_editors_download_attachments_and_nobody_else(client, editor, django_user_model):
    page = call_page("en")
    client.post(page.url, {**answers(), "attachment": SimpleUploadedFile("a.txt", b"lesson")})
    submission = ExperienceSubmission.objects.get()
    url = f"/admin/experiences/{submission.pk}/attachment/"
    assert client.get(url).status_code == 302  # to the login page
    stranger = django_user_model.objects.create_user("stranger", password="x" * 12)
    client.force_login(stranger)
    assert client.get(url).status_code in (302, 403)
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"lesson"


def test_editors_review_experiences_in_the_admin(client, editor):
    client.post(call_page("ru").url, answers())
    client.force_login(editor)
    listing = client.get("/admin/snippets/cms/experiencesubmission/")
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Office of Industrial Property" in content
    assert "Make a draft case study" in content


def test_an_accepted_experience_becomes_a_draft_case_study_in_its_language(client, editor):
    client.post(call_page("fr").url, answers())
    submission = ExperienceSubmission.objects.get()
    client.force_login(editor)
    url = f"/admin/experiences/{submission.pk}/case-study/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Floods, March 2024" in confirm.content.decode()
    before = set(CaseStudyPage.objects.values_list("pk", flat=True))  # the demo's own
    response = client.post(url)
    study = CaseStudyPage.objects.exclude(pk__in=before).get()
    assert response["Location"] == f"/admin/pages/{study.pk}/edit/"
    assert not study.live
    assert study.locale.language_code == "fr"
    assert study.get_parent().specific_class.__name__ == "ResourceLibraryPage"
    assert study.country == "Atlantis"
    headings = [b.value["text"] for b in study.body if b.block_type == "heading"]
    assert headings == ["Impact sur les services", "Ce qu’a fait l’office", "Enseignements tirés"]
    assert "<p>Paper files were damaged.</p>" in str(study.body)
    submission.refresh_from_db()
    assert submission.status == ExperienceSubmission.Status.ACCEPTED
    assert submission.case_study_id == study.pk
    again = client.post(url)  # a second click opens the same draft
    assert again["Location"] == f"/admin/pages/{study.pk}/edit/"
    assert CaseStudyPage.objects.exclude(pk__in=before).count() == 1


def test_case_study_view_requires_the_right_permission(client, django_user_model):
    client.post(call_page("en").url, answers())
    submission = ExperienceSubmission.objects.get()
    reviewer = django_user_model.objects.create_user("rev", password="x" * 12)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    client.force_login(reviewer)
    before = CaseStudyPage.objects.count()
    response = client.post(f"/admin/experiences/{submission.pk}/case-study/")
    assert response.status_code in (302, 403)
    assert CaseStudyPage.objects.count() == before
