"""A batch as the receiver window posts it."""

from __future__ import annotations

import json

MARIE = {
    "name": "Marie Lefebvre",
    "headline": "Purchasing manager at Acme Distribution",
    "profile_url": "https://www.linkedin.com/in/marie-lefebvre-42/",
    "message": "Hello, we met in Lyon.",
    "mutual_connections": 12,
    "has_photo": True,
}
JEAN = {
    "name": "Jean Exemple",
    "headline": "",
    "profile_url": "https://www.facebook.com/profile.php?id=100089912345678",
    "message": "",
    "mutual_connections": None,
    "has_photo": False,
}


def batch(*invitations, origin: str = "https://www.linkedin.com", **extra) -> str:
    data = {
        "kind": "netcurate-capture",
        "origin": origin,
        "page": {"url": "https://www.linkedin.com/mynetwork/invitation-manager/", "title": "x"},
        "invitations": list(invitations),
        **extra,
    }
    return json.dumps(data)
