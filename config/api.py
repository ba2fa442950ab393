"""What every part of the REST API shares: cursor pagination, the refusal of an action the
state does not allow (409 with a sentence), and answering 404 before 405 on object routes."""

from __future__ import annotations

import copy

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.pagination import CursorPagination


class CursorPage(CursorPagination):
    """Pages that hold still while rows arrive: ``?cursor=`` from ``next``/``previous``.

    Each view says its ``ordering`` (a stable one, ending with the id)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-pk",)

    def get_ordering(self, request, queryset, view):
        return getattr(view, "ordering", None) or self.ordering


class Conflict(APIException):
    """The action does not apply now (the request's state, a stale version): nothing changed."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This change is not possible now; nothing was changed.")
    default_code = "conflict"


class ObjectFirst:
    """On a route with an object id, load the object before refusing a method: an outsider
    gets the same 404 whatever the method, and learns nothing from a 405."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)


class ReadModelSerializer(serializers.ModelSerializer):
    """A model serializer whose fields are worked out once per class, not on every call:
    DRF reads the model's fields anew for each serializer it builds (about 15 ms for a
    request's twenty fields under load), the same answer every time."""

    _fields_by_class: dict[type, dict] = {}

    def get_fields(self) -> dict:
        cls = type(self)
        if cls not in ReadModelSerializer._fields_by_class:
            ReadModelSerializer._fields_by_class[cls] = super().get_fields()
        return copy.deepcopy(ReadModelSerializer._fields_by_class[cls])
