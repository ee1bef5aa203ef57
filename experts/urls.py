"""The expert network's public URLs, meant to sit inside the site's i18n_patterns (the
language prefix is the expert's language): `path("experts/", include("experts.urls"))`."""

from django.urls import path

from . import answer_views

app_name = "experts"

urlpatterns = [
    path("answer/<str:token>/", answer_views.answer, name="answer"),
]
