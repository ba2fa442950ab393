"""Teams created before the phrase library existed get the default phrases."""

from django.db import migrations


def seed(apps, schema_editor):
    from replies.defaults import DEFAULTS

    Team = apps.get_model("accounts", "Team")
    ReplyTemplate = apps.get_model("replies", "ReplyTemplate")
    for team in Team.objects.all():
        have = set(ReplyTemplate.objects.filter(team=team).values_list("title", flat=True))
        ReplyTemplate.objects.bulk_create(
            ReplyTemplate(team=team, intent=str(intent), language=language, title=title, body=body)
            for intent, language, title, body in DEFAULTS
            if title not in have
        )


class Migration(migrations.Migration):
    dependencies = [("replies", "0001_initial"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
