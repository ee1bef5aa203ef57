"""The expert network's demo: fifteen fictitious experts (generic organisations, example.org
e-mails), the public directory page and the request form page in the six languages, and six
assistance requests from fictitious offices, one in each state and language. Safe to run
again: experts and requests are found by e-mail, the pages by their type.

The roster deliberately leaves Latin America and the Caribbean without an eligible expert
(one proposed, one under review, one not eligible), so OP-5 shows a region still to cover;
the Peruvian request is therefore helped from another region.

The requests are built only through experts.assistance, as a coordinator and the experts
would build them, with the network's e-mails muted; their timestamps are then moved into the
past so that OUT-2's median time to an accepted expert means something.
"""

import datetime
from collections.abc import Callable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from surveys.demo.translate import MissingSegments, translate_from

from . import assistance, mail
from .models import (
    Answer,
    AssistanceRequest,
    AssistanceRequestPage,
    Availability,
    CrisisKind,
    Expert,
    ExpertDirectoryPage,
    FiledBy,
    NominatedBy,
    Proposal,
    RequestEvent,
    Urgency,
    VettingStatus,
)

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

# Eligible experts agree to be asked for assistance, except this one: listed in the directory,
# but not to be proposed (the two consents are separate).
NO_ASSISTANCE = {"p.raman"}
# Everyone else is available.
AVAILABILITY = {
    "n.lan": (Availability.LIMITED, None),
    "y.elamrani": (Availability.UNAVAILABLE, date(2027, 3, 31)),
}

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

REQUEST_PAGE = {
    "title": "Request assistance from the network",
    "slug": "request-assistance",
    "introduction": (
        "When a crisis disrupts your IP office's services (a natural disaster, a health "
        "emergency, a conflict, a cyber attack or an IT failure), the IP-ROC network can put "
        "you in touch with vetted experts who have helped other offices through similar "
        "situations. Tell us what happened, which services are affected and what help you "
        "need. A coordinator reads every request, proposes suitable experts and writes to you "
        "as soon as one of them agrees to help. The network offers advice and shared "
        "experience; it does not provide funding, staff or equipment."
    ),
    "privacy_note": (
        "Your request is seen only by the project's coordinators and, without your contact "
        "details, by the experts they propose. An expert receives your name and e-mail "
        "address only after agreeing to help, so that they can write to you. The project's "
        "published figures count requests; they never name your office."
    ),
}

