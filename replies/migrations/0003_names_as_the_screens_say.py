"""Names as the screens say them: a reply phrase is a ``Phrase``; a message sent and a reply
received point at their ``connection_request``, and a message at its ``phrase``. Renames
only: every row stays where it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0005_names_as_the_screens_say"),
        ("replies", "0002_default_library_for_existing_teams"),
    ]

    operations = [
        migrations.RenameModel("ReplyTemplate", "Phrase"),
        migrations.RenameField("outgoingmessage", "request", "connection_request"),
        migrations.RenameField("outgoingmessage", "template", "phrase"),
        migrations.RenameField("receivedreply", "request", "connection_request"),
        migrations.RenameIndex(
            model_name="phrase",
            new_name="replies_phr_team_id_c714f3_idx",
            old_name="replies_rep_team_id_54f3e3_idx",
        ),
    ]
