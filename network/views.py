"""The address book: contact list with search and filters, contact page, bulk actions, merge."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.scoping import (
    TeamRequest,
    get_in_team,
    refuse_unless_post,
    require_write,
    team_required,
)
from network.forms import (
    AliasForm,
    BulkForm,
    CategoryForm,
    ContactForm,
    EmailForm,
    PhoneForm,
    ProfileForm,
    TagForm,
)
from network.models import (
    LANGUAGES,
    AccessLevel,
    Contact,
    ContactAlias,
    ContactCategory,
    ContactChange,
    ContactEmail,
    ContactPhone,
    HowWeMet,
    NetworkProfile,
)
from network.networks import Network
from network.recognition import Query, recognise
from network.services import (
    MERGEABLE,
    EditConflict,
    contact_create,
    contact_merge,
    contact_update,
)

PAGE_SIZE = 25
SORTS = {
    "name": ("sort_key", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "-created": ("-created_at", "-pk"),
}


# Loaders: one per model, scoped to the current team (404 otherwise); _rw twins answer 403
# to read-only members.


def get_contact(request: TeamRequest, pk: int) -> Contact:
    return get_in_team(request, Contact.objects.select_related("owner", "met_through"), pk=pk)


def get_contact_rw(request: TeamRequest, pk: int) -> Contact:
    contact = get_contact(request, pk)
    require_write(request)
    return contact


def get_attached_rw(request: TeamRequest, model, pk: int):
    """A row hanging off a contact (alias, email, phone, profile, tag), found only through a
    contact of the current team; 403 for read-only members."""
    row = get_object_or_404(
        model.objects.select_related("contact"), pk=pk, contact__team=request.team
    )
    require_write(request)
    return row


# The list


def _filtered_contacts(request: TeamRequest) -> tuple:
    params = request.GET
    contacts = Contact.objects.filter(team=request.team)
    state = params.get("state", "active")
    if state == "archived":
        contacts = contacts.filter(archived_at__isnull=False)
    elif state != "all":
        contacts = contacts.filter(archived_at__isnull=True)
    if query := params.get("q", "").strip():
        contacts = contacts.search(query)
    if category := params.get("category", ""):
        contacts = contacts.filter(tags__category_id=_int(category))
    if network := params.get("network", ""):
        contacts = contacts.filter(profiles__network=network)
    access = params.get("access", "")
    if access == "full":
        contacts = contacts.filter(profiles__access=AccessLevel.FULL)
    elif access == "limited":
        contacts = contacts.filter(profiles__access__in=AccessLevel.limited())
    elif access == "none":
        contacts = contacts.exclude(profiles__access__in=[AccessLevel.FULL, *AccessLevel.limited()])
    owner = params.get("owner", "")
    if owner == "me":
        contacts = contacts.filter(owner=request.user)
    elif owner == "nobody":
        contacts = contacts.filter(owner__isnull=True)
    elif owner:
        contacts = contacts.filter(owner_id=_int(owner))
    sort = params.get("sort", "name")
    contacts = contacts.order_by(*SORTS.get(sort, SORTS["name"]))
    if category or network or access in {"full", "limited"}:
        contacts = contacts.distinct()
    active_filters = state != "active" or any(
        params.get(key) for key in ("q", "category", "network", "access", "owner")
    )
    return contacts, active_filters


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


@team_required
def contact_list(request: TeamRequest) -> HttpResponse:
    contacts, filtered = _filtered_contacts(request)
    page = Paginator(contacts, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = (
        Contact.objects.filter(pk__in=[contact.pk for contact in page.object_list])
        .select_related("owner")
        .prefetch_related(
            Prefetch("tags", ContactCategory.objects.select_related("category")),
            "profiles",
        )
    )
    by_pk = {row.pk: row for row in rows}
    page.object_list = [by_pk[contact.pk] for contact in page.object_list if contact.pk in by_pk]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filtered": filtered,
        "total": Contact.objects.filter(team=request.team, archived_at__isnull=True).count(),
        "categories": HowWeMet.objects.filter(team=request.team),
        "members": request.team.memberships.select_related("user"),
        "networks": Network.choices,
        "params": request.GET,
        "querystring": query.urlencode(),
        "bulk_form": BulkForm(team=request.team),
    }
    template = "network/contact_list.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


@team_required
@require_http_methods(["GET", "POST"])
def contact_create_view(request: TeamRequest) -> HttpResponse:
    require_write(request)
    form = ContactForm(request.POST or None, team=request.team)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in form.Meta.fields}
        contact = contact_create(team=request.team, actor=request.user, data=data)
        messages.success(request, _("%(name)s added.") % {"name": contact})
        return redirect(contact)
    status = 422 if form.is_bound else 200
    return render(request, "network/contact_form.html", {"form": form}, status=status)


# One contact


def _contact_page(
    request: TeamRequest, contact: Contact, *, status: int = 200, **forms
) -> HttpResponse:
    contact = (
        Contact.objects.filter(pk=contact.pk)
        .select_related("owner", "met_through")
        .prefetch_related(
            "aliases",
            "emails",
            "phones",
            "profiles",
            "past_positions",
            Prefetch("tags", ContactCategory.objects.select_related("category")),
        )
        .get()
    )
    context = {
        "contact": contact,
        "history": contact.changes.select_related("actor")[:50],
        "tag_form": forms.get("tag_form") or TagForm(team=request.team),
        "alias_form": forms.get("alias_form") or AliasForm(),
        "profile_form": forms.get("profile_form")
        or ProfileForm(team=request.team, contact=contact),
        "email_form": forms.get("email_form") or EmailForm(contact=contact),
        "phone_form": forms.get("phone_form") or PhoneForm(contact=contact),
        "can_write": request.membership.can_write,
        "access_levels": AccessLevel.choices,
        "language_names": [str(dict(LANGUAGES).get(code, code)) for code in contact.languages],
        "introduced": contact.introduced.all()[:20],
    }
    template = "network/contact_detail.html"
    if request.htmx and request.htmx.target == "contact-body":
        template += "#contact-body"
    return render(request, template, context, status=status)


@team_required
def contact_detail(request: TeamRequest, pk: int) -> HttpResponse:
    return _contact_page(request, get_contact(request, pk))


@team_required
def contact_edit(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    form = ContactForm(request.POST or None, instance=contact, team=request.team)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in form.Meta.fields}
        try:
            contact = contact_update(
                contact=contact,
                actor=request.user,
                data=data,
                version=form.cleaned_data.get("version"),
            )
        except EditConflict:
            conflict = Contact.objects.select_related("owner").get(pk=contact.pk)
            form.data = form.data.copy()
            form.data["version"] = conflict.version
            form.add_error(
                None,
                _(
                    "Someone else saved this contact while you were editing. Their version is "
                    "shown beside yours; check it, then save again."
                ),
            )
        else:
            messages.success(request, _("Changes saved."))
            return redirect(contact)
    status = 409 if conflict else 422 if form.is_bound else 200
    return render(
        request,
        "network/contact_form.html",
        {"form": form, "contact": contact, "conflict": conflict},
        status=status,
    )


def _after_inline_change(request: TeamRequest, contact: Contact) -> HttpResponse:
    if request.htmx:
        return _contact_page(request, contact)
    return redirect(contact)


def _inline_invalid(request: TeamRequest, contact: Contact, **forms) -> HttpResponse:
    messages.error(request, _("Please correct the highlighted field."))
    return _contact_page(request, contact, status=422, **forms)


@team_required
def contact_archive(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    if contact.is_archived:
        contact.restore(request.user)
        messages.success(request, _("%(name)s restored.") % {"name": contact})
    else:
        contact.archive(request.user)
        messages.success(request, _("%(name)s archived. Nothing was deleted.") % {"name": contact})
    return _after_inline_change(request, contact)


@team_required
def contact_tag(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    form = TagForm(request.POST, team=request.team)
    if not form.is_valid():
        return _inline_invalid(request, contact, tag_form=form)
    category = form.cleaned_data["category"]
    contact.tag(
        category,
        request.user,
        detail=form.cleaned_data["detail"],
        met_on=form.cleaned_data["met_on"],
    )
    messages.success(request, _("“%(category)s” added.") % {"category": category.label})
    return _after_inline_change(request, contact)


@team_required
def contact_untag(request: TeamRequest, pk: int) -> HttpResponse:
    tag = get_attached_rw(request, ContactCategory, pk)
    if refused := refuse_unless_post(request):
        return refused
    tag.contact.untag(tag.category, request.user)
    messages.success(request, _("“%(category)s” removed.") % {"category": tag.category.label})
    return _after_inline_change(request, tag.contact)


@team_required
def alias_add(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    form = AliasForm(request.POST)
    if not form.is_valid():
        return _inline_invalid(request, contact, alias_form=form)
    data = form.cleaned_data
    contact.add_alias(
        data["name"],
        data["kind"],
        request.user,
        started_on=data["started_on"],
        ended_on=data["ended_on"],
    )
    messages.success(request, _("Former name “%(name)s” added.") % {"name": data["name"]})
    return _after_inline_change(request, contact)


def _remove_attached(request: TeamRequest, model, pk: int, action: str, value) -> HttpResponse:
    row = get_attached_rw(request, model, pk)
    if refused := refuse_unless_post(request):
        return refused
    contact = row.contact
    label = value(row)
    row.delete()
    contact.reindex()
    contact.record(action, request.user, value=label)
    messages.success(request, _("“%(value)s” removed.") % {"value": label})
    return _after_inline_change(request, contact)


@team_required
def alias_remove(request: TeamRequest, pk: int) -> HttpResponse:
    return _remove_attached(
        request, ContactAlias, pk, ContactChange.Action.ALIAS_REMOVED, lambda row: row.name
    )


@team_required
def profile_add(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    form = ProfileForm(request.POST, team=request.team, contact=contact)
    if not form.is_valid():
        return _inline_invalid(request, contact, profile_form=form)
    profile = form.profile
    NetworkProfile.objects.create(
        team=request.team,
        contact=contact,
        network=profile.network,
        handle=profile.handle,
        url=profile.url,
        access=form.cleaned_data["access"],
    )
    contact.reindex()
    contact.record(ContactChange.Action.PROFILE_ADDED, request.user, handle=profile.url)
    messages.success(request, _("Profile %(url)s added.") % {"url": profile.url})
    return _after_inline_change(request, contact)


@team_required
def profile_access(request: TeamRequest, pk: int) -> HttpResponse:
    profile = get_attached_rw(request, NetworkProfile, pk)
    if refused := refuse_unless_post(request):
        return refused
    access = request.POST.get("access", "")
    if access not in AccessLevel.values:
        messages.error(request, _("Choose one of the access levels offered."))
    elif access != profile.access:
        profile.access = access
        profile.save(update_fields=["access"])
        profile.contact.record(
            ContactChange.Action.ACCESS_CHANGED,
            request.user,
            value=f"{profile.get_network_display()}: {profile.get_access_display()}",
        )
        messages.success(request, _("Access updated."))
    return _after_inline_change(request, profile.contact)


@team_required
def profile_remove(request: TeamRequest, pk: int) -> HttpResponse:
    return _remove_attached(
        request, NetworkProfile, pk, ContactChange.Action.PROFILE_REMOVED, lambda row: row.url
    )


def _add_attached(request: TeamRequest, pk: int, form_class, form_name: str, action: str, value):
    """Add an email or a phone to a contact from its inline form, with history and a toast."""
    contact = get_contact_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    form = form_class(request.POST, contact=contact)
    if not form.is_valid():
        return _inline_invalid(request, contact, **{form_name: form})
    row = form.save(commit=False)
    row.contact = contact
    row.save()
    contact.reindex()
    contact.record(action, request.user, value=value(row))
    messages.success(request, _("%(value)s added.") % {"value": value(row)})
    return _after_inline_change(request, contact)


@team_required
def email_add(request: TeamRequest, pk: int) -> HttpResponse:
    return _add_attached(
        request,
        pk,
        EmailForm,
        "email_form",
        ContactChange.Action.EMAIL_ADDED,
        lambda row: row.email,
    )


@team_required
def email_remove(request: TeamRequest, pk: int) -> HttpResponse:
    return _remove_attached(
        request, ContactEmail, pk, ContactChange.Action.EMAIL_REMOVED, lambda row: row.email
    )


@team_required
def phone_add(request: TeamRequest, pk: int) -> HttpResponse:
    return _add_attached(
        request,
        pk,
        PhoneForm,
        "phone_form",
        ContactChange.Action.PHONE_ADDED,
        lambda row: row.number,
    )


@team_required
def phone_remove(request: TeamRequest, pk: int) -> HttpResponse:
    return _remove_attached(
        request, ContactPhone, pk, ContactChange.Action.PHONE_REMOVED, lambda row: row.number
    )


# Bulk and merge


@team_required
@require_POST
def contacts_bulk(request: TeamRequest) -> HttpResponse:
    require_write(request)
    form = BulkForm(request.POST, team=request.team)
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure())
    if not (safe and back.startswith("/")):
        back = reverse("contact_list")
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(back)
    action = form.cleaned_data["action"]
    category = form.cleaned_data["category"]
    contacts = list(form.cleaned_data["contacts"])
    for contact in contacts:
        if action == "tag":
            contact.tag(category, request.user)
        elif action == "untag":
            contact.untag(category, request.user)
        elif action == "archive":
            contact.archive(request.user)
        else:
            contact.restore(request.user)
    messages.success(
        request,
        ngettext("%(count)d contact updated.", "%(count)d contacts updated.", len(contacts))
        % {"count": len(contacts)},
    )
    return redirect(back)


@team_required
def contact_merge_view(request: TeamRequest, pk: int, other_pk: int) -> HttpResponse:
    survivor = get_contact_rw(request, pk)
    loser = get_contact_rw(request, other_pk)
    if survivor.pk == loser.pk:
        messages.error(request, _("Choose two different contacts."))
        return redirect(survivor)
    rows = []
    for field in MERGEABLE:
        mine, theirs = getattr(survivor, field), getattr(loser, field)
        rows.append(
            {
                "field": field,
                "label": Contact._meta.get_field(field).verbose_name,
                "mine": _display(mine),
                "theirs": _display(theirs),
                "differs": mine != theirs,
                "prefer_theirs": not mine and bool(theirs),
            }
        )
    if request.method == "POST":
        choices = {row["field"]: request.POST.get(row["field"], "survivor") for row in rows}
        name = str(loser)
        survivor = contact_merge(
            survivor=survivor, loser=loser, actor=request.user, choices=choices
        )
        messages.success(
            request, _("%(name)s was merged into this contact. Nothing was lost.") % {"name": name}
        )
        return redirect(survivor)
    counts = {
        contact.pk: contact
        for contact in Contact.objects.filter(pk__in=[survivor.pk, loser.pk]).annotate(
            alias_count=Count("aliases", distinct=True),
            profile_count=Count("profiles", distinct=True),
            email_count=Count("emails", distinct=True),
            tag_count=Count("tags", distinct=True),
        )
    }
    return render(
        request,
        "network/contact_merge.html",
        {"survivor": counts[survivor.pk], "loser": counts[loser.pk], "rows": rows},
    )


def _display(value) -> str:
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else str(value)


@team_required
def contact_lookup(request: TeamRequest) -> HttpResponse:
    """Contacts matching ``q``, as a short list of links (for "merge with…" and pickers)."""
    query = request.GET.get("q", "").strip()
    exclude = _int(request.GET.get("exclude", ""))
    results = []
    if len(query) >= 2:
        results = list(
            Contact.objects.filter(team=request.team).search(query).exclude(pk=exclude)[:8]
        )
    context = {
        "results": results,
        "query": query,
        "merge_into": _int(request.GET.get("merge_into", "")),
        "introduce": _int(request.GET.get("introduce", "")),
        "link_request": _int(request.GET.get("link_request", "")),
    }
    return render(request, "network/contact_lookup.html", context)


# How-we-met categories


def get_category(request: TeamRequest, pk: int) -> HowWeMet:
    return get_in_team(request, HowWeMet.objects.all(), pk=pk)


def get_category_rw(request: TeamRequest, pk: int) -> HowWeMet:
    category = get_category(request, pk)
    require_write(request)
    return category


def _categories_page(request: TeamRequest, *, create_form=None, edited=None, status=200):
    categories = HowWeMet.objects.filter(team=request.team).annotate(
        contact_count=Count("tags", distinct=True)
    )
    rows = []
    for category in categories:
        form = edited if edited is not None and edited.instance.pk == category.pk else None
        rows.append((category, form or CategoryForm(instance=category, team=request.team)))
    context = {
        "rows": rows,
        "categories": categories,
        "create_form": create_form or CategoryForm(team=request.team),
    }
    return render(request, "network/categories.html", context, status=status)


@team_required
def category_list(request: TeamRequest) -> HttpResponse:
    return _categories_page(request)


@team_required
@require_POST
def category_create(request: TeamRequest) -> HttpResponse:
    require_write(request)
    form = CategoryForm(request.POST, team=request.team)
    if not form.is_valid():
        return _categories_page(request, create_form=form, status=422)
    category = form.save()
    messages.success(request, _("Category “%(name)s” created.") % {"name": category.label})
    return redirect("category_list")


@team_required
def category_update(request: TeamRequest, pk: int) -> HttpResponse:
    category = get_category_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    form = CategoryForm(request.POST, instance=category, team=request.team)
    if not form.is_valid():
        return _categories_page(request, edited=form, status=422)
    form.save()
    messages.success(request, _("Category “%(name)s” saved.") % {"name": category.label})
    return redirect("category_list")


@team_required
def category_merge(request: TeamRequest, pk: int) -> HttpResponse:
    category = get_category_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    target = HowWeMet.objects.filter(
        team=request.team, pk=_int(request.POST.get("target", ""))
    ).first()
    if target is None or target.pk == category.pk:
        messages.error(request, _("Choose the category to merge into."))
        return redirect("category_list")
    name = category.label
    moved = category.merge_into(target)
    messages.success(
        request,
        ngettext(
            "“%(name)s” merged into “%(target)s”: %(count)d contact retagged.",
            "“%(name)s” merged into “%(target)s”: %(count)d contacts retagged.",
            moved,
        )
        % {"name": name, "target": target.label, "count": moved},
    )
    return redirect("category_list")


@team_required
def category_delete(request: TeamRequest, pk: int) -> HttpResponse:
    category = get_category_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    name = category.label
    untagged = category.tags.count()
    category.delete()
    messages.success(
        request,
        ngettext(
            "“%(name)s” deleted; %(count)d contact lost this tag and is otherwise unchanged.",
            "“%(name)s” deleted; %(count)d contacts lost this tag and are otherwise unchanged.",
            untagged,
        )
        % {"name": name, "count": untagged},
    )
    return redirect("category_list")


@team_required
def contact_met_through(request: TeamRequest, pk: int) -> HttpResponse:
    """Record (or clear) the contact who introduced this one."""
    contact = get_contact_rw(request, pk)
    if refused := refuse_unless_post(request):
        return refused
    through_pk = _int(request.POST.get("through", ""))
    through = None
    if through_pk:
        through = get_contact(request, through_pk)
        if through.pk == contact.pk:
            messages.error(request, _("A contact cannot introduce themselves."))
            return _after_inline_change(request, contact)
    contact_update(contact=contact, actor=request.user, data={"met_through": through}, version=None)
    if through:
        messages.success(request, _("Met through %(name)s.") % {"name": through})
    else:
        messages.success(request, _("Introducer forgotten."))
    return _after_inline_change(request, contact)


@team_required
def whois(request: TeamRequest) -> HttpResponse:
    """ "Who is this?": a name (and maybe a company, email or profile) against the team's
    contacts, with the same ranked answer as the inbox's suggestions."""
    params = request.GET
    query = Query(
        name=params.get("name", "").strip()[:200],
        company=params.get("company", "").strip()[:200],
        email=params.get("email", "").strip()[:254],
        url=params.get("url", "").strip()[:500],
    )
    suggestions = recognise(request.team, query, viewer=request.user) if query.name else []
    return render(
        request,
        "network/whois.html",
        {"query": query, "suggestions": suggestions, "asked": bool(query.name)},
    )
