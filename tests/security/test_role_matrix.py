"""Every URL pattern of the project × every role: no server error, and no personal data the
role is not entitled to (issue #15).

The URL list is generated from the resolver, so a new URL cannot escape the matrix: a
pattern with parameters needs a sample in SAMPLES (keyed by a regex over the full route), or
an explicit, commented entry in EXCLUDED; otherwise the test fails naming it. GET only.

Forbidden strings: every participant's e-mail, pseudonymous code and link token (the sample
participant's own strings are allowed on the pages of their own link: the token is the
credential), every non-public expert's name and every expert's e-mail, every shared
experience's contact name and e-mail, every assistance request's office contact (name and
e-mail). Entitled: superusers to all; Evaluators to participants; Coordinators to experts and
requests (issue #18); Communications editors to experience submissions.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

pytestmark = pytest.mark.django_db

PARTICIPANTS, EXPERTS, SUBMISSIONS = "participants", "experts", "submissions"
REQUESTS = "requests"
EVALUATORS = "Evaluators"
COORDINATORS = "Coordinators"
COMMUNICATIONS_EDITORS = "Communications editors"
GROUPS = [
    COMMUNICATIONS_EDITORS,
    "Reviewers",
    *[f"Translators ({code})" for code, _name in settings.LANGUAGES[1:]],
    EVALUATORS,
    COORDINATORS,
    # Wagtail's own default groups, made by its migrations.
    "Editors",
    "Moderators",
]
ROLES = ["anonymous", "participant", *GROUPS, "superuser"]
ENTITLED: dict[str, set[str]] = {
    "superuser": {PARTICIPANTS, EXPERTS, SUBMISSIONS, REQUESTS},
    EVALUATORS: {PARTICIPANTS},
    COORDINATORS: {EXPERTS, REQUESTS},
    COMMUNICATIONS_EDITORS: {SUBMISSIONS},
}

# The demo has no shared experience: each test makes one (rolled back with the test), whose
# key replaces this placeholder in the URLs.
SUBMISSION_PK = "SUBMISSION_PK"
SUBMISSION = {
    "office": "Matrix IP Office",
    "country": "Nowhere",
    "contact_name": "Zephyrine Matrixcontact",
    "contact_email": "zephyrine.matrix@example.org",
    "crisis": "A test crisis",
    "impact": "Impact.",
    "response": "Response.",
    "lessons": "Lessons.",
    "language": "en",
}

# Routes (full route strings, as the resolver spells them) never requested, and why.
EXCLUDED = {
    # Deletes the session cookie even on a refused GET: the rest of the role's loop would
    # run logged out. It shows nothing but the login redirect.
    "admin/logout/",
    # Raises on purpose: Wagtail's own check of the admin's 500 page.
    "admin/failwhale/",
}


@dataclass
class Samples:
    """Real objects' keys for the routes' parameters, found once per session. `values` names
    a sample for each parameter name; SAMPLES says which of them a route takes."""

    values: dict[str, object]
    snippet_ids: dict[str, int]  # "app_label.model_name" -> a pk
    page_paths: list[str]  # live pages, for Wagtail's page serving
    participant_token: str  # the sample link's owner ("another participant's token")
    own_token: str  # the participant role's own link


def fill(route: str, **values) -> str:
    """The route with each <converter:name> or (?P<name>…) replaced by values[name]."""

    def value(match: re.Match) -> str:
        return str(values[match.group("name")])

    path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, route)
    path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", value, path)
    return path.replace("^", "").replace("$", "").replace("\\.", ".")


Sampler = Callable[[Samples, re.Match], list[str]]


def take(**names: str) -> Sampler:
    """Fill each parameter from the sample of that name (or of the name given)."""

    def sampler(s: Samples, match: re.Match) -> list[str]:
        return [fill(match.string, **{**s.values, **{k: s.values[v] for k, v in names.items()}})]

    return sampler


def literal(**values: object) -> Sampler:
    """Fill the parameters with these values, the others from the samples."""

    def sampler(s: Samples, match: re.Match) -> list[str]:
        return [fill(match.string, **{**s.values, **values})]

    return sampler


def snippet(s: Samples, match: re.Match) -> list[str]:
    pk = s.snippet_ids.get(f"{match['app']}.{match['model']}", 0)  # 0: no rows, a 404
    return [fill(match.string, pk=pk)]


def chosen_multiple(s: Samples, match: re.Match) -> list[str]:
    pk = s.snippet_ids.get(f"{match['app']}.{match['model']}", 0)
    return [f"{match.string}?id={pk}"]


def localize_api(s: Samples, match: re.Match) -> list[str]:
    """The people models, and a translatable one."""
    return [
        fill(match.string, app_label=app, model_name=model, pk=s.snippet_ids[f"{app}.{model}"])
        for app, model in [
            ("surveys", "participant"),
            ("experts", "expert"),
            ("experts", "assistancerequest"),
            ("cms", "experiencesubmission"),
            ("cms", "topic"),
        ]
    ]


def plugin_localize_api(s: Samples, match: re.Match) -> list[str]:
    """The plugin's own guard of the same API, for its app's people model."""
    model = {"surveys": "participant", "experts": "expert"}[match["app"]]
    pk = s.snippet_ids[f"{match['app']}.{model}"]
    return [fill(match.string, model_name=model, pk=pk)]


def survey(s: Samples, match: re.Match) -> list[str]:
    """A participant's pages, with the sample participant's token, in every language."""
    path = fill(match.string, **s.values)
    language = translation.get_language()
    return [path.replace(f"{language}/", f"{code}/", 1) for code, _name in settings.LANGUAGES]


def served_pages(s: Samples, match: re.Match) -> list[str]:
    return s.page_paths


# (regex over the full route, sampler). The first match wins.
SAMPLES: list[tuple[str, Sampler]] = [
    # Snippets: a row of the route's own model (participants, experts, submissions: the
    # samples whose data is checked).
    (r"^admin/snippets/choose/(?P<app>\w+)/(?P<model>\w+)/chosen-multiple/$", chosen_multiple),
    (r"^admin/snippets/(?:choose/)?(?P<app>\w+)/(?P<model>\w+)/[\w-]+/<\w+:pk>/$", snippet),
    (r"^admin/localize/api/snippets/<slug:app_label>/<slug:model_name>/", localize_api),
    (
        r"^admin/localize/api/snippets/(?P<app>surveys|experts)/<slug:model_name>/",
        plugin_localize_api,
    ),
    (
        r"^admin/localize/submit/snippet/",
        literal(app_label="cms", model_name="topic", pk=0),
    ),
    (r"^admin/localize/translate/<int:translation_id>/", take()),
    (  # the dashboard's one-click request (a POST only: a GET is refused for everyone)
        r"^admin/localize/request/",
        literal(app_label="cms", model_name="standardpage", language_code="fr"),
    ),
    (r"^admin/localize/(update|page|submit/page)/", take()),
    (r"^admin/api/main/\^(pages)/<int:pk>/", take(pk="page_id")),
    (r"^admin/api/main/\^(images)/<int:pk>/", take(pk="image_id")),
    (r"^admin/api/main/\^(documents)/<int:pk>/", take(pk="document_id")),
    (r"^admin/pages/\^\(\?P<pk>.*revisions/compare/", take(pk="page_id")),
    (r"^admin/pages/", take()),
    (r"^admin/choose-page/<int:parent_page_id>/$", take()),
    (r"^admin/forms/submissions/<int:page_id>/", take()),
    (r"^admin/users/[\w-]+/<int:pk>/$", take(pk="user_id")),
    (r"^admin/groups/[\w-]+/<int:pk>/$", take(pk="group_id")),
    (r"^admin/locales/[\w-]+/<int:pk>/$", take(pk="locale_id")),
    (r"^admin/sites/[\w-]+/<int:pk>/$", take(pk="site_id")),
    (r"^admin/collections/<int:\w+>/", take(pk="collection_id")),
    (r"^admin/workflows/tasks/\w+/<int:pk>/$", take(pk="task_id")),
    (r"^admin/workflows/(\w+/)?<int:pk>/", take(pk="workflow_id")),
    (r"^admin/workflows/(remove|task_chooser|tasks/add)/", take()),
    (r"^admin/documents/", take(pk="document_id")),
    (r"^admin/images/", take(pk="image_id")),
    (r"^admin/redirects/<int:redirect_id>/", take()),
    (
        r"^admin/settings/",
        literal(app_name="evaluation", model_name="evaluationsettings", pk=1),
    ),
    (r"^admin/(bulk|tag-autocomplete)/", take()),
    (r"^admin/editing-sessions/", take()),
    (r"^admin/password_reset/confirm/", literal(token="x-y")),
    (r"^admin/experts/<int:pk>/cv/$", take(pk="expert_id")),
    (r"^admin/evaluation/export/<int:pk>/", literal(pk=0)),  # no export requested: 404
    (r"^admin/experiences/<int:pk>/", take(pk="submission_id")),
    (r"^admin/surveys/cohorts/<int:pk>/", take(pk="cohort_id")),
    (r"^admin/surveys/participants/<int:pk>/", take(pk="participant_id")),
    (r"^admin/surveys/phases/<int:pk>/", take(pk="cohort_phase_id")),
    (r"^charts/<int:page_id>/<str:block_id>\.csv$", take()),
    (r"^documents/authenticate_with_password/", take()),
    (
        r"^documents/\^\(\\d\+\)/\(\.\*\)\$$",
        lambda s, m: [f"documents/{s.values['document_id']}/x/"],
    ),
    (r"^[a-z-]+/survey/", survey),
    # An expert's personal link: a valid one, to a proposal not yet answered.
    (r"^[a-z-]+/experts/answer/<str:token>/$", take(token="proposal_token")),
    (r"^admin/experts/requests/<int:pk>/", take(pk="request_id")),
    (r"^[a-z-]+/_util/authenticate_with_password/", take()),
    # Wagtail's page serving: every live page of the site.
    (r"^[a-z-]+/\^\(\(\?:", served_pages),
    # The admin's catch-all for unknown admin URLs (its 404 page).
    (r"^admin/\^\.\*/\$$", lambda s, m: ["admin/no-such-thing/"]),
]


def routes() -> list[str]:
    """Every pattern's full route, depth first (i18n routes in the active language)."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                found.append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return list(dict.fromkeys(found))


