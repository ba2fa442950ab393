"""What recognition stores: the lookup keys of each connection request.

Contacts carry their keys (``ContactKey``); requests carry theirs here, so that when a contact
changes, the requests it may now match (or stop matching) are found through the (team, key)
index, not by recognising the whole inbox again.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.inbox.models import ConnectionRequest


class RequestKey(models.Model):
    """One lookup key of a request: the name keys recognition looks up, plus "prof:" and
    "mail:" for its profile and email (a contact's profiles and emails are matched as such)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    connection_request = models.ForeignKey(
        ConnectionRequest, on_delete=models.CASCADE, related_name="keys"
    )
    key = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("request recognition key")
        verbose_name_plural = _("request recognition keys")
        indexes = [models.Index(fields=["team", "key"], name="request_key_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["connection_request", "key"], name="request_key_once"),
        ]

    def __str__(self) -> str:
        return self.key
