"""Names as the screens say them: a how-we-met category is a ``Category``, the row that puts a
contact in one is a ``ContactTag``, and a connection request is ``connection_request`` on
the events that point at it. Renames only: every row stays where it is."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("network", "0004_recognition_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("HowWeMet", "Category"),
        migrations.RenameModel("ContactCategory", "ContactTag"),
        migrations.RenameField("requestevent", "request", "connection_request"),
        migrations.AlterField(
            model_name="connectionrequest",
            name="team",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="connection_requests",
                to="accounts.team",
                verbose_name="team",
            ),
        ),
        migrations.AlterField(
            model_name="connectionrequest",
            name="contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="connection_requests",
                to="network.contact",
                verbose_name="contact",
            ),
        ),
    ]
