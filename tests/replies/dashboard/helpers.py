"""A team's history with known figures, built through the real services, then dated.

One ``story`` adds five requests: a LinkedIn request asked about (phrase "How we met?")
9 days ago, answered 2 days later and accepted with full access 4 days after arriving; a
Facebook one accepted with limited access a day after arriving; a LinkedIn one asked about
and still unanswered; a new Instagram one (received by ``other``, when given); an X one
declined 10 days after arriving.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from network.inbox.services import (
    connection_request_accept,
    connection_request_decide,
    connection_request_receive,
)
from network.models import ConnectionRequest, RequestEvent
from network.text.profiles import parse_profile
from replies.models import Intent, Phrase
from replies.services import message_send, reply_record


def _days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def _receive(team, owner, name, address, days, network=""):
    profile = parse_profile(address) if address else None
    return connection_request_receive(
        team=team,
        owner=owner,
        sender_name=name,
        profile=profile,
        network=network,
        received_at=_days_ago(days),
    )


def _date(found, action, days):
    RequestEvent.objects.filter(connection_request=found, action=action).update(at=_days_ago(days))


def _decided(found, days):
    ConnectionRequest.objects.filter(pk=found.pk).update(decided_at=_days_ago(days))


def phrase(team) -> Phrase:
    found, _created = Phrase.objects.get_or_create(
        team=team,
        title="How we met?",
        defaults={"intent": Intent.ASK_HOW_MET, "language": "en", "body": "Hello {first_name}"},
    )
    return found


def story(team, alice, other=None, tag: str = "") -> dict:
    how = phrase(team)
    first = _receive(team, alice, f"Anne First{tag}", f"https://www.linkedin.com/in/anne{tag}", 10)
    message_send(
        connection_request=first, actor=alice, text="How?", intent=Intent.ASK_HOW_MET, phrase=how
    )
    _date(first, "ask", 9)
    reply_record(connection_request=first, actor=alice, text="At school")
    _date(first, "reply", 7)
    first.refresh_from_db()
    connection_request_accept(connection_request=first, actor=alice, access="full")
    _date(first, "accept", 6)
    _decided(first, 6)

    limited = _receive(
        team, alice, f"Bea Limited{tag}", f"https://www.facebook.com/bea.limited{tag}", 5
    )
    connection_request_accept(connection_request=limited, actor=alice, access="restricted")
    _date(limited, "accept", 4)
    _decided(limited, 4)

    waiting = _receive(team, alice, f"Carl Waiting{tag}", f"https://www.linkedin.com/in/c{tag}", 3)
    message_send(
        connection_request=waiting, actor=alice, text="Who?", intent=Intent.ASK_HOW_MET, phrase=how
    )
    _date(waiting, "ask", 2)

    fresh = _receive(
        team, other or alice, f"Dora New{tag}", f"https://www.instagram.com/dora{tag}", 1
    )

    declined = _receive(team, alice, f"Ed Declined{tag}", f"https://x.com/ed{tag}", 20)
    connection_request_decide(connection_request=declined, action="decline", actor=alice)
    _date(declined, "decline", 10)
    _decided(declined, 10)
    return {
        "first": first,
        "limited": limited,
        "waiting": waiting,
        "fresh": fresh,
        "declined": declined,
    }
