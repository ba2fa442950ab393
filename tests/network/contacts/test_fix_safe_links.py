"""A stored address that is not a web address is never drawn as a link (issue 11, item 19).

The forms refuse a ``javascript:`` profile, but rows also arrive through an import or the
admin: the scheme is checked again where the link is rendered.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.inbox.services import connection_request_receive
from network.models import ConnectionRequest, NetworkProfile
from network.templatetags.safe_links import safe_url
from network.text.profiles import parse_profile

HOSTILE_URLS = [
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_safe_url_refuses_what_is_not_a_web_address(url):
    assert safe_url(url) == ""


@pytest.mark.parametrize(
    "url", ["https://www.linkedin.com/in/marie", "HTTP://example.org/x", " https://x.example "]
)
def test_safe_url_keeps_web_addresses(url):
    assert safe_url(url) == url.strip()


def test_contact_profile_written_by_the_orm_is_no_link(login, alice, book):
    NetworkProfile.objects.filter(pk=book.profile.pk).update(url="javascript:alert(1)")

    response = login(alice).get(reverse("contact_detail", args=[book.contact.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "javascript:alert(1)" in html  # still shown, as text
    assert 'href="javascript:' not in html


def test_contact_profile_with_a_web_address_is_a_link(login, alice, book):
    response = login(alice).get(reverse("contact_detail", args=[book.contact.pk]))

    assert f'href="{book.profile.url}"' in response.content.decode()


def test_request_profile_written_by_the_orm_is_no_link(login, alice, team):
    connection_request = connection_request_receive(
        team=team,
        owner=alice,
        sender_name="Marie Lefebvre",
        profile=parse_profile("https://www.linkedin.com/in/marie-lefebvre"),
        message="Bonjour",
    )
    client = login(alice)
    shown = client.get(reverse("request_detail", args=[connection_request.pk]))
    assert 'href="https://www.linkedin.com/in/marie-lefebvre"' in shown.content.decode()

    ConnectionRequest.objects.filter(pk=connection_request.pk).update(
        profile_url="javascript:alert(1)"
    )
    response = client.get(reverse("request_detail", args=[connection_request.pk]))

    assert response.status_code == 200
    assert 'href="javascript:' not in response.content.decode()
