"""The team's address book: a contact, its history and its recognition keys.

Identity matters more here than in an ordinary contact list: incoming requests are recognised
against these rows, so a person keeps every name and profile they have been known by. What
hangs off a contact is in ``attached``; how-we-met categories in ``network.categories``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from network.categories.models import Category, ContactTag
from network.contacts.attached import (
    AccessLevel,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    NetworkProfile,
)
from network.text import fold, search_terms
from network.text.names import contact_keys, given_and_family
from network.text.networks import Network
from network.text.profiles import Profile

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


# Sent when what recognition compares a contact on may have changed (its names, company,
# city, profiles or emails) or the contact is gone, with ``team_id``, ``contact_id`` and
# ``removed_keys`` (the lookup keys it lost). Recognition listens and re-scores the requests
# concerned; the contacts never import it.
contact_identity_changed = Signal()


def active_contact_count(team_id: int) -> int:
    """The team's active contacts, the list's badge: a tally the database keeps."""
    return KeyTally.read(team_id, [KeyTally.ACTIVE])[KeyTally.ACTIVE]


class ContactQuerySet(models.QuerySet):
    def active(self) -> ContactQuerySet:
        return self.filter(archived_at__isnull=True)

    def search(self, query: str) -> ContactQuerySet:
        """Every word of ``query`` appears, accents and case ignored, in any name or handle."""
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_text__contains=term)
        return queryset


# Characters of search text an index entry may carry: an entry of a B-tree holds at most
# 2,704 bytes (sort key of 200 characters and this, four bytes each at worst, fit).
SEARCH_HEAD = 400


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
    # The search text when it is short enough for a B-tree index entry (else NULL): the index
    # of current contacts in list order carries it, so a search's first page is looked for
    # in that index alone (``contacts.selectors._walked_ids``). The database computes it.
    search_head = models.GeneratedField(
        expression=models.Case(
            models.When(
                LessThanOrEqual(Length("search_text"), SEARCH_HEAD), then=models.F("search_text")
            ),
            default=None,
        ),
        output_field=models.TextField(null=True),
        db_persist=True,
    )
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
            # The list as it is first shown (active contacts by name): pages are read in index
            # order, and the active count from this index alone. On PostgreSQL, search has
            # trigram indexes too (migration 0007: LIKE '%term%' cannot use a B-tree), and
            # this index carries the search text (a search's first page is looked for in its
            # first entries, without reading the table: ``contacts.selectors._walked_ids``).
            models.Index(
                fields=["team", "sort_key", "id"],
                condition=Q(archived_at__isnull=True),
                include=["search_head"],
                name="contact_active_search",
            ),
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

    # Verbs. Each writes one thing, then reindexes (search text and recognition keys) and
    # records the history entry itself: callers never have to remember either.

    @cached_property
    def recorded(self) -> list[ContactChange]:
        """The history entries this instance wrote, in order (an undo lists what it made)."""
        return []

    def record(self, action: str, actor=None, **data) -> ContactChange:
        change = ContactChange.objects.create(contact=self, actor=actor, action=action, data=data)
        self.recorded.append(change)
        return change

    def reindex(self) -> None:
        """Recompute the search text and the recognition keys from the contact and everything
        attached to it (names, former names, profiles, emails, how-we-met details)."""
        aliases = [alias.name for alias in self.aliases.all()]
        emails = [email.email for email in self.emails.all()]
        related = [*aliases, *(profile.handle for profile in self.profiles.all()), *emails]
        text = self._search_text(*related)
        text_changed = text != self.search_text
        if text_changed:
            self.search_text = text
            Contact.objects.filter(pk=self.pk).update(search_text=text)
        wanted = self.recognition_keys()
        have = set(self.keys.values_list("key", flat=True))
        if wanted != have:
            self.keys.exclude(key__in=wanted).delete()
            ContactKey.objects.bulk_create(
                ContactKey(team_id=self.team_id, contact=self, key=key) for key in wanted - have
            )
        if text_changed or wanted != have:
            contact_identity_changed.send(
                sender=Contact, team_id=self.team_id, contact_id=self.pk, removed_keys=have - wanted
            )

    def recognition_keys(self) -> set[str]:
        """The lookup keys recognition finds this contact by (its names, company, city,
        emails and how-we-met details); reads the related rows, prefetched or not."""
        return contact_keys(
            given_name=self.given_name,
            family_name=self.family_name,
            display_name=self.display_name,
            company=self.company,
            city=self.city,
            aliases=[alias.name for alias in self.aliases.all()],
            emails=[email.email for email in self.emails.all()],
            details=[tag.detail for tag in self.tags.all() if tag.detail],
        )

    def add_alias(self, name: str, kind: str, actor=None, **dates) -> ContactAlias:
        alias = ContactAlias.objects.create(contact=self, name=name.strip(), kind=kind, **dates)
        self.reindex()
        self.record(ContactChange.Action.ALIAS_ADDED, actor, name=alias.name, kind=kind)
        return alias

    def take_name(self, name: str, actor=None) -> ContactAlias | None:
        """The person is known as ``name`` now (a marriage, a divorce): it becomes the
        contact's name, and the name it replaces a former name, used until today. Returns that
        former name, or None when ``name`` is the contact's name already."""
        old = self.name
        if fold(old) == fold(name) or not name.strip():
            return None
        self.given_name, self.family_name = given_and_family(name.strip())
        self.display_name = ""
        self.version += 1
        self.save(update_fields=["given_name", "family_name", "display_name", "version"])
        self.record(ContactChange.Action.EDITED, actor, fields=["given_name", "family_name"])
        return self.add_alias(old, ContactAlias.Kind.OTHER, actor, ended_on=timezone.localdate())

    def add_profile(self, profile: Profile, actor=None, access: str = "none") -> NetworkProfile:
        row = NetworkProfile.objects.create(
            team_id=self.team_id,
            contact=self,
            network=profile.network,
            handle=profile.handle,
            url=profile.url,
            access=access,
        )
        self.reindex()
        self.record(ContactChange.Action.PROFILE_ADDED, actor, handle=row.url)
        return row

    def add_email(self, email: str, actor=None, label: str = "work") -> ContactEmail:
        row = ContactEmail.objects.create(contact=self, email=email, label=label)
        self.reindex()
        self.record(ContactChange.Action.EMAIL_ADDED, actor, value=row.email)
        return row

    def add_phone(self, number: str, actor=None, label: str = "mobile") -> ContactPhone:
        row = ContactPhone.objects.create(contact=self, number=number, label=label)
        self.reindex()
        self.record(ContactChange.Action.PHONE_ADDED, actor, value=row.number)
        return row

    def remove_detail(self, row, actor=None) -> str:
        """Remove a former name, profile, email or phone of this contact; returns its text."""
        action, value = {
            ContactAlias: (ContactChange.Action.ALIAS_REMOVED, lambda: row.name),
            NetworkProfile: (ContactChange.Action.PROFILE_REMOVED, lambda: row.url),
            ContactEmail: (ContactChange.Action.EMAIL_REMOVED, lambda: row.email),
            ContactPhone: (ContactChange.Action.PHONE_REMOVED, lambda: row.number),
        }[type(row)]
        if row.contact_id != self.pk:
            raise ValueError("A detail of another contact.")
        label = value()
        row.delete()
        self.reindex()
        self.record(action, actor, value=label)
        return label

    def set_access(self, profile: NetworkProfile, access: str, actor=None) -> bool:
        """Change what this contact may see on ``profile``'s network; False if unchanged."""
        if profile.contact_id != self.pk:
            raise ValueError("A profile of another contact.")
        if access not in AccessLevel.values:
            raise ValueError("Not an access level.")
        if access == profile.access:
            return False
        profile.access = access
        profile.save(update_fields=["access"])
        self.record(
            ContactChange.Action.ACCESS_CHANGED,
            actor,
            value=f"{profile.get_network_display()}: {profile.get_access_display()}",
        )
        return True

    def delete(self, *args, **kwargs):
        """Delete the row (merging, undoing an acceptance); requests that took this contact
        for their sender are recognised again."""
        team_id, pk = self.team_id, self.pk
        keys = set(self.keys.values_list("key", flat=True))
        deleted = super().delete(*args, **kwargs)
        contact_identity_changed.send(
            sender=Contact, team_id=team_id, contact_id=pk, removed_keys=keys
        )
        return deleted

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

    def tag(self, category: Category, actor=None, detail: str = "", met_on=None) -> ContactTag:
        if category.team_id != self.team_id:
            raise ValidationError("A category of another team.")
        link, created = ContactTag.objects.get_or_create(
            contact=self, category=category, defaults={"detail": detail, "met_on": met_on}
        )
        if not created and (detail or met_on):
            link.detail, link.met_on = detail or link.detail, met_on or link.met_on
            link.save(update_fields=["detail", "met_on"])
        if created:
            self.record(ContactChange.Action.TAGGED, actor, category=category.label)
        if detail:
            self.reindex()  # how-we-met details are recognition keys
        return link

    def untag(self, category: Category, actor=None) -> bool:
        deleted, _count = ContactTag.objects.filter(contact=self, category=category).delete()
        if deleted:
            self.record(ContactChange.Action.UNTAGGED, actor, category=category.label)
            self.reindex()
        return bool(deleted)


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
        INVITATION = "invitation", _("invitation received")

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
        if self.action == self.Action.INVITATION:
            return _invitation(data)
        label = str(self.get_action_display()).capitalize()
        # A format, not a glued colon: French puts a space before it.
        return (
            gettext("%(label)s: %(detail)s") % {"label": label, "detail": detail}
            if detail
            else label
        )


