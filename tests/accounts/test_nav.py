"""The navigation bar of every page, written by ``accounts.nav``: the sections (the current
one marked), "Who is this?", the bell, the language buttons, the team switcher and the
account menu, for each kind of visitor; every value escaped; French labels."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from accounts.models import Membership, Team
from accounts.nav import nav_html
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _nav(response) -> str:
    html = response.content.decode()
    return html[html.index("<nav ") : html.index("</nav>")]


def test_a_member_with_two_teams(team, login, alice):
    other = Team.objects.create(name="<b>Other</b> & co", slug="other")
    Membership.objects.create(team=other, user=alice, role="member")
    nav = _nav(login(alice).get("/contacts/?q=a%22b"))
    assert '<a class="nav-link active" aria-current="page" href="/contacts/">Contacts</a>' in nav
    assert '<a class="nav-link" href="/inbox/">Inbox</a>' in nav
    assert nav.count('aria-current="page"') == 1
    assert 'id="nav-whois"' in nav and 'id="reminder-bell"' in nav
    switches = re.findall(r'action="/teams/(\d+)/switch/"', nav)
    assert switches == [str(team.pk), str(other.pk)]
    assert "<span>&lt;b&gt;Other&lt;/b&gt; &amp; co</span>" in nav
    assert nav.count('aria-current="true"') == 1
    assert nav.count('value="/contacts/?q=a%22b"') == 3  # language and both switches
    assert nav.count('name="csrfmiddlewaretoken"') == 4  # language, two teams, sign out
    assert "Administration" not in nav


def test_staff_see_the_administration(team, login, alice):
    alice.is_staff = True
    alice.save(update_fields=["is_staff"])
    assert 'href="/admin/">Administration</a>' in _nav(login(alice).get("/inbox/"))


def test_someone_without_a_team_is_offered_one(login):
    lonely = make_user("lonely@example.org", "Lone <Wolf>")
    nav = _nav(login(lonely).get("/account/profile/"))
    assert ">Create a team</a>" in nav
    assert "nav-whois" not in nav and "reminder-bell" not in nav and "/inbox/" not in nav
    assert "Lone &lt;Wolf&gt;" in nav


def test_a_visitor_signs_in_or_up(client):
    nav = _nav(client.get("/accounts/login/"))
    assert '<a class="btn btn-sm btn-primary" href="/accounts/login/">Sign in</a>' in nav
    assert ">Sign up</a>" in nav and "team-switcher" not in nav
    assert re.search(r'aria-pressed="true"\s+title="English" data-language="en">EN<', nav)


def test_in_french(team, login, alice):
    response = login(alice).get("/inbox/", headers={"Accept-Language": "fr"})
    nav = _nav(response)
    assert ">Contacts</a>" in nav and ">Formules</a>" in nav
    assert 'aria-label="Navigation principale"' in nav
    assert re.search(r'aria-pressed="true"\s+title="Français" data-language="fr">FR<', nav)
    assert "Se déconnecter" in nav


def test_the_bell_says_a_count_a_page_gives(team, alice):
    request = RequestFactory().get("/notifications/")
    request.user, request.resolver_match = alice, resolve("/notifications/")
    request.team, request.memberships = team, list(alice.memberships.select_related("team"))
    with translation.override("en"):
        nav = nav_html({"request": request, "user": alice, "unread": 3}, "")
        quiet = nav_html({"request": request, "user": alice}, "")
    assert 'id="bell-count">3</span>' in nav and "3 unread notifications" in nav
    assert "No unread notification" in quiet and "bell-count" not in quiet


def test_without_a_request_it_is_a_visitors_bar():
    """As the template wrote it when a page was rendered without its request."""
    with translation.override("en"):
        nav = nav_html({}, "")
    assert ">Sign in</a>" in nav and 'name="next" type="hidden" value=""' in nav
    assert "team-switcher" not in nav and "reminder-bell" not in nav
