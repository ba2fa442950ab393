"""Labels and formats (issue 11, item 12): the undo bar after "mark as sent" names the new
state; the history says which question was asked; the follow-up speaks the first message's
language; one date format per language; a merged contact's old address leads to the survivor;
French puts a space before a colon."""

from __future__ import annotations

import re

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from network.contacts.services import contact_create, contact_merge
from replies.models import Phrase
from replies.services import message_send
from tests.network.inbox.helpers import HTMX, received

pytestmark = pytest.mark.django_db


def test_after_mark_as_sent_the_undo_bar_names_the_new_state(team, alice, login):
    request = received(team, alice, "Nina Sent", minutes_ago=5)
    response = login(alice).post(
        reverse("composer_send", args=[request.pk]),
        {"intent": "ask_purpose", "text": "Hello Nina, what brings you here?"},
        headers=HTMX,
    )
    bar = response.content.decode().split('id="undo-bar"')[1].split("</span>")[0]
    assert "Nina Sent: clarification asked." in bar


@pytest.mark.parametrize(
    ("intent", "label"),
    [("ask_purpose", "Asked the purpose of connecting"), ("ask_how_met", "Asked how we met")],
)
def test_the_history_says_which_question_was_asked(team, alice, intent, label):
    request = received(team, alice, "Nina Asked", minutes_ago=5)
    message_send(connection_request=request, actor=alice, text="Hello", intent=intent)
    assert request.events.order_by("-pk").first().label == label


def test_the_follow_up_speaks_the_language_of_the_first_message(team, alice, login):
    request = received(team, alice, "Nina Française", minutes_ago=5)
    french = Phrase.objects.filter(team=team, intent="ask_how_met", language="fr").first()
    message_send(
        connection_request=request, actor=alice, text="Bonjour", intent="ask_how_met", phrase=french
    )
    page = (
        login(alice)
        .get(reverse("composer", args=[request.pk]), {"intent": "follow_up"})
        .content.decode()
    )
    chosen = Phrase.objects.filter(team=team, intent="follow_up", language="fr").first()
    assert chosen is not None
    assert f'value="{chosen.pk}" selected' in page


def test_english_dates_are_unambiguous_everywhere():
    from django.utils import translation
    from django.utils.formats import get_format

    with translation.override("en"):
        assert get_format("SHORT_DATE_FORMAT") == "j M Y"
        assert get_format("SHORT_DATETIME_FORMAT") == "j M Y, H:i"
    assert settings.FORMAT_MODULE_PATH == ["config.formats"]


def test_a_merged_contact_s_old_address_leads_to_the_survivor(team, alice, login):
    survivor = contact_create(
        team=team, actor=alice, data={"given_name": "Ana", "family_name": "A"}
    )
    loser = contact_create(team=team, actor=alice, data={"given_name": "Ana", "family_name": "B"})
    old = reverse("contact_detail", args=[loser.pk])
    contact_merge(survivor=survivor, loser=loser, actor=alice, choices={})
    response = login(alice).get(old)
    assert (response.status_code, response["Location"]) == (302, survivor.get_absolute_url())


def test_a_merged_contact_of_another_team_stays_a_404(team, alice, mallory, login):
    survivor = contact_create(
        team=team, actor=alice, data={"given_name": "Ana", "family_name": "A"}
    )
    loser = contact_create(team=team, actor=alice, data={"given_name": "Ana", "family_name": "B"})
    contact_merge(survivor=survivor, loser=loser, actor=alice, choices={})
    assert login(mallory).get(reverse("contact_detail", args=[loser.pk])).status_code == 404


# An HTTP header is code, written as the protocol spells it, in French too.
HEADER = "Authorization: Bearer"


def test_french_puts_a_space_before_every_colon():
    catalogue = polib.pofile(str(settings.BASE_DIR / "locale/fr/LC_MESSAGES/django.po"))
    texts = [entry.msgstr or entry.msgstr_plural.get(0, "") for entry in catalogue]
    glued = [
        text
        for text in texts
        if re.search(r"[^\s\u00a0\u202f]:(\s|$)", text.replace(HEADER, "")) and "://" not in text
    ]
    assert glued == []
    # The header is left alone, not the rest: a glued colon beside it is still caught.
    assert re.search(r"[^\s\u00a0\u202f]:(\s|$)", f"Envoyez: {HEADER}".replace(HEADER, ""))
