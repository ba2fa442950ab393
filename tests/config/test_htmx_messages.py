"""Django messages reach htmx partial responses as an HX-Trigger event, and pages as toasts."""

import json

import pytest

pytestmark = [pytest.mark.urls("tests.config.urls_messages"), pytest.mark.django_db]


def test_htmx_response_carries_messages_in_hx_trigger(client):
    response = client.get("/add", headers={"HX-Request": "true"})
    triggers = json.loads(response["HX-Trigger"])
    assert triggers == {"messages": [{"message": "Saved <b>safely</b>", "level": "success"}]}


def test_messages_are_consumed_once_carried(client):
    client.get("/add", headers={"HX-Request": "true"})
    response = client.get("/add", headers={"HX-Request": "true"})
    assert len(json.loads(response["HX-Trigger"])["messages"]) == 1


@pytest.mark.parametrize(
    ("existing", "expected_names"),
    [
        ("closeModal", {"closeModal", "messages"}),
        ("a, b", {"a", "b", "messages"}),
        ('{"rowSaved": {"id": 3}}', {"rowSaved", "messages"}),
    ],
)
def test_existing_hx_trigger_events_are_kept(client, existing, expected_names):
    response = client.get("/add", {"trigger": existing}, headers={"HX-Request": "true"})
    assert set(json.loads(response["HX-Trigger"])) == expected_names


def test_plain_request_leaves_messages_for_the_page(client):
    response = client.get("/add")
    assert "HX-Trigger" not in response


def test_redirect_keeps_messages_for_the_next_page(client):
    response = client.get("/add-and-redirect", headers={"HX-Request": "true"})
    assert response.status_code == 302
    assert "HX-Trigger" not in response
