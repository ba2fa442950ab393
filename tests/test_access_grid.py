"""One access grid for every route, found by walking the URL resolver.

Each route is tried by the whole cast: anonymous visitors are sent to log in; alice (owner)
and bob (member) open every page, and an action that only takes a POST answers 405 to a GET;
carol (read-only) opens every page and gets a 403 on every write, with or without htmx;
mallory (another team) gets a 404 on every object of alice's team, with or without htmx.
Nothing refused changes a row. The REST API's routes (kinds ``api_*``) are classified here and
tried with tokens in ``tests/test_access_grid_api.py``. A new route is covered the day it is added:
``test_every_route_is_classified`` fails until it is in ``ROUTES`` (and, when it takes an
object id, has a factory in ``FACTORIES``).

Over 400 lines on purpose: the table of every route and one factory per object route sit
beside the rules they drive, so that a reader sees in one file who may do what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.utils import timezone

from accounts.models import Invitation, Membership
from network.contacts.services import contact_create
from network.inbox.services import (
    connection_request_decide,
    connection_request_receive,
    connection_requests_bulk,
)
from network.models import (
    Category,
    ConnectionRequest,
    Contact,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
    PrivacyTask,
)
from network.text.profiles import parse_profile
from replies.models import Notification
from tests.network.inbox.helpers import (
    HTMX as INBOX_HTMX,
)
from tests.network.inbox.helpers import (
    MARIE_URL,
    assert_inbox_body,
    category,
    received,
)
from tests.network.inbox.helpers import (
    payload as inbox_payload,
)

# Staff-only and cross-team by design: the Django admin is for the operators of the service.
EXCLUDED_NAMESPACES = {"admin"}
# allauth's own pages (log in, sign up, password reset...) are tried in tests/accounts.
EXCLUDED_MODULES = ("allauth.",)

# How each route is tried.
PUBLIC = "public"  # no login needed: not tried here
PAGE = "page"  # a page of the team: every member opens it
FORM = "form"  # a page with a form that writes: writers open it, carol gets 403
ACTION = "action"  # a write that only takes a POST: 405 to a GET, 403 to carol
OWN = "own"  # about the person herself (profile, her teams, her notifications): carol too
OWNER = "owner"  # the team's settings and members: the owner only
# The REST API (/api/v1/), tried with tokens below: 401 without one, never a login redirect.
API_READ = "api_read"  # GET only: every member reads
API_RW = "api_rw"  # GET reads; a write (POST, or API_WRITE_METHOD) needs a writer
API_ACTION = "api_action"  # a write that only takes a POST: 405 to a GET
API_KINDS = (API_READ, API_RW, API_ACTION)

ROUTES = {
    "home": PUBLIC,
    "healthz": PUBLIC,
    "ping": PUBLIC,
    "set_language": PUBLIC,
    "invitation_accept": PUBLIC,  # the token is the key
    "reminder_stop": PUBLIC,  # a signed link in an email, without login
    "api_schema": PUBLIC,  # the API's description, nothing of a team's
    "api_docs": PUBLIC,
    "token_list": OWN,  # her own tokens; carol makes tokens that can only read
    "token_revoke": OWN,
    "api_request_list": API_RW,
    "api_request_detail": API_READ,
    "api_contact_list": API_RW,
    "api_contact_detail": API_RW,
    "api_whois": API_READ,
    "api_phrase_list": API_READ,
    "api_phrase_fill": API_READ,
    **dict.fromkeys(
        [
            "api_request_accept",
            "api_request_accept_limited",
            "api_request_decline",
            "api_request_clarify",
            "api_request_snooze",
            "api_request_archive",
            "api_request_reopen",
        ],
        API_ACTION,
    ),
    "profile": OWN,
    "welcome": OWN,
    "team_detail": OWN,
    "team_create": OWN,
    "team_leave": OWN,
    "team_switch": OWN,
    "notification_list": OWN,
    "notification_bell": OWN,
    "notifications_read_all": OWN,
    "notification_read": OWN,
    "reminder_settings": OWN,
    "account_delete": OWN,  # a page, then the POST with her own email typed
    "reminder_mute": OWN,  # her own reminders for a request: carol may mute them too
    "team_rename": OWNER,
    "invitation_create": OWNER,
    "invitation_resend": OWNER,
    "invitation_revoke": OWNER,
    "invitation_approve": OWNER,
    "invitation_refuse": OWNER,
    "membership_role": OWNER,
    "membership_remove": OWNER,
    "membership_make_owner": OWNER,
    "reminder_team_settings": OWNER,
    "export_team_backup": OWNER,  # a download (GET) for owners and admins only
    "contact_forget": OWNER,  # erases across the team: managers only (a page, then the POST)
    "privacy_settings": OWNER,
    "team_delete": OWNER,  # owners only (admins get 403 too): a page, then the POST
    "inbox": PAGE,
    "dashboard": PAGE,
    "request_detail": PAGE,
    "whois": PAGE,
    "contact_list": PAGE,
    "contact_lookup": PAGE,
    "contact_detail": PAGE,
    "contact_export": PAGE,  # what the contact page and the inbox already show, gathered
    "category_list": PAGE,
    "phrase_list": PAGE,
    "phrase_preview": PAGE,
    "contact_create": FORM,
    "contact_edit": FORM,
    "contact_merge": FORM,
    "phrase_create": FORM,
    "phrase_edit": FORM,
    "composer": PAGE,  # carol may open it; sending is composer_send
    "import_list": PAGE,  # carol sees the team's imports, without the upload form
    "import_detail": PAGE,
    "import_progress": PAGE,
    "import_rejected": PAGE,
    # Capture from a network's page: the page that offers the bookmarklet and the result are
    # read by all; the window that receives the invitations and the confirmation are writes.
    "capture_page": PAGE,
    "capture_done": PAGE,
    "capture_receive": FORM,
    "capture_confirm": ACTION,
    "import_upload": ACTION,
    "email_page": PAGE,  # carol sees the team's mailboxes and their state, without the forms
    "mailbox_connect": FORM,
    "mailbox_edit": FORM,
    "import_mapping": ACTION,
    "import_confirm": ACTION,
    "import_cancel": ACTION,
    "import_match_resolve": ACTION,
    # Exports read the team's data: every member downloads them (GET only).
    "export_page": PAGE,
    "export_contacts_csv": PAGE,
    "export_contacts_vcard": PAGE,
    **dict.fromkeys(
        [
            "request_quick_add",
            "requests_bulk",
            "request_accept",
            "request_decline",
            "request_ask",
            "request_reply",
            "request_snooze",
            "request_archive",
            "request_link",
            "request_undo",
            "request_reopen",
            "requests_bulk_undo",
            "contacts_bulk",
            "contact_archive",
            "contact_met_through",
            "contact_tag",
            "alias_add",
            "profile_add",
            "email_add",
            "phone_add",
            "contact_untag",
            "alias_remove",
            "profile_access",
            "profile_remove",
            "email_remove",
            "phone_remove",
            "category_create",
            "category_update",
            "category_merge",
            "category_delete",
            "phrase_duplicate",
            "phrase_copy_personal",
            "phrase_archive",
            "composer_send",
            "reply_receive",
            "privacy_task_done",
            "privacy_review",
            "email_upload",
            "mailbox_test",
            "mailbox_poll",
            "mailbox_disconnect",
        ],
        ACTION,
    ),
}
# What a GET answers to alice and bob where the kind alone does not say it.
GET_STATUS = {
    "team_leave": 405,
    "team_switch": 405,
    "notifications_read_all": 405,
    "notification_read": 405,
    "reminder_mute": 405,
    **{name: 405 for name, kind in ROUTES.items() if kind == OWNER},
    "export_team_backup": 200,  # the one owner route read with a GET
    "token_revoke": 405,
}
# The confirmation pages, where the name is typed.
GET_STATUS.update(contact_forget=200, team_delete=200)
# bob opening alice's notification: it is hers alone.
BOB_GET_STATUS = {"notification_read": 404, "token_revoke": 404}

# carol's GET where it is not a 403: a write that checks the method before the permission.
CAROL_GET_STATUS = dict.fromkeys(
    [
        "category_create",
        "contacts_bulk",
        "request_quick_add",
        "requests_bulk",
        "requests_bulk_undo",
    ],
    405,
)

# Payload sent with every POST: valid-looking values, so a refusal is not a form error.
POST_DATA = {
    "role": "owner",
    "name": "Taken over",
    "email": "x@example.org",
    "next": "/",
    "given_name": "Taken",
    "access": "full",
    "address": "https://www.linkedin.com/in/taken-over",
    "number": "+33612345678",
    "colour": "#000000",
    "title": "x",
    "action": "archive",
    "sender_name": "Taken Over",
}
HTMX = {"HX-Request": "true"}


def _walk(patterns, namespace: str | None = None) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if inner in EXCLUDED_NAMESPACES:
                continue
            yield from _walk(pattern.url_patterns, inner)
        elif pattern.name and not pattern.callback.__module__.startswith(EXCLUDED_MODULES):
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern


def routes() -> dict[str, URLPattern]:
    return dict(_walk(get_resolver().url_patterns))


def _object_kwargs(pattern: URLPattern) -> list[str]:
    converters = getattr(pattern.pattern, "converters", {})
    names = [
        name
        for name, converter in converters.items()
        if isinstance(converter, IntConverter | UUIDConverter)
        or name == "pk"
        or name.endswith(("_id", "_pk"))
    ]
    return names


def object_routes() -> dict[str, list[str]]:
    return {
        name: kwargs for name, pattern in routes().items() if (kwargs := _object_kwargs(pattern))
    }


def of_kind(*kinds: str) -> list[str]:
    return sorted(name for name, kind in ROUTES.items() if kind in kinds)


# One factory per object route: given alice's team and cast, the object the route acts on.
Factory = Callable[[dict], object]


def _bob_membership(cast: dict) -> Membership:
    return Membership.objects.get(user=cast["bob"], team=cast["team"])


def _invitation(cast: dict) -> Invitation:
    invitation, _token = Invitation.create(
        team=cast["team"], email="target@example.org", role="member", invited_by=cast["alice"]
    )
    return invitation


def _contact(cast: dict, name: str = "Marie") -> Contact:
    contact = Contact.objects.create(team=cast["team"], given_name=name, family_name="Dupont")
    contact.reindex()
    return contact


def _category(cast: dict) -> Category:
    return Category.objects.filter(team=cast["team"]).first()


def _tag(cast: dict) -> ContactTag:
    return _contact(cast).tag(_category(cast))


def _alias(cast: dict) -> ContactAlias:
    return _contact(cast).add_alias("Marie Martin", "maiden")


def _profile(cast: dict) -> NetworkProfile:
    contact = _contact(cast)
    return NetworkProfile.objects.create(
        team=cast["team"],
        contact=contact,
        network="linkedin",
        handle="marie-dupont",
        url="https://www.linkedin.com/in/marie-dupont",
        access="full",
    )


def _email(cast: dict) -> ContactEmail:
    return ContactEmail.objects.create(contact=_contact(cast), email="marie@example.org")


def _phone(cast: dict) -> ContactPhone:
    return ContactPhone.objects.create(contact=_contact(cast), number="+33612345678")


def _request(cast: dict) -> ConnectionRequest:
    return connection_request_receive(
        team=cast["team"],
        owner=cast["alice"],
        sender_name="Marie Lefebvre",
        profile=parse_profile("https://www.linkedin.com/in/marie-lefebvre"),
        message="Bonjour !",
    )


def _notification(cast: dict) -> Notification:
    return Notification.objects.create(
        team=cast["team"],
        user=cast["alice"],
        connection_request=_request(cast),
        kind="first",
        asked_at=timezone.now(),
    )


def _asked_request(cast: dict) -> ConnectionRequest:
    found = _request(cast)
    connection_request_decide(action="ask", connection_request=found, actor=cast["alice"])
    return found


def _declined_request(cast: dict) -> ConnectionRequest:
    found = _request(cast)
    connection_request_decide(action="decline", connection_request=found, actor=cast["alice"])
    return found


def _import_job(cast: dict):
    from tests.network.imports.jobs import previewed_job

    return previewed_job(cast["team"], cast["alice"])


def _import_match(cast: dict) -> dict:
    from network.models import ImportMatch

    job = _import_job(cast)
    match = ImportMatch.objects.create(
        job=job,
        row=2,
        name="Marie Curie",
        contact=_contact(cast, "Marie"),
        candidates=[{"id": _contact(cast, "Maria").pk, "reasons": []}],
    )
    return {"pk": job, "match_pk": match}


def _privacy_task(cast: dict, kind: str = "restrict") -> PrivacyTask:
    return PrivacyTask.objects.create(
        team=cast["team"], contact=_contact(cast), kind=kind, network="facebook"
    )


def _access_token(cast: dict):
    from accounts.models import AccessToken

    return AccessToken.issue(user=cast["alice"], team=cast["team"], name="grid")[0]


def _mailbox(cast: dict):
    """A mailbox on a port of this machine where nothing listens: a test of its connection
    fails at once, without leaving the machine."""
    from network.mailbox.models import Mailbox

    mailbox = Mailbox(
        team=cast["team"],
        connected_by=cast["alice"],
        host="127.0.0.1",
        port=9,
        security="plain",
        username="alice@example.org",
    )
    mailbox.set_password("imap-password")
    mailbox.save()
    return mailbox


def _two_contacts(cast: dict) -> dict:
    return {"pk": _contact(cast, "Marie"), "other_pk": _contact(cast, "Maria")}


FACTORIES: dict[str, Factory] = {
    "team_switch": lambda cast: cast["team"],
    "invitation_resend": _invitation,
    "invitation_revoke": _invitation,
    "invitation_approve": _invitation,
    "invitation_refuse": _invitation,
    "membership_role": _bob_membership,
    "membership_remove": _bob_membership,
    "membership_make_owner": _bob_membership,
    "contact_detail": _contact,
    "contact_forget": _contact,
    "contact_export": _contact,
    "contact_edit": _contact,
    "contact_archive": _contact,
    "contact_tag": _contact,
    "contact_met_through": _contact,
    "alias_add": _contact,
    "profile_add": _contact,
    "email_add": _contact,
    "phone_add": _contact,
    "contact_merge": _two_contacts,
    "contact_untag": _tag,
    "alias_remove": _alias,
    "profile_access": _profile,
    "profile_remove": _profile,
    "email_remove": _email,
    "phone_remove": _phone,
    "category_update": _category,
    "category_merge": _category,
    "category_delete": _category,
    "notification_read": _notification,
    "token_revoke": _access_token,
    "api_contact_detail": _contact,
    "api_phrase_fill": lambda cast: cast["team"].phrases.first(),
    "api_request_reopen": _declined_request,
    **dict.fromkeys(
        [
            "api_request_detail",
            "api_request_accept",
            "api_request_accept_limited",
            "api_request_decline",
            "api_request_clarify",
            "api_request_snooze",
            "api_request_archive",
        ],
        _request,
    ),
    **dict.fromkeys(
        [
            "import_detail",
            "import_progress",
            "import_rejected",
            "import_mapping",
            "import_confirm",
            "import_cancel",
        ],
        _import_job,
    ),
    "import_match_resolve": _import_match,
    "privacy_task_done": _privacy_task,
    **dict.fromkeys(
        ["mailbox_edit", "mailbox_test", "mailbox_poll", "mailbox_disconnect"], _mailbox
    ),
    "privacy_review": lambda cast: _privacy_task(cast, "review"),
    # An action the state machine allows on it, so that a refusal is the permission check.
    "request_reply": _asked_request,
    "request_undo": _declined_request,
    "request_reopen": _declined_request,
    **dict.fromkeys(
        [
            "request_detail",
            "request_accept",
            "request_decline",
            "request_ask",
            "request_snooze",
            "request_archive",
            "request_link",
            "composer",
            "composer_send",
            "reply_receive",
            "reminder_mute",
        ],
        _request,
    ),
    **dict.fromkeys(
        ["phrase_edit", "phrase_duplicate", "phrase_copy_personal", "phrase_archive"],
        lambda cast: cast["team"].phrases.first(),
    ),
}


def _targets(route: str, cast: dict) -> dict:
    made = FACTORIES[route](cast)
    if isinstance(made, dict):
        return made
    (kwarg,) = object_routes()[route]
    return {kwarg: made}


def _url(route: str, cast: dict) -> str:
    if route in FACTORIES:
        targets = _targets(route, cast)
        return reverse(route, kwargs={kwarg: obj.pk for kwarg, obj in targets.items()})
    return reverse(route)


@pytest.fixture
def cast(alice, team, bob, carol, mallory) -> dict:
    return {"alice": alice, "team": team, "bob": bob, "carol": carol, "mallory": mallory}


def rows() -> dict:
    """Every row of the project's own apps: what a refused request must leave as it was."""
    state = {}
    for label in ("accounts", "network", "replies"):
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = sorted(
                model.objects.order_by("pk").values_list(), key=lambda row: row[0]
            )
    return state


