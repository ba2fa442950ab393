"""How-we-met categories: the team's list, with create, rename and recolour, merge, delete."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.scoping import TeamRequest, get_in_team, require_write, team_required
from config.params import parse_int
from network.categories.forms import CategoryForm
from network.models import Category


def get_category(request: TeamRequest, pk: int) -> Category:
    return get_in_team(request, Category.objects.all(), pk=pk)


def get_category_rw(request: TeamRequest, pk: int, *, post: bool = True) -> Category:
    category = get_category(request, pk)
    require_write(request, post=post)
    return category


def _categories_page(request: TeamRequest, *, create_form=None, edited=None, status=200):
    categories = Category.objects.filter(team=request.team).annotate(
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
    form = CategoryForm(request.POST, instance=category, team=request.team)
    if not form.is_valid():
        return _categories_page(request, edited=form, status=422)
    form.save()
    messages.success(request, _("Category “%(name)s” saved.") % {"name": category.label})
    return redirect("category_list")


@team_required
def category_merge(request: TeamRequest, pk: int) -> HttpResponse:
    category = get_category_rw(request, pk)
    target = Category.objects.filter(
        team=request.team, pk=parse_int(request.POST.get("target"))
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
