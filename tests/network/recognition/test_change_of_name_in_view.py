"""A change of name at the company the headline names stays among the first three
suggestions, however many namesakes elsewhere come first (``bench recognition --names
faker``: "Inès Germain at Accenture" listed two Inès Germain of other firms and none of the
Inès at Accenture, where Inès Gillet, married since, works)."""

from __future__ import annotations

import pytest
from django.db.models import Prefetch

from network.models import Contact
from network.recognition.matching import (
    SHOWN_NAME_CHANGE,
    Backing,
    Query,
    Suggestion,
    _before_names_only_alike,
    _contact_names,
    _count_candidates,
    _emails,
    _evidence,
    _with_a_change_of_name,
    recognise,
)
from network.recognition.scoring import score_of
from tests.network.recognition.test_fix_real_scale import book, filler

pytestmark = pytest.mark.django_db

HEADLINE = "Chargée de clientèle at Atelier Cordier"
MESSAGE = "Bonjour, nous étions ensemble au lycée Hoche, vous vous souvenez ?"
BEHIND_TWO_NAMESAKES = ["Aimée Germain", "Aimée Germain", "Aimée Gillardeau"]


def _listed(suggestions) -> list[tuple[str, int]]:
    return [(suggestion.contact.name, suggestion.score) for suggestion in suggestions]


def _namesakes(count: int) -> list[tuple]:
    return [("Aimée", "Germain", f"Parent Comptable {index}q", "Lyon") for index in range(count)]


def _tagged_at(team, alice, company: str) -> None:
    """Three Aimée Germain elsewhere, and Aimée Gillardeau at ``company``, tagged with the
    lycée the message recalls."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += _namesakes(3)
    people += [("Aimée", "Gillardeau", company, "Lyon")]
    _at_the_lycee(team, alice, book(team, alice, people), ["Gillardeau"], 2004)


def _at_the_lycee(team, alice, contacts, families: list[str], year: int) -> None:
    """Tag the contacts of these family names with the lycée the message recalls."""
    school = team.categories.get(key="school")
    for contact in contacts:
        if contact.family_name in families:
            contact.tag(school, alice, detail=f"Lycée Hoche, {year}")


def test_a_change_of_name_there_takes_the_third_place_behind_namesakes_elsewhere(alice, team):
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += filler(60, lambda index: "Atelier Cordier")
    people += _namesakes(3)
    people += [("Aimée", "Gillardeau", "Atelier Cordier", "Lyon")]
    book(team, alice, people)
    suggestions = recognise(team, Query("Aimée Germain", headline=HEADLINE))
    listed = _listed(suggestions)
    assert [name for name, _ in listed[:3]] == BEHIND_TWO_NAMESAKES, listed
    assert [name for name, _ in listed[3:]] == ["Aimée Germain"]
    change = suggestions[2]
    # The score is still what the shared odds make it: below the namesakes', and told why.
    assert change.score < suggestions[1].score, listed
    assert any("a change of name?" in reason for reason in change.reasons)
    assert all(
        any("another company" in reason for reason in suggestion.reasons)
        for suggestion in suggestions
        if suggestion.contact.name == "Aimée Germain"
    )


def test_nothing_moves_when_the_first_name_at_that_company_is_already_in_view(alice, team):
    """A typo of her family name at the company: she is there already, and the colleague of
    that first name (a change of name too) does not push her out."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += filler(60, lambda index: "Atelier Cordier")
    people += _namesakes(2)
    people += [
        ("Aimée", "Germaine", "Atelier Cordier", "Lyon"),
        ("Aimée", "Gillardeau", "Atelier Cordier", "Lyon"),
    ]
    book(team, alice, people)
    suggestions = recognise(team, Query("Aimée Germain", headline=HEADLINE))
    listed = _listed(suggestions)
    ranked = sorted(suggestions, key=lambda s: (-s.score, -s.weight, s.contact.name, s.contact.pk))
    assert suggestions == ranked, listed
    assert "Aimée Germaine" in [name for name, _ in listed[:3]], listed


def test_so_does_a_change_of_name_the_message_recalls_by_how_we_met(alice, team):
    """No headline, and a message that recalls the lycée: Aimée Gillardeau, tagged with it,
    may be Aimée Germain married; three Aimée Germain have nothing but the name."""
    _tagged_at(team, alice, "Atelier Cordier")
    suggestions = recognise(team, Query("Aimée Germain", message=MESSAGE))
    listed = _listed(suggestions)
    assert [name for name, _ in listed[:3]] == BEHIND_TWO_NAMESAKES, listed
    reasons = suggestions[2].reasons
    assert "the message mentions “Lycée Hoche, 2004”" in reasons, reasons
    assert "family name differs (a change of name?)" in reasons, reasons


