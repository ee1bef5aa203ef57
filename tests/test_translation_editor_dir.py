"""The admin loads the translation editor's direction script with the right-to-left codes."""

import re

from cms.editor_hooks import rtl_language_codes


def test_rtl_codes_come_from_django_language_info():
    assert rtl_language_codes() == ["ar"]


def test_admin_pages_carry_the_script_with_the_rtl_codes(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    tag = re.search(r'<script src="[^"]*/translation-editor-dir\.js"[^>]*>', html)
    assert tag, "the direction script is missing from the admin"
    codes = re.search(r'data-rtl-languages="([^"]*)"', tag.group()).group(1).split()
    assert "ar" in codes
    assert "fr" not in codes
    assert "defer" in tag.group()
    assert "/translation-editor-dir.css" in html
