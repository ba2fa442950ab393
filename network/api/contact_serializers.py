"""What the contacts API reads: a contact with its names, emails, phones and profiles."""

from __future__ import annotations

from rest_framework import serializers

from config.api import ReadModelSerializer
from network.contacts.services import EDITABLE
from network.models import Contact, ContactAlias, ContactEmail, ContactPhone, NetworkProfile


class AliasSerializer(ReadModelSerializer):
    class Meta:
        model = ContactAlias
        fields = ["name", "kind"]


class EmailSerializer(ReadModelSerializer):
    class Meta:
        model = ContactEmail
        fields = ["email", "label"]


class PhoneSerializer(ReadModelSerializer):
    class Meta:
        model = ContactPhone
        fields = ["number", "label"]


class ProfileSerializer(ReadModelSerializer):
    class Meta:
        model = NetworkProfile
        fields = ["network", "handle", "url", "access"]


class ContactSerializer(ReadModelSerializer):
    name = serializers.CharField(read_only=True)
    aliases = AliasSerializer(many=True, read_only=True)
    emails = EmailSerializer(many=True, read_only=True)
    phones = PhoneSerializer(many=True, read_only=True)
    profiles = ProfileSerializer(many=True, read_only=True)

    class Meta:
        model = Contact
        fields = [
            "id",
            "version",
            "name",
            *EDITABLE,
            "met_through",
            "archived_at",
            "created_at",
            "updated_at",
            "aliases",
            "emails",
            "phones",
            "profiles",
        ]
        read_only_fields = fields


class ContactWriteSerializer(serializers.Serializer):
    """The fields a contact is created or updated with (the contact form's); on an update,
    ``version`` is the one read: a contact saved by someone else since answers 409."""

    given_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    family_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    display_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    company = serializers.CharField(required=False, allow_blank=True, max_length=200)
    position = serializers.CharField(required=False, allow_blank=True, max_length=200)
    city = serializers.CharField(required=False, allow_blank=True, max_length=100)
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    owner = serializers.IntegerField(required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False, min_value=1)


class ContactFilterSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, max_length=200)
    state = serializers.ChoiceField(choices=["active", "archived", "all"], required=False)
    network = serializers.CharField(required=False, max_length=20)
    access = serializers.ChoiceField(choices=["full", "limited", "none"], required=False)
    owner = serializers.CharField(required=False, max_length=20)
    category = serializers.IntegerField(required=False, min_value=1)
