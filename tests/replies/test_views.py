"""The phrase library and the composer, for the whole cast."""

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.inbox.services import connection_request_receive
from network.text.profiles import parse_profile
from replies.models import OutgoingMessage, Phrase, ReceivedReply

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(team):
    return team.phrases.get(intent="ask_how_met", language="en")


@pytest.fixture
def found(team, alice):
    return connection_request_receive(
        team=team,
        owner=alice,
        sender_name="Marie Lefebvre",
        profile=parse_profile("https://www.linkedin.com/in/marie-lefebvre"),
        headline="Buyer at Acme Distribution",
        language="en",
    )


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_members_see_the_library(request, login, who, team, shared):
    response = login(request.getfixturevalue(who)).get(reverse("phrase_list"))
    assert response.status_code == 200
    assert shared.title in response.content.decode()


def test_outsider_never_sees_another_teams_phrases(login, mallory, shared):
    response = login(mallory).get(reverse("phrase_list"))
    assert shared.pk not in [phrase.pk for phrase in response.context["phrases"]]
    assert login(mallory).get(reverse("phrase_edit", args=[shared.pk])).status_code == 404


def test_a_personal_phrase_is_invisible_to_colleagues(login, alice, bob, team):
    mine = Phrase.objects.create(
        team=team, owner=alice, title="Mine", intent="decline", language="fr", body="Non."
    )
    assert login(bob).get(reverse("phrase_edit", args=[mine.pk])).status_code == 404
    assert mine.pk not in [p.pk for p in login(bob).get(reverse("phrase_list")).context["phrases"]]


def test_create_with_an_unknown_placeholder_gives_a_field_error(login, alice, team):
    response = login(alice).post(
        reverse("phrase_create"),
        {
            "title": "Bad",
            "intent": "ask_how_met",
            "language": "fr",
            "body": "Hi {nom}",
            "shared": "on",
        },
    )
    assert response.status_code == 422
    assert "Unknown or malformed placeholder: {nom}" in response.content.decode()
    assert not team.phrases.filter(title="Bad").exists()


def test_create_shared_and_personal(login, alice, team):
    client = login(alice)
    client.post(
        reverse("phrase_create"),
        {
            "title": "Shared",
            "intent": "welcome",
            "language": "fr",
            "body": "Bienvenue {first_name}",
            "shared": "on",
        },
    )
    client.post(
        reverse("phrase_create"),
        {"title": "Personal", "intent": "welcome", "language": "fr", "body": "Salut {first_name}"},
    )
    assert team.phrases.get(title="Shared").owner is None
    assert team.phrases.get(title="Personal").owner == alice


def test_live_preview_fills_a_sample_and_shows_problems(login, alice):
    response = login(alice).post(
        reverse("phrase_preview"),
        {"body": "Bonjour {first_name} {{ x }}"},
        headers={"HX-Request": "true"},
    )
    content = response.content.decode()
    assert "Bonjour Marie" in content
    assert "Not allowed here" in content


def test_duplicate_archive_and_personal_copy(login, alice, team, shared):
    client = login(alice)
    client.post(reverse("phrase_duplicate", args=[shared.pk]))
    assert team.phrases.filter(title=f"{shared.title} (copy)").exists()
    client.post(reverse("phrase_copy_personal", args=[shared.pk]))
    assert team.phrases.filter(title=shared.title, owner=alice).exists()
    client.post(reverse("phrase_archive", args=[shared.pk]))
    shared.refresh_from_db()
    assert shared.archived_at is not None


@pytest.mark.parametrize("route", ["phrase_duplicate", "phrase_copy_personal", "phrase_archive"])
def test_read_only_member_gets_403_on_writes(login, carol, route, shared):
    assert login(carol).post(reverse(route, args=[shared.pk])).status_code == 403
    assert login(carol).post(reverse("phrase_create"), {"title": "x"}).status_code == 403


def test_composer_suggests_purpose_for_a_stranger_and_fills_it(login, alice, found):
    response = login(alice).get(reverse("composer", args=[found.pk]))
    assert response.context["intent"] == "ask_purpose"
    assert response.context["phrase"].language == "en"
    assert response.context["text"].startswith("Hello Marie,")


def test_composer_suggests_how_we_met_when_someone_may_be_the_sender(login, alice, team, found):
    contact = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Dupont", "company": "Acme Distribution"},
    )
    contact.reindex()
    response = login(alice).get(reverse("composer", args=[found.pk]))
    assert response.context["intent"] == "ask_how_met"


def test_mark_as_sent_records_the_exact_text_and_asks(login, alice, found, shared):
    response = login(alice).post(
        reverse("composer_send", args=[found.pk]),
        {"intent": "ask_how_met", "phrase": shared.pk, "text": "Hello Marie, edited by hand."},
        headers={"HX-Request": "true", "HX-Target": "inbox-body"},
    )
    assert response.status_code == 200
    message = OutgoingMessage.objects.get()
    assert (message.text, message.phrase, message.connection_request) == (
        "Hello Marie, edited by hand.",
        shared,
        found,
    )
    found.refresh_from_db()
    assert found.state == "asked"


def test_recording_their_reply_moves_to_reply_received(login, alice, found, shared):
    client = login(alice)
    client.post(
        reverse("composer_send", args=[found.pk]),
        {"intent": "ask_how_met", "phrase": shared.pk, "text": "Hello"},
    )
    client.post(reverse("reply_receive", args=[found.pk]), {"text": "We met at the fair!"})
    found.refresh_from_db()
    assert found.state == "replied"
    assert ReceivedReply.objects.get().text == "We met at the fair!"
    listed = login(alice).get(reverse("phrase_list")).context["phrases"]
    used = next(phrase for phrase in listed if phrase.pk == shared.pk)
    assert (used.used, used.answered) == (1, 1)


def test_declining_through_the_composer(login, alice, found, team):
    decline = team.phrases.get(intent="decline", language="en")
    login(alice).post(
        reverse("composer_send", args=[found.pk]),
        {"intent": "decline", "phrase": decline.pk, "text": "No, thank you."},
    )
    found.refresh_from_db()
    assert found.state == "declined"


def test_an_empty_message_is_refused_and_nothing_changes(login, alice, found):
    login(alice).post(
        reverse("composer_send", args=[found.pk]), {"intent": "ask_how_met", "text": "  "}
    )
    found.refresh_from_db()
    assert found.state == "new"
    assert not OutgoingMessage.objects.exists()


def test_read_only_member_cannot_send(login, carol, found):
    response = login(carol).post(
        reverse("composer_send", args=[found.pk]), {"intent": "ask_how_met", "text": "Hi"}
    )
    assert response.status_code == 403
