"""About 150 synthetic participants and their answers, given as a participant gives them.

Everything is drawn from one seeded generator, so every load makes the same people and the
same answers (only the random codes and personal links differ). The data exercise the
indicator rules: a believable PRE→POST gain with spread, some declines and ceiling cases,
straight-liners, statements skipped (a few scores below the 80 % validity threshold), pre-only
and post-only participants, drafts never submitted, one person enrolled twice, "can't judge"
on usefulness, and offices that did or did not adopt a crisis-management framework.

Participants are enrolled through surveys.enrolment.enrol and answer through
surveys.answering, screen by screen, in their own language. Only the timestamps are moved
afterwards, into each phase's window, so the demo reads like a past training.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from ..answering import instrument_in, save_answers, screens, start, submit, validate_screen
from ..enrolment import enrol
from ..models import Cohort, Instrument, Participant, Phase, Submission
from ..models.instruments import CANT_JUDGE, NO, YES
from ..models.participants import EnrolledVia, OfficeType, Sex, StakeholderGroup
from .cohorts import WINDOWS, phase_window
from .instruments import COMPETENCE_DOMAINS, KNOWLEDGE_ITEMS

SEED = 2026
# The indicator rules' edge cases planted among the participants (see plan_participants).
SPECIAL_CASES = 14
COHORT_SIZES = {"online-business-continuity": 82, "geneva-regional-workshop": 68}

# The five regions of the WIPO development sector's bureaus; each country's languages of
# completion, with weights.
REGIONS = {
    "Africa": {
        "KE": {"en": 1},
        "NG": {"en": 1},
        "GH": {"en": 1},
        "ET": {"en": 1},
        "SN": {"fr": 1},
        "CI": {"fr": 1},
    },
    "Arab region": {
        "EG": {"ar": 4, "en": 1},
        "MA": {"ar": 2, "fr": 2},
        "TN": {"ar": 2, "fr": 1},
        "JO": {"ar": 3, "en": 1},
        "OM": {"ar": 1},
    },
    "Asia and the Pacific": {
        "CN": {"zh-hans": 1},
        "IN": {"en": 1},
        "PH": {"en": 1},
        "ID": {"en": 1},
        "LK": {"en": 1},
        "FJ": {"en": 1},
    },
    "Latin America and the Caribbean": {
        "MX": {"es": 1},
        "CO": {"es": 1},
        "PE": {"es": 1},
        "BR": {"es": 1, "en": 1},
        "DO": {"es": 1},
        "JM": {"en": 1},
    },
    "Transition and developed countries": {
        "UZ": {"ru": 1},
        "KZ": {"ru": 3, "en": 1},
        "MD": {"ru": 1, "en": 1},
        "CZ": {"en": 1},
        "GB": {"en": 1},
        "FR": {"fr": 1},
    },
}
REGION_OF = {country: region for region, countries in REGIONS.items() for country in countries}
# Beyond two participants per country, how often each country is drawn (default 1): spreads
# the languages of completion rather than letting English dominate.
COUNTRY_WEIGHTS = {
    "CN": 5,
    **dict.fromkeys(["EG", "MA", "TN", "JO", "OM"], 2),
    **dict.fromkeys(["SN", "CI", "FR", "MX", "CO", "PE", "DO", "UZ", "KZ", "MD"], 2),
}

SEXES = {Sex.FEMALE: 47, Sex.MALE: 47, Sex.OTHER: 2, Sex.UNDISCLOSED: 4}
STAKEHOLDER_GROUPS = {
    StakeholderGroup.IP_OFFICES: 62,
    StakeholderGroup.POLICY_MAKERS: 10,
    StakeholderGroup.SMES: 7,
    StakeholderGroup.ACADEMIA: 8,
    StakeholderGroup.PRACTITIONERS: 7,
    StakeholderGroup.CREATIVE: 4,
    StakeholderGroup.OTHER: 2,
}
OFFICE_TYPES = {
    StakeholderGroup.IP_OFFICES: {
        OfficeType.NATIONAL_IP_OFFICE: 84,
        OfficeType.REGIONAL_IP_OFFICE: 8,
        OfficeType.COPYRIGHT_OFFICE: 8,
    },
    StakeholderGroup.POLICY_MAKERS: {OfficeType.OTHER_GOVERNMENT: 1},
    StakeholderGroup.SMES: {OfficeType.PRIVATE_SECTOR: 1},
    StakeholderGroup.ACADEMIA: {OfficeType.ACADEMIA: 1},
    StakeholderGroup.PRACTITIONERS: {OfficeType.PRIVATE_SECTOR: 1},
    StakeholderGroup.CREATIVE: {OfficeType.CIVIL_SOCIETY: 2, OfficeType.COPYRIGHT_OFFICE: 1},
    StakeholderGroup.OTHER: {OfficeType.OTHER: 1},
}
FUNCTIONS = {
    StakeholderGroup.IP_OFFICES: [
        "Patent examiner",
        "Trademark examiner",
        "Head of information technology",
        "Legal officer",
        "Director of operations",
        "Head of customer services",
        "Deputy director general",
        "Records and registry officer",
    ],
    StakeholderGroup.POLICY_MAKERS: ["Policy adviser", "Ministry official"],
    StakeholderGroup.SMES: ["Managing director", "Innovation manager"],
    StakeholderGroup.ACADEMIA: ["Technology transfer officer", "Researcher"],
    StakeholderGroup.PRACTITIONERS: ["Patent attorney", "Trademark attorney"],
    StakeholderGroup.CREATIVE: ["Collective management officer", "Producer"],
    StakeholderGroup.OTHER: ["Consultant"],
}

RATING_CODES = [code for _d, _n, _t, items in COMPETENCE_DOMAINS for code, _text in items]
DOMAIN_OF = {code: domain for domain, _n, _t, items in COMPETENCE_DOMAINS for code, _x in items}
KNOWLEDGE = {code: (len(choices), correct) for code, _t, choices, correct in KNOWLEDGE_ITEMS}

# Open comments, in the language the participant answers in.
COMMENTS = {
    "most-useful": {
        "en": [
            "The exercise on drafting a business continuity plan.",
            "Hearing how other offices kept filing open during the pandemic.",
            "The session on telling applicants about extended deadlines.",
        ],
        "fr": [
            "L’exercice de rédaction d’un plan de continuité des activités.",
            "Entendre comment d’autres offices ont maintenu le dépôt pendant la pandémie.",
            "La séance sur l’information des déposants en cas de prolongation des délais.",
        ],
        "es": [
            "El ejercicio de redacción de un plan de continuidad de las operaciones.",
            "Conocer cómo otras oficinas mantuvieron abierta la presentación durante la pandemia.",
            "La sesión sobre cómo informar a los solicitantes de la prórroga de los plazos.",
        ],
        "ru": [
            "Упражнение по составлению плана обеспечения непрерывности деятельности.",
            "Рассказы других ведомств о том, как они продолжали прием заявок во время пандемии.",
            "Занятие о том, как сообщать заявителям о продлении сроков.",
        ],
        "zh-hans": [
            "起草业务连续性计划的练习。",
            "了解其他知识产权局在疫情期间如何保持受理申请。",
            "关于向申请人通报期限延长的专题讨论。",
        ],
        "ar": [
            "تمرين صياغة خطة استمرارية الأعمال.",
            "الاستماع إلى كيفية إبقاء المكاتب الأخرى باب الإيداع مفتوحاً أثناء الجائحة.",
            "الجلسة المتعلقة بإبلاغ المودعين بتمديد المهل.",
        ],
    },
    "suggestions": {
        "en": [
            "More time for group work and country examples.",
            "Share the templates before the workshop.",
            "A follow-up session on risk registers would help.",
        ],
        "fr": [
            "Plus de temps pour le travail en groupe et les exemples nationaux.",
            "Communiquer les modèles avant l’atelier.",
            "Une séance de suivi sur les registres des risques serait utile.",
        ],
        "es": [
            "Más tiempo para el trabajo en grupo y los ejemplos nacionales.",
            "Compartir las plantillas antes del taller.",
            "Sería útil una sesión de seguimiento sobre los registros de riesgos.",
        ],
        "ru": [
            "Больше времени на групповую работу и примеры стран.",
            "Рассылать шаблоны до начала семинара.",
            "Было бы полезно дополнительное занятие по реестрам рисков.",
        ],
        "zh-hans": [
            "增加小组讨论和国别案例的时间。",
            "在研讨会之前分享模板。",
            "最好再举办一次关于风险登记册的后续研讨。",
        ],
        "ar": [
            "مزيد من الوقت للعمل الجماعي والأمثلة القُطرية.",
            "مشاركة النماذج قبل حلقة العمل.",
            "ستكون جلسة متابعة بشأن سجلات المخاطر مفيدة.",
        ],
    },
    "framework-comment": {
        "en": [
            "The plan was approved by the director general and will be tested this year.",
            "Work on the framework has started; approval is expected next year.",
            "We need support to train staff on the new procedures.",
        ],
        "fr": [
            "Le plan a été approuvé par le directeur général et sera testé cette année.",
            "Les travaux sur le cadre ont commencé ; l’adoption est prévue l’an prochain.",
            "Nous avons besoin d’aide pour former le personnel aux nouvelles procédures.",
        ],
        "es": [
            "El director general aprobó el plan, que se pondrá a prueba este año.",
            "Se ha empezado a trabajar en el marco; se prevé aprobarlo el año próximo.",
            "Necesitamos apoyo para formar al personal en los nuevos procedimientos.",
        ],
        "ru": [
            "План утвержден генеральным директором и будет проверен в этом году.",
            "Работа над системой началась; утверждение ожидается в следующем году.",
            "Нам нужна помощь в обучении сотрудников новым процедурам.",
        ],
        "zh-hans": [
            "该计划已经局长批准，今年将进行演练。",
            "框架的制定工作已经启动，预计明年获得批准。",
            "我们需要支持，以便就新程序培训工作人员。",
        ],
        "ar": [
            "وافق المدير العام على الخطة وسيجري اختبارها هذا العام.",
            "بدأ العمل على الإطار، ويُتوقع اعتماده في العام المقبل.",
            "نحتاج إلى دعم لتدريب الموظفين على الإجراءات الجديدة.",
        ],
    },
}


@dataclass
class PhasePlan:
    answers: dict[str, str]
    screens: int | None = None  # None: every screen, then submitted; n: a draft of n screens
    at: float = 0.5  # when in the phase's window (0 = opening, 1 = closing)


@dataclass
class PersonPlan:
    cohort_slug: str
    number: int
    country: str
    language: str
    sex: str
    stakeholder_group: str
    office_type: str
    function: str
    email: str
    phases: dict[str, PhasePlan] = field(default_factory=dict)
    same_person_as: int | None = None  # enrolled a second time under this number's name

    @property
    def name(self) -> str:
        return f"Participant {self.same_person_as or self.number:03d}"


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _ratings(rng, level, offsets, noise, straight=None, skip=0) -> dict[str, str]:
    if straight is not None:
        return {code: str(straight) for code in RATING_CODES}
    ratings = {
        code: str(round(_clip(level + offsets[DOMAIN_OF[code]] + rng.gauss(0, noise), 1, 5)))
        for code in RATING_CODES
    }
    for code in rng.sample(RATING_CODES, skip):
        del ratings[code]
    return ratings


def _knowledge(rng, p_correct: float) -> dict[str, str]:
    answers = {}
    for code, (options, correct) in KNOWLEDGE.items():
        if rng.random() < p_correct:
            answers[code] = str(correct)
        else:
            answers[code] = str(rng.choice([n for n in range(1, options + 1) if n != correct]))
    return answers


def _feedback(rng, language: str, gain: float) -> dict[str, str]:
    usefulness = _pick(rng, {5: 34 + 10 * (gain > 0.8), 4: 42, 3: 12, 2: 3, 1: 1, CANT_JUDGE: 6})
    answers = {
        "usefulness": str(usefulness),
        "relevance": str(round(_clip(rng.gauss(4.0, 0.8), 1, 5))),
        "organisation": str(round(_clip(rng.gauss(4.2, 0.7), 1, 5))),
        "application": str(round(_clip(rng.gauss(3.9, 0.9), 1, 5))),
    }
    for code, share in (("most-useful", 0.3), ("suggestions", 0.2)):
        if rng.random() < share:
            answers[code] = rng.choice(COMMENTS[code][language])
    return answers


def _follow_up(rng, person: PersonPlan, ends_on: datetime.date, answered_on) -> dict[str, str]:
    adopted = rng.random() < 0.5
    answers = {"framework-adopted": str(YES if adopted else NO)}
    if adopted:
        span = max((answered_on - ends_on).days - 8, 1)
        answers["framework-date"] = (
            ends_on + datetime.timedelta(days=7 + rng.randrange(span))
        ).isoformat()
        answers["framework-scope"] = str(_pick(rng, {1: 3, 2: 4, 3: 4, 4: 1}))
        if rng.random() < 0.7:
            answers["framework-document"] = (
                f"https://example.org/{person.country.lower()}-ip-office/"
                f"business-continuity-plan-{person.number:03d}.pdf"
            )
    if rng.random() < 0.3:
        answers["framework-comment"] = rng.choice(COMMENTS["framework-comment"][person.language])
    return answers


def plan_participants(
    cohorts: dict[str, Cohort],
    now=None,
    sizes: dict[str, int] | None = None,
    seed: int = SEED,
) -> list[PersonPlan]:
    """Everyone's characteristics and answers, drawn from one seeded generator: `sizes`
    participants per cohort slug (the demo's by default), plus one person enrolled twice in
    the last of them."""
    now = now or timezone.now()
    sizes = sizes or COHORT_SIZES
    rng = random.Random(seed)  # noqa: S311 - synthetic data, reproducible on purpose
    total = sum(sizes.values())
    if total < SPECIAL_CASES:
        raise ValueError(f"Plan at least {SPECIAL_CASES} participants.")
    # Special cases, spread over both cohorts.
    special = rng.sample(range(1, total + 1), SPECIAL_CASES)
    ceiling, straight_pre, straight_post = special[:5], special[5], special[6]
    pre_draft, post_draft = special[7], special[8]
    invalid_post, invalid_pre = special[9:11], special[11]
    post_only = special[12:14]

    # Every country at least twice, the rest drawn at random, in a random order.
    countries = [country for region in REGIONS.values() for country in region]
    weights = [COUNTRY_WEIGHTS.get(country, 1) for country in countries]
    drawn = countries * 2 + rng.choices(countries, weights, k=total - 2 * len(countries))
    drawn = drawn if total >= 2 * len(countries) else rng.choices(countries, weights, k=total)
    rng.shuffle(drawn)
    people = []
    number = 0
    for slug, size in sizes.items():
        cohort = cohorts[slug]
        for _n in range(size):
            number += 1
            country = drawn[number - 1]
            language = _pick(rng, REGIONS[REGION_OF[country]][country])
            if language != "en" and rng.random() < 0.05:
                language = "en"  # some prefer English whatever their country
            group = _pick(rng, STAKEHOLDER_GROUPS)
            person = PersonPlan(
                cohort_slug=slug,
                number=number,
                country=country,
                language=language,
                sex=_pick(rng, SEXES),
                stakeholder_group=group,
                office_type=_pick(rng, OFFICE_TYPES[group]),
                function=rng.choice(FUNCTIONS[group]),
                email=f"participant{number:03d}@example.org" if rng.random() < 0.1 else "",
            )

            # Competence: a latent level before, a gain (some decline), domain strengths.
            if number in ceiling:
                level, noise = rng.uniform(4.65, 4.95), 0.25
                gain = rng.gauss(0.05, 0.15)
            else:
                level, noise = _clip(rng.gauss(2.5, 0.55), 1.2, 4.2), 0.5
                gain = rng.gauss(-0.45, 0.25) if rng.random() < 0.08 else rng.gauss(0.72, 0.4)
            offsets = {domain: rng.gauss(0, 0.3) for domain, *_rest in COMPETENCE_DOMAINS}
            post_offsets = {d: o + rng.gauss(0, 0.2) for d, o in offsets.items()}
            p_pre = _clip(0.35 + 0.12 * (level - 2.5), 0.1, 0.95)
            p_post = _clip(p_pre + 0.22 + 0.1 * gain, 0.1, 0.95)

            has_pre = rng.random() < 0.9
            has_post = rng.random() < (0.82 if has_pre else 0.5)
            if number in post_only:
                has_pre, has_post = False, True
            if number in ceiling or number in (straight_pre, straight_post, post_draft):
                has_pre = has_post = True
            if number in (pre_draft, invalid_pre):
                has_pre = True
            if number in invalid_post:
                has_post = True

            light_skip = 1 + (rng.random() < 0.4) if rng.random() < 0.08 else 0
            if has_pre:
                ratings = _ratings(
                    rng,
                    level,
                    offsets,
                    noise,
                    straight=3 if number == straight_pre else None,
                    skip=6 if number == invalid_pre else light_skip,
                )
                person.phases[Phase.PRE] = PhasePlan(
                    {**ratings, **_knowledge(rng, p_pre)},
                    screens=2 if number == pre_draft else None,
                    at=rng.random(),
                )
            if has_post:
                ratings = _ratings(
                    rng,
                    _clip(level + gain, 1, 5),
                    post_offsets,
                    noise,
                    straight=5 if number == straight_post else None,
                    skip=6 if number in invalid_post else light_skip,
                )
                person.phases[Phase.POST] = PhasePlan(
                    {**ratings, **_knowledge(rng, p_post)},
                    screens=3 if number == post_draft else None,
                    at=rng.random(),
                )
            if rng.random() < 0.85:
                person.phases[Phase.FEEDBACK] = PhasePlan(
                    _feedback(rng, language, gain), at=rng.random() * 0.5
                )
            if rng.random() < 0.4:
                at = rng.random()
                opens_at, closes_at = phase_window(cohort, Phase.FOLLOW_UP)
                answered = _moment(opens_at, closes_at, at, now)
                person.phases[Phase.FOLLOW_UP] = PhasePlan(
                    _follow_up(rng, person, cohort.ends_on, answered.date()), at=at
                )
            people.append(person)
    if twice := _enrolled_twice(people, list(sizes)[-1]):
        people.append(twice)
    return people


def _enrolled_twice(people: list[PersonPlan], cohort_slug: str) -> PersonPlan | None:
    """The data-quality report's duplicate: a workshop participant who answered the PRE, then
    enrolled again (the e-mail typed in capitals) and answered the POST under the new link."""
    original = next(
        (
            person
            for person in people
            if person.cohort_slug == cohort_slug
            and Phase.POST not in person.phases
            and person.phases.get(Phase.PRE, PhasePlan({})).screens is None
            and Phase.PRE in person.phases
        ),
        None,
    )
    if original is None:
        return None
    original.email = original.email or f"participant{original.number:03d}@example.org"
    pre = original.phases[Phase.PRE].answers
    post = {
        code: str(min(5, int(value) + 1)) if code in RATING_CODES else value
        for code, value in pre.items()
    }
    return PersonPlan(
        cohort_slug=original.cohort_slug,
        number=len(people) + 1,
        country=original.country,
        language=original.language,
        sex=original.sex,
        stakeholder_group=original.stakeholder_group,
        office_type=original.office_type,
        function=original.function,
        email=original.email.upper(),
        phases={Phase.POST: PhasePlan(post, at=0.6)},
        same_person_as=original.number,
    )


def _moment(opens_at, closes_at, at: float, now) -> datetime.datetime:
    """A moment in the window, and before now when the window is still open."""
    end = min(closes_at, now - datetime.timedelta(hours=1))
    return opens_at + (end - opens_at) * at


def load_participants(cohorts: list[Cohort], instruments: dict[str, Instrument]) -> dict:
    """Enrol and answer for the participants of `cohorts` (the demo's, newly created)."""
    now = timezone.now()
    everyone = {c.slug: c for c in Cohort.objects.filter(slug__in=COHORT_SIZES)}
    slugs = {cohort.slug for cohort in cohorts}
    people = [p for p in plan_participants(everyone, now) if p.cohort_slug in slugs]

    forms = {}  # (instrument code, language) -> (translated instrument, its screens)
    counts = {"participants": 0, "submitted": 0, "drafts": 0}
    moved_submissions, moved_participants = [], []
    for person in people:
        cohort = everyone[person.cohort_slug]
        participant = enrol(
            cohort,
            name=person.name,
            email=person.email,
            country=person.country,
            sex=person.sex,
            office_type=person.office_type,
            function=person.function,
            stakeholder_group=person.stakeholder_group,
            language=person.language,
            via=EnrolledVia.IMPORT,
            consented=True,
        )
        counts["participants"] += 1
        first = min((phase_window(cohort, phase)[0] for phase in person.phases), default=None)
        if first is not None:
            participant.created_at = first - datetime.timedelta(days=2)
            moved_participants.append(participant)

        for phase, plan in person.phases.items():
            code = WINDOWS[phase][0]
            source = instruments[code]
            if (code, person.language) not in forms:
                instrument = instrument_in(source, person.language)
                forms[code, person.language] = instrument, screens(instrument)
            instrument, instrument_screens = forms[code, person.language]
            submission = start(participant, phase, source, person.language)
            for screen in instrument_screens[: plan.screens]:
                answers, errors = validate_screen(screen, plan.answers, instrument)
                if errors:
                    raise ValueError(f"Demo answers rejected for {person.name}: {errors}")
                save_answers(submission, screen.items, answers)
            started = _moment(*phase_window(cohort, phase), plan.at, now)
            submission.started_at = started
            if plan.screens is None:
                submit(submission, instrument)
                submission.submitted_at = started + datetime.timedelta(
                    minutes=6 + person.number % 17
                )
                counts["submitted"] += 1
            else:
                counts["drafts"] += 1
            moved_submissions.append(submission)

    Submission.objects.bulk_update(moved_submissions, ["started_at", "submitted_at"], 200)
    Participant.objects.bulk_update(moved_participants, ["created_at"], 200)
    return counts
