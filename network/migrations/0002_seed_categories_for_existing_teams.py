"""Teams created before the address book existed get the built-in how-we-met categories."""

from django.db import migrations

SEED = [("school", "#0d6efd"), ("kids", "#d63384"), ("company", "#198754"), ("language", "#fd7e14")]


def seed(apps, schema_editor):
    Team = apps.get_model("accounts", "Team")
    HowWeMet = apps.get_model("network", "HowWeMet")
    for team in Team.objects.all():
        existing = set(HowWeMet.objects.filter(team=team).values_list("key", flat=True))
        HowWeMet.objects.bulk_create(
            HowWeMet(team=team, key=key, colour=colour) for key, colour in SEED if key not in existing
        )


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
