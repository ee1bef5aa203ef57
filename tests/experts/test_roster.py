"""The expert roster: the public directory, nominations through the page's form (with the
call for experiences' spam rules), the coordinators' admin, and the OUT-2/OP-5 counts."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from experts.models import AssistanceRequest, Expert, ExpertDirectoryPage, VettingStatus
from experts.roles import COORDINATORS
from experts.roster import experts_per_region, network_summary, public_directory
from regions.models import CountryRegion, Region
from surveys.roles import EVALUATORS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def directory_page(code: str) -> ExpertDirectoryPage:
    return ExpertDirectoryPage.objects.get(locale__language_code=code)


def answers(**overrides) -> dict:
    data = {
        "nominated_by": "office",
        "name": "Awa Ndiaye",
        "email": "awa.ndiaye@example.org",
        "organisation": "Office of Industrial Property",
        "country": "SN",
        "expertise": ["crisis-framework", "ip-law"],
        "languages": ["fr", "en"],
        "biography": "Led the office's move to online filing during the 2020 closures.",
        "public_consent": "on",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def roster(db) -> dict[str, Expert]:
    common = {"expertise": ["risk"], "languages": ["en"], "vetting_notes": "Secret vetting note"}
    return {
        "listed": Expert.objects.create(
            name="Zanele Listed",
            email="zanele@example.org",
            country="KE",
            status=VettingStatus.ELIGIBLE,
            public_consent=True,
            **common,
        ),
        "private": Expert.objects.create(
            name="Hidden Eligible",
            email="hidden@example.org",
            country="KE",
            status=VettingStatus.ELIGIBLE,
            public_consent=False,
            **common,
        ),
        "proposed": Expert.objects.create(
            name="Pending Proposed",
            email="pending@example.org",
            country="KE",
            status=VettingStatus.PROPOSED,
            public_consent=True,
            **common,
        ),
    }


@pytest.mark.parametrize("code", ["en", "ar"])
def test_the_directory_lists_only_eligible_consenting_experts_by_region(client, roster, code):
    response = client.get(directory_page(code).url)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'lang="{code}"' in content
    assert "Zanele Listed" in content
    assert "Hidden Eligible" not in content
    assert "Pending Proposed" not in content
    assert "zanele@example.org" not in content
    assert "Secret vetting note" not in content
    # Grouped: Kenya's region heading comes before the expert, under its own section.
    groups = public_directory(language=code)
    group = next(g for g in groups if any(e["name"] == "Zanele Listed" for e in g["experts"]))
    region = CountryRegion.objects.filter(country="KE").select_related("region").first()
    assert group["code"] == (region.region.code if region else "")
    heading = f">{group['region']}</h3>"
    assert heading in content
    assert content.index(heading) < content.index("Zanele Listed")
    if code == "ar":
        assert 'dir="rtl"' in content


def test_a_nomination_in_french_is_stored_for_vetting_with_a_private_cv(client):
    page = directory_page("fr")
    cv = SimpleUploadedFile("CV Awa Ndiaye.PDF", b"%PDF-1.4 experience", "application/pdf")
    response = client.post(page.url, {**answers(), "cv": cv})
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}?sent=1"
    expert = Expert.objects.get(email="awa.ndiaye@example.org")
    assert expert.status == VettingStatus.PROPOSED
    assert expert.nominated_by == "office"
    assert expert.nomination_language == "fr"
    assert expert.country.code == "SN"
    assert expert.expertise == ["crisis-framework", "ip-law"]
    assert expert.languages == ["fr", "en"]
    assert expert.public_consent
    path = expert.cv.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert "Awa" not in expert.cv.name and expert.cv.name.endswith(".pdf")
    thanks = client.get(response["Location"]).content.decode()
    assert 'role="status"' in thanks
    assert "Merci" in thanks
    assert "Awa Ndiaye" not in thanks  # proposed: not listed


def test_a_self_nomination_without_cv_is_accepted(client):
    data = answers(nominated_by="self", public_consent="")
    assert client.post(directory_page("en").url, data).status_code == 302
    expert = Expert.objects.get(email="awa.ndiaye@example.org")
    assert expert.nominated_by == "self"
    assert not expert.public_consent
    assert not expert.cv


def test_bad_input_is_reported_in_french_next_to_the_fields_and_kept(client):
    page = directory_page("fr")
    data = answers(consent="", email="pas-une-adresse", biography="x" * 2001)
    exe = SimpleUploadedFile("cv.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(page.url, {**data, "cv": exe})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Saisissez une adresse de courriel valide." in content
    assert "\u00ab\u00a0exe\u00a0\u00bb n’est pas autorisée" in content  # French spacing
    assert "au plus 2000 caractères" in content
    assert 'id="id_consent-error">Ce champ est requis.' in content or (
        'id="id_consent-error">Champ requis.' in content
    )
    for name in ("email", "biography", "cv", "consent"):
        assert f'id="id_{name}-error"' in content
    assert 'aria-invalid="true"' in content
    assert 'value="pas-une-adresse"' in content  # what was typed is still there
    assert 'value="Office of Industrial Property"' in content
    assert 'value="ip-law" id="id_expertise_6" checked' in content
    assert not Expert.objects.filter(email="pas-une-adresse").exists()
    assert not Expert.objects.filter(name="Awa Ndiaye").exists()


def test_an_oversized_cv_is_refused(client):
    big = SimpleUploadedFile("cv.pdf", b"0" * (5 * 1024 * 1024 + 1))
    response = client.post(directory_page("fr").url, {**answers(), "cv": big})
    assert response.status_code == 200
    assert "Le fichier dépasse 5 Mo." in response.content.decode()
    assert not Expert.objects.filter(name="Awa Ndiaye").exists()


def test_honeypot_nominations_are_dropped_silently(client):
    response = client.post(directory_page("en").url, answers(website="http://spam.example"))
    assert response.status_code == 302
    assert not Expert.objects.filter(name="Awa Ndiaye").exists()


def test_one_address_is_limited_to_five_nominations_an_hour(client):
    page = directory_page("es")
    for i in range(5):
        data = answers(name=f"Expert {i}", email=f"e{i}@example.org")
        assert client.post(page.url, data).status_code == 302
    response = client.post(page.url, answers(name="Sixth Expert"))
    assert response.status_code == 429
    assert 'value="Sixth Expert"' in response.content.decode()
    assert Expert.objects.filter(email__regex=r"^e\d@example\.org$").count() == 5
    assert not Expert.objects.filter(name="Sixth Expert").exists()
    other = client.post(page.url, answers(name="Elsewhere"), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302


def test_other_methods_are_refused(client):
    assert client.put(directory_page("en").url).status_code == 405


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="x" * 12)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


@pytest.fixture
def evaluator(django_user_model):
    user = django_user_model.objects.create_user("evaluator", password="x" * 12)
    user.groups.add(Group.objects.get(name=EVALUATORS))
    return user


@pytest.fixture
def admin_user_only(django_user_model):
    """Can enter the admin, holds no right on the roster."""
    user = django_user_model.objects.create_user("plain", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def expert_with_cv(db) -> Expert:
    expert = Expert(name="Cv Holder", email="cv@example.org", country="IN")
    expert.cv.save("0123abcd.pdf", ContentFile(b"%PDF-1.4 private cv"), save=True)
    return expert


LIST_URL = "/admin/snippets/experts/expert/"


def cv_url(expert: Expert) -> str:
    return f"/admin/experts/{expert.pk}/cv/"


def test_coordinators_list_experts_and_download_a_cv(client, coordinator, expert_with_cv):
    client.force_login(coordinator)
    listing = client.get(LIST_URL)
    assert listing.status_code == 200
    content = listing.content.decode()
    assert "Cv Holder" in content
    assert cv_url(expert_with_cv) in content  # the listing's download button
    assert client.get(f"{LIST_URL}?status=proposed").status_code == 200
    assert client.get(f"{LIST_URL}?q=Holder").status_code == 200
    response = client.get(cv_url(expert_with_cv))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 private cv"
    assert "attachment" in response["Content-Disposition"]
    assert client.get(f"{LIST_URL}edit/{expert_with_cv.pk}/").status_code == 200


def test_others_cannot_reach_the_roster_or_a_cv(client, admin_user_only, expert_with_cv):
    url = cv_url(expert_with_cv)
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    assert client.get(settings.MEDIA_URL + expert_with_cv.cv.name).status_code == 404
    client.force_login(admin_user_only)
    for denied in (client.get(url), client.get(LIST_URL)):
        assert denied.status_code in (302, 403)
        if denied.status_code == 302:
            assert denied["Location"] == "/admin/"


def test_evaluators_no_longer_reach_the_roster_or_a_cv(client, evaluator, expert_with_cv):
    """The roster's personal data moved to the coordinators: evaluators see counts only."""
    client.force_login(evaluator)
    assert not evaluator.has_perm("experts.view_expert")
    for denied in (client.get(cv_url(expert_with_cv)), client.get(LIST_URL)):
        assert denied.status_code in (302, 403)


