"""Who may list people: the snippet choosers and wagtail-localize's snippets API answer only
the roles entitled to the model (issue #15)."""

import pytest
from django.contrib.auth.models import Group

pytestmark = pytest.mark.django_db

CHOOSERS = {
    "participant": "/admin/snippets/choose/surveys/participant/",
    "expert": "/admin/snippets/choose/experts/expert/",
    "submission": "/admin/snippets/choose/cms/experiencesubmission/",
}
API = {
    "participant": "/admin/localize/api/snippets/surveys/participant/",
    "expert": "/admin/localize/api/snippets/experts/expert/",
    "submission": "/admin/localize/api/snippets/cms/experiencesubmission/",
}
# Which models each group may list.
ENTITLED = {
    "Evaluators": {"participant"},
    "Coordinators": {"expert"},
    "Communications editors": {"submission"},
    "Reviewers": set(),
    "Translators (fr)": set(),
    "Editors": set(),
    "Moderators": set(),
}


def member_of(django_user_model, group_name: str):
    user = django_user_model.objects.create_user(f"u-{group_name}", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def refused(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and "/admin/" in response["Location"]
    )


@pytest.mark.parametrize("group_name", sorted(ENTITLED))
def test_choosers_and_api_answer_only_entitled_roles(client, django_user_model, group_name):
    client.force_login(member_of(django_user_model, group_name))
    for model, url in [*CHOOSERS.items(), *API.items()]:
        response = client.get(url, HTTP_ACCEPT="application/json")
        if model in ENTITLED[group_name]:
            assert response.status_code == 200, (url, response.status_code)
        else:
            assert refused(response), (url, response.status_code)


def test_refused_api_lists_no_names(client, django_user_model):
    from experts.models import Expert

    name = Expert.objects.exclude(public_consent=True).values_list("name", flat=True).first()
    assert name
    client.force_login(member_of(django_user_model, "Translators (fr)"))
    response = client.get(API["expert"], HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert name not in response.content.decode()


def test_superuser_lists_everything(client, superuser):
    from surveys.models import Participant

    code = Participant.objects.values_list("code", flat=True).first()
    client.force_login(superuser)
    for url in [*CHOOSERS.values(), *API.values()]:
        assert client.get(url, HTTP_ACCEPT="application/json").status_code == 200, url
    assert code in client.get(API["participant"], HTTP_ACCEPT="application/json").content.decode()


def test_translators_keep_the_api_for_their_snippets(client, django_user_model):
    # The translation editor fetches a chosen snippet's detail: translators hold change_topic.
    from cms.models import Topic

    topic = Topic.objects.first()
    client.force_login(member_of(django_user_model, "Translators (fr)"))
    response = client.get(f"/admin/localize/api/snippets/cms/topic/{topic.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == str(topic)


def test_user_may_list_follows_the_model_rights(django_user_model):
    from cms.localize_api import user_may_list
    from experts.models import Expert
    from surveys.models import Participant

    evaluator = member_of(django_user_model, "Evaluators")
    coordinator = member_of(django_user_model, "Coordinators")
    translator = member_of(django_user_model, "Translators (ar)")
    assert user_may_list(evaluator, Participant) and not user_may_list(evaluator, Expert)
    assert user_may_list(coordinator, Expert) and not user_may_list(coordinator, Participant)
    assert not user_may_list(translator, Participant)
    assert not user_may_list(translator, Expert)
