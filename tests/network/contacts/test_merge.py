"""Merging two contacts loses nothing: every row that pointed at the duplicate ends on the
survivor, the duplicate's name stays as a former name, and its last state is in the history.

The service (``contact_merge``) is tried directly for what moves; the page
(``contact_merge``) for what the person sees, chooses and may reach.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from network.contacts.services import contact_create, contact_merge, contact_update
from network.models import (
    Category,
    Contact,
    ContactAlias,
    ContactChange,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
    PastPosition,
)

pytestmark = pytest.mark.django_db


def add(team, actor=None, **fields):
    return contact_create(team=team, actor=actor, data=fields)


def category(team, key):
    return Category.objects.get(team=team, key=key)


def profile(contact, network, handle):
    return NetworkProfile.objects.create(
        team=contact.team,
        contact=contact,
        network=network,
        handle=handle,
        url=f"https://example.org/{network}/{handle}",
    )


@pytest.fixture
def pair(team, alice, bob):
    """Marie Martin (the survivor) and "Marie Dupont", a duplicate entered before her marriage."""
    survivor = add(
        team,
        alice,
        given_name="Marie",
        family_name="Martin",
        company="Acme",
        position="Engineer",
        city="Lyon",
        notes="Met at the Lyon meetup.",
        owner=alice,
    )
    loser = add(
        team,
        bob,
        given_name="Marie",
        family_name="Dupont",
        company="Globex",
        position="Intern",
        city="Paris",
        notes="Sister of Paul.",
        owner=bob,
        languages=["fr", "en"],
    )
    return survivor, loser


def merge(survivor, loser, actor, **choices):
    return contact_merge(survivor=survivor, loser=loser, actor=actor, choices=choices)


def test_the_loser_row_is_gone_and_the_survivor_keeps_its_id(pair, alice):
    survivor, loser = pair
    merged = merge(survivor, loser, alice)
    assert merged.pk == survivor.pk
    assert not Contact.objects.filter(pk=loser.pk).exists()
    assert Contact.objects.filter(team=survivor.team).count() == 1


def test_the_loser_name_becomes_a_former_name(pair, alice):
    survivor, loser = pair
    merge(survivor, loser, alice)
    assert list(survivor.aliases.values_list("name", flat=True)) == ["Marie Dupont"]


def test_the_loser_aliases_move_and_a_shared_one_is_kept_once(pair, alice):
    survivor, loser = pair
    survivor.add_alias("Mimi", ContactAlias.Kind.NICKNAME)
    loser.add_alias("MIMI", ContactAlias.Kind.NICKNAME)
    loser.add_alias("Marie Durand", ContactAlias.Kind.PREVIOUS_MARRIED)
    merge(survivor, loser, alice)
    names = sorted(survivor.aliases.values_list("name", flat=True))
    assert names == ["Marie Dupont", "Marie Durand", "Mimi"]
    assert ContactAlias.objects.count() == 3


def test_a_loser_with_the_same_name_adds_no_former_name(team, alice):
    survivor = add(team, alice, given_name="Marie", family_name="Martin")
    loser = add(team, alice, given_name="marie", family_name="MARTIN")
    merge(survivor, loser, alice)
    assert not survivor.aliases.exists()


def test_emails_move_and_duplicates_are_dropped_whatever_their_case(pair, alice):
    survivor, loser = pair
    ContactEmail.objects.create(contact=survivor, email="marie@acme.example")
    ContactEmail.objects.create(contact=loser, email="Marie@ACME.example")
    ContactEmail.objects.create(contact=loser, email="marie.dupont@globex.example")
    merge(survivor, loser, alice)
    emails = sorted(email.lower() for email in survivor.emails.values_list("email", flat=True))
    assert emails == ["marie.dupont@globex.example", "marie@acme.example"]
    assert ContactEmail.objects.count() == 2


def test_phones_move_and_duplicates_are_dropped(pair, alice):
    survivor, loser = pair
    ContactPhone.objects.create(contact=survivor, number="+33612345678")
    ContactPhone.objects.create(contact=loser, number="+33612345678")
    ContactPhone.objects.create(contact=loser, number="+33145678912", label="home")
    merge(survivor, loser, alice)
    assert sorted(survivor.phones.values_list("number", flat=True)) == [
        "+33145678912",
        "+33612345678",
    ]
    assert ContactPhone.objects.count() == 2


def test_profiles_move_with_their_access(pair, alice):
    survivor, loser = pair
    profile(survivor, "linkedin", "marie-martin")
    moved = profile(loser, "instagram", "marie_d")
    moved.access = "full"
    moved.save()
    merge(survivor, loser, alice)
    assert sorted(survivor.profiles.values_list("network", "handle", "access")) == [
        ("instagram", "marie_d", "full"),
        ("linkedin", "marie-martin", "none"),
    ]


def test_categories_move_and_both_details_are_kept_when_both_have_one(pair, team, alice):
    survivor, loser = pair
    school, kids, company = (category(team, key) for key in ("school", "kids", "company"))
    survivor.tag(school, detail="Lycée Hoche")
    loser.tag(school, detail="Sciences Po", met_on=datetime.date(2004, 9, 1))
    loser.tag(kids, detail="Same class as Léa")
    survivor.tag(company)
    merge(survivor, loser, alice)
    tags = {tag.category.key: tag for tag in survivor.tags.select_related("category")}
    assert set(tags) == {"school", "kids", "company"}
    assert "Lycée Hoche" in tags["school"].detail
    assert "Sciences Po" in tags["school"].detail
    assert tags["school"].met_on == datetime.date(2004, 9, 1)
    assert tags["kids"].detail == "Same class as Léa"
    assert ContactTag.objects.count() == 3


def test_both_notes_are_kept(pair, alice):
    survivor, loser = pair
    merge(survivor, loser, alice)
    survivor.refresh_from_db()
    assert "Met at the Lyon meetup." in survivor.notes
    assert "Sister of Paul." in survivor.notes


def test_past_positions_move_and_the_loser_current_job_becomes_one(pair, alice):
    survivor, loser = pair
    PastPosition.objects.create(contact=loser, company="Initech", position="Trainee")
    merge(survivor, loser, alice)
    assert set(survivor.past_positions.values_list("company", "position")) == {
        ("Initech", "Trainee"),
        ("Globex", "Intern"),
    }


def test_history_rows_move_and_a_merged_entry_records_the_loser(pair, alice, bob):
    survivor, loser = pair
    loser.add_alias("Mimi", ContactAlias.Kind.NICKNAME, bob)
    loser_history = set(loser.changes.values_list("pk", flat=True))
    assert loser_history
    merge(survivor, loser, alice)
    assert loser_history <= set(survivor.changes.values_list("pk", flat=True))
    entry = survivor.changes.filter(action=ContactChange.Action.MERGED).get()
    assert entry.actor == alice
    assert entry.data["name"] == "Marie Dupont"
    snapshot = entry.data["merged"]
    assert snapshot["family_name"] == "Dupont"
    assert snapshot["company"] == "Globex"
    assert snapshot["notes"] == "Sister of Paul."
    assert entry.describe() == "Merged with Marie Dupont"


def test_contacts_introduced_by_the_loser_now_point_to_the_survivor(pair, team, alice):
    survivor, loser = pair
    paul = add(team, alice, given_name="Paul", family_name="Dupont")
    lea = add(team, alice, given_name="Léa", family_name="Dupont")
    Contact.objects.filter(pk__in=[paul.pk, lea.pk]).update(met_through=loser)
    merge(survivor, loser, alice)
    assert set(survivor.introduced.values_list("pk", flat=True)) == {paul.pk, lea.pk}


def test_a_survivor_met_through_the_loser_is_not_met_through_itself(pair, alice):
    survivor, loser = pair
    Contact.objects.filter(pk=survivor.pk).update(met_through=loser)
    merged = merge(survivor, loser, alice)
    assert merged.met_through is None


def test_choosing_the_loser_met_through_when_it_is_the_survivor_leaves_it_empty(pair, alice):
    survivor, loser = pair
    Contact.objects.filter(pk=loser.pk).update(met_through=survivor)
    merged = merge(survivor, Contact.objects.get(pk=loser.pk), alice, met_through="loser")
    assert merged.met_through is None


def test_fields_chosen_from_the_loser_are_applied_and_the_others_kept(pair, alice, bob):
    survivor, loser = pair
    merged = merge(survivor, loser, alice, company="loser", owner="loser", languages="loser")
    merged.refresh_from_db()
    assert (merged.company, merged.owner, merged.languages) == ("Globex", bob, ["fr", "en"])
    assert (merged.family_name, merged.position, merged.city) == ("Martin", "Engineer", "Lyon")


def test_a_merge_bumps_the_version_so_an_edit_opened_before_is_refused(pair, alice):
    from network.contacts.services import EditConflict

    survivor, loser = pair
    version = survivor.version
    merge(survivor, loser, alice)
    with pytest.raises(EditConflict):
        contact_update(contact=survivor, actor=alice, data={"city": "Nice"}, version=version)


def test_the_merged_contact_is_found_under_the_loser_name(pair, team, alice):
    survivor, loser = pair
    ContactEmail.objects.create(contact=loser, email="mdupont@globex.example")
    merge(survivor, loser, alice)
    for query in ("dupont", "mdupont@globex"):
        assert list(Contact.objects.filter(team=team).search(query)) == [survivor], query


def test_choosing_the_loser_company_keeps_the_survivor_company_as_a_past_position(pair, alice):
    survivor, loser = pair
    merge(survivor, loser, alice, company="loser", position="loser")
    survivor.refresh_from_db()
    assert (survivor.company, survivor.position) == ("Globex", "Intern")
    assert list(survivor.past_positions.values_list("company", "position")) == [
        ("Acme", "Engineer")
    ]


def test_a_job_both_contacts_share_is_not_made_a_past_position(team, alice):
    survivor = add(team, alice, given_name="Marie", company="Acme", position="Engineer")
    loser = add(team, alice, given_name="Marie D", company="Acme", position="Engineer")
    merge(survivor, loser, alice)
    assert not survivor.past_positions.exists()


def test_merging_a_contact_with_itself_is_refused(pair, alice):
    survivor, _loser = pair
    with pytest.raises(ValidationError):
        merge(survivor, survivor, alice)
    assert Contact.objects.filter(pk=survivor.pk).exists()


def test_merging_with_another_team_contact_is_refused(pair, alice, mallory):
    survivor, _loser = pair
    stranger = add(mallory.last_team, mallory, given_name="Marie", family_name="Stranger")
    with pytest.raises(ValidationError):
        merge(survivor, stranger, alice)
    with pytest.raises(ValidationError):
        merge(stranger, survivor, mallory)
    assert Contact.objects.filter(pk__in=[survivor.pk, stranger.pk]).count() == 2


# The merge page


def merge_url(survivor, loser):
    return reverse("contact_merge", args=[survivor.pk, loser.pk])


def test_merge_page_shows_both_names_and_offers_a_choice_only_where_they_differ(pair, login, alice):
    survivor, loser = pair
    response = login(alice).get(merge_url(survivor, loser))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Marie Martin" in html
    assert "Marie Dupont" in html
    for field in ("family_name", "company", "position", "city", "owner", "languages"):
        assert f'name="{field}"' in html, field
    assert 'name="given_name"' not in html
    assert "Acme" in html
    assert "Globex" in html
    assert "Marie Dupont” is kept as a former name" in html


def test_merge_page_prefers_the_loser_value_where_the_survivor_has_none(team, login, alice):
    survivor = add(team, alice, given_name="Marie", family_name="Martin")
    loser = add(team, alice, given_name="Marie", family_name="Dupont", city="Paris")
    ContactEmail.objects.create(contact=loser, email="m@example.org")
    loser.add_alias("Mimi", ContactAlias.Kind.NICKNAME)
    html = login(alice).get(merge_url(survivor, loser)).content.decode()
    assert 'id="city-theirs" value="loser" checked' in html
    assert 'id="family_name-mine" value="survivor" checked' in html
    assert "1 former name" in html
    assert "1 email" in html
    assert "0 profiles" in html


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_writers_merge_through_the_page_with_their_choices(request, pair, login, who, bob):
    survivor, loser = pair
    user = request.getfixturevalue(who)
    response = login(user).post(merge_url(survivor, loser), {"city": "loser", "owner": "loser"})
    assert response.status_code == 302
    assert response["Location"] == reverse("contact_detail", args=[survivor.pk])
    survivor.refresh_from_db()
    assert (survivor.city, survivor.owner, survivor.company) == ("Paris", bob, "Acme")
    assert not Contact.objects.filter(pk=loser.pk).exists()
    assert survivor.changes.filter(action="merged", actor=user).exists()
    page = login(user).get(response["Location"]).content.decode()
    assert "Marie Dupont was merged into this contact. Nothing was lost." in page


def test_merge_page_with_the_same_contact_twice_is_refused(pair, login, alice):
    survivor, _loser = pair
    client = login(alice)
    response = client.post(merge_url(survivor, survivor), follow=True)
    assert "Choose two different contacts." in response.content.decode()
    assert Contact.objects.filter(pk=survivor.pk).exists()
    assert not survivor.changes.filter(action="merged").exists()


def test_merge_page_with_another_team_contact_is_404_both_ways(pair, login, alice, mallory):
    survivor, _loser = pair
    stranger = add(mallory.last_team, mallory, given_name="Marie", family_name="Stranger")
    for client, url in (
        (login(alice), merge_url(survivor, stranger)),
        (login(alice), merge_url(stranger, survivor)),
        (login(mallory), merge_url(stranger, survivor)),
        (login(mallory), merge_url(survivor, stranger)),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"company": "loser"}).status_code == 404
    assert Contact.objects.filter(pk__in=[survivor.pk, stranger.pk]).count() == 2
    survivor.refresh_from_db()
    assert survivor.company == "Acme"


def test_read_only_member_cannot_merge(pair, login, carol):
    survivor, loser = pair
    client = login(carol)
    assert client.get(merge_url(survivor, loser)).status_code == 403
    assert client.post(merge_url(survivor, loser)).status_code == 403
    assert Contact.objects.filter(pk=loser.pk).exists()