def _entry(pk: int, score: int, bits: float) -> Suggestion:
    return Suggestion(Contact(pk=pk, given_name=f"P{pk}"), score, weight=bits)


def test_the_rule_itself():
    """Third place for the likeliest change of name whose own evidence would show it (bits
    before the odds are shared), unless the first name at that company is already in view."""
    namesakes = [_entry(pk, 61, 6.0) for pk in (1, 2, 3)]
    strong, weak = _entry(10, 20, 0.0), _entry(11, 25, -5.0)  # own score 40 and 22
    found = {entry.contact.pk: entry for entry in [*namesakes, strong, weak]}
    assert score_of(strong.weight) >= SHOWN_NAME_CHANGE > score_of(weak.weight)

    def placed(shown, changes, at_company):
        result = _with_a_change_of_name(shown, found, changes, at_company)
        return [entry.contact.pk for entry in result]

    assert placed(namesakes, {10, 11}, {10, 11}) == [1, 2, 10, 3]
    assert placed(namesakes, {11}, {11}) == [1, 2, 3]  # too weak on its own
    assert placed(namesakes[:1], {10}, {10}) == [1, 10]
    # Never first (what a request stores as its best match), never before a likely one.
    assert placed([], {10}, {10}) == []
    likely = [_entry(pk, 85, 9.0) for pk in (4, 5, 6)]
    assert placed([*likely, *namesakes], {10}, {10}) == [4, 5, 6, 10, 1, 2, 3]
    assert placed([likely[0], *namesakes], {10}, {10}) == [4, 1, 10, 2, 3]
    # Someone of that first name at that company (a typo of the family name) is in view.
    assert placed([namesakes[0], found[3], namesakes[1]], {10}, {3, 10}) == [1, 3, 2]
    # A place of the first three left empty goes to the next change of name that qualifies.
    other = _entry(12, 19, -0.5)
    found[12] = other
    assert score_of(other.weight) >= SHOWN_NAME_CHANGE
    assert placed(namesakes[:1], {10, 11, 12}, {10, 11, 12}) == [1, 10, 12]
    assert placed(namesakes, {10, 12}, {10, 12}) == [1, 2, 10, 3]  # no place left
    assert placed([namesakes[0], found[3]], {3, 10}, {3, 10}) == [1, 3, 10]
    assert placed([], {10, 12}, {10, 12}) == []  # still never first


def test_the_change_of_name_is_said_once(alice, team):
    """A company only alike and a message that recalls the lycée: the company's reason
    already says the family name differs; it is not said a second time."""
    _tagged_at(team, alice, "Mercier Conseil")
    headline = "Chargée de clientèle at Cabinet Mercier & Associés"
    query = Query("Aimée Germain", headline=headline, message=MESSAGE)
    found = {s.contact.name: s for s in recognise(team, query)}
    reasons = [str(reason) for reason in found["Aimée Gillardeau"].reasons]
    assert sum("a change of name?" in reason for reason in reasons) == 1, reasons


def test_a_namesake_elsewhere_leaves_two_places_to_those_the_message_recalls(alice, team):
    """Five Aimée were at the lycée the message recalls, under other family names: the odds
    they share put each below the display bar. Behind the one Aimée Germain the team knows
    (nothing recalls the lycée about her), the two places left go to two of them, not one."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += _namesakes(1)
    married = ["Gillardeau", "Pelletan", "Rouvenac", "Sabatel", "Trouvier"]
    people += [("Aimée", family, f"Atelier {family}", "Lyon") for family in married]
    _at_the_lycee(team, alice, book(team, alice, people), married, 2004)
    suggestions = recognise(team, Query("Aimée Germain", message=MESSAGE), limit=3)
    listed = _listed(suggestions)
    assert listed[0][0] == "Aimée Germain", listed
    recalled = suggestions[1:]
    assert len(recalled) == 2, listed
    for suggestion in recalled:
        assert suggestion.contact.family_name in married, listed
        assert "the message mentions “Lycée Hoche, 2004”" in suggestion.reasons, listed
        assert suggestion.score < SHOWN_NAME_CHANGE, listed  # shown for what it is: possible


def test_the_first_name_written_as_they_write_it_comes_before_a_nickname(alice, team):
    """ "Michael", and a message that recalls the lycée: Michael Ardouin, tagged with it, is
    the one; the four Michel tagged with it answer to "Michael" only as a short form. How
    many people of each first name were there is read for each first name, not taken as one
    for the Michel (which put all four before him: ``bench recognition --names faker``)."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    # A common first name in this book (as in the bench's Faker one): agreeing on it says
    # less than on a rarer one, which the Michel's missing count more than made up for.
    people += [
        ("Michael", f"Vorbath{index:03d}x", "Vorbath Conseil", "Lyon") for index in range(80)
    ]
    people += [("Michael", "Ardouin", "Atelier Ardouin", "Lyon")]
    michels = ["Bertalon", "Corvisart", "Dufrenoy", "Esquirol"]
    people += [("Michel", family, f"Atelier {family}", "Lyon") for family in michels]
    _at_the_lycee(team, alice, book(team, alice, people), ["Ardouin", *michels], 1999)
    suggestions = recognise(team, Query("Michael Hoareau", message=MESSAGE), limit=5)
    listed = _listed(suggestions)
    assert listed[0][0] == "Michael Ardouin", listed
    assert all(score < listed[0][1] for _name, score in listed[1:]), listed


