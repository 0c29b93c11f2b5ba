"""Managing categories and sections."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sevai.kb.actions import taxonomy as actions
from sevai.kb.forms import CategoryForm, NamesForm, SectionForm
from sevai.kb.models import Category, Section
from sevai.kb.permissions import can_edit
from sevai.kb.views.common import SECTION, editor_required, error_text, kb_user


def _kept_names(names: dict[str, str]) -> dict[str, str]:
    """Names in languages the form does not show (imported ones) are kept as they are."""
    desk = {code for code, _name in settings.LANGUAGES}
    return {code: name for code, name in names.items() if code not in desk}


def _run(request: HttpRequest, form: NamesForm, write: Callable[[], object]) -> HttpResponse:
    """Check the form, write, say how it went, and go back to the categories page."""
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("kb_categories")
    try:
        write()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("kb_categories")


@login_required
def categories(request: HttpRequest) -> HttpResponse:
    rows = [
        (
            category,
            NamesForm(
                initial=NamesForm.initial_for(category.slug, category.position, category.names),
                prefix=f"c{category.pk}",
            ),
            [
                (
                    section,
                    SectionForm(
                        initial=NamesForm.initial_for(
                            section.slug, section.position, section.names
                        ),
                        prefix=f"s{section.pk}",
                    ),
                )
                for section in category.sections.all()
            ],
            SectionForm(prefix=f"new{category.pk}"),
        )
        for category in Category.objects.select_related("brand").prefetch_related("sections")
    ]
    return render(
        request,
        "kb/categories.html",
        {
            "rows": rows,
            "new_form": CategoryForm(prefix="new"),
            "can_edit": can_edit(kb_user(request)),
            "section": SECTION,
        },
    )


@editor_required
@require_POST
def category_create(request: HttpRequest) -> HttpResponse:
    form = CategoryForm(request.POST, prefix="new")
    return _run(
        request,
        form,
        lambda: actions.create_category(
            actor=kb_user(request),
            slug=form.cleaned_data["slug"],
            names=form.names(),
            brand=form.cleaned_data["brand"],
            position=form.cleaned_data["position"],
        ),
    )


@editor_required
@require_POST
def category_update(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk)
    form = NamesForm(request.POST, prefix=f"c{pk}")
    return _run(
        request,
        form,
        lambda: actions.update_category(
            category,
            actor=kb_user(request),
            slug=form.cleaned_data["slug"],
            names=_kept_names(category.names) | form.names(),
            position=form.cleaned_data["position"],
        ),
    )


@editor_required
@require_POST
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_category(get_object_or_404(Category, pk=pk), actor=kb_user(request))
    messages.success(request, _("Category deleted; its articles have no category now."))
    return redirect("kb_categories")


@editor_required
@require_POST
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk)
    form = SectionForm(request.POST, prefix=f"new{pk}")
    return _run(
        request,
        form,
        lambda: actions.create_section(
            category,
            actor=kb_user(request),
            slug=form.cleaned_data["slug"],
            names=form.names(),
            position=form.cleaned_data["position"],
        ),
    )


@editor_required
@require_POST
def section_update(request: HttpRequest, pk: int) -> HttpResponse:
    section = get_object_or_404(Section, pk=pk)
    form = SectionForm(request.POST, prefix=f"s{pk}")
    return _run(
        request,
        form,
        lambda: actions.update_section(
            section,
            actor=kb_user(request),
            slug=form.cleaned_data["slug"],
            names=_kept_names(section.names) | form.names(),
            position=form.cleaned_data["position"],
        ),
    )


@editor_required
@require_POST
def section_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actions.delete_section(get_object_or_404(Section, pk=pk), actor=kb_user(request))
    messages.success(request, _("Section deleted; its articles stay in the category."))
    return redirect("kb_categories")
