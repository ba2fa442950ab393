"""Issue 15: the suggestions shown for an open request are kept in the cache, and every change
of what recognition reads makes the next opening recognise the sender again.

Each test opens the request in the inbox twice (the second time from the cache: recognition
does not run), changes something, and opens it again: recognition runs and the list shows the
change. Without the invalidation, the third opening would show the list kept before.
The tests run outside a transaction (nothing is cached inside one) on the file cache, with
suggestions cached as they are with Redis.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from network.categories.models import Category
from network.contacts.services import contact_create, contact_merge, contact_update
from network.imports.services import import_file
from network.inbox.services import connection_request_receive
from network.models import Contact, ContactAlias
from network.recognition import kept, tasks
from network.recognition.tasks import match_connection_request
from network.text.profiles import parse_profile

pytestmark = pytest.mark.django_db(transaction=True)

MARIE_URL = "https://www.linkedin.com/in/marie-lefebvre-42"


@pytest.fixture(autouse=True)
def _cached(settings, monkeypatch):
    settings.RECOGNITION_CACHE_SUGGESTIONS = True
    # The tasks that recognise requests again would warm the cache behind the test's back.
    for task in (tasks.match_connection_request, tasks.rematch_team):
        monkeypatch.setattr(task, "delay", lambda *args: None)


@pytest.fixture
def ranks(monkeypatch) -> list[str]:
    """The senders recognition ran for (``rank``), in order."""
    calls = []
    real = kept.rank

    def counted(team, query, **kwargs):
        calls.append(query.name)
        return real(team, query, **kwargs)

    monkeypatch.setattr(kept, "rank", counted)
    return calls


def person(team, actor, given, family, **data) -> Contact:
    return contact_create(
        team=team, actor=actor, data={"given_name": given, "family_name": family, **data}
    )


def lefebvre(team, owner, **fields):
    return connection_request_receive(
        team=team,
        owner=owner,
        sender_name="Marie Lefebvre",
        network="linkedin",
        headline="Purchasing manager at Acme Distribution",
        **fields,
    )


def shown(client, connection_request) -> list[tuple[str, int, str]]:
    """The suggestions the inbox's detail pane shows: (name, score, reasons)."""
    response = client.get(f"{reverse('inbox')}?r={connection_request.pk}")
    assert response.status_code == 200
    return [
        (match.contact.name, match.score, "; ".join(match.reasons))
        for match in response.context["matches"]
    ]


def names(suggestions) -> list[str]:
    return [name for name, _score, _reasons in suggestions]


def opened_twice(client, connection_request, ranks) -> list[tuple[str, int, str]]:
    """Open the request, then again from the cache (recognition does not run again)."""
    before = len(ranks)
    first = shown(client, connection_request)
    assert len(ranks) == before + 1
    assert shown(client, connection_request) == first
    assert len(ranks) == before + 1, "the second opening recognised again: nothing was kept"
    return first


def opened_after_a_change(client, connection_request, ranks) -> list[tuple[str, int, str]]:
    before = len(ranks)
    after = shown(client, connection_request)
    assert len(ranks) == before + 1, "the change left the suggestions kept"
    return after


def test_suggestions_are_kept_with_redis_only(settings):
    settings.RECOGNITION_CACHE_SUGGESTIONS = None
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    assert kept.suggestions_cached()
    # The backend the settings choose with REDIS_URL (Django's, its clients kept).
    settings.CACHES = {"default": {"BACKEND": "config.cache.KeptClientRedisCache"}}
    assert kept.suggestions_cached()
    # Told by what the backend is, not by its name.
    settings.CACHES = {"default": {"BACKEND": "tests.network.recognition.caches.NotRedisCache"}}
    assert not kept.suggestions_cached()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
    }
    assert not kept.suggestions_cached()


def test_a_request_opened_again_is_not_recognised_again(login, alice, team, ranks):
    person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice)
    suggestions = opened_twice(login(alice), found, ranks)
    assert names(suggestions) == ["Marie Dupont"]


