"""The address book: contact list with search and filters, contact page, edit, bulk actions,
merge, lookup. What hangs off a contact (tags, former names, profiles, emails, phones) is added
and removed in ``views_details``."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from accounts.scoping import TeamRequest, require_write, team_required
from accounts.selectors import team_members
from config.params import clean_search, shown_params
from config.responses import htmx_or_redirect
from network.categories.selectors import team_categories
from network.contacts.forms import (
    AliasForm,
    BulkForm,
    ContactForm,
    EmailForm,
    PhoneForm,
    ProfileForm,
    TagForm,
)
from network.contacts.selectors import (
    contact_in_team,
    contact_page_rows,
    contacts_by_key,
    counted,
    filtered_contacts,
    first_page_counted,
    lookup_contacts,
    merged_into,
    parse_int,
    read_list_extras,
    search_page,
)
from network.contacts.services import (
    MERGEABLE,
    EditConflict,
    MergeConflict,
    contact_create,
    contact_merge,
    contact_update,
)
from network.models import (
    LANGUAGES,
    AccessLevel,
    Contact,
    active_contact_count,
)
from network.privacy.selectors import checklist
from network.recognition.selectors import likely_duplicates
from network.text.networks import Network

PAGE_SIZE = 25
SEARCH_COUNTED = 1000  # 40 pages


# Loaders: one per model, scoped to the current team (404 otherwise); _rw twins answer 403
# to read-only members.


def get_contact(request: TeamRequest, pk: int) -> Contact:
    """The team's contact ``pk`` (with its owner and introducer), or 404."""
    contact = contact_in_team(request.team.pk, pk)
    if contact is None:
        raise Http404("No such contact in this team.")
    return contact


def get_contact_rw(request: TeamRequest, pk: int, *, post: bool = True) -> Contact:
    """The contact, for a change: 403 for read-only members, then 405 unless POST (a form
    view that also shows itself on GET passes ``post=False``)."""
    contact = get_contact(request, pk)
    require_write(request, post=post)
    return contact


def get_attached_rw(request: TeamRequest, model, pk: int):
    """A row hanging off a contact (alias, email, phone, profile, tag), found only through a
    contact of the current team; 403 for read-only members, 405 unless POST."""
    row = get_object_or_404(
        model.objects.select_related("contact"), pk=pk, contact__team=request.team
    )
    require_write(request, post=True)
    return row


# The list


@team_required
def contact_list(request: TeamRequest) -> HttpResponse:
    contacts, filtered = filtered_contacts(request.team, request.user, request.GET)
    # The page's rows are read once, with what they show; the badge's count (a tally the
    # database keeps) is the unfiltered list's count too, so only a filtered list counts its rows.
    # Tags and profiles are read for the page's rows in one query (``read_list_extras``).
    total = active_contact_count(request.team.pk)
    paginator = Paginator(contacts.values_list("pk", flat=True), PAGE_SIZE)
    # A search is counted up to SEARCH_COUNTED ("ma" matches a third of a large book); past
    # that, pages stop there and the list says to narrow it. A page is read with its count.
    cap = SEARCH_COUNTED if clean_search(request.GET.get("q")) else None
    read, number = None, request.GET.get("page")  # the page's rows, if read with the count
    shape, known = (LIST_FIELDS, PAGE_SIZE), {"team": request.team, "current": total}
    if not filtered:
        paginator.count = total
    elif cap and (found := search_page(contacts, request.GET, shape, **known, shown=cap)):
        read, paginator.count, number = found
    elif number in (None, "1"):
        read, paginator.count = first_page_counted(contacts, cap, LIST_FIELDS, PAGE_SIZE)
    else:
        paginator.count = counted(contacts, cap).count()
    beyond = cap is not None and paginator.count > cap  # more matched than are counted
    if beyond:
        paginator.count = cap
    page = paginator.get_page(number)
    members = team_members(request.team.pk)
    if read is not None:
        rows = read
    elif page.number > 1:
        # A later page: its keys, then its rows. The keys are found walking the list's order,
        # from its index alone where one serves it (current contacts by name: page 50 at
        # 100,000 contacts passes 1,225 index entries, not 1,225 rows), then only the page's
        # rows are read.
        rows = contacts_by_key(request.team.pk, page.object_list, LIST_FIELDS)
    else:  # the first rows in list order: read as they are walked
        rows = contacts.only(*LIST_FIELDS)[: page.end_index()]
    page.object_list = list_rows(rows, {m.user_id: m.user for m in members})
    categories = team_categories(request.team.pk)
    read_list_extras(page.object_list, categories)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filtered": filtered,
        "beyond": beyond,
        "search_counted": SEARCH_COUNTED,
        "total": total,
        "categories": categories,
        "members": members,
        "networks": Network.choices,
        "params": shown_params(request.GET),
        "querystring": query.urlencode(),
        "bulk_form": BulkForm(team=request.team),
    }
    template = "network/contact_list.html"
    if request.htmx and request.htmx.target == "results":
        template += "#results"
    return render(request, template, context)


# What a row of the list shows: the rest of a contact (notes, search text...) is not read.
LIST_FIELDS = (
    "team_id",
    "given_name",
    "family_name",
    "display_name",
    "company",
    "position",
    "owner_id",
    "archived_at",
    "sort_key",
)


