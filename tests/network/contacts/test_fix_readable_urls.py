"""Profile addresses read as a person would type them (issue 11, item 12): percent-escapes
decoded in the text, the link itself left as stored."""

import pytest
from django.urls import reverse

from network.contacts.services import contact_create
from network.templatetags.safe_links import readable_url
from network.text.profiles import parse_profile

pytestmark = pytest.mark.django_db


def test_readable_url_decodes_and_trims():
    assert readable_url("https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-lev%C3%AAque/") == (
        "linkedin.com/in/hélène-levêque"
    )
    assert readable_url("") == ""


def test_the_contact_page_shows_the_profile_decoded(team, alice, login):
    contact = contact_create(team=team, actor=alice, data={"given_name": "Hélène"})
    profile = parse_profile("https://www.linkedin.com/in/h%C3%A9l%C3%A8ne-lev%C3%AAque")
    contact.add_profile(profile, alice)
    html = login(alice).get(reverse("contact_detail", args=[contact.pk])).content.decode()
    assert ">linkedin.com/in/hélène-levêque</a>" in html
    assert f'href="{profile.url}"' in html
