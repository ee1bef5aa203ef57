"""The translation status dashboard in the admin: the default "needs attention" view, the
summary bar, states, filters, sorting, rights, export, queries."""

import csv
import html as html_lib
import io
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.operations import translate_object

from cms.models import StandardPage
from cms.roles import COMMUNICATIONS_EDITORS, REVIEWERS, translators_group_name

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
    rows = rows_of(client.get(URL, {"export": "csv", "state": "all"}))
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
    response = client.get(
        URL, {"state": "finished", "language": "xx", "kind": "auth.user", "ordering": "pk"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice" in html
    assert "Some filter values were not valid and were ignored" in html
    # Bad values count as the defaults: the attention view, sorted by source change.
    assert 'aria-current="true"' in html


def translator(django_user_model, language: str, username: str = "tr", can_submit=False):
    user = django_user_model.objects.create_user(username, password="x")  # noqa: S106
    user.groups.add(Group.objects.get(name=translators_group_name(language)))
    if can_submit:
        user.user_permissions.add(
            Permission.objects.get(
                content_type__app_label="wagtail_localize", codename="submit_translation"
            )
        )
    return user


def summary_of(html: str) -> dict[str, tuple[int, str, bool]]:
    """The summary bar: state → (count, link, selected)."""
    found = re.findall(
        r'<a class="cms-translation-summary__link cms-state--(\w+)" href="([^"]+)"'
        r'( aria-current="true")?><span aria-hidden="true">.</span> '
        r'<span class="cms-translation-summary__count">(\d+)</span>',
        html,
    )
    return {
        state: (int(count), html_lib.unescape(url), bool(current))
        for state, url, current, count in found
    }


def test_the_default_view_lists_what_needs_attention_in_the_translators_languages(
    client, django_user_model, demo_site, superuser
):
    pages = add_pages(demo_site, superuser, 3, title="Fresh page")
    client.force_login(translator(django_user_model, "fr"))
    response = client.get(URL)
    html = response.content.decode()
    # The defaults show as chosen filters, and the attention entry of the bar is current.
    assert '<option value="attention" selected>' in html
    assert '<option value="mine" selected>' in html
    assert "Need attention · Languages: French." in html
    rows = rows_of(client.get(URL, {"export": "csv"}))
    assert {row["Language"] for row in rows} == {"French"}  # no Arabic, no other language
    assert {row["State"] for row in rows} <= {"Not translated", "In progress", "Out of date"}
    assert {row["Title"] for row in rows} == {page.title for page in pages}
    # The newest source change first: the last page created is the first row.
    assert rows[0]["Title"] == "Fresh page 2"
    first_cell = re.search(r'<td class="title">.*?</td>', html, re.S)
    assert first_cell and "Fresh page 2" in first_cell.group(0)
    # Every row stays reachable: all states, all languages.
    everything = rows_of(client.get(URL, {"export": "csv", "state": "all", "language": ""}))
    assert {row["Language"] for row in everything} == {
        "French",
        "Spanish",
        "Russian",
        "Chinese",
        "Arabic",
    }
    assert "Up to date" in {row["State"] for row in everything}


def test_the_summary_bar_counts_each_state_and_filters_on_it(client, editor, demo_site, superuser):
    pages = add_pages(demo_site, superuser, 2, title="Summary")
    translate_object(pages[0], [Locale.objects.get(language_code="fr")], user=superuser)
    client.force_login(editor)
    html = client.get(URL, {"language": "fr"}).content.decode()
    summary = summary_of(html)
    assert set(summary) == {"not_translated", "in_progress", "up_to_date", "out_of_date"}
    assert summary["not_translated"][0] == 1 and summary["in_progress"][0] == 1
    assert not any(selected for _count, _url, selected in summary.values())
    labels = {
        "not_translated": "Not translated",
        "in_progress": "In progress",
        "up_to_date": "Up to date",
        "out_of_date": "Out of date",
    }
    for state, (count, url, _selected) in summary.items():
        assert "language=fr" in url
        followed = client.get(url).content.decode()
        assert summary_of(followed)[state][2], f"{state} is not shown as selected"
        rows = rows_of(client.get(url + "&export=csv"))
        assert len(rows) == count
        assert {row["State"] for row in rows} <= {labels[state]}
        assert all(row["Language"] == "French" for row in rows)


def test_badges_carry_a_shape_and_text(client, editor, demo_site, superuser):
    add_pages(demo_site, superuser, 1, title="Badge")
    client.force_login(editor)
    html = client.get(URL, {"state": "all", "language": "fr"}).content.decode()
    for state, symbol, text in [
        ("not_translated", "○", "Not translated"),
        ("up_to_date", "●", "Up to date"),
    ]:
        assert (
            f'<span class="cms-state cms-state--{state}"><span class="cms-state__symbol" '
            f'aria-hidden="true">{symbol}</span> {text}</span>'
        ) in html


def test_sortable_columns(client, editor):
    client.force_login(editor)
    rows = rows_of(client.get(URL, {"export": "csv", "state": "all", "ordering": "title"}))
    titles = [row["Title"].casefold() for row in rows]
    assert titles == sorted(titles)
    html = client.get(URL, {"state": "all"}).content.decode()
    assert "ordering=-changed" in html or "ordering=changed" in html  # a sortable header
    assert "Source changed since translated" in html


def test_a_translator_sees_their_language_only(client, django_user_model):
    client.force_login(translator(django_user_model, "ru"))
    rows = rows_of(client.get(URL, {"export": "csv", "state": "all"}))
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
    with django_assert_max_num_queries(45) as few_default:
        client.get(URL)
    add_pages(demo_site, superuser, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"language": "fr"})
    assert "Note 7" in response.content.decode()
    # The default view with its summary bar: as many queries with 8 more pages to count.
    with django_assert_max_num_queries(len(few_default.captured_queries)):
        response = client.get(URL)
    assert summary_of(response.content.decode())["not_translated"][0] == 8 * 5


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


def test_one_click_request_creates_the_translation(client, django_user_model, demo_site, superuser):
    (page,) = add_pages(demo_site, superuser, 1, title="One click")
    french = Locale.objects.get(language_code="fr")
    user = translator(django_user_model, "fr", can_submit=True)
    client.force_login(user)
    html = client.get(URL).content.decode()
    url = reverse("cms_translation_request", args=["cms", "standardpage", page.pk, "fr"])
    assert f'action="{url}"' in html and "Translate into French" in html
    assert client.get(url).status_code == 405  # a POST only
    response = client.post(url)
    translation = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(page), target_locale=french
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cms_translation_texts", args=[translation.pk])
    assert page.get_translation(french).title == "One click 0"


def test_a_translator_starts_their_own_language_without_the_coordinators_right(
    client, django_user_model, demo_site, superuser
):
    (page,) = add_pages(demo_site, superuser, 1, title="Own language")
    client.force_login(translator(django_user_model, "fr", username="fr-only"))
    french = reverse("cms_translation_request", args=["cms", "standardpage", page.pk, "fr"])
    assert client.post(french).status_code == 302
    assert page.get_translation(Locale.objects.get(language_code="fr")).title == "Own language 0"
    arabic = reverse("cms_translation_request", args=["cms", "standardpage", page.pk, "ar"])
    assert client.post(arabic).status_code == 403


def test_one_click_request_is_refused_without_the_rights(
    client, django_user_model, demo_site, superuser
):
    (page,) = add_pages(demo_site, superuser, 1, title="Refused")
    client.force_login(translator(django_user_model, "fr", can_submit=True))
    arabic = reverse("cms_translation_request", args=["cms", "standardpage", page.pk, "ar"])
    assert client.post(arabic).status_code == 403  # another language
    reviewer = django_user_model.objects.create_user("reviewer", password="x")  # noqa: S106
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    client.force_login(reviewer)
    french = reverse("cms_translation_request", args=["cms", "standardpage", page.pk, "fr"])
    assert "Translate into French" not in client.get(URL).content.decode()
    assert client.post(french).status_code == 403  # neither a coordinator nor its translator
    assert not Translation.objects.filter(source__object_id=page.translation_key).exists()
    missing = reverse("cms_translation_request", args=["auth", "user", 1, "fr"])
    client.force_login(superuser)
    # Not a translatable model: a 404 (which the locale middleware turns into a redirect).
    assert client.post(missing).status_code in (302, 404)
