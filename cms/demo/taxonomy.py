"""Stakeholder groups named in CDIP/32/6 REV and the topics resources are filed under.

English is the source; translations are in translations/<language>.po.
"""

# (slug, name, short description)
STAKEHOLDER_GROUPS = [
    (
        "ip-office-staff",
        "IP office staff",
        "People who run the services of national IP offices: examination, registration, customer "
        "service and IT.",
    ),
    (
        "policy-makers",
        "Policy makers and regulators",
        "Those who set the rules IP offices work under and decide on emergency measures.",
    ),
    (
        "smes",
        "SMEs and the private sector",
        "Businesses, especially small and medium-sized enterprises, that file, use and enforce IP "
        "rights.",
    ),
    (
        "academia",
        "Academia and research institutions",
        "Universities and research centres that create, protect and transfer knowledge.",
    ),
    (
        "creative-industries",
        "Creative and cultural industries",
        "Creators, performers, publishers and producers whose work depends on copyright and "
        "related rights.",
    ),
    (
        "public-sector",
        "The public sector",
        "Government bodies and public institutions that rely on IP services or hold IP themselves.",
    ),
    (
        "wider-public",
        "The wider public",
        "Everyone who wants to understand how IP services continue in a crisis.",
    ),
]

# (slug, name)
TOPICS = [
    ("business-continuity", "Business continuity"),
    ("online-services", "Online services"),
    ("risk-management", "Risk management"),
    ("crisis-communication", "Crisis communication"),
    ("ip-data", "IP data and information"),
    ("cooperation", "Cooperation and expert networks"),
]
