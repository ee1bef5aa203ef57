"""Six data-driven infographics built from the figures of CDIP/32/6 REV."""

import datetime
from decimal import Decimal

SOURCE = "CDIP/32/6 REV"

# slug, page title, summary, groups, topics, chart
INFOGRAPHICS = [
    (
        "budget-by-output",
        "Where the budget goes: CHF 205,000 by output",
        "The project's whole budget is non-personnel spending, and almost half of it goes to "
        "the workshop where offices exchange their experiences.",
        ["policy-makers", "ip-office-staff"],
        ["cooperation"],
        {
            "title": "Budget by output",
            "description": "The workshop takes CHF 95,000, awareness tools CHF 40,000, the "
            "scoping study CHF 30,000, the project review and the CDIP side event CHF 15,000 "
            "each, and expert identification CHF 10,000.",
            "chart_type": "bar",
            "unit": "CHF",
            "categories": [
                "Scoping study",
                "Workshop",
                "Expert identification and vetting",
                "Awareness tools",
                "Project review",
                "CDIP side event",
            ],
            "series": [("Budget", [30000, 95000, 10000, 40000, 15000, 15000])],
        },
    ),
    (
        "budget-by-cost-category",
        "How the budget is spent: CHF 205,000 by cost category",
        "Individual contractual services and third-party travel make up two thirds of the budget.",
        ["policy-makers"],
        ["cooperation"],
        {
            "title": "Budget by cost category",
            "description": "Individual contractual services CHF 85,000, third-party travel "
            "CHF 50,000, staff missions, conferences and other contractual services CHF 20,000 "
            "each, publishing CHF 10,000.",
            "chart_type": "donut",
            "unit": "CHF",
            "categories": [
                "Individual contractual services",
                "Third-party travel",
                "Staff missions",
                "Conferences",
                "Other contractual services",
                "Publishing",
            ],
            "series": [("Budget", [85000, 50000, 20000, 20000, 20000, 10000])],
        },
    ),
    (
        "six-quarter-timeline",
        "Eighteen months in six quarters",
        "The project's activities overlap most in the third quarter of year 1, when the "
        "workshop, the expert vetting and the awareness tools all run.",
        ["ip-office-staff", "wider-public"],
        ["business-continuity"],
        {
            "title": "Activities under way each quarter",
            "description": "One activity in the first quarter, two in the second, three in "
            "the third, two in the fourth quarter of year 1 and the first of year 2, and one in "
            "the last quarter.",
            "chart_type": "line",
            "unit": "",
            "categories": ["Y1 Q1", "Y1 Q2", "Y1 Q3", "Y1 Q4", "Y2 Q1", "Y2 Q2"],
            "series": [("Activities", [1, 2, 3, 2, 2, 1])],
        },
    ),
    (
        "indicator-targets",
        "What success looks like: the project's targets",
        "The targets the project is evaluated against, from improved capacity of participants "
        "to an expert in every region.",
        ["policy-makers", "ip-office-staff"],
        ["cooperation"],
        {
            "title": "Targets",
            "description": "At least 60 % of participants improve their capacity, at least "
            "80 % of workshop participants find the information useful, at least one workshop "
            "is held, and at least one eligible expert is found in each of the five regions.",
            "chart_type": "key_figures",
            "unit": "",
            "categories": [
                "% of participants with improved capacity",
                "% of participants who find the workshop useful",
                "workshop at least",
                "regions with an eligible expert",
            ],
            "series": [("Target", [60, 80, 1, 5])],
        },
    ),
    (
        "awareness-tools-by-year",
        "Awareness tools, year by year",
        "The budget for communication tools is spread evenly over the project's two years.",
        ["creative-industries", "smes", "academia"],
        ["crisis-communication"],
        {
            "title": "Awareness tools budget by year",
            "description": "CHF 20,000 in year 1 and CHF 20,000 in year 2.",
            "chart_type": "stacked_bar",
            "unit": "CHF",
            "categories": ["Awareness tools"],
            "series": [("Year 1", [20000]), ("Year 2", [20000])],
        },
    ),
    (
        "project-at-a-glance",
        "The project at a glance",
        "Eighteen months, seven stakeholder groups, six languages.",
        ["wider-public", "public-sector", "academia", "creative-industries", "smes"],
        ["crisis-communication"],
        {
            "title": "Key figures",
            "description": "The project lasts 18 months, has 3 outputs, serves 7 stakeholder "
            "groups and publishes in 6 languages.",
            "chart_type": "key_figures",
            "unit": "",
            "categories": ["months", "outputs", "stakeholder groups", "languages"],
            "series": [("Figure", [18, 3, 7, 6])],
        },
    ),
]
PUBLICATION_DATE = datetime.date(2025, 10, 15)


def chart_value(chart: dict) -> dict:
    """A seed chart as the value of a chart block (cms.blocks.ChartBlock): its data one grid."""
    return {
        **{k: chart[k] for k in ("title", "description", "chart_type", "unit")},
        "source": SOURCE,
        "data": {
            "categories": list(chart["categories"]),
            "series": [
                {"name": name, "values": [Decimal(v) for v in values]}
                for name, values in chart["series"]
            ],
        },
    }
