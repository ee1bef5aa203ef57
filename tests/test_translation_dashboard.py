"""The translation status dashboard in the admin: states, filters, rights, export, queries."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import translate_object

from cms.models import StandardPage
from cms.roles import COMMUNICATIONS_EDITORS, translators_group_name

pytestmark = pytest.mark.django_db
URL = "/admin/reports/translation-status/"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("coordinator", password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=COMMUNICATIONS_EDITORS))
    return user


def add_pages(home, user, count: int, title: str = "Note") -> list[StandardPage]:
    pages = []
    for number in range(count):
        page = StandardPage(title=f"{title} {number}", slug=f"note-{number}")
        home.add_child(instance=page)
        page.save_revision(user=user).publish()
        pages.append(page)
    return pages


def rows_of(response) -> list[dict[str, str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def test_coordinator_sees_every_page_and_snippet_in_every_language(client, editor):
    client.force_login(editor)
    rows = rows_of(client.get(URL, {"export": "csv"}))
    languages = {row["Language"] for row in rows}
    assert languages == {"French", "Spanish", "Russian", "Chinese", "Arabic"}
    kinds = {row["Kind"] for row in rows}
    assert {"Home page", "Stakeholder group", "Topic", "Site footer"} <= kinds
    # The demo is translated everywhere.
    assert {row["State"] for row in rows} == {"Up to date"}
    home = next(row for row in rows if row["Kind"] == "Home page" and row["Language"] == "Arabic")
    done, total = home["Texts translated"].split(" / ")
    assert done == total and int(total) > 10
    # The survey invitations are translated in the same workflow: four phases, five languages.
    invitations = [row for row in rows if row["Kind"] == "Invitation message"]
    assert len(invitations) == 20


def test_states_filters_and_links_follow_the_work(client, editor, demo_site, superuser):
    (page,) = add_pages(demo_site, superuser, 1, title="Remote filing")
    client.force_login(editor)
    response = client.get(URL, {"state": "not_translated", "language": "fr"})
    html = response.content.decode()
    assert "Remote filing 0" in html
    assert reverse("wagtail_localize:submit_page_translation", args=[page.pk]) in html

    translate_object(page, [Locale.objects.get(language_code="fr")], user=superuser)
    html = client.get(URL, {"state": "in_progress"}).content.decode()
    assert "Remote filing 0" in html and "0 / 1" in html

    # A change to the English source after the submission: out of date, with a sync link.
    page.title = "Remote filing, revised"
    page.save_revision(user=superuser).publish()
    source = TranslationSource.objects.get_for_instance(page)
    response = client.get(URL, {"state": "out_of_date", "kind": "cms.standardpage"})
    html = response.content.decode()
    assert "Remote filing, revised" in html and "since" in html
    assert reverse("wagtail_localize:update_translations", args=[source.pk]) in html
    # Only that page is out of date, and only in French.
    rows = rows_of(client.get(URL, {"state": "out_of_date", "export": "csv"}))
    assert [(r["Title"], r["Language"]) for r in rows] == [("Remote filing, revised", "French")]
    assert rows[0]["Out of date since"]


def test_bad_filter_values_do_not_break_the_page(client, editor):
    client.force_login(editor)
    response = client.get(URL, {"state": "finished", "language": "xx", "kind": "auth.user"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_translator_sees_their_language_only(client, django_user_model):
    translator = django_user_model.objects.create_user("tr", password="x")  # noqa: S106
    translator.groups.add(Group.objects.get(name=translators_group_name("ru")))
    client.force_login(translator)
    rows = rows_of(client.get(URL, {"export": "csv"}))
    assert rows and {row["Language"] for row in rows} == {"Russian"}


def test_visitors_without_admin_access_are_turned_away(client, django_user_model):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("nobody", password="x"))  # noqa: S106
    response = client.get(URL)
    assert response.status_code in (302, 403)


def test_the_dashboard_takes_the_same_queries_for_more_pages(
    client, editor, demo_site, superuser, django_assert_max_num_queries
):
    client.force_login(editor)
    client.get(URL)  # warm caches (content types, locales)
    with django_assert_max_num_queries(45) as few:
        client.get(URL, {"language": "fr"})
    add_pages(demo_site, superuser, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"language": "fr"})
    assert "Note 7" in response.content.decode()


def test_exports_cannot_carry_formulas(client, editor, demo_site, superuser):
    add_pages(demo_site, superuser, 1, title='=HYPERLINK("http://x","y")')
    client.force_login(editor)
    rows = rows_of(client.get(URL, {"export": "csv", "language": "fr"}))
    titles = [row["Title"] for row in rows if "HYPERLINK" in row["Title"]]
    assert titles == ['\'=HYPERLINK("http://x","y") 0']

    response = client.get(URL, {"export": "xlsx", "language": "fr"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if "HYPERLINK" in str(cell.value)]
    assert cells and all(cell.data_type == "s" for cell in cells)
