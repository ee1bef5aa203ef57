"""The site's sections and resources as load_demo writes them (English source).

Texts come from CDIP/32/6 REV and widely reported crisis measures of IP offices.
"""

import datetime

LIBRARY = {
    "title": "Resources",
    "slug": "resources",
    "show_in_menus": True,
    "introduction": (
        "Guides, training materials, policy options, case studies and publications to help IP "
        "offices and their stakeholders prepare for, respond to and recover from crises."
    ),
}

CALL_FOR_EXPERIENCES = {
    "title": "Share your experience of a crisis",
    "slug": "share-your-experience",
    "show_in_menus": True,
    "introduction": (
        "Has your office been through a pandemic, a conflict, a natural disaster or a failure of "
        "its systems? Tell us what happened to your services, what you did and what you "
        "learned. Your experience will inform the scoping study and may become a case study "
        "for other offices."
    ),
    "thank_you": (
        "Thank you for sharing your experience. The project team will read it and may contact "
        "you to learn more."
    ),
}

# slug -> (title, introduction, [(heading, text), ...])
STAKEHOLDER_PAGES = {
    "ip-office-staff": (
        "For IP office staff",
        "What examiners, registry and customer-service teams and IT staff can do to keep an "
        "office's services running when a crisis strikes.",
        [
            (
                "Know your critical services",
                "Agree in advance which services must never stop, such as receiving filings and "
                "recording filing dates, and who runs them from where.",
            ),
            (
                "Work from anywhere",
                "Make sure examination and registration can be done remotely and securely, with "
                "electronic files and signatures.",
            ),
        ],
    ),
    "smes": (
        "For SMEs and the private sector",
        "How businesses can protect their rights and meet their deadlines when an IP office "
        "works under crisis conditions.",
        [
            (
                "Check for extended time limits",
                "Offices often extend deadlines during a declared emergency: check the office's "
                "notices before you let a right lapse.",
            ),
            (
                "File online",
                "Online filing keeps your filing date safe even when the office's premises are "
                "closed.",
            ),
        ],
    ),
    "policy-makers": (
        "For policy makers and regulators",
        "The legal and policy choices that let an IP office act quickly and fairly in a crisis.",
        [
            (
                "Give the office a legal basis to act",
                "Rules that allow time limits to be extended and electronic means to be used "
                "avoid improvised decisions in an emergency.",
            ),
            (
                "Plan before the crisis",
                "A national business-continuity framework should name the IP office's critical "
                "services.",
            ),
        ],
    ),
    "academia": (
        "For academia and research institutions",
        "How universities and research centres can protect their results when an IP office "
        "works under crisis conditions.",
        [
            (
                "Keep your priority dates",
                "File online and watch the office's notices so that a crisis does not cost you a "
                "priority date.",
            ),
            (
                "Share what you know",
                "Research on crisis management helps offices prepare: share it through the call "
                "for experiences.",
            ),
        ],
    ),
    "creative-industries": (
        "For the creative and cultural industries",
        "What creators, performers and producers need to know about IP services in a crisis.",
        [
            (
                "Registrations continue",
                "Where registration exists, offices keep recording rights online during a crisis.",
            ),
            (
                "Watch for special measures",
                "Collective management organizations and offices may adapt their procedures: "
                "follow their notices.",
            ),
        ],
    ),
    "public-sector": (
        "For the public sector",
        "How public institutions that rely on IP services can plan for their continuity.",
        [
            (
                "Include IP in your continuity plans",
                "Public research bodies and agencies that hold IP rights should list the "
                "deadlines they cannot miss.",
            ),
            (
                "Coordinate with the office",
                "Agree in advance how information will flow between your institution and the IP "
                "office in a crisis.",
            ),
        ],
    ),
    "wider-public": (
        "For the wider public",
        "What changes, and what does not, when an IP office faces a crisis.",
        [
            (
                "Your rights stay protected",
                "A crisis does not end the protection of rights already granted.",
            ),
            (
                "Find reliable information",
                "Rely on the office's own notices and website for any change to its services.",
            ),
        ],
    ),
}

