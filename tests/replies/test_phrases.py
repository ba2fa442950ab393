"""Placeholders: a whitelist filled by plain substitution; anything else is refused, never run."""

import pytest
from django.core.exceptions import ValidationError

from replies.models import Phrase
from replies.phrases import PLACEHOLDERS, fill, problems

VALUES = {
    "first_name": "Marie",
    "last_name": "Lefebvre",
    "full_name": "Marie Lefebvre",
    "network": "LinkedIn",
    "my_name": "Camille Demo",
    "my_first_name": "Camille",
    "company": "Acme",
    "team": "Boutique",
}


@pytest.mark.parametrize("name", sorted(PLACEHOLDERS))
def test_every_placeholder_is_filled(name):
    assert fill(f"<{{{name}}}>", VALUES) == f"<{VALUES[name]}>"
    assert problems(f"Hello {{{name}}}") == []


def test_a_missing_value_leaves_a_blank_never_a_placeholder():
    assert fill("Bonjour {first_name} ({company})", {"first_name": "Marie"}) == "Bonjour Marie ()"


@pytest.mark.parametrize(
    "hostile",
    [
        "{{ settings.SECRET_KEY }}",
        "{% load x %}",
        "{0.__class__}",
        "{first_name.__class__}",
        "{first_name!r}",
        "{FIRST_NAME}",
        "{unknown}",
        "a lone { brace",
        "and } the other",
        "{}",
    ],
)
def test_hostile_or_unknown_placeholders_are_refused_on_save(hostile, team):
    assert problems(f"Hello {hostile}")
    phrase = Phrase(team=team, title="x", intent="ask_how_met", body=f"Hi {hostile}")
    with pytest.raises(ValidationError) as raised:
        phrase.full_clean()
    assert "placeholder" in str(raised.value)


@pytest.mark.parametrize(
    "hostile",
    ["{{ settings.SECRET_KEY }}", "{% load x %}", "{0.__class__}", "{first_name.__class__}"],
)
def test_hostile_text_is_shown_literally_if_it_ever_reaches_fill(hostile):
    assert fill(hostile, VALUES) == hostile


def test_values_are_inserted_as_plain_text_not_interpreted():
    sneaky = {**VALUES, "first_name": "{last_name} {{ settings.SECRET_KEY }}"}
    assert fill("Hi {first_name}", sneaky) == "Hi {last_name} {{ settings.SECRET_KEY }}"


def test_long_bodies_are_filled_whole():
    body = "Bonjour {first_name}. " * 5000
    filled = fill(body, VALUES)
    assert filled.count("Marie") == 5000
    assert "{" not in filled


@pytest.mark.django_db
def test_every_new_team_starts_with_a_library_in_french_and_english(team):
    pairs = set(team.phrases.values_list("intent", "language"))
    for intent in ("ask_how_met", "ask_purpose", "decline", "welcome", "follow_up"):
        assert {(intent, "fr"), (intent, "en")} <= pairs
    for phrase in team.phrases.all():
        assert problems(phrase.body) == [], phrase.title
