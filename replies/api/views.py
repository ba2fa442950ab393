"""Phrases through the API: the ones a member may use, and one filled for a request by the
whitelist substitution the composer uses (a phrase never goes through a template engine)."""

from __future__ import annotations

from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.response import Response

from accounts.scoping import get_in_team
from config.api import ObjectFirst, ReadModelSerializer
from network.models import LANGUAGES, ConnectionRequest
from replies.models import Intent, Phrase
from replies.phrases import fill, values_for


class PhraseSerializer(ReadModelSerializer):
    shared = serializers.SerializerMethodField()

    class Meta:
        model = Phrase
        fields = [
            "id",
            "title",
            "intent",
            "language",
            "body",
            "shared",
            "used",
            "answered",
            "archived_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_shared(self, phrase: Phrase) -> bool:
        return phrase.owner_id is None


class PhraseFilterSerializer(serializers.Serializer):
    intent = serializers.ChoiceField(choices=Intent.values, required=False)
    language = serializers.ChoiceField(choices=[code for code, _name in LANGUAGES], required=False)
    archived = serializers.ChoiceField(choices=["0", "1"], required=False, default="0")


class FillSerializer(serializers.Serializer):
    request = serializers.IntegerField(min_value=1, help_text="the connection request's id")


class VisiblePhrases:
    """The team's shared phrases and the member's own: anything else is a 404."""

    ordering = ("intent", "language", "title", "pk")

    def get_queryset(self):
        return Phrase.objects.filter(team=self.request.team).filter(
            Q(owner__isnull=True) | Q(owner=self.request.user)
        )


class PhraseList(VisiblePhrases, generics.ListAPIView):
    serializer_class = PhraseSerializer

    def get_queryset(self):
        filters = PhraseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        params = filters.validated_data
        phrases = super().get_queryset().filter(archived_at__isnull=params["archived"] != "1")
        if "intent" in params:
            phrases = phrases.filter(intent=params["intent"])
        if "language" in params:
            phrases = phrases.filter(language=params["language"])
        return phrases

    @extend_schema(
        parameters=[
            OpenApiParameter("intent", str, enum=Intent.values),
            OpenApiParameter("language", str),
            OpenApiParameter("archived", str, description="1: the archived ones"),
        ]
    )
    def get(self, request, *args, **kwargs):
        """The phrases the member may use: the team's shared ones and their own."""
        return super().get(request, *args, **kwargs)


class PhraseFill(ObjectFirst, VisiblePhrases, generics.GenericAPIView):
    serializer_class = PhraseSerializer

    @extend_schema(
        parameters=[OpenApiParameter("request", int, required=True)],
        responses=inline_serializer(
            "FilledPhrase",
            {
                "phrase": serializers.IntegerField(),
                "request": serializers.IntegerField(),
                "text": serializers.CharField(),
            },
        ),
    )
    def get(self, request, *args, **kwargs):
        """The phrase filled for one request (placeholders replaced by plain text)."""
        phrase = self.get_object()
        asked = FillSerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        connection_request = get_in_team(
            request, ConnectionRequest.objects.all(), pk=asked.validated_data["request"]
        )
        text = fill(phrase.body, values_for(connection_request, request.user, request.team))
        return Response({"phrase": phrase.pk, "request": connection_request.pk, "text": text})
