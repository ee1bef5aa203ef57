"""Participant URLs, meant to sit inside the site's i18n_patterns (the language prefix is
the participant's language): `path("survey/", include("surveys.urls"))`."""

from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("enrol/<str:key>/", views.enrol, name="enrol"),
    path("enrol/<str:key>/sent/", views.enrol_sent, name="enrol_sent"),
    # Before the personal-link routes, which would take "stop" for a token.
    path("stop/<str:signed>/", views.opt_out, name="opt_out"),
    path("<str:token>/", views.home, name="home"),
    path("<str:token>/<str:phase>/", views.phase_start, name="start"),
    path("<str:token>/<str:phase>/<int:number>/", views.screen, name="screen"),
    path("<str:token>/<str:phase>/review/", views.review, name="review"),
    path("<str:token>/<str:phase>/done/", views.done, name="done"),
]
