"""Right-to-left support for wagtail-localize's translation editor (upstream issue #197).

The editor is a React app that knows its target locale but sets no `dir` or `lang` on what
the translator types. A static script (the admin's CSP forbids inline ones) marks the
translated text; the right-to-left codes come from Django's language info, here, so the
script holds no language list of its own.
"""

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import get_language_info
from wagtail import hooks


def rtl_language_codes() -> list[str]:
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    rtl = []
    for code in codes:
        try:
            if get_language_info(code)["bidi"]:
                rtl.append(code)
        except KeyError:  # a code Django has no information on: left to right
            pass
    return rtl


@hooks.register("insert_global_admin_js")
def translation_editor_dir_js():
    return format_html(
        '<script src="{}" data-rtl-languages="{}" defer></script>',
        static("cms/js/translation-editor-dir.js"),
        " ".join(rtl_language_codes()),
    )


@hooks.register("insert_global_admin_css")
def translation_editor_dir_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("cms/css/translation-editor-dir.css")
    )
