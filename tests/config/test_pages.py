"""The base layout: home page, login, language switch, error pages, security headers."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_explains_the_method_and_offers_login(client):
    response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Look before deciding" in content
    assert reverse("account_login") in content
    assert reverse("account_signup") in content
    assert 'hx-headers=\'{"X-CSRFToken": "' in content


@pytest.mark.django_db
def test_nothing_is_loaded_from_another_host(client):
    content = client.get("/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in content
    assert "/static/vendor/bootstrap/bootstrap.min.css" in content
    assert 'src="http' not in content
    assert 'href="http' not in content
    assert 'src="//' not in content


@pytest.mark.django_db
def test_vendored_assets_are_served(client):
    for path in (
        "/static/vendor/htmx/htmx.min.js",
        "/static/vendor/bootstrap/bootstrap.bundle.min.js",
        "/static/js/app.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"".join(response.streaming_content)


@pytest.mark.django_db
def test_language_switch_turns_the_page_french(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    content = client.get("/").content.decode()
    assert '<html lang="fr">' in content
    assert "Regarder avant de décider" in content


@pytest.mark.django_db
def test_browser_language_is_honoured(client):
    content = client.get("/", headers={"Accept-Language": "fr-FR,fr;q=0.9"}).content.decode()
    assert '<html lang="fr">' in content


@pytest.mark.django_db
def test_logged_in_user_is_sent_to_the_welcome_step_once_then_to_the_dashboard(login, alice):
    """The marketing page is for visitors (issue 11, item 11); the dashboard is the signed-in
    home (issue 16)."""
    alice.welcomed_at = None
    alice.save(update_fields=["welcomed_at"])
    client = login(alice)
    assert client.get("/")["Location"] == reverse("welcome")
    alice.welcome_done()
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, reverse("dashboard"))
    assert "Welcome back" not in client.get("/", follow=True).content.decode()


@pytest.mark.django_db
def test_unknown_page_uses_the_translated_404(client):
    response = client.get("/no-such-page/", headers={"Accept-Language": "fr"})
    assert response.status_code == 404
    assert "n'existe pas" in response.content.decode()


@pytest.mark.django_db
def test_pages_forbid_framing_and_sniffing(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