def test_the_task_that_recognises_a_request_on_arrival_fills_the_cache(login, alice, team, ranks):
    person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice)
    assert match_connection_request(found.pk)
    assert len(ranks) == 1
    assert names(shown(login(alice), found)) == ["Marie Dupont"]
    assert len(ranks) == 1


def test_nothing_is_kept_inside_a_transaction(alice, team, ranks):
    from network.recognition.selectors import possible_matches

    person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice)
    with transaction.atomic():
        possible_matches(found, alice)
        possible_matches(found, alice)
    assert len(ranks) == 2
    possible_matches(found, alice)
    possible_matches(found, alice)
    assert len(ranks) == 3


def test_a_contact_created_that_matches_is_suggested_at_once(login, alice, team, ranks):
    client = login(alice)
    found = lefebvre(team, alice)
    assert opened_twice(client, found, ranks) == []
    person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    assert names(opened_after_a_change(client, found, ranks)) == ["Marie Dupont"]


def test_a_former_name_added_is_suggested_at_once(login, alice, team, ranks):
    client = login(alice)
    marie = person(team, alice, "Marie", "Martin", company="Other Co")
    found = lefebvre(team, alice)
    assert opened_twice(client, found, ranks) == []
    marie.add_alias("Marie Lefebvre", ContactAlias.Kind.MAIDEN)
    assert names(opened_after_a_change(client, found, ranks)) == ["Marie Martin"]


def test_a_former_name_removed_is_no_longer_suggested(login, alice, team, ranks):
    client = login(alice)
    marie = person(team, alice, "Marie", "Martin", company="Other Co")
    alias = marie.add_alias("Marie Lefebvre", ContactAlias.Kind.MAIDEN)
    found = lefebvre(team, alice)
    assert names(opened_twice(client, found, ranks)) == ["Marie Martin"]
    marie.remove_detail(alias)
    assert opened_after_a_change(client, found, ranks) == []


def test_an_email_added_is_suggested_at_once(login, alice, team, ranks):
    client = login(alice)
    paul = person(team, alice, "Paul", "Newman")
    found = lefebvre(team, alice, email="marie@acme-distribution.example")
    assert opened_twice(client, found, ranks) == []
    paul.add_email("Marie@Acme-Distribution.example")
    suggestions = opened_after_a_change(client, found, ranks)
    assert [(name, score) for name, score, _reasons in suggestions] == [("Paul Newman", 97)]
    assert "same email address" in suggestions[0][2]


def test_a_profile_added_is_suggested_at_once(login, alice, team, ranks):
    client = login(alice)
    paul = person(team, alice, "Paul", "Newman")
    found = connection_request_receive(
        team=team, owner=alice, sender_name="Marie Lefebvre", profile=parse_profile(MARIE_URL)
    )
    assert opened_twice(client, found, ranks) == []
    paul.add_profile(parse_profile(MARIE_URL))
    assert names(opened_after_a_change(client, found, ranks)) == ["Paul Newman"]


def test_a_how_we_met_tag_added_or_removed_changes_the_reasons(login, alice, team, ranks):
    client = login(alice)
    marie = person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice, message="Bonjour ! On s'est connues au lycée Hoche, en 2004.")
    school = Category.objects.get(team=team, key="school")
    before = opened_twice(client, found, ranks)
    assert "Hoche" not in before[0][2]
    marie.tag(school, alice, detail="Lycée Hoche, class of 2004")
    tagged = opened_after_a_change(client, found, ranks)
    assert "the message mentions “Lycée Hoche, class of 2004”" in tagged[0][2]
    assert tagged[0][1] > before[0][1]
    assert shown(client, found) == tagged
    assert len(ranks) == 2  # kept again
    marie.untag(school, alice)
    assert opened_after_a_change(client, found, ranks) == before


