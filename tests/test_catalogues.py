"""Interface strings: complete, reviewed catalogues in the five other languages."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parent.parent
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]

# A word spelt the same in English and the target language (French "Document") is marked
# by its translator with the comment "same as English"; anything else equal to the English
# is an untranslated string.
SAME_AS_ENGLISH = "same as English"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]|\{\w*\}")


def catalogue(code: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_catalogue_is_complete_and_reviewed(code):
    po = catalogue(code)
    assert len(po) > 20
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    still_english = [
        e.msgid for e in po if e.msgstr == e.msgid and SAME_AS_ENGLISH not in e.tcomment
    ]
    assert still_english == []


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_catalogue_keeps_placeholders(code):
    for entry in catalogue(code):
        expected = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == expected, (entry.msgid, text)


def test_compiled_catalogues_match_their_sources():
    result = subprocess.run(
        [sys.executable, "scripts/compile_messages.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("code", OTHER_LANGUAGES)
def test_compiled_catalogue_is_used_at_run_time(code):
    with translation.override(code):
        assert (
            translation.gettext("Skip to main content")
            == dict((e.msgid, e.msgstr) for e in catalogue(code))["Skip to main content"]
        )


# What `make messages-update` extracts; everything else is the venv, caches and tests.
SOURCE_DIRS = ["cms", "surveys", "regions", "experts", "evaluation", "config", "templates"]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext's xgettext is not installed")
def test_makemessages_would_add_nothing(tmp_path):
    """Every marked string of the code is in the catalogues: run makemessages on a copy of
    the sources and compare its catalogues with the committed ones."""
    copy = tmp_path / "project"
    for name in SOURCE_DIRS + ["locale"]:
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
        + [arg for code in OTHER_LANGUAGES for arg in ("-l", to_locale(code))],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    assert result.returncode == 0, result.stderr
    for code in OTHER_LANGUAGES:
        path = Path("locale") / to_locale(code) / "LC_MESSAGES" / "django.po"
        committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(ROOT / path))}
        extracted = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / path))}
        missing = sorted(msgid for _context, msgid in extracted - committed)
        assert missing == [], f"{code}: run `make messages-update`, then translate: {missing}"
