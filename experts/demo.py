"""The expert roster's demo: fifteen fictitious experts (generic organisations, example.org
e-mails) and the public directory page in the six languages. Safe to run again: experts
are found by e-mail, the page by its type.

The roster deliberately leaves Latin America and the Caribbean without an eligible expert
(one proposed, one under review, one not eligible), so OP-5 shows a region still to cover.
"""

from datetime import date

from wagtail.models import Locale, Page, Site

from surveys.demo.translate import MissingSegments, translate_from

from .models import Expert, ExpertDirectoryPage, NominatedBy, VettingStatus

E, UR, P, NE = (
    VettingStatus.ELIGIBLE,
    VettingStatus.UNDER_REVIEW,
    VettingStatus.PROPOSED,
    VettingStatus.NOT_ELIGIBLE,
)
SELF, OFFICE, EV = NominatedBy.SELF, NominatedBy.OFFICE, NominatedBy.EVALUATOR

# (name, e-mail user, organisation, country, expertise, languages, status, consent, by)
EXPERTS = [
    ("Amina Wanjiru", "a.wanjiru", "National industrial property office", "KE",
     ["crisis-framework", "online-services"], ["en"], E, True, OFFICE),
    ("Moussa Diop", "m.diop", "Independent consultant", "SN",
     ["ip-law", "cooperation"], ["fr", "en"], E, True, SELF),
    ("Chidinma Okafor", "c.okafor", "National trademarks registry", "NG",
     ["risk"], ["en"], E, False, OFFICE),
    ("Youssef El Amrani", "y.elamrani", "National industrial property office", "MA",
     ["online-services", "ip-data"], ["ar", "fr"], E, True, OFFICE),
    ("Layla Haddad", "l.haddad", "University law faculty", "JO",
     ["communication"], ["ar", "en"], E, True, SELF),
    ("Omar Farouk", "o.farouk", "National patent office", "EG",
     ["ip-law"], ["ar", "en"], UR, True, OFFICE),
    ("Priya Raman", "p.raman", "National patent office", "IN",
     ["ip-data", "risk"], ["en"], E, True, OFFICE),
    ("Nguyen Thi Lan", "n.lan", "National IP office", "VN",
     ["crisis-framework", "communication"], ["en", "fr"], E, True, OFFICE),
    ("Li Wei", "l.wei", "Independent consultant", "CN",
     ["ip-data"], ["zh-hans", "en"], E, True, EV),
    ("Maria Santos", "m.santos", "", "PH",
     ["online-services"], ["en"], P, True, SELF),
    ("Nino Beridze", "n.beridze", "National IP office", "GE",
     ["cooperation", "crisis-framework"], ["ru", "en"], E, True, OFFICE),
    ("Aigerim Sarsenova", "a.sarsenova", "National IP office", "KZ",
     ["online-services"], ["ru", "en"], E, True, EV),
    ("Ana Beatriz Costa", "a.costa", "National industrial property office", "BR",
     ["risk", "crisis-framework"], ["en", "es"], P, True, OFFICE),
    ("Carlos Quispe", "c.quispe", "Independent consultant", "PE",
     ["ip-law"], ["es"], UR, True, SELF),
    ("Sofía Herrera", "s.herrera", "", "CO",
     ["communication"], ["es"], NE, False, SELF),
]  # fmt: skip

PAGE = {
    "title": "IP-ROC expert roster",
    "slug": "experts",
    "introduction": (
        "The roster brings together specialists who help IP offices prepare for, respond to "
        "and recover from crises. Experts appear here once the project's coordinators have "
        "vetted them, and only if they agreed to be listed."
    ),
    "nomination_intro": (
        "Experts can nominate themselves, and IP offices can nominate their staff. The "
        "coordinators review every nomination and contact the expert before anything is "
        "published."
    ),
}

