"""The API tokens page in a real Chromium, by keyboard, in both languages: created once and
shown once, revoked after a confirmation; axe finds nothing serious on the way."""

from __future__ import annotations

import pytest

from accounts.models import AccessToken
from tests.api.client import ApiClient
from tests.browser.session import sign_in_as
from tests.browser.test_accessibility import Scan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CREATE = {"en": "Create the token", "fr": "Créer le jeton"}
REVOKE = {"en": "Revoke", "fr": "Révoquer"}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_token_is_created_shown_once_and_revoked_by_keyboard(live_server, page, alice, language):
    sign_in_as(page, live_server.url, alice, language)
    scan = Scan(page, live_server.url, language)
    scan.visit("API tokens, none yet", "/account/tokens/")

    page.locator("#id_name").fill("Invitations script")
    page.locator("#id_read_only").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name=CREATE[language]).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    shown = page.locator("#new-token").input_value()
    scan.check("API tokens, one just created")
    token = AccessToken.objects.get(user=alice)
    assert token.read_only
    assert ApiClient(shown).get("/api/v1/requests/").status_code == 200

    page.goto(f"{live_server.url}/account/tokens/")
    assert page.locator("#new-token").count() == 0
    assert shown not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"{REVOKE[language]} Invitations script").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    scan.check("API tokens, one revoked")
    scan.assert_clean()
    assert ApiClient(shown).get("/api/v1/requests/").status_code == 401