@pytest.fixture
def small_world(db) -> dict[str, Region]:
    """Three regions of our own and six experts; the rest of the database's roster goes."""
    AssistanceRequest.objects.all().delete()  # the demo's requests hold on to their experts
    Expert.objects.all().delete()
    CountryRegion.objects.all().delete()
    Region.objects.all().delete()
    north = Region.objects.create(code="north", name="North", sort_order=1)
    south = Region.objects.create(code="south", name="South", sort_order=2)
    empty = Region.objects.create(code="empty", name="Empty", sort_order=3)
    for country, region in [("KE", south), ("SN", south), ("NO", north), ("BR", empty)]:
        CountryRegion.objects.create(country=country, region=region, category="developing")
    eligible = VettingStatus.ELIGIBLE
    for name, country, status, consent in [
        ("A", "KE", eligible, True),
        ("B", "KE", eligible, False),  # counts, though not listed publicly
        ("C", "SN", eligible, True),
        ("D", "NO", eligible, True),
        ("E", "BR", VettingStatus.PROPOSED, True),  # not eligible: the region stays empty
        ("F", "FR", eligible, True),  # a country mapped to no region
    ]:
        Expert.objects.create(name=name, country=country, status=status, public_consent=consent)
    return {"north": north, "south": south, "empty": empty}


