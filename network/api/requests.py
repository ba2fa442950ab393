"""Connection requests through the API: the inbox's list and filters, a request arriving
(once: an open request from the same profile is returned, not doubled), and the decisions,
each through the same service or model verb as the inbox's buttons."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from config.api import Conflict, ObjectFirst
from network.api.serializers import (
    AcceptLimitedSerializer,
    AcceptSerializer,
    ConnectionRequestCreateSerializer,
    ConnectionRequestSerializer,
    ReopenSerializer,
    RequestFilterSerializer,
    SnoozeSerializer,
)
from network.inbox.reversal import NothingToUndo, connection_request_reopen
from network.inbox.selectors import filtered_requests
from network.inbox.services import (
    ConcurrentChange,
    connection_request_accept,
    connection_request_decide,
    connection_request_receive_once,
)
from network.models import Category, ConnectionRequest, IllegalTransition

FILTERS = [
    OpenApiParameter(
        "state", str, description="open (default: new, asked, replied), all, or one state"
    ),
    OpenApiParameter("network", str, description="linkedin, viadeo, facebook, x, instagram…"),
    OpenApiParameter("q", str, description="words of the name or headline, accents ignored"),
    OpenApiParameter("match", str, description="1: a possible match is known; 0: none"),
    OpenApiParameter("message", str, description="1: only requests with a message"),
]


class TeamRequests:
    """The current team's requests: anything else is a 404."""

    ordering = ("-received_at", "-pk")

    def get_queryset(self):
        return ConnectionRequest.objects.filter(team=self.request.team).order_by(*self.ordering)


class RequestList(TeamRequests, generics.ListCreateAPIView):
    serializer_class = ConnectionRequestSerializer

    def get_queryset(self):
        filters = RequestFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        params = {key: value for key, value in filters.validated_data.items() if value}
        if params.get("state") == "all":
            params["state"] = ""
        return filtered_requests(self.request.team, params)

    @extend_schema(parameters=FILTERS)
    def get(self, request, *args, **kwargs):
        """The inbox's requests, newest first, with the inbox's filters."""
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=ConnectionRequestCreateSerializer,
        responses={201: ConnectionRequestSerializer, 200: ConnectionRequestSerializer},
    )
    def post(self, request, *args, **kwargs):
        """A request that arrived. If the same person (network and profile) already waits
        in the inbox, that request is answered (200) instead of a second one (201)."""
        incoming = ConnectionRequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = dict(incoming.validated_data)
        connection_request, created = connection_request_receive_once(
            team=request.team,
            owner=request.user,
            sender_name=fields.pop("sender_name"),
            profile=fields.pop("profile", None),
            network=fields.pop("network", ""),
            **fields,
        )
        return Response(
            ConnectionRequestSerializer(connection_request).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class RequestDetail(ObjectFirst, TeamRequests, generics.RetrieveAPIView):
    serializer_class = ConnectionRequestSerializer


class RequestAction(ObjectFirst, TeamRequests, generics.GenericAPIView):
    """A decision on one request: POST only, answered with the request as it is now.
    An action its state does not allow answers 409 with the reason, and changes nothing."""

    serializer_class = ConnectionRequestSerializer
    input_serializer = None

    def decide(self, connection_request: ConnectionRequest, data: dict) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        connection_request = self.get_object()
        data = {}
        if self.input_serializer is not None:
            incoming = self.input_serializer(data=request.data)
            incoming.is_valid(raise_exception=True)
            data = incoming.validated_data
        try:
            with transaction.atomic():
                self.decide(connection_request, data)
        except (IllegalTransition, NothingToUndo, ConcurrentChange, ValueError) as error:
            raise Conflict(str(error)) from None
        connection_request.refresh_from_db()
        return Response(ConnectionRequestSerializer(connection_request).data)


def _one_step(action: str, summary: str):
    class OneStep(RequestAction):
        def decide(self, connection_request, data) -> None:
            connection_request_decide(
                connection_request=connection_request, action=action, actor=self.request.user
            )

    OneStep.__name__ = f"Request{action.capitalize()}"
    OneStep.post = extend_schema(request=None, summary=summary)(OneStep.post)
    return OneStep


RequestDecline = _one_step("decline", "Decline")
RequestClarify = _one_step("ask", "Ask for a clarification (how we met, the purpose)")
RequestArchive = _one_step("archive", "Archive")


class RequestAccept(RequestAction):
    input_serializer = AcceptSerializer

    @extend_schema(request=AcceptSerializer, summary="Accept (full access unless told)")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def decide(self, connection_request, data) -> None:
        categories = list(
            Category.objects.filter(team=self.request.team, pk__in=data["categories"])
        )
        connection_request_accept(
            connection_request=connection_request,
            actor=self.request.user,
            access=data["access"],
            categories=categories,
        )


class RequestAcceptLimited(RequestAccept):
    input_serializer = AcceptLimitedSerializer

    @extend_schema(request=AcceptLimitedSerializer, summary="Accept with limited access")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class RequestSnooze(RequestAction):
    input_serializer = SnoozeSerializer

    @extend_schema(request=SnoozeSerializer, summary="Snooze until a moment")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def decide(self, connection_request, data) -> None:
        connection_request_decide(
            connection_request=connection_request,
            action="snooze",
            actor=self.request.user,
            until=data["until"],
        )


class RequestReopen(RequestAction):
    input_serializer = ReopenSerializer

    @extend_schema(request=ReopenSerializer, summary="Reopen a decided request")
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)

    def decide(self, connection_request, data) -> None:
        connection_request_reopen(
            connection_request=connection_request,
            actor=self.request.user,
            remove=set(data["remove"]),
        )
