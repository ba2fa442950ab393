"""The team's address book: contacts, their former names, profiles on networks, and how we met.

Identity matters more here than in an ordinary contact list: incoming requests are recognised
against these rows, so a person keeps every name and profile they have been known by.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.networks import Nature, Network, nature_of
from network.text import fold

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #3366cc."))

LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
    ("other", _("Other language")),
]


class HowWeMet(models.Model):
    """A category of how a team knows people: school, kids, company, language, or its own."""

    class Key(models.TextChoices):
        SCHOOL = "school", _("School")
        KIDS = "kids", _("Kids")
        COMPANY = "company", _("Company")
        LANGUAGE = "language", _("Language")

    SEED = [
        (Key.SCHOOL, "#0d6efd"),
        (Key.KIDS, "#d63384"),
        (Key.COMPANY, "#198754"),
        (Key.LANGUAGE, "#fd7e14"),
    ]

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="categories"
    )
    key = models.CharField(_("built-in category"), max_length=20, choices=Key, blank=True)
    name = models.CharField(
        _("name"),
        max_length=60,
        blank=True,
        help_text=_("Empty for a built-in category, which then shows in each reader's language."),
    )
    colour = models.CharField(
        _("colour"), max_length=7, default="#6c757d", validators=[colour_validator]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("how-we-met category")
        verbose_name_plural = _("how-we-met categories")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "key"], condition=~Q(key=""), name="category_key_once_per_team"
            ),
            models.CheckConstraint(condition=~Q(key="", name=""), name="category_has_key_or_name"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return str(self.Key(self.key).label) if self.key else ""

    @classmethod
    def seed_for(cls, team: Team) -> None:
        """Give a new team the built-in categories (idempotent)."""
        existing = set(cls.objects.filter(team=team).values_list("key", flat=True))
        cls.objects.bulk_create(
            cls(team=team, key=key, colour=colour)
            for key, colour in cls.SEED
            if key not in existing
        )

    def merge_into(self, target: HowWeMet) -> int:
        """Move every tag to ``target`` (keeping both details where a contact has both), then
        delete this category. Returns how many contacts were retagged."""
        if target.team_id != self.team_id or target.pk == self.pk:
            raise ValidationError(gettext("Choose another category of the same team."))
        moved = 0
        with transaction.atomic():
            existing = {tag.contact_id: tag for tag in target.tags.all()}
            for tag in self.tags.all():
                other = existing.get(tag.contact_id)
                if other is None:
                    tag.category = target
                    tag.save(update_fields=["category"])
                else:
                    if tag.detail and tag.detail not in other.detail:
                        other.detail = "; ".join(p for p in (other.detail, tag.detail) if p)[:200]
                    other.met_on = other.met_on or tag.met_on
                    other.save(update_fields=["detail", "met_on"])
                    tag.delete()
                moved += 1
            self.delete()
        return moved

    def name_is_taken(self, name: str) -> bool:
        """Whether another category of the team already goes by ``name``, in any language."""
        folded = fold(name)
        others = HowWeMet.objects.filter(team_id=self.team_id).exclude(pk=self.pk)
        return any(folded in other.names_in_every_language() for other in others)

    def names_in_every_language(self) -> set[str]:
        if self.name:
            return {fold(self.name)}
        names = set()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(fold(str(self.Key(self.key).label)))
        return names


class ContactQuerySet(models.QuerySet):
    def active(self) -> ContactQuerySet:
        return self.filter(archived_at__isnull=True)

    def search(self, query: str) -> ContactQuerySet:
        """Every word of ``query`` appears, accents and case ignored, in any name or handle."""
        from network.text import search_terms

        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_text__contains=term)
        return queryset


class Contact(models.Model):
    """A person the team knows, under every name and profile they have been known by."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="contacts"
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    display_name = models.CharField(
        _("display name"),
        max_length=200,
        blank=True,
        help_text=_("How the person presents themselves, if not simply given and family name."),
    )
    company = models.CharField(_("company"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    languages = models.JSONField(_("languages they write in"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relationship owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_contacts",
    )
    met_through = models.ForeignKey(
        "self",
        verbose_name=_("met through"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introduced",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # Bumped by every edit of the contact's own fields: an edit based on an older version is
    # refused instead of silently overwriting a colleague's change.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Folded names, former names, handles, emails and company, for accent-blind search.
    search_text = models.TextField(default="", editable=False)
    # Folded "family given" (or the display name), so sorting by name ignores accents and case.
    sort_key = models.CharField(max_length=200, default="", editable=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["sort_key", "pk"]
        indexes = [
            models.Index(fields=["team", "archived_at", "sort_key"]),
            models.Index(fields=["team", "updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(given_name="", family_name="", display_name=""),
                name="contact_has_a_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        first = self.family_name or self.display_name or self.given_name
        self.sort_key = fold(f"{first} {self.given_name if self.family_name else ''}")[:200]
        if self._state.adding and not self.search_text:
            self.search_text = self._search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("contact_detail", args=[self.pk])

    @property
    def name(self) -> str:
        full = f"{self.given_name} {self.family_name}".strip()
        return self.display_name or full

    @property
    def initials(self) -> str:
        words = [word for word in self.name.split() if word[:1].isalpha()]
        return "".join(word[0] for word in words[:2]).upper() or "?"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def _search_text(self, *related: str) -> str:
        own = [self.given_name, self.family_name, self.display_name, self.company, self.city]
        return " ".join(fold(part) for part in [*own, *related] if part)

    def reindex(self) -> None:
        """Recompute the search text and the recognition keys from the contact and everything
        attached to it (names, former names, profiles, emails)."""
        related = [alias.name for alias in self.aliases.all()]
        related += [profile.handle for profile in self.profiles.all()]
        related += [email.email for email in self.emails.all()]
        text = self._search_text(*related)
        if text != self.search_text:
            self.search_text = text
            Contact.objects.filter(pk=self.pk).update(search_text=text)
        from network.recognition import reindex_keys  # recognition builds on these models

        reindex_keys(self)

    def record(self, action: str, actor=None, **data) -> ContactChange:
        return ContactChange.objects.create(contact=self, actor=actor, action=action, data=data)

    def add_alias(self, name: str, kind: str, actor=None, **dates) -> ContactAlias:
        alias = ContactAlias.objects.create(contact=self, name=name.strip(), kind=kind, **dates)
        self.reindex()
        self.record(ContactChange.Action.ALIAS_ADDED, actor, name=alias.name, kind=kind)
        return alias

    def archive(self, actor=None) -> None:
        if self.archived_at is None:
            self.archived_at = timezone.now()
            self.save(update_fields=["archived_at", "updated_at"])
            self.record(ContactChange.Action.ARCHIVED, actor)

    def restore(self, actor=None) -> None:
        if self.archived_at is not None:
            self.archived_at = None
            self.save(update_fields=["archived_at", "updated_at"])
            self.record(ContactChange.Action.RESTORED, actor)

    def tag(self, category: HowWeMet, actor=None, detail: str = "", met_on=None) -> ContactCategory:
        if category.team_id != self.team_id:
            raise ValidationError("A category of another team.")
        link, created = ContactCategory.objects.get_or_create(
            contact=self, category=category, defaults={"detail": detail, "met_on": met_on}
        )
        if not created and (detail or met_on):
            link.detail, link.met_on = detail or link.detail, met_on or link.met_on
            link.save(update_fields=["detail", "met_on"])
        if created:
            self.record(ContactChange.Action.TAGGED, actor, category=category.label)
        return link

    def untag(self, category: HowWeMet, actor=None) -> bool:
        deleted, _count = ContactCategory.objects.filter(contact=self, category=category).delete()
        if deleted:
            self.record(ContactChange.Action.UNTAGGED, actor, category=category.label)
        return bool(deleted)


class ContactAlias(models.Model):
    """Another name the person has been known by: maiden name, former married name, nickname."""

    class Kind(models.TextChoices):
        MAIDEN = "maiden", _("Maiden name")
        PREVIOUS_MARRIED = "previous_married", _("Previous married name")
        NICKNAME = "nickname", _("Nickname")
        SPELLING = "spelling", _("Other spelling")
        OTHER = "other", _("Other name")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="aliases")
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

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
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

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
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

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="past_positions")
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
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="profiles")
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


class ContactCategory(models.Model):
    """A contact tagged with a how-we-met category, with an optional detail and date."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="tags")
    category = models.ForeignKey(HowWeMet, on_delete=models.CASCADE, related_name="tags")
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    met_on = models.DateField(_("when"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("how we met")
        verbose_name_plural = _("how we met")
        ordering = ["category_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "category"], name="tag_once_per_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.category.label}: {self.detail}" if self.detail else self.category.label


class ContactChange(models.Model):
    """One entry of a contact's history: who did what, and when."""

    class Action(models.TextChoices):
        CREATED = "created", pgettext_lazy("history of a contact", "created")
        EDITED = "edited", _("edited")
        ALIAS_ADDED = "alias_added", _("former name added")
        ALIAS_REMOVED = "alias_removed", _("former name removed")
        PROFILE_ADDED = "profile_added", _("profile added")
        PROFILE_REMOVED = "profile_removed", _("profile removed")
        ACCESS_CHANGED = "access_changed", _("access changed")
        EMAIL_ADDED = "email_added", _("email added")
        EMAIL_REMOVED = "email_removed", _("email removed")
        PHONE_ADDED = "phone_added", _("phone added")
        PHONE_REMOVED = "phone_removed", _("phone removed")
        TAGGED = "tagged", _("category added")
        UNTAGGED = "untagged", _("category removed")
        MERGED = "merged", _("merged")
        ARCHIVED = "archived", _("archived")
        RESTORED = "restored", _("restored")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("contact change")
        verbose_name_plural = _("contact changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d})"

    def describe(self) -> str:
        """A sentence for the history list. User text is a value here, never a template."""
        data = self.data or {}
        if self.action == self.Action.EDITED:
            fields = ", ".join(
                str(Contact._meta.get_field(f).verbose_name)
                for f in data.get("fields", [])
                if _is_field(f)
            )
            return gettext("Edited: %(fields)s") % {"fields": fields or "—"}
        detail = data.get("name") or data.get("category") or data.get("handle") or data.get("value")
        if self.action == self.Action.MERGED:
            return gettext("Merged with %(name)s") % {"name": data.get("name", "?")}
        label = str(self.get_action_display()).capitalize()
        return f"{label}: {detail}" if detail else label


def _is_field(name: str) -> bool:
    try:
        Contact._meta.get_field(name)
    except Exception:  # noqa: BLE001 - an old history entry may name a removed field
        return False
    return True


class RequestState(models.TextChoices):
    NEW = "new", _("New")
    ASKED = "asked", _("Clarification asked")
    REPLIED = "replied", _("Reply received")
    SNOOZED = "snoozed", _("Snoozed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    ARCHIVED = "archived", pgettext_lazy("request state", "Archived")


OPEN_STATES = [RequestState.NEW, RequestState.ASKED, RequestState.REPLIED, RequestState.SNOOZED]
# What the inbox shows by default: everything still waiting for a decision or a reply.
INBOX_STATES = [RequestState.NEW, RequestState.ASKED, RequestState.REPLIED]


class Richness(models.TextChoices):
    UNKNOWN = "", _("Not checked")
    NONE = "none", _("Empty profile")
    THIN = "thin", _("Thin profile")
    RICH = "rich", _("Rich content")


class IllegalTransition(Exception):
    """The action does not apply to the request's current state; nothing was changed."""

    def __init__(self, action: str, state: str) -> None:
        self.action, self.state = action, state
        super().__init__(
            gettext("“%(action)s” is not possible on a request that is %(state)s.")
            % {
                "action": ACTION_LABELS.get(action, action),
                "state": RequestState(state).label.lower(),
            }
        )


# action: (states it applies to, state it leads to)
TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "accept": ({RequestState.NEW, RequestState.REPLIED}, RequestState.ACCEPTED),
    "decline": ({RequestState.NEW, RequestState.REPLIED}, RequestState.DECLINED),
    "ask": ({RequestState.NEW}, RequestState.ASKED),
    "reply": ({RequestState.ASKED}, RequestState.REPLIED),
    "snooze": ({RequestState.NEW, RequestState.REPLIED}, RequestState.SNOOZED),
    "wake": ({RequestState.SNOOZED}, RequestState.NEW),
    "archive": (set(OPEN_STATES), RequestState.ARCHIVED),
}
ACTION_LABELS = {
    "accept": _("Accept"),
    "decline": _("Decline"),
    "ask": _("Ask how we met"),
    "reply": _("Reply received"),
    "snooze": _("Snooze"),
    "wake": _("Back from snooze"),
    "archive": _("Archive"),
    "link": _("Link to a contact"),
    "undo": _("Undo"),
    "received": _("Received"),
}


class ConnectionRequest(models.Model):
    """Someone asked to connect on a network; the team member it was sent to decides."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="requests"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="connection_requests",
    )
    network = models.CharField(_("network"), max_length=12, choices=Network)
    sender_name = models.CharField(_("name shown"), max_length=200)
    headline = models.CharField(_("headline"), max_length=300, blank=True)
    profile_url = models.URLField(_("profile URL"), max_length=500, blank=True)
    handle = models.CharField(_("handle"), max_length=300, blank=True, db_index=True)
    email = models.EmailField(_("email shown"), blank=True)
    message = models.TextField(_("invitation message"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    mutual_connections = models.PositiveIntegerField(_("mutual connections"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, blank=True)
    has_photo = models.BooleanField(_("has a photo"), null=True, blank=True)
    richness = models.CharField(
        _("profile content"), max_length=5, choices=Richness, blank=True, default=Richness.UNKNOWN
    )
    note = models.TextField(_("note"), blank=True)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RequestState, default=RequestState.NEW
    )
    snoozed_until = models.DateTimeField(_("snoozed until"), null=True, blank=True)
    access_granted = models.CharField(
        _("access granted"), max_length=20, choices=AccessLevel, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Folded name and headline, for accent-blind search in the inbox.
    search_text = models.TextField(default="", editable=False)

    class Meta:
        verbose_name = _("connection request")
        verbose_name_plural = _("connection requests")
        ordering = ["-received_at", "-pk"]
        indexes = [
            # The inbox list: newest first within a team, states filtered on the way.
            models.Index(fields=["team", "-received_at", "-id"], name="request_inbox_order"),
            # The counts per state and network, answered from the index alone.
            models.Index(fields=["team", "state", "network"], name="request_counts"),
            models.Index(fields=["state", "snoozed_until"], name="request_snooze_sweep"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="snoozed") | Q(snoozed_until__isnull=False),
                name="snoozed_request_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender_name} ({self.get_network_display()})"

    def save(self, *args, **kwargs) -> None:
        self.email = self.email.strip().lower()
        self.search_text = f"{fold(self.sender_name)} {fold(self.headline)} {self.handle}".strip()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "email"}
        super().save(*args, **kwargs)

    @property
    def nature(self) -> Nature:
        return nature_of(self.network)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def can(self, action: str) -> bool:
        sources, _target = TRANSITIONS[action]
        return self.state in sources

    # For templates, which cannot pass arguments.
    can_accept = property(lambda self: self.can("accept"))
    can_decline = property(lambda self: self.can("decline"))
    can_ask = property(lambda self: self.can("ask"))
    can_reply = property(lambda self: self.can("reply"))
    can_snooze = property(lambda self: self.can("snooze"))


class RequestEvent(models.Model):
    """One step in a request's life: who did what, when; enough to undo it."""

    request = models.ForeignKey(ConnectionRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=10)
    from_state = models.CharField(max_length=10, choices=RequestState, blank=True)
    to_state = models.CharField(max_length=10, choices=RequestState, blank=True)
    # What the action changed besides the state, so that it can be reversed exactly.
    data = models.JSONField(default=dict, blank=True)
    undone = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} → {self.to_state}"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))


def counts_cache_key(team_id: int) -> str:
    return f"inbox-counts:{team_id}"


def forget_inbox_counts(team_id: int) -> None:
    """Called on every change of a team's requests (signals, and after bulk loads).

    Forgotten now, and again once the transaction commits: a page read in between would
    otherwise cache the old counts.
    """
    key = counts_cache_key(team_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


class ContactKey(models.Model):
    """One lookup key of a contact for recognition ("fam:dupont", "gc:marie|acme").

    Suggestions for a request are computed from the few contacts sharing one of its keys,
    found through the (team, key) index, never by scanning the address book.
    """

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("recognition key")
        verbose_name_plural = _("recognition keys")
        indexes = [models.Index(fields=["team", "key"], name="contact_key_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["contact", "key"], name="contact_key_once"),
        ]

    def __str__(self) -> str:
        return self.key