def has_parameters(route: str) -> bool:
    """Converters, regex groups or wildcards: the route needs a sample."""
    return bool(re.search(r"<\w|\(|\*|\+|\\", route))


def urls_to_request(samples: Samples) -> tuple[list[str], list[str]]:
    """The paths to GET, and the routes that have neither a sample nor an exclusion."""
    paths: list[str] = []
    missing: list[str] = []
    for route in routes():
        if route in EXCLUDED:
            continue
        if not has_parameters(route):
            paths.append(fill(route))
            continue
        for regex, sampler in SAMPLES:
            match = re.match(regex, route)
            if match:
                try:
                    paths += sampler(samples, match)
                except KeyError:  # a parameter this entry has no sample for
                    missing.append(route)
                break
        else:
            missing.append(route)
    return ["/" + path for path in dict.fromkeys(paths)], missing


@pytest.fixture(scope="session")
def samples(django_db_setup, django_db_blocker) -> Samples:
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Collection, Locale, Page, Site, Task, Workflow
    from wagtail.snippets.models import get_snippet_models
    from wagtail_localize.models import Translation

    from experts.links import proposal_token
    from experts.models import Answer, AssistanceRequest, Expert, Proposal
    from surveys.invitations import opt_out_signature
    from surveys.models import Cohort, CohortPhase, Participant

    with django_db_blocker.unblock():
        participants = list(Participant.objects.exclude(email="").order_by("pk")[:2])
        participant, own = participants
        cohort_phase = CohortPhase.objects.filter(cohort=participant.cohort).first()
        expert = Expert.objects.filter(public_consent=False).order_by("pk").first()
        # A request whose expert has not answered: its link shows the request, not the office.
        pending = Proposal.objects.filter(answer=Answer.PENDING).order_by("pk").first()
        assistance = pending.request if pending else AssistanceRequest.objects.first()
        translation_row = Translation.objects.filter(target_locale__language_code="fr").first()
        page = Page.objects.filter(depth=3, locale__language_code="en").first().specific
        home = page.get_parent()
        snippet_ids = {
            model._meta.label_lower: model.objects.order_by("pk")
            .values_list("pk", flat=True)
            .first()
            or 0
            for model in get_snippet_models()
        }
        snippet_ids.update(
            {
                "surveys.participant": participant.pk,
                "experts.expert": expert.pk if expert else 0,
                "experts.assistancerequest": assistance.pk,
                "cms.experiencesubmission": SUBMISSION_PK,
            }
        )
        cohort = Cohort.objects.filter(self_enrolment=True).first() or participant.cohort
        values = {
            "page_id": page.pk,
            "parent_page_id": home.pk,
            "page_to_move_id": page.pk,
            "destination_id": home.pk,
            "pk": page.pk,
            "revision_id": page.latest_revision_id or 0,
            "revision_id_a": "earliest",
            "revision_id_b": "live",
            "workflow_state_id": 0,
            "task_state_id": 0,
            "action_name": "approve",
            "translation_id": translation_row.pk if translation_row else 0,
            "translation_source_id": translation_row.source_id if translation_row else 0,
            "string_segment_id": 0,
            "overridable_segment_id": 0,
            "mode": "desktop",
            "user_id": get_user_model().objects.filter(is_superuser=True).first().pk,
            "group_id": Group.objects.get(name=EVALUATORS).pk,
            "locale_id": Locale.objects.get(language_code="fr").pk,
            "site_id": Site.objects.first().pk,
            "collection_id": Collection.objects.first().pk,
            "workflow_id": Workflow.objects.first().pk,
            "workflow_pk": Workflow.objects.first().pk,
            "page_pk": page.pk,
            "task_id": Task.objects.first().pk,
            "document_id": getattr(get_document_model().objects.first(), "pk", 0),
            "doc_id": getattr(get_document_model().objects.first(), "pk", 0),
            "image_id": getattr(get_image_model().objects.first(), "pk", 0),
            "uploaded_file_id": 0,
            "filter_spec": "original",
            "redirect_id": 0,
            "app_label": "wagtailcore",
            "app_name": "evaluation",
            "model_name": "page",
            "content_type_app_name": "cms",
            "content_type_model_name": "standardpage",
            "action": "delete",
            "object_id": page.pk,
            "session_id": 0,
            "uidb64": "MQ",
            "token": participant.token,
            "key": cohort.enrolment_key or "x",
            "signed": opt_out_signature(participant, cohort_phase.phase),
            "phase": cohort_phase.phase,
            "number": 1,
            "block_id": "x",
            "restriction_id": 0,
            "page_view_restriction_id": 0,
            "expert_id": expert.pk if expert else 0,
            "request_id": assistance.pk,
            "proposal_token": proposal_token(pending) if pending else "x",
            "submission_id": SUBMISSION_PK,
            "cohort_id": participant.cohort_id,
            "participant_id": participant.pk,
            "cohort_phase_id": cohort_phase.pk,
        }
        # One live page of each type (the expert directory, the call for experiences, a
        # resource…) in the source language, and every language's home page: a type renders
        # its own queries; its siblings and translations do not.
        page_paths = {}
        for live in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
            if live.depth == 2 or live.locale.language_code == settings.LANGUAGE_CODE:
                page_paths.setdefault((type(live), live.locale_id), live.url.lstrip("/"))
        page_paths = [path for path in page_paths.values() if path]
        return Samples(values, snippet_ids, page_paths, participant.token, own.token)


