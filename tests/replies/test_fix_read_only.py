"""A read-only member reads everything a writer reads (issue 11, item 9): the whole phrase
without a link to an edit page she cannot open, the messages sent and the reply received on
a request, and no sentence that ends on a colon before a search box she does not get."""

from __future__ import annotations

from django.urls import reverse

from network.inbox.services import connection_request_receive
from network.text.profiles import parse_profile
from replies.services import message_send, reply_record

LONG_BODY = "Bonjour {first_name},\n" + "merci pour votre invitation. " * 8 + "Fin du message."


def _request(team, alice):
    return connection_request_receive(
        team=team,
        owner=alice,
        sender_name="Zoé Quintal",
        profile=parse_profile("https://www.linkedin.com/in/zoe-quintal"),
        message="Bonjour",
    )


def test_read_only_member_reads_the_whole_phrase_without_an_edit_link(login, alice, carol, team):
    phrase = team.phrases.first()
    phrase.body = LONG_BODY
    phrase.save()

    html = login(carol).get(reverse("phrase_list")).content.decode()

    assert reverse("phrase_edit", args=[phrase.pk]) not in html
    assert "Fin du message." in html
    assert login(carol).get(reverse("phrase_edit", args=[phrase.pk])).status_code == 403


def test_writer_still_opens_the_phrase_from_its_title(login, alice, team):
    phrase = team.phrases.first()

    html = login(alice).get(reverse("phrase_list")).content.decode()

    assert f'href="{reverse("phrase_edit", args=[phrase.pk])}"' in html


def test_read_only_member_reads_messages_sent_and_the_reply(login, alice, carol, team):
    connection_request = _request(team, alice)
    message_send(
        connection_request=connection_request,
        actor=alice,
        text="Bonjour Zoé, où nous sommes-nous rencontrées ?",
        intent="ask_how_met",
    )
    reply_record(connection_request=connection_request, actor=alice, text="Au club de voile")

    html = login(carol).get(reverse("request_detail", args=[connection_request.pk]))
    html = html.content.decode()

    assert "Messages sent" in html
    assert "où nous sommes-nous rencontrées ?" in html
    assert "Au club de voile" in html
    assert 'name="text"' not in html  # nothing to write with


def test_read_only_member_reads_no_sentence_ending_on_a_colon(login, alice, carol, team):
    connection_request = _request(team, alice)
    path = reverse("request_detail", args=[connection_request.pk])

    read_only = login(carol).get(path).content.decode()
    writer = login(alice).get(path).content.decode()

    assert "search your contacts:" not in read_only
    assert "former name or company.</p>" in read_only
    assert "search your contacts:" in writer
    assert 'id="link-q"' in writer