def _invitation(data: dict) -> str:
    """An invitation from someone already connected (kept by an import of invitations)."""
    network = data.get("network", "")
    label = Network(network).label if network in Network.values else network
    said = gettext("Invitation received on %(network)s (already connected)") % {
        "network": label or "?"
    }
    if data.get("message"):
        said = gettext("%(said)s: “%(message)s”") % {"said": said, "message": data["message"]}
    return said


def _is_field(name: str) -> bool:
    try:
        Contact._meta.get_field(name)
    except Exception:  # noqa: BLE001 - an old history entry may name a removed field
        return False
    return True


class ContactKey(models.Model):
    """One lookup key of a contact for recognition ("fam:dupont", "gc:marie|acme").

    Suggestions for a request are computed from the few contacts sharing one of its keys,
    found through the (team, key) index, never by scanning the address book.
    """

    # Derived rows (``reindex`` and ``manage.py reindex_contacts`` rebuild them), written
    # some thirty per contact by an import: no foreign key constraints in the database (each
    # row's checks were most of PostgreSQL's work at commit), no single-column indexes and no
    # id of their own: (contact, key) is the primary key, so each row feeds two indexes, not
    # three, and takes no number from a sequence ((team, key) and (contact, key) serve every
    # query and deletion; measured with `manage.py bench import`). Django still deletes a
    # contact's keys with it (and with its team); a key left by a race with a deletion names
    # no contact and finds no one.
    pk = models.CompositePrimaryKey("contact", "key")
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    contact = models.ForeignKey(
        "network.Contact",
        on_delete=models.CASCADE,
        related_name="keys",
        db_constraint=False,
        db_index=False,
    )
    key = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("recognition key")
        verbose_name_plural = _("recognition keys")
        indexes = [models.Index(fields=["team", "key"], name="contact_key_lookup")]

    def __str__(self) -> str:
        return self.key


