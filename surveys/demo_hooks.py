"""Adds the surveys demo to `python manage.py load_demo` through the "load_demo_content" hook,
so the site's command needs no import of this app. Imported from surveys/wagtail_hooks.py."""

from wagtail import hooks


@hooks.register("load_demo_content")
def load_survey_demo_content(user=None, stdout=None) -> dict:
    from .demo import load_survey_demo

    result = load_survey_demo(user=user)
    if stdout is not None:
        if result["instruments_created"] or result["cohorts_created"]:
            stdout.write(
                f"Surveys: {result['instruments']} instruments across the six languages, "
                f"{result['cohorts_created']} cohorts, {result['participants_created']} "
                f"participants with {result['submitted']} submitted responses."
            )
        else:
            stdout.write("Surveys demo already present; nothing to add.")
    return result
