"""What the network API reads and writes: connection requests and their decisions."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.text import validate_single_line
from config.api import ReadModelSerializer
from config.params import clean_message
from network.inbox.reversal import REMOVABLE
from network.models import LANGUAGES, AccessLevel, ConnectionRequest, RequestState, Richness
from network.text.networks import Network
from network.text.profiles import ProfileURLError, parse_profile


class ConnectionRequestSerializer(ReadModelSerializer):
    class Meta:
        model = ConnectionRequest
        fields = [
            "id",
            "state",
            "network",
            "sender_name",
            "headline",
            "profile_url",
            "handle",
            "email",
            "message",
            "language",
            "has_photo",
            "mutual_connections",
            "richness",
            "received_at",
            "snoozed_until",
            "access_granted",
            "decided_at",
            "contact",
            "best_match",
            "best_score",
        ]
        read_only_fields = fields


class ConnectionRequestCreateSerializer(serializers.Serializer):
    """A request that arrived: a profile address (or at least its network) and a name."""

    profile_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    network = serializers.ChoiceField(choices=Network.choices, required=False)
    sender_name = serializers.CharField(max_length=200, validators=[validate_single_line])
    headline = serializers.CharField(max_length=300, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    message = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    language = serializers.ChoiceField(choices=LANGUAGES, required=False, allow_blank=True)
    has_photo = serializers.BooleanField(required=False, allow_null=True, default=None)
    mutual_connections = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=100_000
    )
    richness = serializers.ChoiceField(choices=Richness.choices, required=False, allow_blank=True)
    received_at = serializers.DateTimeField(required=False)

    def validate_headline(self, value: str) -> str:
        return " ".join(value.split())  # one line, as networks show it

    def validate_message(self, value: str) -> str:
        return clean_message(value).strip()

    def validate_received_at(self, value):
        if value > timezone.now():
            raise serializers.ValidationError(_("A request cannot arrive in the future."))
        return value

    def validate(self, data: dict) -> dict:
        address = data.pop("profile_url", "").strip()
        if address:
            try:
                data["profile"] = parse_profile(address, network=data.get("network") or None)
            except ProfileURLError as error:
                raise serializers.ValidationError({"profile_url": [str(error)]}) from None
        elif not data.get("network"):
            raise serializers.ValidationError(
                {"profile_url": [_("Give the profile URL, or at least the network.")]}
            )
        return data


# What accepting may grant (named in the schema: settings' ENUM_NAME_OVERRIDES).
ACCEPT_ACCESS = [(value, label) for value, label in AccessLevel.choices if value != "none"]
LIMITED_ACCESS = [(value, dict(AccessLevel.choices)[value]) for value in AccessLevel.limited()]


class AcceptSerializer(serializers.Serializer):
    access = serializers.ChoiceField(choices=ACCEPT_ACCESS, default=AccessLevel.FULL)
    categories = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=50
    )


class AcceptLimitedSerializer(AcceptSerializer):
    access = serializers.ChoiceField(choices=LIMITED_ACCESS, default=AccessLevel.RESTRICTED_LIST)


class SnoozeSerializer(serializers.Serializer):
    until = serializers.DateTimeField()

    def validate_until(self, value):
        if value <= timezone.now():
            raise serializers.ValidationError(_("Choose a moment in the future."))
        return value


class ReopenSerializer(serializers.Serializer):
    remove = serializers.ListField(
        child=serializers.ChoiceField(choices=REMOVABLE),
        required=False,
        default=list,
        help_text="What accepting added that should go (the rest is kept).",
    )


class RequestFilterSerializer(serializers.Serializer):
    """The inbox's filters, as query parameters; a value the inbox does not offer is a 400."""

    state = serializers.ChoiceField(
        choices=["open", "all", *RequestState.values], required=False, default="open"
    )
    network = serializers.ChoiceField(choices=Network.values, required=False)
    q = serializers.CharField(required=False, max_length=200)
    match = serializers.ChoiceField(choices=["0", "1"], required=False)
    message = serializers.ChoiceField(choices=["0", "1"], required=False)