# The pages' text in the five other languages, keyed by the English segment.
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
        REQUEST_PAGE["title"]: "Demander l’aide du réseau",
        REQUEST_PAGE["introduction"]: (
            "Lorsqu’une crise perturbe les services de votre office de PI (catastrophe naturelle, "
            "urgence sanitaire, conflit, cyberattaque ou panne informatique), le réseau IP-ROC "
            "peut vous mettre en relation avec des experts vérifiés qui ont aidé d’autres offices "
            "dans des situations semblables. Dites-nous ce qui s’est passé, quels services sont "
            "touchés et de quelle aide vous avez besoin. Un coordonnateur lit chaque demande, "
            "propose des experts adaptés et vous écrit dès que l’un d’eux accepte de vous aider. "
            "Le réseau offre des conseils et un partage d’expérience ; il ne fournit ni "
            "financement, ni personnel, ni équipement."
        ),
        REQUEST_PAGE["privacy_note"]: (
            "Votre demande n’est vue que par les coordonnateurs du projet et, sans vos "
            "coordonnées, par les experts qu’ils proposent. Un expert ne reçoit votre nom et "
            "votre adresse électronique qu’après avoir accepté de vous aider, afin de pouvoir "
            "vous écrire. Les chiffres publiés par le projet comptent les demandes ; ils ne "
            "nomment jamais votre office."
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
        REQUEST_PAGE["title"]: "Solicitar la ayuda de la red",
        REQUEST_PAGE["introduction"]: (
            "Cuando una crisis perturba los servicios de su oficina de PI (un desastre natural, "
            "una emergencia sanitaria, un conflicto, un ciberataque o una avería informática), "
            "la red IP-ROC puede ponerle en contacto con expertos examinados que han ayudado a "
            "otras oficinas en situaciones similares. Cuéntenos qué ha ocurrido, qué servicios "
            "están afectados y qué ayuda necesita. Un coordinador lee cada solicitud, propone "
            "expertos adecuados y le escribe en cuanto uno de ellos acepta ayudar. La red ofrece "
            "asesoramiento y experiencia compartida; no aporta financiación, personal ni equipos."
        ),
        REQUEST_PAGE["privacy_note"]: (
            "Su solicitud solo la ven los coordinadores del proyecto y, sin sus datos de "
            "contacto, los expertos que estos proponen. Un experto recibe su nombre y su "
            "dirección de correo electrónico solo después de aceptar ayudar, para poder "
            "escribirle. Las cifras que publica el proyecto cuentan solicitudes; nunca nombran "
            "a su oficina."
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
        REQUEST_PAGE["title"]: "Запросить помощь сети",
        REQUEST_PAGE["introduction"]: (
            "Если кризис нарушил работу вашего ведомства ИС (стихийное бедствие, чрезвычайная "
            "ситуация в области здравоохранения, конфликт, кибератака или сбой информационных "
            "систем), сеть IP-ROC может связать вас с проверенными экспертами, которые помогали "
            "другим ведомствам в похожих ситуациях. Расскажите, что произошло, какие услуги "
            "затронуты и какая помощь вам нужна. Координатор читает каждый запрос, предлагает "
            "подходящих экспертов и пишет вам, как только один из них соглашается помочь. Сеть "
            "предлагает консультации и обмен опытом; она не предоставляет финансирование, "
            "персонал или оборудование."
        ),
        REQUEST_PAGE["privacy_note"]: (
            "Ваш запрос видят только координаторы проекта и — без ваших контактных данных — "
            "предложенные ими эксперты. Эксперт получает ваше имя и адрес электронной почты "
            "только после того, как согласится помочь, чтобы он мог вам написать. Публикуемые "
            "проектом показатели учитывают число запросов и никогда не называют ваше ведомство."
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
        REQUEST_PAGE["title"]: "向网络请求援助",
        REQUEST_PAGE["introduction"]: (
            "当危机（自然灾害、卫生紧急情况、冲突、网络攻击或信息技术故障）扰乱贵知识产权局的服务时，"
            "IP-ROC网络可以帮助您联系经过审核、曾协助其他知识产权局应对类似情况的专家。"
            "请告诉我们发生了什么、哪些服务受到影响以及您需要什么帮助。"
            "协调人员会阅读每一项请求，提出合适的专家人选，并在有专家同意提供帮助后立即与您联系。"
            "本网络提供咨询和经验分享，不提供资金、人员或设备。"
        ),
        REQUEST_PAGE["privacy_note"]: (
            "只有项目协调人员能够看到您的请求；协调人员提名的专家只能看到不含您联系方式的请求内容。"
            "专家只有在同意提供帮助后，才会收到您的姓名和电子邮件地址，以便与您联系。"
            "项目公布的数据只统计请求数量，绝不会提及贵局名称。"
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
        REQUEST_PAGE["title"]: "طلب المساعدة من الشبكة",
        REQUEST_PAGE["introduction"]: (
            "عندما تعطّل أزمةٌ خدماتِ مكتبكم للملكية الفكرية (كارثة طبيعية أو حالة طوارئ صحية أو "
            "نزاع أو هجوم إلكتروني أو عطل في الأنظمة المعلوماتية)، يمكن لشبكة IP-ROC أن تضعكم "
            "على اتصال بخبراء جرى التحقق منهم سبق أن ساعدوا مكاتب أخرى في ظروف مماثلة. "
            "أخبرونا بما حدث، وبالخدمات المتأثرة، وبنوع المساعدة التي تحتاجون إليها. ويطّلع "
            "أحد المنسقين على كل طلب، ويقترح خبراء مناسبين، ويكتب إليكم فور موافقة أحدهم على "
            "تقديم المساعدة. وتقدم الشبكة المشورة وتبادل الخبرات، ولا توفر تمويلًا أو موظفين "
            "أو معدات."
        ),
        REQUEST_PAGE["privacy_note"]: (
            "لا يطّلع على طلبكم إلا منسقو المشروع، ويطّلع عليه الخبراء الذين يقترحونهم دون "
            "بيانات الاتصال الخاصة بكم. ولا يتلقى الخبير اسمكم وعنوان بريدكم الإلكتروني إلا "
            "بعد موافقته على تقديم المساعدة، لكي يتمكن من مراسلتكم. وتُحصي الأرقام التي ينشرها "
            "المشروع الطلبات فقط، ولا تذكر اسم مكتبكم أبدًا."
        ),
    },
}


def ensure_experts() -> int:
    """The demo experts, found by e-mail; returns how many were created."""
    created = 0
    for number, row in enumerate(EXPERTS):
        name, user, organisation, country, expertise, languages, status, consent, by = row
        vetted = status in (VettingStatus.ELIGIBLE, VettingStatus.NOT_ELIGIBLE)
        availability, until = AVAILABILITY.get(user, (Availability.AVAILABLE, None))
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
                "assistance_consent": status == E and user not in NO_ASSISTANCE,
                "availability": availability,
                "unavailable_until": until,
                "nominated_by": by,
                "nomination_language": languages[0] if by != EV else "",
            },
        )
        created += was_created
    return created


