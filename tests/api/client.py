"""A test client for the API: JSON bodies, and a personal access token as
``Authorization: Bearer`` (the fixtures ``token_for`` and ``api`` in tests/conftest.py)."""

from __future__ import annotations

import json

from django.test import Client


class ApiClient:
    """Django's test client speaking JSON with a bearer token (or none)."""

    def __init__(self, token: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(path, params or {}, headers=self.headers)

    def _send(self, method: str, path: str, body) -> object:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return getattr(self.client, method)(
            path, data, content_type="application/json", headers=self.headers
        )

    def post(self, path: str, body=None):
        return self._send("post", path, {} if body is None else body)

    def patch(self, path: str, body=None):
        return self._send("patch", path, {} if body is None else body)