@dataclass(frozen=True)
class Forbidden:
    """The personal strings by category; `own` are the sample link owner's."""

    by_category: dict[str, frozenset[str]]
    own: frozenset[str]


@pytest.fixture(scope="session")
def forbidden(django_db_setup, django_db_blocker, samples) -> Forbidden:
    from experts.models import AssistanceRequest, Expert
    from experts.roster import public_directory
    from surveys.models import Participant

    with django_db_blocker.unblock():
        participants = set()
        own = set()
        for code, email, token in Participant.objects.values_list("code", "email", "token"):
            strings = {value for value in (code, email, token) if value}
            participants |= strings
            if token == samples.participant_token:
                own = strings
        public = {expert["name"] for group in public_directory() for expert in group["experts"]}
        experts = set(Expert.objects.values_list("name", flat=True)) - public
        experts |= set(Expert.objects.values_list("email", flat=True))
        requests = {
            value
            for row in AssistanceRequest.objects.values_list("contact_name", "contact_email")
            for value in row
        }
    by_category = {
        PARTICIPANTS: frozenset(participants),
        EXPERTS: frozenset(value for value in experts if value),
        SUBMISSIONS: frozenset({SUBMISSION["contact_name"], SUBMISSION["contact_email"]}),
        REQUESTS: frozenset(value for value in requests if value),
    }
    return Forbidden(by_category, frozenset(own))


