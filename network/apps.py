from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _seed_new_team(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Every new team starts with the built-in how-we-met categories."""
    if created and not raw:
        from network.models import Category

        Category.seed_for(instance)


def _forget_suggestions(sender, instance, origin=None, **kwargs) -> None:
    """A contact, or a former name, email, profile or how-we-met tag of one, was saved or
    deleted: the suggestions kept for the team's requests go (``network.recognition.kept``)."""
    from network.recognition.candidates import forget_suggestions

    if team_id := _team_of(instance, origin):
        forget_suggestions(team_id=team_id)


def _team_of(instance, origin) -> int | None:
    """The team of a contact or of a row hanging off one; None when the whole team goes.
    A row deleted with its category or its contact takes the team from what was deleted
    (one query per row otherwise, for every tag of a category)."""
    from django.db.models import Model

    from accounts.models import Team
    from network.models import Contact

    if isinstance(origin, Team):
        return None
    if isinstance(origin, Model) and getattr(origin, "team_id", None):
        return origin.team_id
    if team_id := getattr(instance, "team_id", None):
        return team_id
    for name in ("contact", "category"):
        if (cached := instance._state.fields_cache.get(name)) is not None:
            return cached.team_id
    return Contact.objects.filter(pk=instance.contact_id).values_list("team_id", flat=True).first()


def _delete_import_file(sender, instance, **kwargs) -> None:
    from network.imports.models import delete_stored_file

    delete_stored_file(instance.file.name)


def _rematch_requests(sender, team_id: int, contact_id: int, removed_keys, **kwargs) -> None:
    from network.recognition.tasks import rematch_on_commit

    rematch_on_commit(team_id=team_id, contact_id=contact_id, removed_keys=removed_keys)


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        # A signal keeps accounts unaware of network: teams are created in several places
        # (sign-up, the team page, seed_demo, the admin) and all get their categories.
        post_save.connect(_seed_new_team, sender="accounts.Team", dispatch_uid="seed_team")
        # SQLite's flush empties tables in no fixed order: key tallies emptied before the
        # keys would take their deletions back in (see ``forget_flushed_tallies``).
        from network.contacts.tallies import forget_flushed_tallies

        post_migrate.connect(forget_flushed_tallies, sender=self, dispatch_uid="flushed_tallies")
        # An import's uploaded file goes with its job, however the job goes (a person
        # forgotten, retention, the team deleted).
        post_delete.connect(
            _delete_import_file, sender="network.ImportJob", dispatch_uid="import_file"
        )
        # A contact's names, company, city, profiles or emails changed (or it went): the
        # requests it may match are recognised again, by a task once the change commits.
        from network.contacts.models import contact_identity_changed
        from network.recognition.candidates import forget_suggestions

        # The suggestions kept for the team go first, before the requests are recognised
        # again (a task run at once runs in the same commit hooks).
        contact_identity_changed.connect(
            forget_suggestions, dispatch_uid="forget_suggestions_identity"
        )
        contact_identity_changed.connect(_rematch_requests, dispatch_uid="rematch_requests")
        # The suggestions kept for each request: anything of a contact that recognition reads
        # (and more: a contact's notes too), however it is written through a model's save or
        # delete; writes in bulk announce themselves through ``forget_suggestions``.
        for model in ("Contact", "ContactAlias", "ContactEmail", "NetworkProfile", "ContactTag"):
            for signal in (post_save, post_delete):
                signal.connect(
                    _forget_suggestions,
                    sender=f"network.{model}",
                    dispatch_uid=f"forget_suggestions_{model}_{signal is post_save}",
                )
        # Accepting with limited access puts the network's privacy setting on a checklist.
        from network.inbox.models import request_changed
        from network.privacy.services import checklist_on_request_changed

        request_changed.connect(checklist_on_request_changed, dispatch_uid="privacy_checklist")
