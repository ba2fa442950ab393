"""The dashboard: how requests come and go, for me or for the team, as server-drawn charts.

It sits in ``replies`` because it reads both apps (requests and contacts from ``network``,
messages and phrases from ``replies``), and ``replies`` is the one that may import both."""
