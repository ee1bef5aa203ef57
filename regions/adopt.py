"""Adopting models that another app created: the regions and the expert roster lived in
`evaluation` before they had their own apps. A new app's first migration renames the old
tables (keeping every row and id) and moves the content types, so pages, revisions, permissions,
groups' rights and wagtail-localize's sources keep pointing at the same rows. On a database
that never had the old tables (a host site without `evaluation`), it creates them instead."""

from collections.abc import Callable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import migrations

Code = Callable[..., None]


def _move_content_types(apps, db: str, from_app: str, to_app: str, models: Sequence[str]) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(db)
    names = [name.lower() for name in models]
    # A previous run may have left empty rows for the target (post_migrate makes them for
    # every installed model): the old rows are the ones that carry data, so they win.
    content_types.filter(app_label=to_app, model__in=names).delete()
    content_types.filter(app_label=from_app, model__in=names).update(app_label=to_app)
    ContentType.objects.clear_cache()


def adopt_models(from_app: str, to_app: str, models: Sequence[str]) -> migrations.RunPython:
    """A RunPython that takes over `models` (in creation order) from `from_app`; reversible."""

    def forwards(apps, schema_editor) -> None:
        tables = set(schema_editor.connection.introspection.table_names())
        for name in models:
            model = apps.get_model(to_app, name)
            old_table = f"{from_app}_{name.lower()}"
            if old_table in tables:
                schema_editor.alter_db_table(model, old_table, model._meta.db_table)
            else:
                schema_editor.create_model(model)
        _move_content_types(apps, schema_editor.connection.alias, from_app, to_app, models)

    def backwards(apps, schema_editor) -> None:
        for name in reversed(models):
            model = apps.get_model(to_app, name)
            try:
                apps.get_model(from_app, name)
            except LookupError:  # the old app is not installed: nothing to give back
                schema_editor.delete_model(model)
                continue
            schema_editor.alter_db_table(model, model._meta.db_table, f"{from_app}_{name.lower()}")
        _move_content_types(apps, schema_editor.connection.alias, to_app, from_app, models)

    return migrations.RunPython(forwards, backwards)