def _snapshot(objects: dict) -> dict:
    """Each target as stored, the contact it hangs off, and the roles of its team."""
    state = {}
    for name, obj in objects.items():
        fresh = type(obj).objects.filter(pk=obj.pk).first()
        contact = getattr(fresh, "contact", None)
        state[name] = {
            "object": model_to_dict(fresh) if fresh else None,
            "contact": model_to_dict(contact) if contact else None,
        }
    state["roles"] = sorted(Membership.objects.values_list("team_id", "user_id", "role"))
    return state


def test_every_route_is_classified():
    assert set(routes()) == set(ROUTES), (
        "say in ROUTES how each new route is tried (and drop the routes that are gone)"
    )


def test_every_object_route_is_exercised():
    assert set(object_routes()) == set(FACTORIES), (
        "add a factory to FACTORIES for each new route that takes an object id"
    )


# Anonymous visitors


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(set(ROUTES) - set(of_kind(PUBLIC, *API_KINDS))))
def test_anonymous_is_sent_to_login(route, cast, client):
    url = _url(route, cast)
    before = rows()
    for response in (client.get(url), client.post(url, POST_DATA)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert rows() == before


# alice and bob: every page opens; an action refuses a GET


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "who"),
    [(route, "alice") for route in of_kind(PAGE, FORM, ACTION, OWN, OWNER)]
    + [(route, "bob") for route in of_kind(PAGE, FORM, ACTION, OWN)],  # OWNER: below
)
def test_owner_and_member_open_every_page_and_actions_refuse_get_with_405(route, who, cast, login):
    url = _url(route, cast)
    expected = 405 if ROUTES[route] == ACTION else GET_STATUS.get(route, 200)
    if who == "bob":
        expected = BOB_GET_STATUS.get(route, expected)
    client = login(cast[who])
    before = rows()
    assert client.get(url).status_code == expected
    if expected != 200:
        assert rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("route", of_kind(OWNER))