def test_experts_per_region_counts_eligible_experts_in_one_query(
    small_world, django_assert_num_queries
):
    with django_assert_num_queries(1):
        rows = experts_per_region()
    assert [(row.region.code, row.experts) for row in rows] == [
        ("north", 1),
        ("south", 3),
        ("empty", 0),
    ]


def test_network_summary(small_world):
    summary = network_summary()
    assert summary["experts"] == 5  # A, B, C, D, F
    assert summary["countries"] == 4  # KE, SN, NO, FR
    assert summary["regions"] == 2
    assert summary["regions_total"] == 3
    assert summary["regions_without_experts"] == [small_world["empty"]]


def test_public_directory_groups_by_region_in_order(small_world):
    groups = public_directory(language="en")
    assert [(g["code"], [e["name"] for e in g["experts"]]) for g in groups] == [
        ("north", ["D"]),
        ("south", ["A", "C"]),
        ("", ["F"]),
    ]
    assert groups[2]["region"] == "Other countries"
    assert set(groups[0]["experts"][0]) == {
        "name",
        "organisation",
        "country",
        "expertise",
        "languages",
        "biography",
    }


def test_coordinators_upload_a_cv_in_the_admin_under_the_same_rules(client, coordinator):
    expert = Expert.objects.create(name="Admin Entered", email="ae@example.org", country="KE")
    client.force_login(coordinator)
    url = f"{LIST_URL}edit/{expert.pk}/"
    form = {
        "name": expert.name,
        "email": expert.email,
        "country": "KE",
        "expertise": ["risk"],
        "languages": ["en"],
        "status": "eligible",
        "vetted_on": "2026-09-01",
        "availability": "available",
    }
    wrong = SimpleUploadedFile("cv.exe", b"MZ")
    assert client.post(url, {**form, "cv": wrong}).status_code == 200
    expert.refresh_from_db()
    assert not expert.cv
    good = SimpleUploadedFile("Admin Entered CV.docx", b"PK docx")
    assert client.post(url, {**form, "cv": good}).status_code == 302
    expert.refresh_from_db()
    assert expert.status == VettingStatus.ELIGIBLE
    assert expert.expertise == ["risk"]
    assert expert.cv.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "Admin" not in expert.cv.name and expert.cv.name.endswith(".docx")
    assert cv_url(expert) in client.get(url).content.decode()  # not a public media URL
