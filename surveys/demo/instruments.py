"""The demo's three instruments, in English: built as editors build them, then stored.

Domains follow the competences the project document names (CDIP/32/6 REV): a crisis-management
framework and business continuity, online services and digital transformation, risk mitigation,
communication with stakeholders in a crisis, the use of IP data and information, and
cooperation through expert networks. Item codes are stable: they pair PRE with POST answers and
every language's answers with the others.
"""

from django.db import transaction
from wagtail.models import Locale

from ..models import Domain, Instrument, Item
from ..models.instruments import InstrumentKind, ItemKind
from ..storage import sync_storage

CONSENT_NOTICE = (
    "Your answers are recorded under a pseudonymous code, together with your country, sex, type "
    "of office and stakeholder group, to evaluate the project on strengthening the capacity of "
    "national IP offices in times of crisis. Only the project's evaluators see your name; reports "
    "show grouped results only. Taking part is voluntary and you may stop at any time."
)

RATING_SCALE = [
    "I have not done this and would not know how to start",
    "I know what is involved but would need close guidance",
    "I could do this with some support",
    "I can do this on my own",
    "I do this routinely and could guide colleagues",
]

# (code, name, description, [(item code, statement), ...])
COMPETENCE_DOMAINS = [
    (
        "crisis-framework",
        "Crisis-management framework and business continuity",
        "Planning how your office keeps its essential services running.",
        [
            (
                "cf1",
                "Identify the services of my office that must continue during a crisis and how "
                "long each can be interrupted.",
            ),
            (
                "cf2",
                "Draft or update a section of my office's business continuity plan, with roles, "
                "escalation steps and fallback procedures.",
            ),
            (
                "cf3",
                "Run or take part in an exercise that tests my office's crisis arrangements and "
                "record the lessons learned.",
            ),
        ],
    ),
    (
        "online-services",
        "Online service delivery and digital transformation",
        "Keeping filing, examination and registration available online.",
        [
            (
                "os1",
                "Keep filing, examination or registration services running online when staff "
                "cannot reach the office.",
            ),
            (
                "os2",
                "Explain to applicants how to use the office's electronic filing and payment "
                "services during a disruption.",
            ),
            (
                "os3",
                "Propose a practical step to move a paper-based procedure of my office online.",
            ),
        ],
    ),
    (
        "risk",
        "Risk assessment and mitigation",
        "Knowing what could disrupt your office and reducing the impact.",
        [
            (
                "rk1",
                "Identify the main risks to my office's operations, such as pandemics, conflict, "
                "natural disasters or infrastructure failure, and rate their likelihood and "
                "impact.",
            ),
            (
                "rk2",
                "Propose measures that reduce a priority risk, such as off-site data back-ups "
                "or remote-work arrangements.",
            ),
            (
                "rk3",
                "Keep a risk register up to date and review it with the people responsible "
                "for each risk.",
            ),
        ],
    ),
    (
        "communication",
        "Communication with stakeholders in a crisis",
        "Telling applicants, right holders and partners what changes, and when.",
        [
            (
                "cm1",
                "Prepare a clear notice to applicants and right holders about changed deadlines "
                "or services during a crisis.",
            ),
            (
                "cm2",
                "Identify which stakeholder groups need to be informed in a crisis, such as SMEs, "
                "researchers, creators and IP attorneys, and through which channels.",
            ),
            (
                "cm3",
                "Answer questions from users and the media in line with the office's agreed "
                "crisis messages.",
            ),
        ],
    ),
    (
        "ip-data",
        "Use of IP data and information",
        "Using IP statistics and information to understand and respond to a crisis.",
        [
            (
                "id1",
                "Use filing statistics to assess how a crisis affects my office's workload and "
                "its users.",
            ),
            (
                "id2",
                "Find and use patent or trademark information to support a national response to "
                "a crisis, for example on medical technologies.",
            ),
            (
                "id3",
                "Share reliable IP data with other government bodies when they need it in a "
                "crisis.",
            ),
        ],
    ),
    (
        "cooperation",
        "Cooperation and expert networks",
        "Working with other offices, WIPO and experts before and during a crisis.",
        [
            (
                "co1",
                "Identify national or regional experts who could help my office during a crisis.",
            ),
            (
                "co2",
                "Contact another IP office or WIPO to request or offer assistance in an emergency.",
            ),
            (
                "co3",
                "Share my office's experience of a crisis with peers in a way they can reuse.",
            ),
        ],
    ),
]