def ensure_page(
    user=None, model: type[Page] = ExpertDirectoryPage, fields: dict | None = None
) -> tuple[Page | None, bool]:
    """A page of `model` under the default site's home page, unless one exists already."""
    existing = model.objects.filter(locale=Locale.get_default()).first()
    if existing is not None:
        return existing, False
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None, False
    page = model(**(PAGE if fields is None else fields))
    site.root_page.add_child(instance=page)
    page.save_revision(user=user).publish(user=user)
    return page, True


def translate_page(page: Page, user=None) -> list[str]:
    """Translate a demo page into each language lacking it, through wagtail-localize, as
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


def ensure_translated_page(model: type[Page], fields: dict, user=None) -> tuple[bool, list[str]]:
    """Create the page if missing and translate it: (created, languages translated)."""
    page, created = ensure_page(user, model, fields)
    translated: list[str] = []
    if page is not None and page.slug == fields["slug"]:
        try:
            translated = translate_page(page.specific, user)
        except MissingSegments:
            translated = []  # the page was edited: its translators' work, not the demo's
    return created, translated


# --- Assistance requests ---------------------------------------------------------------

# Each step: (hours after the request was received, what happens). The steps call
# experts.assistance, which checks every transition and logs it.
Step = tuple[float, Callable[[AssistanceRequest, object], None]]


def _expert(email_user: str) -> Expert:
    return Expert.objects.get(email=f"{email_user}@example.org")


def _propose(*email_users: str) -> Callable[[AssistanceRequest, object], None]:
    def step(request: AssistanceRequest, user) -> None:
        assistance.propose(request, [_expert(u) for u in email_users], user)

    return step


def _answer(email_user: str, accept: bool, note: str = "") -> Callable:
    def step(request: AssistanceRequest, user) -> None:
        proposal = Proposal.objects.get(
            request=request, expert=_expert(email_user), answer=Answer.PENDING
        )
        assistance.answer(proposal, accept, note)

    return step


def _start(request: AssistanceRequest, user) -> None:
    assistance.start(request, user)


def _close(outcome: str) -> Callable:
    def step(request: AssistanceRequest, user) -> None:
        assistance.close(request, user, help_given=True, outcome=outcome)

    return step


def _decline(reason: str) -> Callable:
    def step(request: AssistanceRequest, user) -> None:
        assistance.decline(request, user, reason=reason)

    return step


# (days ago it was received, requester's language, filed by, the request's data, steps)
REQUESTS: list[tuple[float, str, str, dict, list[Step]]] = [
    (
        2,
        "ar",
        FiledBy.OFFICE,
        {
            "office": "المكتب الوطني للملكية الفكرية في الأردن",
            "country": "JO",
            "contact_name": "رنا العلي",
            "contact_email": "crisis-desk@ipo-jordan.example.org",
            "crisis_kind": CrisisKind.CYBER,
            "description": (
                "تعرّضت أنظمتنا لهجوم ببرمجيات الفدية شفّر خادم الإيداع الإلكتروني وقاعدة "
                "بيانات النشر. نستقبل الطلبات ورقيًا فقط منذ ثلاثة أيام. نحتاج إلى خبير يساعدنا "
                "على استعادة الخدمات الإلكترونية بأمان وعلى إبلاغ المستخدمين بالمهل الجديدة."
            ),
            "services_affected": ["filing", "publication", "information"],
            "expertise_needed": ["online-services", "ip-data", "communication"],
            "languages": ["ar", "en"],
            "urgency": Urgency.IMMEDIATE,
        },
        [
            (3, _propose("l.haddad")),
            (20, _answer("l.haddad", False, "I am on leave abroad until the end of the month.")),
        ],
    ),
    (
        4,
        "fr",
        FiledBy.COORDINATOR,
        {
            "office": "Office national de la propriété intellectuelle du Sénégal",
            "country": "SN",
            "contact_name": "Awa Ndiaye",
            "contact_email": "direction@ipo-senegal.example.org",
            "crisis_kind": CrisisKind.NATURAL,
            "description": (
                "Les inondations ont endommagé nos archives papier et la salle des serveurs. "
                "Le dépôt est suspendu et de nombreux délais de renouvellement arrivent à "
                "échéance. Nous cherchons un expert pour nous conseiller sur la prorogation des "
                "délais et sur un plan de continuité."
            ),
            "services_affected": ["filing", "fees"],
            "expertise_needed": ["crisis-framework", "ip-law"],
            "languages": ["fr"],
            "urgency": Urgency.WEEK,
        },
        [(5, _propose("m.diop"))],
    ),
    (
        12,
        "es",
        FiledBy.OFFICE,
        {
            "office": "Oficina Nacional de Propiedad Intelectual del Perú",
            "country": "PE",
            "contact_name": "Lucía Mendoza",
            "contact_email": "continuidad@ipo-peru.example.org",
            "crisis_kind": CrisisKind.HEALTH,
            "description": (
                "Un brote epidémico obligó a cerrar nuestras ventanillas de atención. "
                "Necesitamos pasar en pocas semanas a la presentación en línea de solicitudes "
                "y explicar a los usuarios cómo hacerlo."
            ),
            "services_affected": ["filing", "information"],
            "expertise_needed": ["online-services", "communication"],
            "languages": ["es", "en"],
            "urgency": Urgency.WEEK,
        },
        [(20, _propose("a.wanjiru")), (44, _answer("a.wanjiru", True))],
    ),
    (
        30,
        "ru",
        FiledBy.OFFICE,
        {
            "office": "Национальное ведомство интеллектуальной собственности Кыргызстана",
            "country": "KG",
            "contact_name": "Айбек Токтогулов",
            "contact_email": "crisis@ipo-kyrgyzstan.example.org",
            "crisis_kind": CrisisKind.CONFLICT,
            "description": (
                "Из-за беспорядков здание ведомства закрыто уже две недели. Сотрудники "
                "работают из дома, но экспертиза и приём пошлин остановлены. Нужна помощь в "
                "организации удалённой работы и онлайн-оплаты пошлин."
            ),
            "services_affected": ["examination", "fees"],
            "expertise_needed": ["online-services", "crisis-framework"],
            "languages": ["ru"],
            "urgency": Urgency.IMMEDIATE,
        },
        [
            (4, _propose("a.sarsenova", "n.beridze")),
            (10, _answer("n.beridze", False, "On mission this month, sorry.")),
            (22, _answer("a.sarsenova", True, "I can start on Monday.")),
            (48, _start),
        ],
    ),
    (
        75,
        "zh-hans",
        FiledBy.OFFICE,
        {
            "office": "马来西亚国家知识产权局",
            "country": "MY",
            "contact_name": "陈美玲",
            "contact_email": "it-recovery@ipo-malaysia.example.org",
            "crisis_kind": CrisisKind.OTHER,
            "description": (
                "办公楼火灾损坏了托管公告数据库的机房。备份可用，但我们需要专家协助核对恢复的数据，"
                "并尽快恢复商标和专利公告。"
            ),
            "services_affected": ["publication"],
            "expertise_needed": ["ip-data"],
            "languages": ["zh-hans", "en"],
            "urgency": Urgency.WEEK,
        },
        [
            (6, _propose("l.wei")),
            (30, _answer("l.wei", True)),
            (52, _start),
            (
                40 * 24,
                _close(
                    "Li Wei checked the restored publication database with the office's IT "
                    "team over three remote sessions; publication resumed after five weeks, "
                    "and the office now keeps an off-site backup tested every quarter."
                ),
            ),
        ],
    ),
    (
        60,
        "en",
        FiledBy.OFFICE,
        {
            "office": "National IP office of Sri Lanka",
            "country": "LK",
            "contact_name": "Nimal Perera",
            "contact_email": "director@ipo-srilanka.example.org",
            "crisis_kind": CrisisKind.ECONOMIC,
            "description": (
                "The economic crisis has cut our budget by half. We ask the network to pay the "
                "salaries of four temporary examiners for six months so that the backlog does "
                "not grow."
            ),
            "services_affected": ["examination"],
            "expertise_needed": ["crisis-framework"],
            "languages": ["en"],
            "urgency": Urgency.MONTH,
        },
        [
            (
                72,
                _decline(
                    "The network lends experts' advice, not funds or staff. We would gladly "
                    "propose an expert to help you plan how to work through the backlog with "
                    "your current team: please send a new request if that would help."
                ),
            ),
        ],
    ),
]


def _backdate(
    request: AssistanceRequest, since: datetime.datetime, when: datetime.datetime
) -> None:
    """Move what a step wrote (stamped after `since`) to `when`, its place in the story."""
    RequestEvent.objects.filter(request=request, at__gte=since).update(at=when)
    proposals = Proposal.objects.filter(request=request)
    proposals.filter(proposed_at__gte=since).update(proposed_at=when)
    proposals.filter(answered_at__gte=since).update(answered_at=when)
    requests = AssistanceRequest.objects.filter(pk=request.pk)
    for field in ("received_at", "accepted_at", "closed_at"):
        requests.filter(**{f"{field}__gte": since}).update(**{field: when})


def ensure_requests(user=None) -> int:
    """The demo requests, found by their contact's e-mail; returns how many were created.
    A request the roster cannot serve (an editor changed a demo expert) is left out whole."""
    created = 0
    now = timezone.now()
    for days_ago, language, filed_by, data, steps in REQUESTS:
        if AssistanceRequest.objects.filter(contact_email=data["contact_email"]).exists():
            continue
        received = now - timedelta(days=days_ago)
        try:
            with transaction.atomic(), mail.muted():
                since = timezone.now()
                request = assistance.file_request(
                    data, language=language, filed_by=filed_by, user=user
                )
                _backdate(request, since, received)
                for hours, step in steps:
                    since = timezone.now()
                    step(request, user)
                    _backdate(request, since, received + timedelta(hours=hours))
        except (assistance.TransitionError, Expert.DoesNotExist, Proposal.DoesNotExist):
            continue
        created += 1
    return created


def load_expert_demo(user=None) -> dict:
    experts_created = ensure_experts()
    page_created, translated = ensure_translated_page(ExpertDirectoryPage, PAGE, user)
    request_page_created, request_page_translated = ensure_translated_page(
        AssistanceRequestPage, REQUEST_PAGE, user
    )
    requests_created = ensure_requests(user)
    return {
        "experts_created": experts_created,
        "experts": Expert.objects.count(),
        "page_created": page_created,
        "translated": translated,
        "request_page_created": request_page_created,
        "request_page_translated": request_page_translated,
        "requests_created": requests_created,
        "requests": AssistanceRequest.objects.count(),
    }
