"""How-we-met categories: seeded per team, renamed, recoloured, merged and deleted."""

import pytest
from django.urls import reverse
from django.utils import translation

from network.models import Category, Contact

pytestmark = pytest.mark.django_db


def contact(team, given="Marie", family="Dupont"):
    return Contact.objects.create(team=team, given_name=given, family_name=family)


def category(team, key):
    return Category.objects.get(team=team, key=key)


def test_every_new_team_starts_with_the_four_built_in_categories(team, mallory):
    for owner_team in (team, mallory.last_team):
        keys = sorted(Category.objects.filter(team=owner_team).values_list("key", flat=True))
        assert keys == ["company", "kids", "language", "school"]


def test_built_in_names_follow_the_readers_language(team):
    school = category(team, "school")
    with translation.override("fr"):
        assert school.label == "École"
    with translation.override("en"):
        assert school.label == "School"


def test_page_lists_categories_with_their_contact_counts(login, alice, team):
    marie = contact(team)
    marie.tag(category(team, "school"))
    content = login(alice).get(reverse("category_list")).content.decode()
    assert "School" in content
    assert f'href="{reverse("contact_list")}?category={category(team, "school").pk}">1<' in content


def test_create_rename_and_recolour(login, alice, team):
    client = login(alice)
    response = client.post(reverse("category_create"), {"name": "Tennis club", "colour": "#112233"})
    assert response.status_code == 302
    tennis = Category.objects.get(team=team, name="Tennis club")
    client.post(
        reverse("category_update", args=[tennis.pk]), {"name": "Padel club", "colour": "#445566"}
    )
    tennis.refresh_from_db()
    assert (tennis.name, tennis.colour) == ("Padel club", "#445566")


def test_names_are_unique_in_a_team_whatever_the_accents_and_case(login, alice, team):
    response = login(alice).post(reverse("category_create"), {"name": "ÉCOLE", "colour": "#112233"})
    assert response.status_code == 422
    assert not Category.objects.filter(team=team, name="ÉCOLE").exists()
    response = login(alice).post(
        reverse("category_create"), {"name": "school", "colour": "#112233"}
    )
    assert response.status_code == 422
    assert "already has a category" in response.content.decode()


def test_a_bad_colour_is_a_field_error(login, alice, team):
    response = login(alice).post(reverse("category_create"), {"name": "Gym", "colour": "red"})
    assert response.status_code == 422
    assert not Category.objects.filter(team=team, name="Gym").exists()


def test_merge_moves_every_tag_and_keeps_both_details(login, alice, team):
    school, kids = category(team, "school"), category(team, "kids")
    marie, paul = contact(team), contact(team, "Paul", "Durand")
    marie.tag(school, detail="Lycée Hoche")
    marie.tag(kids, detail="Léo's class")
    paul.tag(kids)
    response = login(alice).post(reverse("category_merge", args=[kids.pk]), {"target": school.pk})
    assert response.status_code == 302
    assert not Category.objects.filter(pk=kids.pk).exists()
    assert set(school.tags.values_list("contact__given_name", flat=True)) == {"Marie", "Paul"}
    assert school.tags.get(contact=marie).detail == "Lycée Hoche; Léo's class"


def test_merge_refuses_another_teams_category(login, alice, team, mallory):
    theirs = category(mallory.last_team, "school")
    kids = category(team, "kids")
    login(alice).post(reverse("category_merge", args=[kids.pk]), {"target": theirs.pk})
    assert Category.objects.filter(pk=kids.pk).exists()
    assert theirs.tags.count() == 0


def test_delete_untags_and_keeps_the_contacts(login, alice, team):
    kids = category(team, "kids")
    marie = contact(team)
    marie.tag(kids)
    response = login(alice).post(reverse("category_delete", args=[kids.pk]), follow=True)
    assert "1 contact lost this tag" in response.content.decode()
    assert Contact.objects.filter(pk=marie.pk).exists()
    assert not marie.tags.exists()


@pytest.mark.parametrize("route", ["category_update", "category_merge", "category_delete"])
def test_read_only_member_gets_403_on_every_write(login, carol, team, route):
    school = category(team, "school")
    assert login(carol).post(reverse(route, args=[school.pk]), {"name": "x"}).status_code == 403
    assert login(carol).post(reverse("category_create"), {"name": "x"}).status_code == 403
    assert Category.objects.filter(pk=school.pk, name="").exists()


@pytest.mark.parametrize("who", ["alice", "bob", "carol"])
def test_every_member_sees_the_page(request, login, who, team):
    user = request.getfixturevalue(who)
    assert login(user).get(reverse("category_list")).status_code == 200


def test_outsider_sees_only_their_own_categories(login, alice, team, mallory):
    Category.objects.create(team=team, name="Alice's secret club")
    content = login(mallory).get(reverse("category_list")).content.decode()
    assert "secret club" not in content
