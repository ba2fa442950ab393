"""A phrase's "used" and "answered" figures are kept as messages and replies are recorded, so
the phrase list reads them instead of counting the team's whole history on every view."""

import pytest
from django.urls import reverse

from network.inbox.services import connection_request_receive
from network.text.profiles import parse_profile
from replies.models import Phrase
from replies.services import message_send, reply_record

pytestmark = pytest.mark.django_db


def receive(team, owner, index: int):
    return connection_request_receive(
        team=team,
        owner=owner,
        sender_name=f"Person {index}",
        profile=parse_profile(f"https://www.linkedin.com/in/person-{index}"),
        language="en",
    )


def figures(phrase: Phrase) -> tuple[int, int]:
    phrase.refresh_from_db()
    return phrase.used, phrase.answered


def recounted(phrase: Phrase) -> tuple[int, int]:
    """What counting the messages from scratch gives."""
    Phrase.recount(phrase.team)
    return figures(phrase)


def test_each_message_counts_one_use_and_a_first_reply_one_answer(team, alice):
    how_met = team.phrases.get(intent="ask_how_met", language="en")
    follow_up = team.phrases.get(intent="follow_up", language="en")
    first, second = receive(team, alice, 1), receive(team, alice, 2)
    message_send(
        connection_request=first, actor=alice, text="Hi", intent="ask_how_met", phrase=how_met
    )
    message_send(
        connection_request=second, actor=alice, text="Hi", intent="ask_how_met", phrase=how_met
    )
    message_send(
        connection_request=first, actor=alice, text="Again", intent="follow_up", phrase=follow_up
    )
    assert figures(how_met) == (2, 0)
    reply_record(connection_request=first, actor=alice, text="At the fair.")
    # Both phrases sent to the first sender were answered; the second sender has not replied.
    assert figures(how_met) == (2, 1) == recounted(how_met)
    assert figures(follow_up) == (1, 1) == recounted(follow_up)


def test_a_phrase_sent_after_the_reply_counts_that_answer_once(team, alice):
    welcome = team.phrases.get(intent="welcome", language="en")
    how_met = team.phrases.get(intent="ask_how_met", language="en")
    found = receive(team, alice, 1)
    message_send(
        connection_request=found, actor=alice, text="Hi", intent="ask_how_met", phrase=how_met
    )
    reply_record(connection_request=found, actor=alice, text="At school.")
    message_send(
        connection_request=found, actor=alice, text="Thanks", intent="follow_up", phrase=welcome
    )
    message_send(
        connection_request=found, actor=alice, text="Thanks!", intent="follow_up", phrase=welcome
    )
    assert figures(welcome) == (2, 1) == recounted(welcome)
    assert figures(how_met) == (1, 1) == recounted(how_met)


def test_a_message_without_a_phrase_counts_for_none(team, alice):
    found = receive(team, alice, 1)
    message_send(connection_request=found, actor=alice, text="Hand-written", intent="ask_how_met")
    reply_record(connection_request=found, actor=alice, text="Hello")
    assert set(Phrase.objects.filter(team=team).values_list("used", "answered")) == {(0, 0)}


def test_the_phrase_list_shows_the_figures_and_reads_as_much_for_1_and_30_messages(
    team, alice, login, django_assert_max_num_queries
):
    how_met = team.phrases.get(intent="ask_how_met", language="en")
    client = login(alice)

    def send(start: int, count: int) -> None:
        for index in range(start, start + count):
            found = receive(team, alice, index)
            message_send(
                connection_request=found,
                actor=alice,
                text="Hi",
                intent="ask_how_met",
                phrase=how_met,
            )
            if index % 2:
                reply_record(connection_request=found, actor=alice, text="Hello")

    send(0, 1)
    client.get(reverse("phrase_list"))
    with django_assert_max_num_queries(100) as one:
        client.get(reverse("phrase_list"))
    queries = len(one.captured_queries)  # read now: the next request empties the log
    send(1, 29)
    with django_assert_max_num_queries(queries):
        response = client.get(reverse("phrase_list"))
    listed = next(phrase for phrase in response.context["phrases"] if phrase.pk == how_met.pk)
    assert (listed.used, listed.answered) == (30, 15)
    assert "used 30 times" in response.content.decode()
