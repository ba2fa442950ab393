"""What a team backup holds, section by section: the one description that both the backup
(``backup``) and the restore (``restore``) read, so that they cannot drift apart.

Each section is the rows of one model for the team, in the order they were created, each row
with a number of its own (``id``, 1, 2, 3… within its section) in place of a database id.
Links between rows use those numbers; people are named by their email address. Derived data
(search text, sort keys, recognition keys) is left out: a restore computes it again.

The upward import of ``replies.models`` is deliberate: a backup of the whole team holds the
phrases, messages and reminders too. Nothing in ``replies`` imports this package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from network.models import (
    AccessLevel,
    Category,
    ColumnMapping,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactKey,
    ContactPhone,
    ContactTag,
    ErasureRecord,
    ImportJob,
    ImportMatch,
    KeyTally,
    Mailbox,
    MailboxMessage,
    NetworkProfile,
    PastPosition,
    PrivacySettings,
    PrivacyTask,
    RequestEvent,
    RequestKey,
)
from replies.models import (
    Delivery,
    Notification,
    OutgoingMessage,
    Phrase,
    ReceivedReply,
    Reminder,
    ReminderMute,
    ReminderSettings,
)

FORMAT = "netcurate-team-backup"
VERSION = 1


@dataclass(frozen=True)
class Section:
    name: str
    model: type
    # How the model's rows are found from the team (a lookup ending at the team).
    scope: str
    fields: tuple[str, ...]
    # Links to rows of other sections: field name -> section name.
    refs: dict[str, str] = field(default_factory=dict)
    # Links to people, written as their email address.
    users: tuple[str, ...] = ()
    # Whether the model has a ``team`` of its own to set on restore.
    has_team: bool = False


SECTIONS: tuple[Section, ...] = (
    Section("categories", Category, "team", ("key", "name", "colour", "created_at"), has_team=True),
    Section(
        "contacts",
        Contact,
        "team",
        (
            "given_name",
            "family_name",
            "display_name",
            "company",
            "position",
            "city",
            "languages",
            "notes",
            "created_at",
            "updated_at",
            "archived_at",
            "version",
        ),
        refs={"met_through": "contacts"},
        users=("owner", "created_by"),
        has_team=True,
    ),
    Section(
        "former_names",
        ContactAlias,
        "contact__team",
        ("name", "kind", "started_on", "ended_on", "created_at"),
        refs={"contact": "contacts"},
    ),
    Section("emails", ContactEmail, "contact__team", ("email", "label"), {"contact": "contacts"}),
    Section("phones", ContactPhone, "contact__team", ("number", "label"), {"contact": "contacts"}),
    Section(
        "past_positions",
        PastPosition,
        "contact__team",
        ("company", "position", "until"),
        refs={"contact": "contacts"},
    ),
    Section(
        "profiles",
        NetworkProfile,
        "team",
        ("network", "handle", "url", "access", "created_at"),
        refs={"contact": "contacts"},
        has_team=True,
    ),
    Section(
        "tags",
        ContactTag,
        "contact__team",
        ("detail", "met_on", "created_at"),
        refs={"contact": "contacts", "category": "categories"},
    ),
    Section(
        "contact_history",
        ContactChange,
        "contact__team",
        ("at", "action", "data"),
        refs={"contact": "contacts"},
        users=("actor",),
    ),
    Section(
        "phrases",
        Phrase,
        "team",
        ("title", "intent", "language", "body", "created_at", "updated_at", "archived_at"),
        users=("owner", "created_by"),
        has_team=True,
    ),
    Section(
        "requests",
        ConnectionRequest,
        "team",
        (
            "network",
            "sender_name",
            "headline",
            "profile_url",
            "handle",
            "email",
            "message",
            "received_at",
            "mutual_connections",
            "language",
            "has_photo",
            "richness",
            "note",
            "state",
            "snoozed_until",
            "access_granted",
            "decided_at",
            "created_at",
            "updated_at",
            "best_score",
            "matched_at",
        ),
        refs={"contact": "contacts", "best_match": "contacts"},
        users=("owner",),
        has_team=True,
    ),
    Section(
        "request_events",
        RequestEvent,
        "connection_request__team",
        ("at", "action", "from_state", "to_state", "data", "undone"),
        refs={"connection_request": "requests"},
        users=("actor",),
    ),
    Section(
        "messages_sent",
        OutgoingMessage,
        "team",
        ("intent", "text", "sent_at"),
        refs={"connection_request": "requests", "phrase": "phrases"},
        users=("sent_by",),
        has_team=True,
    ),
    Section(
        "replies_received",
        ReceivedReply,
        "connection_request__team",
        ("text", "received_at"),
        refs={"connection_request": "requests"},
        users=("recorded_by",),
    ),
    Section(
        "reminder_settings",
        ReminderSettings,
        "team",
        (
            "first_after_days",
            "second_after_days",
            "decide_after_days",
            "channel",
            "cadence",
            "digest_hour",
            "updated_at",
        ),
        users=("user",),
        has_team=True,
    ),
    Section(
        "reminders",
        Reminder,
        "team",
        (
            "kind",
            "state",
            "asked_at",
            "due_at",
            "digest",
            "attempts",
            "claimed_at",
            "sent_at",
            "cancelled_at",
            "cancel_reason",
            "last_error",
            "created_at",
        ),
        refs={"connection_request": "requests"},
        users=("user",),
        has_team=True,
    ),
    Section(
        "reminder_deliveries",
        Delivery,
        "reminder__team",
        ("channel", "message_id", "delivered_at"),
        refs={"reminder": "reminders"},
    ),
    Section(
        "notifications",
        Notification,
        "team",
        ("kind", "asked_at", "created_at", "read_at"),
        refs={"connection_request": "requests", "reminder": "reminders"},
        users=("user",),
        has_team=True,
    ),
    Section(
        "muted_requests",
        ReminderMute,
        "team",
        ("created_at",),
        refs={"connection_request": "requests"},
        users=("user",),
        has_team=True,
    ),
    Section(
        "privacy_settings",
        PrivacySettings,
        "team",
        ("retention_days", "review_months", "updated_at"),
        has_team=True,
    ),
    Section(
        "privacy_tasks",
        PrivacyTask,
        "team",
        ("kind", "network", "due_on", "created_at", "done_at"),
        refs={"contact": "contacts", "connection_request": "requests"},
        users=("done_by",),
        has_team=True,
    ),
    # Anonymous by design: kinds and counts of what went, never who.
    Section(
        "erasure_records",
        ErasureRecord,
        "team",
        ("at", "reason", "counts"),
        users=("actor",),
        has_team=True,
    ),
    Section(
        "column_mappings",
        ColumnMapping,
        "team",
        ("signature", "headers", "mapping", "updated_at"),
        has_team=True,
    ),
)
BY_NAME = {section.name: section for section in SECTIONS}

# Rows of the team that a backup leaves out on purpose, and why. Every model of the team
# (in ``network`` and ``replies``) is a section or is here: a test sees to it, so that a
# new model cannot be forgotten silently.
LEFT_OUT: dict[type, str] = {
    ContactKey: "derived: the restore computes a contact's recognition keys again",
    RequestKey: "derived: the restore computes a request's recognition keys again",
    KeyTally: "derived: the database counts the keys and contacts again as they are restored",
    ImportJob: (
        "an import holds the uploaded file, its rows and its report: other people's data as "
        "it was in someone's export, kept only for a while (see IMPORT_KEEP_DAYS); what the "
        "import brought in is in the contacts and requests sections already"
    ),
    Mailbox: (
        "a mailbox holds a member's server and password, encrypted with this installation's "
        "MAILBOX_KEY, which another installation cannot open: it is connected again there"
    ),
    MailboxMessage: (
        "which messages a mailbox has read: meaningless without the mailbox; the requests "
        "they brought are in the requests section"
    ),
    ImportMatch: "part of an import's report (rows to review), which goes with its import",
}

# A request's history records the rows each step touched, so that undo and reopen are exact:
# these keys of ``RequestEvent.data`` hold row ids, written as row numbers of these sections.
EVENT_REFS = {
    "contact": "contacts",
    "undid": "request_events",
    "reopened": "request_events",
}
EVENT_BEFORE_REFS = {"contact_id": "contacts"}
EVENT_ADDED_REFS = {
    "contact": "contacts",
    "alias": "former_names",
    "former_name": "former_names",
    "profile": "profiles",
}
EVENT_ADDED_LISTS = {"tags": "tags", "changes": "contact_history"}
# Sections whose row numbers the history of requests may point at.
EVENT_TARGETS = sorted(
    {*EVENT_REFS.values(), *EVENT_BEFORE_REFS.values(), *EVENT_ADDED_REFS.values()}
    | set(EVENT_ADDED_LISTS.values())
    | {"profiles"}
)


# The names a "link with a new name" step may have replaced: undo writes them back.
RENAMED_FIELDS = ("given_name", "family_name", "display_name")


def event_data_problem(data) -> str | None:
    """Why a request event's ``data`` read from a backup cannot be restored (None: it can).
    Undo writes ``renamed_from`` onto a contact and ``profile_access`` onto a profile, so
    they may hold only a contact's names as text and an access level Netcurate knows."""
    added = data.get("added") if isinstance(data, dict) else None
    if not isinstance(added, dict):
        return None
    renamed = added.get("renamed_from")
    if renamed is not None and not (
        isinstance(renamed, dict)
        and all(
            key in RENAMED_FIELDS
            and isinstance(value, str)
            and len(value) <= Contact._meta.get_field(key).max_length
            for key, value in renamed.items()
        )
    ):
        return _("its former name may hold only a given, family and display name, as text")
    access = added.get("profile_access")
    if access is not None and not (
        isinstance(access, list)
        and len(access) == 2
        and isinstance(access[1], str)
        and access[1] in AccessLevel.values
    ):
        return _("it names a profile access that Netcurate does not know")
    return None


def map_event_data(data, ref):
    """``data`` of a request event with every row id it holds passed through
    ``ref(section, value)`` (ids to row numbers on backup, back to new ids on restore); a
    row that no longer exists becomes None, or leaves its list."""
    if not isinstance(data, dict):
        return data
    out = dict(data)
    for key, section in EVENT_REFS.items():
        if out.get(key) is not None:
            out[key] = ref(section, out[key])
    if isinstance(before := out.get("before"), dict):
        out["before"] = {
            key: (
                ref(EVENT_BEFORE_REFS[key], value) if key in EVENT_BEFORE_REFS and value else value
            )
            for key, value in before.items()
        }
    if isinstance(added := out.get("added"), dict):
        added = dict(added)
        for key, section in EVENT_ADDED_REFS.items():
            if added.get(key) is not None:
                added[key] = ref(section, added[key])
        for key, section in EVENT_ADDED_LISTS.items():
            if isinstance(added.get(key), list):
                mapped = (ref(section, value) for value in added[key])
                added[key] = [value for value in mapped if value is not None]
        access = added.get("profile_access")
        if isinstance(access, list) and len(access) == 2:
            added["profile_access"] = [ref("profiles", access[0]), access[1]]
        out["added"] = added
    return out
