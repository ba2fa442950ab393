"""The models of the ``network`` app, gathered: Django loads them from here, and other apps
import them from here. Each lives with its feature: the address book in
``network.contacts``, how-we-met categories in ``network.categories``, connection requests
in ``network.inbox``, imports in ``network.imports``."""

from network.categories.models import Category, ContactTag
from network.contacts.attached import (
    AccessLevel,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    NetworkProfile,
    PastPosition,
)
from network.contacts.models import (
    LANGUAGES,
    Contact,
    ContactChange,
    ContactKey,
    KeyTally,
    active_contact_count,
)
from network.imports.models import ColumnMapping, ImportJob, ImportMatch
from network.inbox.models import (
    ACTION_LABELS,
    DECIDED_STATES,
    INBOX_STATES,
    OPEN_STATES,
    RESTORABLE,
    TRANSITIONS,
    ConnectionRequest,
    IllegalTransition,
    RequestEvent,
    RequestState,
    Richness,
    request_changed,
)
from network.mailbox.models import Mailbox, MailboxMessage
from network.privacy.models import ErasureRecord, PrivacySettings, PrivacyTask
from network.recognition.models import RequestKey

__all__ = [
    "ACTION_LABELS",
    "DECIDED_STATES",
    "INBOX_STATES",
    "LANGUAGES",
    "OPEN_STATES",
    "RESTORABLE",
    "TRANSITIONS",
    "AccessLevel",
    "Category",
    "ColumnMapping",
    "ConnectionRequest",
    "Contact",
    "ContactAlias",
    "ContactChange",
    "ContactEmail",
    "ContactKey",
    "ContactPhone",
    "ContactTag",
    "ErasureRecord",
    "IllegalTransition",
    "ImportJob",
    "KeyTally",
    "Mailbox",
    "MailboxMessage",
    "ImportMatch",
    "NetworkProfile",
    "PastPosition",
    "PrivacySettings",
    "PrivacyTask",
    "RequestEvent",
    "RequestKey",
    "RequestState",
    "Richness",
    "active_contact_count",
    "request_changed",
]
