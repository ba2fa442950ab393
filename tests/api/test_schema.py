"""The OpenAPI schema and its docs page are served by the app, from its own files."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_schema_describes_every_resource_and_the_bearer_token(db):
    response = Client().get("/api/v1/schema/", headers={"Accept": "application/json"})
    assert response.status_code == 200
    schema = response.json()
    paths = set(schema["paths"])
    for path in [
        "/api/v1/requests/",
        "/api/v1/requests/{id}/",
        "/api/v1/requests/{id}/accept/",
        "/api/v1/requests/{id}/accept-limited/",
        "/api/v1/requests/{id}/decline/",
        "/api/v1/requests/{id}/clarify/",
        "/api/v1/requests/{id}/snooze/",
        "/api/v1/requests/{id}/archive/",
        "/api/v1/requests/{id}/reopen/",
        "/api/v1/contacts/",
        "/api/v1/contacts/{id}/",
        "/api/v1/whois/",
        "/api/v1/phrases/",
        "/api/v1/phrases/{id}/fill/",
    ]:
        assert path in paths
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_the_docs_page_loads_swagger_ui_from_our_static_files_only(db):
    page = Client().get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "<style" not in page and "<script>" not in page
    assert "//cdn" not in page and "unpkg" not in page and "jsdelivr" not in page
