"""A team's members as the contact list reads them: the team's alone, in the order they
joined, each with its user, in one query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.selectors import team_members

pytestmark = pytest.mark.django_db


def test_the_teams_members_in_the_order_they_joined_with_their_users(
    team, alice, bob, carol, mallory
):
    with CaptureQueriesContext(connection) as queries:
        members = team_members(team.pk)
        names = [str(membership.user) for membership in members]
    assert len(queries.captured_queries) == 1
    assert names == ["Alice Owner", "Bob Member", "Carol Reader"]
    assert [membership.role for membership in members] == ["owner", "member", "readonly"]
    assert {membership.team_id for membership in members} == {team.pk}
