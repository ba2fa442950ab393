from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _seed_new_team(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """Every new team starts with the default phrase library, in French and English."""
    if created and not raw:
        from replies.defaults import seed_library

        seed_library(instance)


class RepliesConfig(AppConfig):
    name = "replies"
    verbose_name = _("Replies")

    def ready(self) -> None:
        from network.models import ConnectionRequest, request_changed
        from replies.reminders.services import on_request_changed

        post_save.connect(_seed_new_team, sender="accounts.Team", dispatch_uid="seed_phrases")
        # Reminders follow the request's state, inside the transaction that changes it.
        request_changed.connect(
            on_request_changed, sender=ConnectionRequest, dispatch_uid="reminders_follow_state"
        )
