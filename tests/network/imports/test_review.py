"""Rows that may be someone the team already had: the real run asks recognition about every
new row (not only the first few hundred), stores each uncertain match beside the import, and
the report lists them page by page, each resolved as "same person: merge" or "different
person", in a constant number of queries per page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.contacts.services import contact_create
from network.imports.models import ImportJob, ImportMatch
from network.imports.services import import_apply
from network.models import Contact, ContactChange
from tests.network.imports.jobs import previewed_job

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def stranger(index: int) -> str:
    """A row no one in the team resembles (a name of letters, no company)."""
    word = "".join(chr(ord("a") + int(digit)) for digit in f"{index:05d}")
    return f"Zed{word},Qu{word}x,https://www.linkedin.com/in/zq-{index},,,,27 Jun 2026\n"


def marie_lefebvre() -> str:
    return (
        "Marie,Lefebvre,https://www.linkedin.com/in/marie-lefebvre,,Acme Distribution,Buyer,"
        "27 Jun 2026\n"
    )


def existing_marie(team, alice) -> Contact:
    return contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Marie", "family_name": "Dupont", "company": "Acme Distribution"},
    )


def run(team, alice, text: str) -> ImportJob:
    job = previewed_job(team, alice, text)
    assert job.status == "previewed", job.failure
    ImportJob.objects.filter(pk=job.pk).update(status="queued")
    return import_apply(job.pk)


@pytest.mark.django_db
def test_every_new_row_is_asked_not_only_the_first_300_and_across_batches(alice, team):
    marie = existing_marie(team, alice)
    claire = contact_create(
        team=team,
        actor=alice,
        data={"given_name": "Claire", "family_name": "Morel", "company": "Globex Logistics"},
    )
    rows = [stranger(index) for index in range(1200)]
    rows[3] = marie_lefebvre()  # row 5 of the file, first batch
    rows[1150] = (  # row 1152, second batch, far past the preview's 300
        "Claire,Fabre,https://www.linkedin.com/in/claire-fabre,,Globex Logistics,Driver,"
        "27 Jun 2026\n"
    )
    job = run(team, alice, HEADER + "".join(rows))
    assert job.status == "done"
    assert job.counts["new"] == 1200
    assert job.report["review_count"] == 2
    matches = list(job.matches.all())
    assert [(match.row, match.name) for match in matches] == [
        (5, "Marie Lefebvre"),
        (1152, "Claire Fabre"),
    ]
    for match, known in zip(matches, [marie, claire], strict=True):
        assert match.decision == "open"
        assert match.contact.name == match.name
        assert match.contact.pk != known.pk
        (candidate,) = match.candidates
        assert candidate["id"] == known.pk
        assert any("same company" in reason for reason in candidate["reasons"])
        assert "name" not in candidate  # read from the contact when shown
    marie.refresh_from_db()
    assert not marie.profiles.exists()  # never merged blindly


@pytest.mark.django_db
def test_a_team_without_contacts_asks_nothing(alice, team):
    job = run(team, alice, HEADER + marie_lefebvre() + stranger(1))
    assert job.report["review_count"] == 0
    assert not job.matches.exists()


def _done_job_with_matches(team, alice, count: int) -> ImportJob:
    job = previewed_job(team, alice)
    ImportJob.objects.filter(pk=job.pk).update(status="done")
    known = existing_marie(team, alice)
    for index in range(count):
        new = Contact.objects.create(team=team, given_name="Marie", family_name=f"L{index}")
        ImportMatch.objects.create(
            job=job,
            row=index + 2,
            name=new.name,
            contact=new,
            candidates=[{"id": known.pk, "reasons": ["same first name, same company"]}],
        )
    return job


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_report_lists_matches_page_by_page_in_the_same_number_of_queries(
    login, alice, team, mallory
):
    client = login(alice)
    few = _done_job_with_matches(team, alice, 2)
    many = _done_job_with_matches(team, alice, 60)
    assert _queries(client, reverse("import_detail", args=[few.pk])) == _queries(
        client, reverse("import_detail", args=[many.pk])
    )
    first = client.get(reverse("import_detail", args=[many.pk])).content.decode()
    assert first.count('name="decision" value="different"') == 25
    assert "Page 1 of 3" in first
    last = client.get(reverse("import_detail", args=[many.pk]) + "?page=3").content.decode()
    assert last.count('name="decision" value="different"') == 10
    assert "Same person: merge into Marie Dupont" in last
    for hostile in ["²", "\x00", "9" * 5000, "-1"]:
        answer = client.get(reverse("import_detail", args=[many.pk]), {"page": hostile})
        assert answer.status_code == 200


@pytest.mark.django_db
def test_same_person_merges_the_new_contact_into_the_one_chosen(login, alice, team):
    job = _done_job_with_matches(team, alice, 1)
    match = job.matches.get()
    new, (candidate,) = match.contact, match.candidates
    Contact.objects.filter(pk=new.pk).update(city="Lyon")
    url = reverse("import_match_resolve", args=[job.pk, match.pk])
    client = login(alice)
    response = client.post(url, {"decision": "same", "into": candidate["id"], "page": 1})
    assert response.status_code == 302
    assert response["Location"].endswith("?page=1#import-review")
    match.refresh_from_db()
    assert match.decision == "merged"
    assert match.decided_by == alice
    assert match.contact is None  # merged away
    survivor = Contact.objects.get(pk=candidate["id"])
    assert survivor.city == "Lyon"  # what it lacked, filled; what it had, kept
    assert survivor.company == "Acme Distribution"
    assert survivor.changes.filter(action=ContactChange.Action.MERGED).exists()
    assert not Contact.objects.filter(pk=new.pk).exists()
    # Asked again (a second tab): nothing more happens.
    again = client.post(url, {"decision": "different"}, follow=True)
    assert "reviewed already" in again.content.decode()
    match.refresh_from_db()
    assert match.decision == "merged"


@pytest.mark.django_db
def test_different_person_keeps_both(login, alice, team):
    job = _done_job_with_matches(team, alice, 1)
    match = job.matches.get()
    before = Contact.objects.count()
    login(alice).post(
        reverse("import_match_resolve", args=[job.pk, match.pk]), {"decision": "different"}
    )
    match.refresh_from_db()
    assert match.decision == "different"
    assert Contact.objects.count() == before
    page = login(alice).get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Different people" in page
    assert 'name="decision" value="same"' not in page


@pytest.mark.django_db
def test_only_a_listed_candidate_of_the_team_can_be_merged_into(login, alice, team, mallory):
    job = _done_job_with_matches(team, alice, 1)
    match = job.matches.get()
    outsider = Contact.objects.create(team=mallory.last_team, given_name="Marie", family_name="X")
    unlisted = Contact.objects.create(team=team, given_name="Marie", family_name="Y")
    client = login(alice)
    url = reverse("import_match_resolve", args=[job.pk, match.pk])
    for into in [outsider.pk, unlisted.pk, "²", ""]:
        response = client.post(url, {"decision": "same", "into": into})
        assert response.status_code == 302
    match.refresh_from_db()
    assert match.decision == "open"
    assert Contact.objects.filter(pk__in=[outsider.pk, unlisted.pk]).count() == 2
    assert match.contact is not None


@pytest.mark.django_db
def test_the_review_speaks_french(login, alice, team):
    job = _done_job_with_matches(team, alice, 1)
    alice.language = "fr"
    alice.save(update_fields=["language"])
    page = (
        login(alice)
        .get(reverse("import_detail", args=[job.pk]), headers={"accept-language": "fr"})
        .content.decode()
    )
    assert "Même personne : fusionner avec Marie Dupont" in page
    assert "Personne différente" in page
