"""A refused quick add shows each error under its field, tied to it, not only in a toast
(issue 18); what was typed stays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.network.inbox.helpers import HTMX, assert_inbox_body

pytestmark = pytest.mark.django_db


def test_the_form_comes_back_out_of_band_with_its_errors_tied_to_the_fields(team, login, alice):
    response = login(alice).post(
        reverse("request_quick_add"),
        {"address": "https://example.com/x", "sender_name": "", "message": "Hello"},
        headers=HTMX,
    )
    assert_inbox_body(response, status=422)
    html = response.content.decode()
    assert 'id="quick-add-form" hx-swap-oob="true"' in html
    for field in ("address", "sender_name"):
        assert f'aria-describedby="qa-{field}_error"' in html
        assert f'id="qa-{field}_error"' in html
    assert "This address is not on a network we know" in html
    assert 'value="https://example.com/x"' in html
    assert "Hello</textarea>" in html


def test_an_accepted_quick_add_sends_no_form_back(team, login, alice):
    response = login(alice).post(
        reverse("request_quick_add"),
        {"address": "https://www.linkedin.com/in/marie-x", "sender_name": "Marie X"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert 'id="quick-add-form"' not in response.content.decode()


def test_the_full_page_holds_the_form_once_with_the_ids_its_labels_name(team, login, alice):
    html = login(alice).get(reverse("inbox")).content.decode()
    assert html.count('id="quick-add-form"') == 1
    for field in ("address", "sender_name", "message", "headline", "email"):
        assert f'for="qa-{field}"' in html and f'id="qa-{field}"' in html