# kind, slug, fields (English), stakeholder group slugs, topic slugs
RESOURCES = [
    (
        "publication",
        "project-document",
        {
            "title": "Strengthening the capacity of national IP offices in times of crisis: "
            "project document",
            "summary": "The project proposed by the United Kingdom and the Czech Republic, as "
            "revised at the 32nd session of the Committee on Development and "
            "Intellectual Property: objective, outputs, budget, timeline and indicators.",
            "publication_date": datetime.date(2024, 5, 2),
            "crisis_phase": "preparedness",
            "document_reference": "CDIP/32/6 REV",
        },
        ["ip-office-staff", "policy-makers"],
        ["business-continuity"],
    ),
    (
        "publication",
        "scoping-study",
        {
            "title": "IP offices in times of crisis: a scoping study of best practices, "
            "experiences and lessons learned",
            "summary": "How national IP offices kept serving applicants and right holders "
            "through a pandemic, conflicts and natural disasters: the practices that worked, "
            "the lessons learned and the gaps the project's tools address.",
            "publication_date": datetime.date(2025, 6, 30),
            "crisis_phase": "recovery",
            "approval_date": datetime.date(2025, 11, 21),
        },
        ["ip-office-staff", "policy-makers"],
        ["business-continuity", "risk-management"],
    ),
    (
        "guide",
        "business-continuity-guide",
        {
            "title": "Keeping IP services running: a business-continuity guide for IP offices",
            "summary": "A step-by-step guide to identify critical services, plan for their "
            "continuity and test the plan before a crisis.",
            "publication_date": datetime.date(2025, 9, 15),
            "crisis_phase": "preparedness",
        },
        ["ip-office-staff"],
        ["business-continuity", "risk-management"],
    ),
    (
        "training",
        "crisis-framework-module",
        {
            "title": "Training module 1: a crisis-management framework for IP offices",
            "summary": "A half-day module for managers and staff of IP offices on building and "
            "maintaining a crisis-management framework.",
            "publication_date": datetime.date(2025, 10, 1),
            "crisis_phase": "prevention",
            "duration_hours": "3.5",
            "learning_objectives": [
                "Identify the services of an IP office that must continue in a crisis",
                "Describe the roles and decisions of a crisis-management team",
                "Draft the outline of a business-continuity plan",
            ],
        },
        ["ip-office-staff"],
        ["business-continuity", "risk-management"],
    ),
    (
        "policy",
        "extended-time-limits",
        {
            "title": "Extending time limits during a declared emergency",
            "summary": "A legal basis that lets an office extend time limits for applicants and "
            "right holders when a crisis prevents them from acting.",
            "publication_date": datetime.date(2025, 11, 3),
            "crisis_phase": "response",
            "rationale": "<p>Applicants should not lose rights because a crisis made it impossible "
            "to act in time. A clear legal basis allows the office to announce an "
            "extension quickly and applies it equally to everyone.</p>",
            "country_examples": [
                (
                    "European Union",
                    "In 2020 the EUIPO extended time limits expiring during the first weeks of the "
                    "COVID-19 pandemic.",
                ),
                (
                    "United States of America",
                    "In 2020 the USPTO used emergency legislation to extend certain patent and "
                    "trademark deadlines.",
                ),
            ],
        },
        ["policy-makers", "smes"],
        ["business-continuity"],
    ),
    (
        "case",
        "moving-services-online",
        {
            "title": "Moving every service online in a pandemic",
            "summary": "A composite case drawn from offices that closed their premises in "
            "2020: what kept filings flowing, and what they changed afterwards.",
            "publication_date": datetime.date(2025, 11, 20),
            "crisis_phase": "response",
            "country": "Several offices (composite case)",
            "crisis": "The COVID-19 pandemic, 2020–2021",
            "body": [
                ("heading", "What happened"),
                (
                    "paragraph",
                    "Premises closed within days. Offices that already accepted electronic "
                    "filings kept recording filing dates; others had to accept e-mail filings "
                    "under emergency rules.",
                ),
                ("heading", "What they changed"),
                (
                    "paragraph",
                    "Electronic filing and payment for every right, remote access for "
                    "examiners, and a published business-continuity plan.",
                ),
            ],
        },
        ["ip-office-staff", "policy-makers"],
        ["online-services", "business-continuity"],
    ),
    (
        "workshop",
        "regional-workshop",
        {
            "title": "Workshop on managing IP and delivering services in times of crisis",
            "summary": "IP offices share how they kept their services running in concrete crises "
            "and what they would do differently.",
            "publication_date": datetime.date(2025, 6, 2),
            "crisis_phase": "recovery",
            "start_date": datetime.date(2025, 9, 23),
            "end_date": datetime.date(2025, 9, 24),
            "place": "Geneva and online",
        },
        ["ip-office-staff", "policy-makers"],
        ["cooperation"],
    ),
]

ABOUT = {
    "title": "About the project",
    "slug": "about",
    "show_in_menus": True,
    "introduction": (
        "Project DA_4_10_03 of the Development Agenda, proposed by the United Kingdom and the "
        "Czech Republic and considered by the Committee on Development and Intellectual "
        "Property at its 32nd session in 2024."
    ),
    "body": [
        ("heading", "Why it matters"),
        (
            "paragraph",
            "When a pandemic, a conflict, a natural disaster or a failure of its "
            "systems strikes, an IP office must keep receiving applications, recording rights "
            "and informing the public. Many offices learned this the hard way.",
        ),
        ("heading", "How it works"),
        (
            "paragraph",
            "The project implements Development Agenda recommendations 4 and 10: it "
            "pays particular attention to the needs of SMEs, research institutions and cultural "
            "industries, and helps member states build the capacity of their national IP "
            "institutions. It runs for 18 months with a budget of CHF 205,000.",
        ),
    ],
}

FOOTER = {
    "contact_heading": "Contact the project team",
    "address": "Development Agenda Coordination, Geneva, Switzerland",
    "contact_email": "ip-resilience@example.org",
    "links": [
        ("Development Agenda recommendations", "https://www.wipo.int/ip-development/en/agenda/"),
    ],
}
