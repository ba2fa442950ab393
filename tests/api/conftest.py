"""The API's cast: each person of tests/conftest.py can get a token for alice's team (or,
for mallory, her own), and a client that sends it as ``Authorization: Bearer``."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from accounts.models import AccessToken


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


@pytest.fixture
def token_for():
    """``token_for(user, team, read_only=False)``: a fresh token's text."""

    def make(user, team, read_only: bool = False, **fields) -> str:
        _token, plaintext = AccessToken.issue(
            user=user, team=team, name="test", read_only=read_only, **fields
        )
        return plaintext

    return make


@pytest.fixture
def api(token_for, team):
    """``api(user)``: a client with a token of ``user`` in alice's team (mallory: her own)."""

    def make(user, read_only: bool = False) -> ApiClient:
        user_team = team if user.memberships.filter(team=team).exists() else user.last_team
        return ApiClient(token_for(user, user_team, read_only=read_only))

    return make
