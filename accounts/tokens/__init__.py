"""Personal access tokens: how a script or another tool acts for one member in one team
through the API (``/api/v1/``)."""
