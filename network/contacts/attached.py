"""What hangs off a contact: former names, email addresses, phone numbers, past positions and
profiles on networks. Rows are added and removed through the contact's verbs
(``contact.add_alias``, ``add_profile``, ``add_email``, ``add_phone``, ``remove_detail``,
``set_access``), which also reindex the contact and record its history."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Team
from network.text.networks import Nature, Network, nature_of


class ContactAlias(models.Model):
    """Another name the person has been known by: maiden name, former married name, nickname."""

    class Kind(models.TextChoices):
        MAIDEN = "maiden", _("Maiden name")
        PREVIOUS_MARRIED = "previous_married", _("Previous married name")
        NICKNAME = "nickname", _("Nickname")
        SPELLING = "spelling", _("Other spelling")
        OTHER = "other", _("Other name")

    contact = models.ForeignKey("network.Contact", on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.OTHER)
    started_on = models.DateField(_("used from"), null=True, blank=True)
    ended_on = models.DateField(_("used until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former name or alias")
        verbose_name_plural = _("former names and aliases")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="alias_has_a_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ContactEmail(models.Model):
    class Label(models.TextChoices):
        WORK = "work", _("Work")
        PERSONAL = "personal", _("Personal")
        OTHER = "other", _("Other")

    contact = models.ForeignKey("network.Contact", on_delete=models.CASCADE, related_name="emails")
    # Stored lower-cased, so that matching a request's email is an indexed equality.
    email = models.EmailField(_("email address"), db_index=True)
    label = models.CharField(_("label"), max_length=10, choices=Label, default=Label.WORK)

    class Meta:
        verbose_name = _("email address")
        verbose_name_plural = _("email addresses")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint("contact", Lower("email"), name="email_once_per_contact"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class ContactPhone(models.Model):
    class Label(models.TextChoices):
        MOBILE = "mobile", _("Mobile")
        WORK = "work", _("Work")
        HOME = "home", pgettext_lazy("phone number", "Home")
        OTHER = "other", _("Other")

    contact = models.ForeignKey("network.Contact", on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone number"), max_length=20, help_text=_("Stored as +33…"))
    label = models.CharField(_("label"), max_length=10, choices=Label, default=Label.MOBILE)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "number"], name="phone_once_per_contact"),
        ]

    def __str__(self) -> str:
        return self.number


class PastPosition(models.Model):
    """A company and position the contact held before the current one."""

    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, related_name="past_positions"
    )
    company = models.CharField(_("company"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    until = models.DateField(_("until"), default=timezone.localdate)

    class Meta:
        verbose_name = _("past position")
        verbose_name_plural = _("past positions")
        ordering = ["-until", "-pk"]

    def __str__(self) -> str:
        return " · ".join(part for part in (self.position, self.company) if part)


class AccessLevel(models.TextChoices):
    """What the contact may see of your profile on a network."""

    FULL = "full", _("Full access")
    RESTRICTED_LIST = "restricted", _("Limited: restricted list")
    NO_CLOSE_FRIENDS = "no_close_friends", _("Limited: close friends excluded")
    FOLLOW_ONLY = "follow_only", _("Limited: follow only")
    NONE = "none", _("No access (not connected)")

    @classmethod
    def limited(cls) -> list[str]:
        return [cls.RESTRICTED_LIST, cls.NO_CLOSE_FRIENDS, cls.FOLLOW_ONLY]


class NetworkProfile(models.Model):
    """A contact's profile on one network, stored in canonical form so it always compares equal."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        "network.Contact", on_delete=models.CASCADE, related_name="profiles"
    )
    network = models.CharField(_("network"), max_length=12, choices=Network)
    handle = models.CharField(_("handle"), max_length=300)
    url = models.URLField(_("profile URL"), max_length=500)
    access = models.CharField(
        _("access granted"), max_length=20, choices=AccessLevel, default=AccessLevel.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network profile")
        verbose_name_plural = _("network profiles")
        ordering = ["network", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "network", "handle"], name="profile_once_per_team"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()}: {self.handle}"

    @property
    def nature(self) -> Nature:
        return nature_of(self.network)

    @property
    def is_limited(self) -> bool:
        return self.access in AccessLevel.limited()