def test_a_category_deleted_takes_its_tags_out_of_the_reasons(login, alice, team, ranks):
    client = login(alice)
    marie = person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice, message="On s'est connues au lycée Hoche.")
    school = Category.objects.get(team=team, key="school")
    marie.tag(school, alice, detail="Lycée Hoche")
    assert "Hoche" in opened_twice(client, found, ranks)[0][2]
    school.delete()
    assert "Hoche" not in opened_after_a_change(client, found, ranks)[0][2]


def test_a_contact_archived_then_restored_is_marked_then_not(login, alice, team, ranks):
    client = login(alice)
    marie = person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice)
    assert "archived contact" not in opened_twice(client, found, ranks)[0][2]
    marie.archive(alice)
    assert "archived contact" in shown(client, found)[0][2]
    marie.restore(alice)
    assert "archived contact" not in shown(client, found)[0][2]


def test_a_contact_deleted_is_no_longer_suggested(login, alice, team, ranks):
    client = login(alice)
    marie = person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    person(team, alice, "Marie", "Lefèvre", company="Elsewhere")
    found = lefebvre(team, alice)
    assert "Marie Dupont" in names(opened_twice(client, found, ranks))
    marie.delete()
    assert "Marie Dupont" not in names(opened_after_a_change(client, found, ranks))


def test_a_contact_deleted_that_was_not_shown_leaves_more_odds_to_the_others(
    login, alice, team, ranks
):
    client = login(alice)
    family = ["Dupont", "Durand", "Moreau", "Petit", "Roux", "Fournier"]
    maries = [person(team, alice, "Marie", name, company="Acme Distribution") for name in family]
    found = lefebvre(team, alice)
    before = opened_twice(client, found, ranks)
    assert len(before) == 5
    hidden = next(marie for marie in maries if marie.name not in names(before))
    hidden.delete()
    after = opened_after_a_change(client, found, ranks)
    assert names(after) == names(before)
    assert [score for _name, score, _reasons in after] > [s for _n, s, _r in before]


def test_a_contact_deleted_in_bulk_is_no_longer_suggested(login, alice, team, ranks):
    client = login(alice)
    person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice)
    assert names(opened_twice(client, found, ranks)) == ["Marie Dupont"]
    Contact.objects.filter(team=team).delete()
    assert opened_after_a_change(client, found, ranks) == []


def test_contacts_merged_are_suggested_as_the_one_kept(login, alice, team, ranks):
    client = login(alice)
    lefebvre_contact = person(team, alice, "Marie", "Lefebvre", company="Acme Distribution")
    survivor = person(team, alice, "Marie", "Martin", company="Other Co")
    found = lefebvre(team, alice)
    assert names(opened_twice(client, found, ranks)) == ["Marie Lefebvre"]
    contact_merge(survivor=survivor, loser=lefebvre_contact, actor=alice, choices={})
    assert names(opened_after_a_change(client, found, ranks)) == ["Marie Martin"]


def test_a_contact_edited_is_suggested_as_it_is_now(login, alice, team, ranks):
    client = login(alice)
    marie = person(team, alice, "Marie", "Dupont", company="Other Co")
    found = lefebvre(team, alice)
    assert opened_twice(client, found, ranks) == []
    contact_update(contact=marie, actor=alice, data={"company": "Acme Distribution"}, version=None)
    suggestions = opened_after_a_change(client, found, ranks)
    assert names(suggestions) == ["Marie Dupont"]
    assert "same company (Acme Distribution)" in suggestions[0][2]
    # Only the company's capitals change: no key does, the reason's words do.
    marie.refresh_from_db()
    contact_update(contact=marie, actor=alice, data={"company": "ACME Distribution"}, version=None)
    assert "same company (ACME Distribution)" in opened_after_a_change(client, found, ranks)[0][2]


