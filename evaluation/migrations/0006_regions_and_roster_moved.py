"""The regions and the expert roster now belong to the `regions` and `experts` apps, whose first
migrations renamed the tables and moved the content types: here `evaluation` only forgets the
models. Nothing in the database changes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0005_reviewexport_heartbeat"),
        ("regions", "0001_initial"),
        ("experts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel("CountryRegion"),
                migrations.DeleteModel("Region"),
                migrations.DeleteModel("ExpertDirectoryPage"),
                migrations.DeleteModel("Expert"),
            ]
        )
    ]