def test_at_that_company_the_first_name_as_written_comes_before_a_short_form_of_it(alice, team):
    """ "Isabelle Germain at Atelier Cordier": six Isabelle and one Isa work there, none a
    Germain. A stranger called Isabelle meets an Isa there as often as she meets an Isabelle
    (the commoner of the two names counts), so the Isa, rarer in the book, no longer comes
    before the Isabelle on that rarity alone (``bench recognition --names faker``: a Chris
    came before the ten Christophe at Accenture)."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += filler(300, lambda index: "Atelier Cordier")
    # Isabelle is common in the book, Isa rare.
    people += [
        ("Isabelle", f"Gorvath{index:03d}x", "Gorvath Conseil", "Lyon") for index in range(150)
    ]
    people += [("Isabelle", f"Vaudrel{index}x", "Atelier Cordier", "Lyon") for index in range(6)]
    people += [("Isa", "Pelletan", "Atelier Cordier", "Lyon")]
    book(team, alice, people)
    suggestions = recognise(team, Query("Isabelle Germain", headline=HEADLINE), limit=10)
    listed = _listed(suggestions)
    assert listed[0][0].startswith("Isabelle Vaudrel"), listed


def test_the_count_of_each_candidates_own_first_name_with_the_detail_is_read(alice, team):
    """A Michel answers to "Michael" as a short form: how many Michel were told the lycée is
    read for him (four), where it was missing and taken as one."""
    people = filler(50, lambda index: f"Firm{index:03d}q Conseil")
    michels = ["Bertalon", "Corvisart", "Dufrenoy", "Esquirol"]
    people += [("Michel", family, f"Atelier {family}", "Lyon") for family in michels]
    _at_the_lycee(team, alice, book(team, alice, people), michels, 1999)
    query = Query("Michael Hoareau", message=MESSAGE)
    evidence = _evidence(team, query, query.all_keys())
    assert "gm:michel|hoche" not in evidence.counts  # not among the sender's own keys
    candidates = Contact.objects.filter(team=team, given_name="Michel").prefetch_related(
        Prefetch("aliases", to_attr="alias_list"),
        Prefetch("emails", to_attr="email_list"),
        Prefetch("tags", to_attr="tag_list"),
    )
    _count_candidates(team, evidence, [(c, _contact_names(c), _emails(c)) for c in candidates])
    assert evidence.counts["gm:michel|hoche"] == 4


def test_names_only_alike_give_the_second_and_third_places_to_changes_something_backs():
    """A typo or a nickname of the name, with nothing else agreeing, gives way to the next
    changes of name that the headline's company or the message's detail backs; it comes
    right after the first three, still shown. The first place is never given."""
    first = _entry(1, 64, 6.0)  # a namesake elsewhere
    alike = [_entry(2, 50, 5.0), _entry(3, 46, 4.5)]  # names only alike
    backed = [
        _entry(pk, score, -0.1 * index)
        for index, (pk, score) in enumerate([(10, 36), (11, 35), (12, 34)])
    ]
    weak = _entry(13, 20, -5.0)
    found = {entry.contact.pk: entry for entry in [first, *alike, *backed, weak]}
    assert score_of(weak.weight) < SHOWN_NAME_CHANGE <= score_of(backed[-1].weight)
    changes = {10, 11, 12}

    def placed(shown, changes=changes, anchored=changes, names_alike=(2, 3)):
        backing = Backing(changes, anchored, set(names_alike), set(names_alike), set())
        result = _before_names_only_alike(shown, found, backing)
        return [entry.contact.pk for entry in result]

    assert placed([first, alike[0], backed[0], alike[1]]) == [1, 10, 11, 2, 3]
    assert placed([first, *alike, backed[0]]) == [1, 10, 11, 2, 3]
    assert placed([*alike, first]) == [2, 1, 10, 3]  # the first stays first
    # One change waiting, two names alike in view: the weaker of them gives way.
    assert placed([first, *alike], changes={10}, anchored={10}) == [1, 2, 10, 3]
    # Nothing waits, or only a change too weak to be shown on its own evidence.
    assert placed([first, *alike], changes=set(), anchored=set()) == [1, 2, 3]
    assert placed([first, *alike], changes={13}, anchored={13}) == [1, 2, 3]
    # A name alike that something backs too, or a namesake (not "only alike"), keeps its place.
    assert placed([first, *alike], anchored={2, *changes}) == [1, 2, 10, 3]
    assert placed([first, *alike], names_alike=()) == [1, 2, 3]


def test_a_typo_of_the_name_elsewhere_gives_way_to_the_first_name_at_that_company(alice, team):
    """ "Alex Robert at Atelier Cordier": an Alix Robert and an Alex Robart at other firms
    have only a letter of the name for them; three Alex work at Atelier Cordier under other
    family names. Two of those Alex take the second and third places (the bench's name
    changes: one of them, behind two names only alike, left the right Alex out of view)."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += filler(60, lambda index: "Atelier Cordier")
    people += [("Alix", "Robert", "Parent Comptable", "Lyon")]
    people += [("Alex", "Robart", "Mercier Transports", "Lyon")]
    at_company = ["Vaudrel", "Pelletan", "Sabatel"]
    people += [("Alex", family, "Atelier Cordier", "Lyon") for family in at_company]
    book(team, alice, people)
    query = Query("Alex Robert", headline="Chargé de clientèle at Atelier Cordier")
    suggestions = recognise(team, query, limit=5)
    listed = _listed(suggestions)
    assert sum(name.split()[1] in at_company for name, _ in listed[:3]) == 2, listed
    assert {"Alix Robert", "Alex Robart"} <= {name for name, _ in listed}, listed


