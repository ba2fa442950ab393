"""A rich team for the export tests: every model the backup holds, with accents, commas,
semicolons, former names, tags, request histories (accept, link with a new name, undo,
reopen), messages, replies, reminders, deliveries, notifications and mutes, privacy settings
and to-dos (one ticked), an erasure's anonymous record and a CSV's remembered columns."""

from __future__ import annotations

from datetime import date, timedelta

from django.apps import apps
from django.utils import timezone

from network.contacts.services import contact_create, contact_merge, contact_update
from network.exports.sections import BY_NAME, map_event_data
from network.imports.models import header_signature
from network.inbox.reversal import connection_request_reopen, connection_request_undo
from network.inbox.services import (
    connection_request_accept,
    connection_request_decide,
    connection_request_link,
    connection_request_receive,
)
from network.models import (
    Category,
    ColumnMapping,
    ConnectionRequest,
    Contact,
    ErasureRecord,
    KeyTally,
    PastPosition,
    PrivacyTask,
    RequestEvent,
)
from network.privacy.services import privacy_settings_save, privacy_task_done
from network.recognition.services import connection_request_match
from network.text.profiles import parse_profile
from replies.models import Delivery, Notification, Phrase, Reminder, ReminderSettings
from replies.reminders.services import reminders_mute
from replies.services import message_send, reply_record


def receive(team, owner, name, url=None, **fields):
    return connection_request_receive(
        team=team,
        owner=owner,
        sender_name=name,
        profile=parse_profile(url) if url else None,
        network="" if url else "facebook",
        **fields,
    )


def build_rich_team(team, alice, bob) -> dict:
    """Fill ``team`` (alice owns it, bob is a member) and return its main rows by name."""
    school = Category.objects.get(team=team, key="school")
    choir = Category.objects.create(team=team, name="Chorale « Saint-Éloi »", colour="#123456")
    helene = contact_create(
        team=team,
        actor=alice,
        data={
            "given_name": "Hélène",
            "family_name": "Dupont-Lefèvre",
            "company": "Crédit Régional, SA; Lyon",
            "position": "Directrice financière",
            "city": "Saint-Étienne",
            "notes": "Rencontrée au « forum », 2019;\nparle espagnol.",
            "languages": ["fr", "es"],
            "owner": bob,
        },
    )
    helene.add_alias("Hélène Martin", "maiden", alice, started_on=date(1980, 5, 1))
    helene.add_alias("Léna", "nickname", alice)
    helene.add_alias("Helene Dupont", "spelling", alice)
    helene.add_email("Helene.Dupont@Example.org", alice, label="work")
    helene.add_email("lena@example.net", alice, label="personal")
    helene.add_phone("+33612345678", alice, label="mobile")
    helene.add_profile(
        parse_profile("https://fr.linkedin.com/in/h%C3%A9l%C3%A8ne-dupont/"), alice, access="full"
    )
    helene.add_profile(parse_profile("https://www.instagram.com/lena.dupont/"), alice)
    helene.tag(school, alice, detail="Lycée Hoche, 1998", met_on=date(1998, 9, 1))
    helene.tag(choir, alice)
    helene = contact_update(
        contact=helene, actor=alice, data={"company": "Banque Côté"}, version=helene.version
    )
    PastPosition.objects.create(contact=helene, company="Ancienne, SARL", until=date(2010, 1, 31))
    contact_create(
        team=team,
        actor=bob,
        data={"given_name": '=HYPERLINK("http://evil.example")', "family_name": "+Plus"},
    )
    paul = contact_create(
        team=team,
        actor=alice,
        data={"display_name": "Paul O'Connor", "met_through": helene, "owner": alice},
    )
    twin = contact_create(
        team=team, actor=alice, data={"given_name": "Pól", "family_name": "O'Connor"}
    )
    contact_merge(survivor=paul, loser=twin, actor=alice, choices={})
    archived = contact_create(
        team=team, actor=alice, data={"given_name": "Zoé", "family_name": "Ancien"}
    )
    archived.archive(alice)

    marie = receive(
        team,
        alice,
        "Marie Lefèbvre",
        "https://www.linkedin.com/in/marie-lefebvre-42",
        message="Bonjour, nous étions au lycée ?",
        headline="CFO at Acme",
        email="MARIE@Example.org",
        mutual_connections=3,
        language="fr",
        has_photo=True,
        richness="rich",
    )
    connection_request_accept(
        connection_request=marie, actor=alice, access="restricted", categories=[school, choir]
    )
    renamed = receive(team, bob, "Hélène Rousseau", "https://www.linkedin.com/in/helene-rousseau")
    connection_request_link(connection_request=renamed, actor=bob, contact=helene, new_name=True)
    declined = receive(team, alice, "Spam Sender", "https://x.com/spammer")
    connection_request_decide(connection_request=declined, action="decline", actor=alice)
    connection_request_undo(connection_request=declined, actor=alice)
    connection_request_decide(connection_request=declined, action="archive", actor=alice)
    reopened = receive(team, alice, "Jean Dupont", "https://www.linkedin.com/in/jean-dupont-7")
    connection_request_accept(
        connection_request=reopened, actor=alice, access="full", categories=[school]
    )
    connection_request_reopen(connection_request=reopened, actor=alice, remove={"tags"})

    phrase = Phrase.objects.filter(team=team, intent="ask_how_met", language="fr").first()
    personal = Phrase.objects.create(
        team=team,
        owner=bob,
        title="Ma question, à moi",
        intent="ask_purpose",
        language="fr",
        body="Bonjour {first_name} ; pourquoi ?",
        created_by=bob,
    )
    asked = receive(team, bob, "Inès Ferré", "https://www.facebook.com/ines.ferre")
    message_send(
        connection_request=asked,
        actor=bob,
        text="Bonjour Inès, où nous sommes-nous vus ?",
        intent="ask_how_met",
        phrase=phrase,
    )
    replied = receive(team, alice, "Luc Besson", "https://www.linkedin.com/in/luc-besson")
    message_send(
        connection_request=replied,
        actor=alice,
        text="Pourquoi ?",
        intent="ask_purpose",
        phrase=personal,
    )
    reply_record(connection_request=replied, actor=alice, text="Pour le projet, merci !")
    snoozed = receive(team, alice, "Anna Schmidt", "https://www.linkedin.com/in/anna-schmidt")
    connection_request_decide(
        connection_request=snoozed,
        action="snooze",
        actor=alice,
        until=timezone.now() + timedelta(days=2),
    )
    phrase.archived_at = timezone.now()
    phrase.save(update_fields=["archived_at"])

    ReminderSettings.objects.create(
        team=team, user=None, first_after_days=5, second_after_days=10, decide_after_days=20
    )
    ReminderSettings.objects.create(
        team=team, user=bob, channel="app", cadence="digest", digest_hour=9
    )
    reminder = Reminder.objects.filter(connection_request=asked, user=bob, kind="first").get()
    Reminder.objects.filter(pk=reminder.pk).update(
        state="sent", sent_at=timezone.now(), attempts=2, last_error="SMTP 451, réessayer"
    )
    Delivery.objects.create(reminder=reminder, channel="app", message_id="<abc@netcurate>")
    Notification.objects.create(
        team=team,
        user=bob,
        connection_request=asked,
        reminder=reminder,
        kind="first",
        asked_at=reminder.asked_at,
        read_at=timezone.now(),
    )
    reminders_mute(connection_request=asked, user=bob)
    privacy_settings_save(team=team, retention_days=45, review_months=3)
    # Accepting Marie with limited access planned a restriction and a review: one is ticked.
    restrict = PrivacyTask.objects.get(connection_request=marie, kind="restrict")
    privacy_task_done(task=restrict, actor=bob)
    ErasureRecord.objects.create(
        team=team, actor=alice, reason="person", counts={"network.Contact": 1}
    )
    headers = ["Nom", "Prénom", "Société; ville"]
    ColumnMapping.objects.create(
        team=team,
        signature=header_signature(headers),
        headers=headers,
        mapping={"Nom": "family_name", "Prénom": "given_name", "Société; ville": ""},
    )
    # What the worker does once these commit: each request's best match and lookup keys.
    for connection_request in ConnectionRequest.objects.filter(team=team).select_related("team"):
        connection_request_match(connection_request)
    return {
        "helene": Contact.objects.get(pk=helene.pk),
        "marie": marie,
        "asked": asked,
        "declined": declined,
        "reopened": reopened,
        "renamed": renamed,
    }