def list_rows(rows, members: dict) -> list[Contact]:
    """The page's contacts, each with its address, the label of its checkbox and who knows
    them best: the owner is most often a member, already read for the owner filter; former
    members are read together in one more query (so a page with one runs one query more)."""
    rows = list(rows)
    owners = dict(members)
    missing = {row.owner_id for row in rows} - owners.keys() - {None}
    if missing:
        owners.update(User.objects.in_bulk(missing))
    link = reverse("contact_detail", args=[0]).removesuffix("0/")
    for row in rows:
        row.url = f"{link}{row.pk}/"
        row.select_label = _("Select %(name)s") % {"name": row.name}
        # A user deleted since the rows were read (the contact's owner is then cleared).
        row.owner_name = str(owners.get(row.owner_id, ""))
    return rows


@team_required
@require_http_methods(["GET", "POST"])
def contact_create_view(request: TeamRequest) -> HttpResponse:
    require_write(request)
    form = ContactForm(request.POST or None, team=request.team)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in form.Meta.fields}
        # A likely duplicate is shown before anything is saved; the person decides.
        if request.POST.get("create_anyway") != "1":
            duplicates = likely_duplicates(request.team, data, request.user)
        if not duplicates:
            contact = contact_create(team=request.team, actor=request.user, data=data)
            messages.success(request, _("%(name)s added.") % {"name": contact})
            return redirect(contact)
    status = 409 if duplicates else 422 if form.is_bound else 200
    return render(
        request,
        "network/contact_form.html",
        {"form": form, "duplicates": duplicates},
        status=status,
    )


# One contact


def contact_page(
    request: TeamRequest, contact: Contact, *, status: int = 200, loaded: bool = False, **forms
) -> HttpResponse:
    """The contact's page. ``loaded``: ``contact`` was just read by ``get_contact`` (with its
    owner and introducer), and is shown as it is rather than read again."""
    if not loaded:  # after a change: the contact as the database has it now
        contact = Contact.objects.select_related("owner", "met_through").get(pk=contact.pk)
    categories = team_categories(request.team.pk)  # for the tags and the tag form's select
    attached, history, introduced = contact_page_rows(contact, categories)
    context = {
        "contact": contact,
        "attached": attached,
        "history": history,
        "tag_form": forms.get("tag_form") or TagForm(team=request.team, categories=categories),
        "alias_form": forms.get("alias_form") or AliasForm(),
        "profile_form": forms.get("profile_form")
        or ProfileForm(team=request.team, contact=contact),
        "email_form": forms.get("email_form") or EmailForm(contact=contact),
        "phone_form": forms.get("phone_form") or PhoneForm(contact=contact),
        "can_write": request.membership.can_write,
        "access_levels": AccessLevel.choices,
        "language_names": [str(dict(LANGUAGES).get(code, code)) for code in contact.languages],
        "introduced": introduced,
        "checklist": checklist(request.team, contact=contact),
    }
    template = "network/contact_detail.html"
    if request.htmx and request.htmx.target == "contact-body":
        template += "#contact-body"
    return render(request, template, context, status=status)


@team_required
def contact_detail(request: TeamRequest, pk: int) -> HttpResponse:
    try:
        contact = get_contact(request, pk)
    except Http404:
        # An old address of a contact merged into another (bookmarks, links in history and
        # emails) leads to the one it became.
        survivor = merged_into(request.team, pk)
        if survivor is None:
            raise
        messages.info(
            request, _("That contact was merged into %(name)s.") % {"name": survivor.name}
        )
        return redirect(survivor)
    return contact_page(request, contact, loaded=True)


@team_required
def contact_edit(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk, post=False)
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


def after_inline_change(request: TeamRequest, contact: Contact) -> HttpResponse:
    return htmx_or_redirect(request, lambda: contact_page(request, contact), contact)


def inline_invalid(request: TeamRequest, contact: Contact, **forms) -> HttpResponse:
    messages.error(request, _("Please correct the highlighted field."))
    return contact_page(request, contact, status=422, **forms)


@team_required
def contact_archive(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    if contact.is_archived:
        contact.restore(request.user)
        messages.success(request, _("%(name)s restored.") % {"name": contact})
    else:
        contact.archive(request.user)
        messages.success(request, _("%(name)s archived. Nothing was deleted.") % {"name": contact})
    return after_inline_change(request, contact)


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
    survivor = get_contact_rw(request, pk, post=False)
    loser = get_contact_rw(request, other_pk, post=False)
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
        try:
            survivor = contact_merge(
                survivor=survivor, loser=loser, actor=request.user, choices=choices
            )
        except MergeConflict as error:
            return render(request, "network/conflict.html", {"reason": str(error)}, status=409)
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
    query = clean_search(request.GET.get("q"))
    exclude = parse_int(request.GET.get("exclude", ""))
    results = lookup_contacts(request.team, query, exclude) if len(query) >= 2 else []
    context = {
        "results": results,
        "query": query,
        "merge_into": parse_int(request.GET.get("merge_into", "")),
        "introduce": parse_int(request.GET.get("introduce", "")),
        "link_request": parse_int(request.GET.get("link_request", "")),
    }
    return render(request, "network/contact_lookup.html", context)


@team_required
def contact_met_through(request: TeamRequest, pk: int) -> HttpResponse:
    """Record (or clear) the contact who introduced this one."""
    contact = get_contact_rw(request, pk)
    through_pk = parse_int(request.POST.get("through", ""))
    through = None
    if through_pk:
        through = get_contact(request, through_pk)
        if through.pk == contact.pk:
            messages.error(request, _("A contact cannot introduce themselves."))
            return after_inline_change(request, contact)
    contact_update(contact=contact, actor=request.user, data={"met_through": through}, version=None)
    if through:
        messages.success(request, _("Met through %(name)s.") % {"name": through})
    else:
        messages.success(request, _("Introducer forgotten."))
    return after_inline_change(request, contact)
