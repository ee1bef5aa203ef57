"""The regions' own app takes over the tables `evaluation` created (see regions.adopt); on a
database without them (a host site without `evaluation`) it creates them and loads the
defaults."""

import django.db.models.deletion
import django_countries.fields
from django.db import migrations, models

from regions.adopt import adopt_models


def load_defaults_if_new(apps, schema_editor) -> None:
    from regions.defaults import load_default_regions

    region = apps.get_model("regions", "Region")
    if not region.objects.using(schema_editor.connection.alias).exists():
        load_default_regions(apps)


class Migration(migrations.Migration):
    initial = True

    dependencies = [("contenttypes", "0002_remove_content_type_name")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Region",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                        ("name", models.CharField(max_length=120, verbose_name="name")),
                        (
                            "sort_order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                    ],
                    options={
                        "verbose_name": "region",
                        "verbose_name_plural": "regions",
                        "ordering": ["sort_order", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="CountryRegion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "country",
                            django_countries.fields.CountryField(
                                max_length=2, unique=True, verbose_name="country"
                            ),
                        ),
                        (
                            "category",
                            models.CharField(
                                choices=[
                                    ("ldc", "Least developed country"),
                                    ("developing", "Developing country"),
                                    ("transition", "Country in transition"),
                                    ("developed", "Developed country"),
                                ],
                                max_length=20,
                                verbose_name="category",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="countries",
                                to="regions.region",
                                verbose_name="region",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "country",
                        "verbose_name_plural": "countries and regions",
                        "ordering": ["country"],
                    },
                ),
            ]
        ),
        adopt_models("evaluation", "regions", ["Region", "CountryRegion"]),
        migrations.RunPython(load_defaults_if_new, migrations.RunPython.noop),
    ]
