"""``team_categories``: the team's categories only, in the order they were made, as the
queryset the inbox's accept form and the contact list's filters read before."""

from __future__ import annotations

import pytest

from accounts.models import Team
from network.categories.selectors import team_categories
from network.models import Category

pytestmark = pytest.mark.django_db


def test_the_teams_categories_in_the_order_they_were_made(team, mallory):
    mine = Category.objects.create(team=team, name="Choir", colour="#123456")
    theirs = Team.objects.get(memberships__user=mallory)
    Category.objects.create(team=theirs, name="Not ours", colour="#654321")
    found = team_categories(team.pk)
    assert found == list(Category.objects.filter(team=team))
    assert [category.key for category in found] == ["school", "kids", "company", "language", ""]
    assert found[-1] == mine and found[-1].label == "Choir"