def test_contacts_imported_are_suggested_at_once(login, alice, team, ranks, tmp_path):
    client = login(alice)
    paul = person(team, alice, "Paul", "Newman")
    paul.add_profile(parse_profile("https://www.linkedin.com/in/paul-newman"))
    found = connection_request_receive(
        team=team, owner=alice, sender_name="Marie Lefebvre", profile=parse_profile(MARIE_URL)
    )
    assert opened_twice(client, found, ranks) == []
    # Paul's row brings Marie's profile: written in bulk, without a model's save.
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"Paul,Newman,https://www.linkedin.com/in/paul-newman,,,,01 Jan 2025\n"
        f"Paul,Newman,{MARIE_URL},,,,01 Jan 2025\n",
        encoding="utf-8",
    )
    import_file(path, kind="contacts", team=team, actor=alice)
    assert names(opened_after_a_change(client, found, ranks)) == ["Paul Newman"]


def test_the_request_edited_is_recognised_as_it_is_now(login, alice, team, ranks):
    client = login(alice)
    person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice)
    assert names(opened_twice(client, found, ranks)) == ["Marie Dupont"]
    found.headline = "Nurse at the hospital"
    found.save(update_fields=["headline"])
    assert opened_after_a_change(client, found, ranks) == []


def test_who_knows_them_is_said_to_each_member_but_the_one_who_does(login, alice, bob, team, ranks):
    person(team, alice, "Marie", "Dupont", company="Acme Distribution", owner=bob)
    found = lefebvre(team, alice)
    assert "Bob Member knows them" in opened_twice(login(alice), found, ranks)[0][2]
    assert "knows them" not in shown(login(bob), found)[0][2]
    assert len(ranks) == 1  # one entry for every member
    bob.display_name = "Robert Member"
    bob.save(update_fields=["display_name"])
    assert "Robert Member knows them" in shown(login(alice), found)[0][2]


def test_one_entry_serves_each_language_in_its_own_words(login, alice, team, ranks):
    person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    found = lefebvre(team, alice)
    client = login(alice)
    english = shown(client, found)[0][2]
    alice.language = "fr"
    alice.save(update_fields=["language"])
    french = shown(client, found)[0][2]
    assert "same first name, same company (Acme Distribution)" in english
    assert "même prénom, même entreprise (Acme Distribution)" in french
    assert len(ranks) == 1  # the reasons kept are said again in each reader's language


def test_a_new_name_taken_by_a_link_then_undone_is_suggested_then_not(login, alice, team, ranks):
    from network.inbox.reversal import connection_request_undo
    from network.inbox.services import connection_request_link

    client = login(alice)
    marie = person(team, alice, "Marie", "Dupont", company="Acme Distribution")
    linked = lefebvre(team, alice)
    # Another request from her, on another network, with nothing but the new name.
    other = connection_request_receive(
        team=team, owner=alice, sender_name="Marie Lefebvre", network="facebook"
    )
    assert opened_twice(client, other, ranks) == []
    connection_request_link(connection_request=linked, actor=alice, contact=marie, new_name=True)
    assert names(opened_after_a_change(client, other, ranks)) == ["Marie Lefebvre"]
    linked.refresh_from_db()
    connection_request_undo(connection_request=linked, actor=alice)
    assert Contact.objects.get(pk=marie.pk).name == "Marie Dupont"
    assert opened_after_a_change(client, other, ranks) == []


def test_an_entry_is_rebuilt_on_the_team_s_own_contacts_only(alice, mallory, team):
    """The contacts kept are read again by their ids alone (SQL compiled once): one of
    another team's is not taken, the entry is made again instead."""
    ours = contact_create(team=team, actor=alice, data={"given_name": "Anne", "company": "Acme"})
    theirs = contact_create(
        team=mallory.memberships.get().team, actor=mallory, data={"given_name": "Zoé"}
    )
    rebuilt = kept._rebuilt(team, [(ours.pk, 80, 1.5, [])])
    assert [(entry.contact.pk, entry.contact.company, entry.score) for entry in rebuilt] == [
        (ours.pk, "Acme", 80)
    ]
    assert kept._rebuilt(team, [(ours.pk, 80, 1.5, []), (theirs.pk, 60, 1.0, [])]) is None