def team_rows(team) -> dict[str, list]:
    """Every row of the team in every model of the project, ids, teams and derived search
    columns kept; links to other rows of the team written as their rank among that model's
    rows (so two teams compare), links to people as their email."""
    ranks: dict = {}
    models = [
        model
        for label in ("network", "replies")
        for model in apps.get_app_config(label).get_models()
    ]
    scoped = {}
    for model in models:
        lookup = _team_lookup(model)
        if lookup is None:
            continue
        scoped[model] = model.objects.filter(**{lookup: team}).order_by("pk")
        ranks[model] = {
            pk: rank for rank, pk in enumerate(scoped[model].values_list("pk", flat=True))
        }
    out = {}
    for model, queryset in scoped.items():
        rows = []
        for obj in queryset:
            row = {}
            for field in model._meta.concrete_fields:
                if field.primary_key or field.name == "team":
                    continue
                value = getattr(obj, field.attname)
                if field.is_relation and value is not None:
                    target = field.related_model
                    if target in ranks:
                        value = ("rank", ranks[target].get(value))
                    else:
                        value = getattr(getattr(obj, field.name), "email", value)
                row[field.name] = value
            if model is RequestEvent:  # the rows its history points at, as ranks too
                row["data"] = map_event_data(
                    obj.data, lambda section, pk: ranks[BY_NAME[section].model].get(pk)
                )
            rows.append(row)
        out[model._meta.label] = rows
    # A tally is the sum of its rows, however many the writes left (``KeyTally``).
    sums: dict[str, int] = {}
    for row in out.pop(KeyTally._meta.label, []):
        sums[row["key"]] = sums.get(row["key"], 0) + row["n"]
    out[KeyTally._meta.label] = sorted((key, n) for key, n in sums.items() if n)
    return out


def _team_lookup(model) -> str | None:
    names = {field.name for field in model._meta.concrete_fields}
    for candidate, lookup in (
        ("team", "team"),
        ("contact", "contact__team"),
        ("connection_request", "connection_request__team"),
        ("reminder", "reminder__team"),
    ):
        if candidate in names:
            return lookup
    return None