# The page's text in the five other languages, keyed by the English segment.
TRANSLATIONS = {
    "fr": {
        PAGE["title"]: "Répertoire d’experts IP-ROC",
        PAGE["introduction"]: (
            "Le répertoire réunit des spécialistes qui aident les offices de PI à se préparer "
            "aux crises, à y faire face et à s’en relever. Les experts y figurent une fois "
            "examinés par les coordonnateurs du projet, et seulement s’ils ont accepté d’y figurer."
        ),
        PAGE["nomination_intro"]: (
            "Les experts peuvent présenter leur propre candidature, et les offices de PI celle "
            "de leur personnel. Les coordonnateurs examinent chaque candidature et contactent "
            "l’expert avant toute publication."
        ),
    },
    "es": {
        PAGE["title"]: "Lista de expertos IP-ROC",
        PAGE["introduction"]: (
            "La lista reúne a especialistas que ayudan a las oficinas de PI a prepararse para "
            "las crisis, responder a ellas y recuperarse. Los expertos aparecen aquí una vez "
            "examinados por los coordinadores del proyecto, y solo si aceptaron figurar en ella."
        ),
        PAGE["nomination_intro"]: (
            "Los expertos pueden presentar su propia candidatura, y las oficinas de PI la de su "
            "personal. Los coordinadores examinan cada candidatura y se ponen en contacto con el "
            "experto antes de publicar nada."
        ),
    },
    "ru": {
        PAGE["title"]: "Реестр экспертов IP-ROC",
        PAGE["introduction"]: (
            "В реестре собраны специалисты, которые помогают ведомствам ИС готовиться к "
            "кризисам, реагировать на них и восстанавливаться после них. Эксперты появляются "
            "здесь после проверки координаторами проекта и только с их согласия."
        ),
        PAGE["nomination_intro"]: (
            "Эксперты могут выдвинуть свою кандидатуру сами, а ведомства ИС — кандидатуры "
            "своих сотрудников. Координаторы рассматривают каждую кандидатуру и связываются с "
            "экспертом до какой-либо публикации."
        ),
    },
    "zh-hans": {
        PAGE["title"]: "IP-ROC专家名册",
        PAGE["introduction"]: (
            "名册汇集了帮助知识产权局防范、应对危机并从危机中恢复的专家。"
            "专家经项目协调人员审核后，且仅在本人同意的情况下，才会列于此处。"
        ),
        PAGE["nomination_intro"]: (
            "专家可以自荐，知识产权局也可以推荐本局人员。"
            "协调人员会审查每一项提名，并在公布任何信息之前与专家联系。"
        ),
    },
    "ar": {
        PAGE["title"]: "قائمة خبراء IP-ROC",
        PAGE["introduction"]: (
            "تضم القائمة متخصصين يساعدون مكاتب الملكية الفكرية على الاستعداد للأزمات "
            "والتصدي لها والتعافي منها. ولا يظهر الخبراء هنا إلا بعد أن يدقق منسقو المشروع "
            "في ترشيحهم، وبشرط موافقتهم على إدراج أسمائهم."
        ),
        PAGE["nomination_intro"]: (
            "يمكن للخبراء ترشيح أنفسهم، ولمكاتب الملكية الفكرية ترشيح موظفيها. ويدرس "
            "المنسقون كل ترشيح ويتصلون بالخبير قبل نشر أي معلومات."
        ),
    },
}


def ensure_experts() -> int:
    """The demo experts, found by e-mail; returns how many were created."""
    created = 0
    for number, row in enumerate(EXPERTS):
        name, user, organisation, country, expertise, languages, status, consent, by = row
        vetted = status in (VettingStatus.ELIGIBLE, VettingStatus.NOT_ELIGIBLE)
        _expert, was_created = Expert.objects.get_or_create(
            email=f"{user}@example.org",
            defaults={
                "name": name,
                "organisation": organisation,
                "country": country,
                "expertise": expertise,
                "languages": languages,
                "biography": (
                    f"{name} has worked on continuity of IP services in crises and shares "
                    "that experience with other offices (demo biography)."
                ),
                "status": status,
                "vetted_on": date(2026, 9, 1 + number) if vetted else None,
                "vetting_notes": "Demo: CV and references checked." if vetted else "",
                "public_consent": consent,
                "nominated_by": by,
                "nomination_language": languages[0] if by != EV else "",
            },
        )
        created += was_created
    return created


def ensure_page(user=None) -> tuple[ExpertDirectoryPage | None, bool]:
    """The directory page under the default site's home page, unless one exists already."""
    existing = ExpertDirectoryPage.objects.filter(locale=Locale.get_default()).first()
    if existing is not None:
        return existing, False
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None, False
    page = ExpertDirectoryPage(**PAGE)
    site.root_page.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    return page, True


def translate_page(page: Page, user=None) -> list[str]:
    """Translate the demo page into each language lacking it, through wagtail-localize, as
    the surveys demo translates its instruments. Every segment must have a translation above
    (an editor may have changed the English): otherwise nothing is written and
    MissingSegments is raised."""
    missing = [
        locale
        for locale in Locale.objects.exclude(pk=page.locale_id).order_by("language_code")
        if locale.language_code in TRANSLATIONS and not page.has_translation(locale)
    ]
    if missing:
        catalogues = {locale: TRANSLATIONS[locale.language_code] for locale in missing}
        translate_from(page, catalogues, user=user, copy_parent_pages=True)
    return [locale.language_code for locale in missing]


def load_expert_demo(user=None) -> dict:
    experts_created = ensure_experts()
    page, page_created = ensure_page(user)
    translated: list[str] = []
    if page is not None and page.slug == PAGE["slug"]:
        try:
            translated = translate_page(page.specific, user)
        except MissingSegments:
            translated = []  # the page was edited: its translators' work, not the demo's
    return {
        "experts_created": experts_created,
        "experts": Expert.objects.count(),
        "page_created": page_created,
        "translated": translated,
    }
