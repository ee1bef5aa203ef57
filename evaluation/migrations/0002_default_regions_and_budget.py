"""Loads the default regions (the five regions of the WIPO development sector's bureaus, every
ISO 3166 country mapped to one, from regions/data/regions.csv since the regions have their own
app) and the project document's budget plan. Both loaders work with the historical models passed in and add only what is
missing; reversing leaves the rows (an evaluator may have edited them since)."""

from django.db import migrations


def load_defaults(apps, schema_editor):
    from evaluation.budget import load_budget_plan
    from regions.defaults import load_default_regions

    load_default_regions(apps, "evaluation")
    load_budget_plan(apps)


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_initial")]

    operations = [migrations.RunPython(load_defaults, migrations.RunPython.noop)]