def test_member_and_read_only_member_are_refused_the_owner_pages(route, cast, login):
    url = _url(route, cast)
    for who in ("bob", "carol"):
        client = login(cast[who])
        before = rows()
        assert client.post(url, POST_DATA).status_code == 403
        assert rows() == before


# The inbox's writers: every action applies (the requests are in a state it applies to) and
# answers the inbox body to htmx.

INBOX_TARGETS = {
    "request_accept": "marie",
    "request_decline": "marie",
    "request_ask": "marie",
    "request_reply": "jean",
    "request_snooze": "marie",
    "request_archive": "marie",
    "request_link": "marie",
    "request_undo": "dan",
    "request_reopen": "dan",
    "request_quick_add": None,
    "requests_bulk": None,
    "requests_bulk_undo": None,
}


def _inbox(team, alice) -> SimpleNamespace:
    dan = received(team, alice, "Dan Declined", minutes_ago=60)
    connection_request_decide(action="decline", connection_request=dan, actor=alice)
    return SimpleNamespace(
        luc=received(team, alice, "Luc Besson", minutes_ago=5, network="x"),
        jean=received(
            team, alice, "Jean Dupont", minutes_ago=15, network="facebook", state="asked"
        ),
        marie=received(team, alice, "Marie Lefèbvre", minutes_ago=20, address=MARIE_URL),
        dan=ConnectionRequest.objects.get(pk=dan.pk),
        helene=contact_create(
            team=team, actor=alice, data={"given_name": "Hélène", "family_name": "Durand"}
        ),
        school=category(team, "school"),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(INBOX_TARGETS))
