"""A realistic address book for the recognition benchmark.

Four in ten contacts work for one of thirty large organisations (picked by head count), the
others for small firms of a few people each; most contacts write their company as everybody
does, some with its legal form, in capitals or by its short form. About half have a work
email, one woman in ten a former (maiden) name, one contact in ten a how-we-met detail.
"""

from __future__ import annotations

import random

from django.db import transaction

from network.dev.benchnames import LARGE, SCHOOLS, Company, Population, small_company
from network.models import Category, Contact, ContactAlias, ContactEmail, ContactKey, ContactTag
from network.recognition.candidates import forget_suggestions
from network.text import fold

LARGE_SHARE = 0.4


def company_spelling(company: Company, rng: random.Random) -> str:
    """How a contact writes their own company: mostly as everyone does."""
    roll = rng.random()
    if roll < 0.05:
        return f"{company.name} {company.legal}"
    if roll < 0.08:
        return company.name.upper()
    if roll < 0.12 and company.short and company.staff:
        return company.short[0]
    return company.name


def book_companies(rng: random.Random, population: Population, count: int):
    """The companies of a book of ``count`` contacts and the weights to draw them with."""
    small = [small_company(rng, population) for _ in range(max(1, count // 5))]
    small_weights = [1 / (rank**0.7) for rank in range(1, len(small) + 1)]
    large_weights = [company.staff**0.6 for company in LARGE]
    return small, small_weights, large_weights


def work_email(given: str, family: str, domain: str) -> str:
    local = f"{fold(given)}.{fold(family)}".replace(" ", "")
    return f"{local}@{domain}"


@transaction.atomic
def fill_book(
    team, owner, count: int, *, start: int = 0, seed: int = 17, names: type[Population] = Population
) -> int:
    """Add ``count`` contacts with their emails, former names, how-we-met details and keys
    (people drawn by ``names``: the bench's own lists, or another source)."""
    rng = random.Random(seed + start)  # noqa: S311 - reproducible data, not secrets
    population = names(rng)
    small, small_weights, large_weights = book_companies(rng, population, count)
    Category.seed_for(team)
    school = Category.objects.get(team=team, key="school")
    made = 0
    while made < count:
        size = min(5000, count - made)
        rows, extras = [], []
        for _ in range(size):
            given, family, sex, _language = population.person()
            if rng.random() < LARGE_SHARE:
                company = rng.choices(LARGE, weights=large_weights)[0]
            else:
                company = rng.choices(small, weights=small_weights)[0]
            rows.append(
                Contact(
                    team=team,
                    owner=owner,
                    given_name=given,
                    family_name=family,
                    company=company_spelling(company, rng),
                    city=population.city(),
                    search_text=fold(f"{given} {family} {company.name}"),
                    sort_key=fold(f"{family} {given}"),
                )
            )
            extras.append((company, sex))
        contacts = Contact.objects.bulk_create(rows)
        emails, aliases, tags = [], [], []
        for contact, (company, sex) in zip(contacts, extras, strict=True):
            roll = rng.random()
            if roll < 0.5 and company.domain:
                emails.append(
                    ContactEmail(
                        contact=contact,
                        email=work_email(contact.given_name, contact.family_name, company.domain),
                    )
                )
            elif roll < 0.6:
                address = work_email(contact.given_name, contact.family_name, "gmail.com")
                emails.append(ContactEmail(contact=contact, email=address))
            if sex == "f" and rng.random() < 0.1:
                aliases.append(
                    ContactAlias(contact=contact, name=population.family_name(), kind="maiden")
                )
            if rng.random() < 0.1:
                detail = f"{rng.choice(SCHOOLS)}, {rng.randrange(1985, 2015)}"
                tags.append(ContactTag(contact=contact, category=school, detail=detail))
        ContactEmail.objects.bulk_create(emails)
        ContactAlias.objects.bulk_create(aliases)
        ContactTag.objects.bulk_create(tags)
        _write_keys(team, contacts)
        made += size
    return made


def _with_related(queryset):
    return queryset.prefetch_related("aliases", "emails", "tags")


def _write_keys(team, contacts) -> None:
    pks = [contact.pk for contact in contacts]
    rows = [
        ContactKey(team=team, contact=contact, key=key)
        for contact in _with_related(Contact.objects.filter(pk__in=pks))
        for key in contact.recognition_keys()
    ]
    ContactKey.objects.bulk_create(rows, batch_size=10000)
    forget_suggestions(team_id=team.pk)  # bulk_create sends no signal


def rekey_if_stale(team) -> bool:
    """Rebuild the team's recognition keys when the way keys are made has changed (the first
    contacts' stored keys differ from what they would be now). True if rebuilt."""
    sample = list(_with_related(Contact.objects.filter(team=team).order_by("pk"))[:300])
    stale = any(
        contact.recognition_keys() != set(contact.keys.values_list("key", flat=True))
        for contact in sample
    )
    if not stale:
        return False
    with transaction.atomic():
        ContactKey.objects.filter(team=team).delete()
        pks = list(Contact.objects.filter(team=team).order_by("pk").values_list("pk", flat=True))
        for begin in range(0, len(pks), 2000):
            _write_keys(team, [Contact(pk=pk) for pk in pks[begin : begin + 2000]])
    return True
