"""The expert roster's own app takes over the tables `evaluation` created (see regions.adopt),
with every row and id; on a database without them it creates them."""

import django.db.models.deletion
import django_countries.fields
from django.conf import settings
from django.db import migrations, models

import experts.models.roster
from regions.adopt import adopt_models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Expert",
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
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        (
                            "email",
                            models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                        ),
                        (
                            "organisation",
                            models.CharField(
                                blank=True, max_length=200, verbose_name="organisation"
                            ),
                        ),
                        (
                            "country",
                            django_countries.fields.CountryField(
                                max_length=2, verbose_name="country"
                            ),
                        ),
                        (
                            "expertise",
                            models.JSONField(
                                blank=True, default=list, verbose_name="expertise areas"
                            ),
                        ),
                        (
                            "languages",
                            models.JSONField(blank=True, default=list, verbose_name="languages"),
                        ),
                        ("biography", models.TextField(blank=True, verbose_name="short biography")),
                        (
                            "cv",
                            models.FileField(
                                blank=True,
                                storage=experts.models.roster.private_storage,
                                upload_to="experts/cv/",
                                verbose_name="CV",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("proposed", "Proposed"),
                                    ("under_review", "Under review"),
                                    ("eligible", "Eligible"),
                                    ("not_eligible", "Not eligible"),
                                ],
                                default="proposed",
                                max_length=20,
                                verbose_name="vetting status",
                            ),
                        ),
                        (
                            "vetted_on",
                            models.DateField(blank=True, null=True, verbose_name="vetting date"),
                        ),
                        (
                            "vetting_notes",
                            models.TextField(blank=True, verbose_name="vetting notes"),
                        ),
                        (
                            "public_consent",
                            models.BooleanField(
                                default=False, verbose_name="consents to be listed publicly"
                            ),
                        ),
                        (
                            "nominated_by",
                            models.CharField(
                                choices=[
                                    ("self", "The expert"),
                                    ("office", "Their office"),
                                    ("evaluator", "Entered by an evaluator"),
                                ],
                                default="evaluator",
                                max_length=10,
                                verbose_name="nominated by",
                            ),
                        ),
                        (
                            "nomination_language",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("en", "English"),
                                    ("fr", "French"),
                                    ("es", "Spanish"),
                                    ("ru", "Russian"),
                                    ("zh-hans", "Chinese"),
                                    ("ar", "Arabic"),
                                ],
                                max_length=10,
                                verbose_name="language of the nomination",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "verbose_name": "expert",
                        "verbose_name_plural": "experts",
                        "ordering": ["name"],
                    },
                ),
                migrations.CreateModel(
                    name="ExpertDirectoryPage",
                    fields=[
                        (
                            "page_ptr",
                            models.OneToOneField(
                                auto_created=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                parent_link=True,
                                primary_key=True,
                                serialize=False,
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                        ("introduction", models.TextField(blank=True, verbose_name="introduction")),
                        (
                            "nomination_intro",
                            models.TextField(
                                blank=True,
                                help_text="Shown above the nomination form: who can be nominated, and how.",
                                verbose_name="nomination introduction",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "expert directory",
                    },
                    bases=("wagtailcore.page",),
                ),
            ]
        ),
        adopt_models("evaluation", "experts", ["Expert", "ExpertDirectoryPage"]),
    ]