KNOWLEDGE_DOMAIN = (
    "knowledge",
    "Knowledge check",
    "Four questions with one correct answer each.",
)

# (code, question, choices, number of the correct choice)
KNOWLEDGE_ITEMS = [
    (
        "k1",
        "What is the main purpose of a business continuity plan?",
        [
            "To keep critical services running, or restore them quickly, during and after a "
            "disruption",
            "To describe the office's long-term strategy",
            "To list the office's staff and their contact details",
            "To set the fees charged to applicants",
        ],
        1,
    ),
    (
        "k2",
        "In a risk assessment, how is the priority of a risk usually judged?",
        [
            "By the cost of the measures that would reduce it",
            "By how recently it last happened",
            "By combining its likelihood and its impact",
            "By the number of departments it concerns",
        ],
        3,
    ),
    (
        "k3",
        "An office has to extend its deadlines during a crisis. What should it do first to "
        "protect applicants' rights?",
        [
            "Wait until the crisis is over before announcing anything",
            "Publish an official notice on its website and tell users through its usual channels",
            "Inform only the IP attorneys it works with",
        ],
        2,
    ),
    (
        "k4",
        "What is the recovery time objective of a service?",
        [
            "The date on which the service was first launched",
            "The time staff need to learn a new system",
            "The average time taken to process an application",
            "The longest time the service may be unavailable before the disruption becomes "
            "unacceptable",
        ],
        4,
    ),
]

USEFULNESS_CHOICES = [
    "Not at all useful",
    "Slightly useful",
    "Moderately useful",
    "Very useful",
    "Extremely useful",
]

COMPETENCE = {
    "code": "competence",
    "kind": InstrumentKind.COMPETENCE,
    "title": "Self-assessment: IP office services in times of crisis",
    "introduction": (
        "This questionnaire asks how well you can carry out tasks that help an IP office keep "
        "serving its users during a crisis. You answer the same questions before and after the "
        "training, so that the project can see what changed.\n\n"
        "For each statement, choose the description that best matches what you can do today. "
        "You may skip a statement that does not apply to your work. The short knowledge check "
        "at the end has one correct answer per question. It takes about ten minutes."
    ),
    "consent_notice": CONSENT_NOTICE,
    "rating_scale": RATING_SCALE,
    "cant_judge_label": "",
    "domains": [(code, name, description) for code, name, description, _items in COMPETENCE_DOMAINS]
    + [KNOWLEDGE_DOMAIN],
    "items": [
        # Optional, so that a statement that does not apply can be skipped: a score is valid
        # when at least 80 % of the statements are answered.
        {
            "code": code,
            "domain_code": domain,
            "kind": ItemKind.RATING,
            "text": text,
            "required": False,
        }
        for domain, _name, _description, items in COMPETENCE_DOMAINS
        for code, text in items
    ]
    + [
        {
            "code": code,
            "domain_code": "knowledge",
            "kind": ItemKind.KNOWLEDGE,
            "text": text,
            "choices": choices,
            "correct_choice": correct,
        }
        for code, text, choices, correct in KNOWLEDGE_ITEMS
    ],
}

FEEDBACK = {
    "code": "feedback",
    "kind": InstrumentKind.FEEDBACK,
    "title": "Workshop feedback",
    "introduction": (
        "Please tell us what you thought of the workshop. Your answers help us judge whether the "
        "information shared was useful and improve future sessions. It takes about three minutes."
    ),
    "consent_notice": CONSENT_NOTICE,
    "rating_scale": [],
    "cant_judge_label": "Can't judge",
    "domains": [
        ("reaction", "Your views on the workshop", ""),
        ("comments", "Your comments", "Both questions are optional."),
    ],
    "items": [
        {
            "code": "usefulness",
            "domain_code": "reaction",
            "kind": ItemKind.USEFULNESS,
            "text": "How useful was the information shared during the workshop for your work?",
            "choices": USEFULNESS_CHOICES,
        },
        {
            "code": "relevance",
            "domain_code": "reaction",
            "kind": ItemKind.RATING,
            "text": "How relevant were the topics to the situation of your office or organisation?",
            "choices": [
                "Not at all relevant",
                "Slightly relevant",
                "Moderately relevant",
                "Very relevant",
                "Extremely relevant",
            ],
        },
        {
            "code": "organisation",
            "domain_code": "reaction",
            "kind": ItemKind.RATING,
            "text": "How would you rate the organisation of the workshop: programme, materials "
            "and timing?",
            "choices": ["Very poor", "Poor", "Acceptable", "Good", "Excellent"],
        },
        {
            "code": "application",
            "domain_code": "reaction",
            "kind": ItemKind.RATING,
            "text": "How likely are you to apply what you learned in your work within the next "
            "six months?",
            "choices": ["Very unlikely", "Unlikely", "Not sure", "Likely", "Very likely"],
        },
        {
            "code": "most-useful",
            "domain_code": "comments",
            "kind": ItemKind.TEXT,
            "text": "What was the most useful part of the workshop for you?",
            "required": False,
        },
        {
            "code": "suggestions",
            "domain_code": "comments",
            "kind": ItemKind.TEXT,
            "text": "What should we change or add in future workshops?",
            "required": False,
        },
    ],
}

