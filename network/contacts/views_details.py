"""What hangs off a contact, added and removed from the contact page: how-we-met tags, former
names, profiles (and the access granted on each), emails and phones. Each change goes through
the contact's verb, which reindexes and records the history; the page answers htmx with its
body, a plain post with a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.utils.translation import gettext as _

from accounts.scoping import TeamRequest, team_required
from network.contacts.forms import AliasForm, EmailForm, PhoneForm, ProfileForm, TagForm
from network.contacts.views import (
    after_inline_change,
    get_attached_rw,
    get_contact_rw,
    inline_invalid,
)
from network.models import (
    AccessLevel,
    ContactAlias,
    ContactEmail,
    ContactPhone,
    ContactTag,
    NetworkProfile,
)


@team_required
def contact_tag(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    form = TagForm(request.POST, team=request.team)
    if not form.is_valid():
        return inline_invalid(request, contact, tag_form=form)
    category = form.cleaned_data["category"]
    contact.tag(
        category,
        request.user,
        detail=form.cleaned_data["detail"],
        met_on=form.cleaned_data["met_on"],
    )
    messages.success(request, _("“%(category)s” added.") % {"category": category.label})
    return after_inline_change(request, contact)


@team_required
def contact_untag(request: TeamRequest, pk: int) -> HttpResponse:
    tag = get_attached_rw(request, ContactTag, pk)
    tag.contact.untag(tag.category, request.user)
    messages.success(request, _("“%(category)s” removed.") % {"category": tag.category.label})
    return after_inline_change(request, tag.contact)


@team_required
def alias_add(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    form = AliasForm(request.POST)
    if not form.is_valid():
        return inline_invalid(request, contact, alias_form=form)
    data = form.cleaned_data
    contact.add_alias(
        data["name"],
        data["kind"],
        request.user,
        started_on=data["started_on"],
        ended_on=data["ended_on"],
    )
    messages.success(request, _("Former name “%(name)s” added.") % {"name": data["name"]})
    return after_inline_change(request, contact)


@team_required
def profile_add(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    form = ProfileForm(request.POST, team=request.team, contact=contact)
    if not form.is_valid():
        return inline_invalid(request, contact, profile_form=form)
    contact.add_profile(form.profile, request.user, access=form.cleaned_data["access"])
    messages.success(request, _("Profile %(url)s added.") % {"url": form.profile.url})
    return after_inline_change(request, contact)


@team_required
def profile_access(request: TeamRequest, pk: int) -> HttpResponse:
    profile = get_attached_rw(request, NetworkProfile, pk)
    access = request.POST.get("access", "")
    if access not in AccessLevel.values:
        messages.error(request, _("Choose one of the access levels offered."))
    elif profile.contact.set_access(profile, access, request.user):
        messages.success(request, _("Access updated."))
    return after_inline_change(request, profile.contact)


@team_required
def email_add(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    form = EmailForm(request.POST, contact=contact)
    if not form.is_valid():
        return inline_invalid(request, contact, email_form=form)
    row = contact.add_email(form.cleaned_data["email"], request.user, form.cleaned_data["label"])
    messages.success(request, _("%(value)s added.") % {"value": row.email})
    return after_inline_change(request, contact)


@team_required
def phone_add(request: TeamRequest, pk: int) -> HttpResponse:
    contact = get_contact_rw(request, pk)
    form = PhoneForm(request.POST, contact=contact)
    if not form.is_valid():
        return inline_invalid(request, contact, phone_form=form)
    row = contact.add_phone(form.cleaned_data["number"], request.user, form.cleaned_data["label"])
    messages.success(request, _("%(value)s added.") % {"value": row.number})
    return after_inline_change(request, contact)


def _remove(request: TeamRequest, model, pk: int) -> HttpResponse:
    row = get_attached_rw(request, model, pk)
    label = row.contact.remove_detail(row, request.user)
    messages.success(request, _("“%(value)s” removed.") % {"value": label})
    return after_inline_change(request, row.contact)


@team_required
def alias_remove(request: TeamRequest, pk: int) -> HttpResponse:
    return _remove(request, ContactAlias, pk)


@team_required
def profile_remove(request: TeamRequest, pk: int) -> HttpResponse:
    return _remove(request, NetworkProfile, pk)


@team_required
def email_remove(request: TeamRequest, pk: int) -> HttpResponse:
    return _remove(request, ContactEmail, pk)


@team_required
def phone_remove(request: TeamRequest, pk: int) -> HttpResponse:
    return _remove(request, ContactPhone, pk)
