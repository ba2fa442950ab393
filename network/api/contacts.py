"""Contacts through the API: list and search (the contact list's filters), create, read, and
update with the contact form's version check (a stale version answers 409)."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response

from config.api import Conflict, ObjectFirst
from network.api.contact_serializers import (
    ContactFilterSerializer,
    ContactSerializer,
    ContactWriteSerializer,
)
from network.contacts.forms import ContactForm
from network.contacts.selectors import filtered_contacts
from network.contacts.services import EDITABLE, EditConflict, contact_create, contact_update
from network.models import Contact

FILTERS = [
    OpenApiParameter("q", str, description="words of any name, email or handle"),
    OpenApiParameter("state", str, description="active (default), archived or all"),
    OpenApiParameter("network", str, description="has a profile on this network"),
    OpenApiParameter("access", str, description="full, limited or none"),
    OpenApiParameter("owner", str, description="me, nobody or a user id"),
    OpenApiParameter("category", int, description="a how-we-met category id"),
]
RELATED = ["aliases", "emails", "phones", "profiles"]


def _validated(team, incoming: dict, contact: Contact | None = None) -> dict:
    """The contact form's rules on what was sent (over the contact's current values on an
    update): the same fields, the same checks. A refusal is a 400 naming the field."""
    shape = ContactWriteSerializer(data=incoming)
    shape.is_valid(raise_exception=True)
    sent = {key: value for key, value in shape.validated_data.items() if key != "version"}
    current = model_to_dict(contact, fields=EDITABLE) if contact else {}
    form = ContactForm(data={**current, **sent}, instance=contact, team=team)
    if not form.is_valid():
        errors = {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in form.errors.items()
        }
        raise serializers.ValidationError(errors)
    return {field: form.cleaned_data[field] for field in EDITABLE if field in sent or not contact}


class TeamContacts:
    ordering = ("sort_key", "pk")

    def get_queryset(self):
        return Contact.objects.filter(team=self.request.team).prefetch_related(*RELATED)


class ContactList(TeamContacts, generics.ListCreateAPIView):
    serializer_class = ContactSerializer

    def get_queryset(self):
        filters = ContactFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        params = {key: str(value) for key, value in filters.validated_data.items()}
        contacts, _filtered = filtered_contacts(self.request.team, self.request.user, params)
        return contacts.prefetch_related(*RELATED)

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        """The team's contacts by name; ``q`` searches every name, email and handle."""
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ContactWriteSerializer, responses={201: ContactSerializer})
    def post(self, request, *args, **kwargs):
        data = _validated(request.team, request.data)
        contact = contact_create(team=request.team, actor=request.user, data=data)
        contact = Contact.objects.prefetch_related(*RELATED).get(pk=contact.pk)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class ContactDetail(ObjectFirst, TeamContacts, generics.RetrieveUpdateAPIView):
    serializer_class = ContactSerializer

    @extend_schema(request=ContactWriteSerializer)
    def patch(self, request, *args, **kwargs):
        """Change some fields; send the ``version`` you read (409 if someone saved since)."""
        return self._update(request)

    @extend_schema(request=ContactWriteSerializer)
    def put(self, request, *args, **kwargs):
        return self._update(request)

    def _update(self, request):
        contact = self.get_object()
        version = request.data.get("version") if isinstance(request.data, dict) else None
        if version is None:
            raise serializers.ValidationError(
                {"version": [_("Send the version you read, so that no one's edit is lost.")]}
            )
        data = _validated(request.team, request.data, contact)
        try:
            contact_update(contact=contact, actor=request.user, data=data, version=int(version))
        except EditConflict:
            current = Contact.objects.get(pk=contact.pk)
            raise Conflict(
                _(
                    "Someone else saved this contact since version %(yours)s; it is at version "
                    "%(theirs)s now. Read it again, then send your change."
                )
                % {"yours": version, "theirs": current.version}
            ) from None
        return Response(ContactSerializer(self.get_queryset().get(pk=contact.pk)).data)