def test_when_the_message_tells_how_they_met_namesakes_give_way_to_those_it_backs():
    """A message that tells how they met: a namesake elsewhere (nothing but the name agrees,
    not likely) gives its place of the first three to a change of name that detail backs,
    not to one the headline's company backs; one that something else backs (an email, a
    city) keeps it, and so do a likely one and the first. Namesakes are served first: a
    name only alike then takes what is left."""
    namesakes = [_entry(pk, 64, 6.0) for pk in (1, 2, 3)]
    told = [_entry(10, 36, 0.0), _entry(11, 35, -0.1)]
    at_company = _entry(12, 37, 0.1)
    likely, alike = _entry(4, 75, 7.0), _entry(5, 50, 5.0)
    every = [*namesakes, *told, at_company, likely, alike]
    found = {entry.contact.pk: entry for entry in every}
    changes = {10, 11, 12}

    def placed(shown, tells=(10, 11), alone=(1, 2, 3, 5)):
        backing = Backing(changes, changes, {5}, set(alone), set(tells))
        return [entry.contact.pk for entry in _before_names_only_alike(shown, found, backing)]

    assert placed(namesakes) == [1, 10, 11, 2, 3]
    assert placed(namesakes, tells=(10,)) == [1, 2, 10, 3]
    assert placed(namesakes, tells=()) == [1, 2, 3]  # the company's change: as before
    assert placed(namesakes, alone=(1, 3)) == [1, 2, 10, 3]  # the second is backed too
    assert placed([namesakes[0], likely, namesakes[1]]) == [1, 4, 10, 2]
    assert placed([likely, *namesakes[:2]]) == [4, 10, 11, 1, 2]
    # One told change, a name alike third, a namesake second: the namesake takes the told
    # change, the name alike the company's.
    assert placed([namesakes[0], namesakes[1], alike], tells=(10,)) == [1, 12, 10, 2, 5]


def test_two_namesakes_elsewhere_leave_two_places_to_those_the_message_recalls(alice, team):
    """ "Aimée Germain", and a message that recalls the lycée: two Aimée Germain at other
    firms (nothing recalls the lycée about them), and two Aimée tagged with it under other
    family names. One namesake keeps the first place; the two the message backs come next
    (the bench's changes of name told by how-we-met: two namesakes held the second and third
    places, and the Aimée who married was out of view)."""
    people = filler(300, lambda index: f"Firm{index:03d}q Conseil")
    people += _namesakes(2)
    married = ["Gillardeau", "Pelletan"]
    people += [("Aimée", family, f"Atelier {family}", "Lyon") for family in married]
    _at_the_lycee(team, alice, book(team, alice, people), married, 2004)
    suggestions = recognise(team, Query("Aimée Germain", message=MESSAGE), limit=5)
    listed = _listed(suggestions)
    assert listed[0][0] == "Aimée Germain", listed
    assert sorted(name for name, _ in listed[1:3]) == ["Aimée Gillardeau", "Aimée Pelletan"]
    assert listed[3][0] == "Aimée Germain", listed  # still shown, right after
    assert listed[3][1] > listed[1][1], listed  # the scores stay as the odds make them