class KeyTally(models.Model):
    """How many of a team's contacts carry a key, kept by the database itself.

    Triggers written by the migration that made this table add a row of +n or -n as keys
    are written or deleted; they count the team's contacts ("#contacts") and active
    contacts ("#active") as contacts come, go or are archived, and its open requests per
    state and network ("@new|linkedin", the inbox's counts), whatever writes them (a form, an
    import, a restore, a cascade, a migration). A count is the sum of its rows: read in one
    indexed query, however many contacts carry the key (counting ``ContactKey`` rows took
    23 ms for a query's keys at 100,000 contacts, the team's size 12). On PostgreSQL each
    statement adds one row per key it touched, so that writers never wait on one another's
    counts; ``compact_key_tallies`` sums them now and then. On SQLite (one writer at a
    time) each key keeps one row, updated in place.
    """

    # Written only by the triggers: no constraint (a team's rows outlive it until the
    # compaction drops their zero sums), no index but the lookup's.
    team = models.ForeignKey(
        Team, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
    )
    key = models.CharField(max_length=255)
    n = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["team", "key"], name="key_tally_lookup")]

    CONTACTS, ACTIVE = "#contacts", "#active"  # a team's contacts, and those not archived

    def __str__(self) -> str:
        return f"{self.key}: {self.n}"

    @classmethod
    def read(cls, team_id: int, keys) -> dict[str, int]:
        """How many of the team's contacts carry each key (0 for a key none carries), as
        the current transaction sees them: one indexed query (per 500 keys on SQLite),
        written as SQL (the ORM took 0.4 ms to build and read it for one key, 0.9 for
        sixty; the SQL 0.15 and 0.4)."""
        keys = sorted(set(keys))
        counts = dict.fromkeys(keys, 0)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(cls._sum_where("key = ANY(%s)"), [team_id, keys])
                counts.update(cursor.fetchall())
                return counts
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                listed = ", ".join(["%s"] * len(batch))
                cursor.execute(cls._sum_where(f"key IN ({listed})"), [team_id, *batch])
                counts.update(cursor.fetchall())
        return counts

    @classmethod
    def read_range(cls, team_id: int, first: str, after: str) -> dict[str, int]:
        """The tallies of every key from ``first`` up to ``after`` (excluded), compared byte
        by byte: one range of the index."""
        with connection.cursor() as cursor:
            cursor.execute(cls._sum_where("key >= %s AND key < %s"), [team_id, first, after])
            return dict(cursor.fetchall())

    @classmethod
    def _sum_where(cls, keys: str) -> str:
        """The sum of each key's rows, for a team and the keys ``keys`` selects."""
        table = connection.ops.quote_name(cls._meta.db_table)
        # Names and placeholders only: the team and the keys are parameters.
        return f"SELECT key, SUM(n) FROM {table} WHERE team_id = %s AND {keys} GROUP BY key"  # noqa: S608
