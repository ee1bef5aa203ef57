"""Static files as production collects them: hashed names, compressed copies, and no failure
on what a dependency ships half of (django-survey-and-report's CSS names a source map it does
not include)."""

import json

import pytest
from django.core.management import call_command
from django.templatetags.static import static

PRODUCTION_STORAGE = {"BACKEND": "config.storage.StaticStorage"}


@pytest.fixture
def collected(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STORAGE}
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def test_collectstatic_succeeds_and_writes_the_manifest(collected):
    paths = json.loads((collected / "staticfiles.json").read_text())["paths"]
    hashed = paths["css/site.css"]
    assert hashed != "css/site.css" and (collected / hashed).is_file()
    assert (collected / f"{hashed}.gz").is_file()
    # The library's stylesheet is kept, its reference to the missing map left as written.
    theme = (collected / paths["survey/css/bootstrap-theme.min.css"]).read_text()
    assert "sourceMappingURL=bootstrap-theme.min.css.map" in theme


def test_pages_link_the_hashed_files(collected):
    assert static("css/site.css").startswith("/static/css/site.")
    assert static("css/site.css") != "/static/css/site.css"


def test_a_name_missing_from_the_manifest_does_not_break_a_page(collected):
    assert static("css/not-collected.css") == "/static/css/not-collected.css"
