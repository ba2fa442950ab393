"""How drf-spectacular describes the REST API in its schema (``/api/v1/schema/``) and docs
page (``/api/v1/docs/``): plain data, read by ``config/settings.py``."""

SPECTACULAR_SETTINGS = {
    "TITLE": "Netcurate API",
    "DESCRIPTION": (
        "Connection requests, contacts, who-is-this and phrases of one team. Authenticate "
        "with a personal access token: `Authorization: Bearer <token>` (created from your "
        "profile, or `manage.py create_token`)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's static files: nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AccessLevelEnum": "network.contacts.attached.AccessLevel",
        "AcceptAccessEnum": "network.api.serializers.ACCEPT_ACCESS",
        "LimitedAccessEnum": "network.api.serializers.LIMITED_ACCESS",
    },
}
