"""django-survey-and-report, registered through an AppConfig of ours.

The package sets no default_auto_field, so under the project's BigAutoField default
`makemigrations --check` would ask for a migration inside site-packages. Its own migrations
use AutoField; keeping that here leaves its tables exactly as its migrations create them.
Its URLs are deliberately not included anywhere (its CSV view leaks responses).
"""

from django.apps import AppConfig


class SurveyLibraryConfig(AppConfig):
    name = "survey"
    label = "survey"
    verbose_name = "Survey and report"
    default_auto_field = "django.db.models.AutoField"
