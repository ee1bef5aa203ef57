"""The project's home page as load_demo writes it, from CDIP/32/6 REV (the seed document).

English is the source; the other five languages are in translations/<language>.po, keyed by
the English text, and reach the site through wagtail-localize like any other translation.
"""

TITLE = "Strengthening the capacity of national IP offices in times of crisis"
SLUG = "home"
INTRODUCTION = (
    "A development-cooperation project that helps national intellectual property offices keep "
    "serving their stakeholders during pandemics, conflicts, natural disasters and "
    "infrastructure failures."
)
OBJECTIVE = [
    "The project helps national IP offices prepare for, respond to and recover from crises, so "
    "that inventors, creators, businesses and researchers can keep protecting and using their "
    "intellectual property when it matters most.",
    "It brings together lessons from concrete crises, a network of experts and practical tools "
    "tailored to every stakeholder group: IP office staff, policy makers and regulators, SMEs and "
    "the private sector, academia and research institutions, creative and cultural industries "
    "and the public sector.",
]
OUTPUTS = [
    (
        "A crisis-management framework for IP offices",
        "A scoping study of best practices, experiences and lessons learned in concrete crises, "
        "prepared in consultation with regional group coordinators and presented to the "
        "Committee on Development and Intellectual Property (CDIP).",
    ),
    (
        "Exchange of national experiences",
        "At least one workshop where offices share how they managed IP services in a crisis, and "
        "the identification and vetting of national and regional experts for an IP roster of "
        "experts, with at least one expert per region.",
    ),
    (
        "Awareness and training tools",
        "Communication tools tailored to a broad range of stakeholders, including infographics, "
        "together with training materials, guides and a compendium of existing policy options, "
        "all available to every office through this webpage.",
    ),
]
TIMELINE_INTRO = (
    "The project runs for eighteen months, from the first quarter of year 1 to the second "
    "quarter of year 2."
)
TIMELINE = [
    ("Scoping study and consultations", "y1q1", "y1q2"),
    ("Workshop on managing IP in times of crisis", "y1q3", "y1q3"),
    ("Identification and vetting of experts", "y1q2", "y2q1"),
    ("Communication tools, training materials and guides", "y1q3", "y2q1"),
    ("Project review and CDIP side event", "y2q2", "y2q2"),
]


def home_page_fields() -> dict:
    """Field values for HomePage(**fields), in English."""
    return {
        "title": TITLE,
        "slug": SLUG,
        "introduction": INTRODUCTION,
        "objective": "".join(f"<p>{paragraph}</p>" for paragraph in OBJECTIVE),
        "outputs": [
            ("output", {"title": title, "description": description})
            for title, description in OUTPUTS
        ],
        "timeline_intro": TIMELINE_INTRO,
        "timeline": [
            ("activity", {"activity": activity, "start": start, "end": end})
            for activity, start, end in TIMELINE
        ],
    }
