"""python manage.py load_demo — the demo content, built as real content is; safe to re-run."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from wagtail import hooks

from cms.demo.site import load_site

DEMO_USERNAME = "admin"
DEMO_PASSWORD_IN_DEBUG = "resilience-demo"  # noqa: S105 - only ever set when DEBUG is on


class Command(BaseCommand):
    help = "Load the demo content: the home page in six languages, roles and a demo superuser."

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-only",
            action="store_true",
            help="Only the site's own content, without what other apps add through the "
            "load_demo_content hook (the surveys' cohorts, the evaluation's data).",
        )
        parser.add_argument(
            "--admin-password",
            default=os.environ.get("DEMO_ADMIN_PASSWORD"),
            help="Password of the demo superuser 'admin' (default: $DEMO_ADMIN_PASSWORD; "
            f"with DEBUG on, {DEMO_PASSWORD_IN_DEBUG!r}). Without one, no superuser is created.",
        )

    def handle(self, *args, admin_password=None, site_only=False, **options):
        if admin_password is None and settings.DEBUG:
            admin_password = DEMO_PASSWORD_IN_DEBUG
        user = self.ensure_superuser(admin_password)
        result = load_site(user=user)
        if result["home_created"]:
            self.stdout.write("Created the home page in English.")
        if result["home_translated"]:
            self.stdout.write("Translated it into: " + ", ".join(result["home_translated"]))
        if result["pages_added"] or result["terms_added"]:
            self.stdout.write(
                f"Added {result['pages_added']} pages and {result['terms_added']} "
                "stakeholder groups and topics, across the six languages."
            )
        else:
            self.stdout.write("Demo content already present; nothing to add.")
        # Other apps add their own demo data (the surveys' cohorts, for one) without this
        # command importing them: each registers a "load_demo_content" hook.
        for load_content in [] if site_only else hooks.get_hooks("load_demo_content"):
            load_content(user=user, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content ready."))

    def ensure_superuser(self, password: str | None):
        User = get_user_model()
        user = User.objects.filter(username=DEMO_USERNAME).first()
        if user is not None:
            return user
        if not password:
            self.stdout.write("No demo superuser created (give --admin-password to create one).")
            return None
        if len(password) < 8:
            raise CommandError("The demo superuser's password needs at least 8 characters.")
        user = User.objects.create_superuser(DEMO_USERNAME, "admin@example.org", password)
        self.stdout.write(f"Created the demo superuser '{DEMO_USERNAME}'.")
        return user