FOLLOW_UP = {
    "code": "follow-up",
    "kind": InstrumentKind.FOLLOW_UP,
    "title": "Office follow-up: crisis-management framework",
    "introduction": (
        "A few months after the training, we would like to know whether your office has put a "
        "crisis-management framework or business continuity plan in place. If it has, a link to "
        "the document helps us report the project's results."
    ),
    "consent_notice": CONSENT_NOTICE,
    "rating_scale": [],
    "cant_judge_label": "",
    "domains": [
        ("framework", "Your office's crisis-management framework", ""),
    ],
    "items": [
        {
            "code": "framework-adopted",
            "domain_code": "framework",
            "kind": ItemKind.YES_NO,
            "text": "Since the training, has your office adopted a new or updated "
            "crisis-management framework or business continuity plan?",
        },
        {
            "code": "framework-date",
            "domain_code": "framework",
            "kind": ItemKind.DATE,
            "text": "If so, when was it adopted or last updated?",
            "required": False,
        },
        {
            "code": "framework-scope",
            "domain_code": "framework",
            "kind": ItemKind.CHOICE,
            "text": "What does it cover?",
            "choices": [
                "Crisis-management framework",
                "Business continuity plan",
                "Both",
                "Other",
            ],
            "required": False,
        },
        {
            "code": "framework-document",
            "domain_code": "framework",
            "kind": ItemKind.URL,
            "text": "Link to the document, or to a public page that describes it, if it can be "
            "shared",
            "required": False,
        },
        {
            "code": "framework-comment",
            "domain_code": "framework",
            "kind": ItemKind.TEXT,
            "text": "Is there anything else you would like to tell us about your office's "
            "preparedness for crises?",
            "required": False,
        },
    ],
}

INSTRUMENTS = [COMPETENCE, FEEDBACK, FOLLOW_UP]


def build_instrument(spec: dict, locale: Locale) -> Instrument:
    """An unsaved English instrument with its domains and items inline, as the editor makes."""
    instrument = Instrument(
        locale=locale,
        code=spec["code"],
        kind=spec["kind"],
        title=spec["title"],
        introduction=spec["introduction"],
        consent_notice=spec["consent_notice"],
        rating_scale=[("choice", anchor) for anchor in spec["rating_scale"]],
        cant_judge_label=spec["cant_judge_label"],
    )
    instrument.domains = [
        Domain(locale=locale, code=code, name=name, description=description, sort_order=order)
        for order, (code, name, description) in enumerate(spec["domains"])
    ]
    items = []
    for order, item_spec in enumerate(spec["items"]):
        item = Item(
            locale=locale,
            sort_order=order,
            code=item_spec["code"],
            domain_code=item_spec["domain_code"],
            kind=item_spec["kind"],
            text=item_spec["text"],
            choices=[("choice", choice) for choice in item_spec.get("choices", [])],
            correct_choice=item_spec.get("correct_choice"),
            required=item_spec.get("required", True),
        )
        item.clean()  # the model's own checks (knowledge items: a valid correct choice)
        items.append(item)
    instrument.items = items
    return instrument


@transaction.atomic
def ensure_instruments() -> tuple[dict[str, Instrument], list[str]]:
    """The three English instruments by code, created where missing and stored in the survey
    library; returns them and the codes created now."""
    locale = Locale.get_default()
    existing = {i.code: i for i in Instrument.objects.filter(locale=locale)}
    created = []
    for spec in INSTRUMENTS:
        if spec["code"] in existing:
            continue
        instrument = build_instrument(spec, locale)
        instrument.save()
        sync_storage(instrument)
        created.append(spec["code"])
    # Fresh from the database: sync_storage set their library rows on its own copies.
    stored = {i.code: i for i in Instrument.objects.filter(locale=locale)}
    return {spec["code"]: stored[spec["code"]] for spec in INSTRUMENTS}, created