def test_a_writer_can_do_what_the_others_are_refused(route, login, alice, team):
    inbox = _inbox(team, alice)
    target = INBOX_TARGETS[route]
    args = [getattr(inbox, target).pk] if target else []
    client = login(alice)
    payload = inbox_payload(inbox)
    if route == "requests_bulk_undo":  # a bulk action to undo, made by the same team
        connection_requests_bulk(
            team=team, actor=alice, ids=[inbox.luc.pk], action="archive", batch="grid"
        )
        payload["batch"] = "grid"
    before = rows()
    response = client.post(reverse(route, args=args), payload, headers=INBOX_HTMX)
    assert_inbox_body(response)
    after = rows()
    assert any(after[label] != before[label] for label in after if label.startswith("network."))


# carol: read-only member


@pytest.mark.django_db
@pytest.mark.parametrize("route", of_kind(PAGE))
def test_read_only_member_opens_every_page(route, cast, login):
    assert login(cast["carol"]).get(_url(route, cast)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("route", of_kind(FORM, ACTION))
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_read_only_member_gets_403_on_every_write(route, htmx, cast, login):
    url = _url(route, cast)
    headers = HTMX if htmx else {}
    client = login(cast["carol"])
    before = rows()
    assert client.get(url, headers=headers).status_code == CAROL_GET_STATUS.get(route, 403)
    assert client.post(url, POST_DATA, headers=headers).status_code == 403
    assert rows() == before


# mallory: another team


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(FACTORIES))
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_outsider_gets_404_and_the_object_is_unchanged(
    route, htmx, login, alice, team, bob, mallory
):
    targets = _targets(route, {"alice": alice, "team": team, "bob": bob})
    url = reverse(route, kwargs={kwarg: obj.pk for kwarg, obj in targets.items()})
    headers = HTMX if htmx else {}
    before = _snapshot(targets)

    client = login(mallory)
    everything = rows()
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(url, POST_DATA, headers=headers).status_code == 404

    assert _snapshot(targets) == before
    assert rows() == everything


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(FACTORIES))
def test_a_made_up_id_is_404_for_a_member_too(route, login, alice, team, bob):
    url = reverse(route, kwargs=dict.fromkeys(object_routes()[route], 987654))
    assert login(alice).post(url, POST_DATA).status_code == 404
