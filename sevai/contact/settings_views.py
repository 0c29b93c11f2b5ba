"""Contact-form settings (admins): the topics customers choose from."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sevai.accounts.decorators import admin_required, current_user
from sevai.contact import actions, queries
from sevai.contact.forms import ContactCategoryForm
from sevai.contact.models import ContactCategory


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def category_list(request: HttpRequest) -> HttpResponse:
    form = ContactCategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        category = actions.save_category(form, actor=current_user(request))
        messages.success(request, _("Topic %(name)s added.") % {"name": category.name})
        return redirect("contact_categories")
    context = {
        "section": "settings",
        "settings_page": "contact",
        "categories": queries.all_categories(),
        "form": form,
    }
    return render(request, "contact/categories.html", context, status=400 if form.errors else 200)


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, category_id: int) -> HttpResponse:
    category = get_object_or_404(ContactCategory, pk=category_id)
    form = ContactCategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        actions.save_category(form, actor=current_user(request))
        messages.success(request, _("Topic %(name)s saved.") % {"name": category.name})
        return redirect("contact_categories")
    context = {
        "section": "settings",
        "settings_page": "contact",
        "category": category,
        "form": form,
    }
    status = 400 if form.errors else 200
    return render(request, "contact/category_edit.html", context, status=status)


@admin_required
@require_POST
def category_delete(request: HttpRequest, category_id: int) -> HttpResponse:
    category = get_object_or_404(ContactCategory, pk=category_id)
    name = category.name
    actions.delete_category(category, actor=current_user(request))
    messages.success(request, _("Topic %(name)s removed.") % {"name": name})
    return redirect("contact_categories")