@pytest.fixture(scope="session")
def matrix_urls(samples) -> list[str]:
    paths, missing = urls_to_request(samples)
    assert not missing, (
        "URL patterns with neither a sample in SAMPLES nor an entry in EXCLUDED "
        f"(tests/security/test_role_matrix.py): {missing}"
    )
    return paths


def client_for(role: str, samples: Samples, django_user_model) -> Client:
    client = Client(raise_request_exception=False)
    if role == "anonymous":
        return client
    if role == "participant":
        client.get(f"/en/survey/{samples.own_token}/")  # their own link first
        return client
    if role == "superuser":
        client.force_login(django_user_model.objects.filter(is_superuser=True).first())
        return client
    user = django_user_model.objects.create_user(f"matrix-{role}", password="x")
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return client


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def test_every_group_is_in_the_matrix(db):
    assert set(Group.objects.values_list("name", flat=True)) == set(GROUPS)


def test_the_matrix_has_something_to_find(forbidden, matrix_urls):
    assert forbidden.by_category[PARTICIPANTS]
    assert forbidden.by_category[EXPERTS]
    assert forbidden.by_category[REQUESTS]
    assert forbidden.own
    assert len(matrix_urls) > 300


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(role, samples, forbidden, matrix_urls, django_user_model):
    from cms.models import ExperienceSubmission

    submission = ExperienceSubmission.objects.create(**SUBMISSION)
    client = client_for(role, samples, django_user_model)
    entitled = ENTITLED.get(role, set())
    categories = forbidden.by_category.items()
    denied = frozenset().union(*(found for name, found in categories if name not in entitled))
    failures = []
    seen = set()  # the entitled categories shown somewhere: the samples do reach the data
    for url in (url.replace(SUBMISSION_PK, str(submission.pk)) for url in matrix_urls):
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
            continue
        mine = f"/survey/{samples.participant_token}/" in url
        strings = denied - forbidden.own if mine else denied
        text = body(response)
        seen |= {name for name in entitled if any(v in text for v in forbidden.by_category[name])}
        leaked = sorted(value for value in strings if value in text)
        if leaked:
            failures.append(f"{url}: {response.status_code} shows {leaked[:3]}")
    print(f"{role}: {len(matrix_urls)} URLs requested")
    assert not failures, f"{role}: " + "\n".join(failures)
    assert seen >= entitled, f"{role} never saw {entitled - seen}: the samples miss the data"
