"""“Who is this?” through the API: a name, a profile address or an email (or one ``q`` read
as whichever it looks like) against the team's contacts, ranked as the screens rank them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from network.recognition.matching import recognise
from network.recognition.selectors import whois_query

SUGGESTION = inline_serializer(
    "Suggestion",
    {
        "contact": serializers.IntegerField(),
        "name": serializers.CharField(),
        "archived": serializers.BooleanField(),
        "score": serializers.IntegerField(),
        "level": serializers.ChoiceField(choices=["certain", "likely", "possible"]),
        "reasons": serializers.ListField(child=serializers.CharField()),
    },
    many=True,
)


class Whois(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("name", str),
            OpenApiParameter("company", str),
            OpenApiParameter("email", str),
            OpenApiParameter("url", str, description="a profile address"),
            OpenApiParameter("q", str, description="a name, a profile address or an email"),
        ],
        responses=inline_serializer("WhoisAnswer", {"suggestions": SUGGESTION}),
    )
    def get(self, request):
        """Who the person may be among the team's contacts, most likely first; a possible
        change of name at the company the headline names is kept among the first three."""
        query = whois_query(request.query_params)
        if not (query.name or query.url or query.email):
            raise serializers.ValidationError(
                {"q": [_("Give a name, a profile address or an email.")]}
            )
        suggestions = recognise(request.team, query, viewer=request.user)
        return Response(
            {
                "suggestions": [
                    {
                        "contact": entry.contact.pk,
                        "name": entry.contact.name,
                        "archived": entry.contact.archived_at is not None,
                        "score": entry.score,
                        "level": entry.level,
                        "reasons": [str(reason) for reason in entry.reasons],
                    }
                    for entry in suggestions
                ]
            }
        )
