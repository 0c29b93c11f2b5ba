"""Brand settings (admins): name, address, colour and language of the public pages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sevai.accounts.decorators import admin_required
from sevai.brands.actions import save_brand
from sevai.brands.forms import BrandForm
from sevai.brands.models import Brand
from sevai.brands.queries import default_brand


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def brand_list(request: HttpRequest) -> HttpResponse:
    default_brand()  # there is always one to edit
    form = BrandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        brand = save_brand(form)
        messages.success(request, _("Brand %(name)s added.") % {"name": brand.name})
        return redirect("brands")
    context = {
        "section": "settings",
        "settings_page": "brands",
        "brands": Brand.objects.select_related("team"),
        "form": form,
    }
    return render(request, "brands/list.html", context, status=400 if form.errors else 200)


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def brand_edit(request: HttpRequest, brand_id: int) -> HttpResponse:
    brand = get_object_or_404(Brand, pk=brand_id)
    form = BrandForm(request.POST or None, instance=brand)
    if request.method == "POST" and form.is_valid():
        save_brand(form)
        messages.success(request, _("Brand %(name)s saved.") % {"name": brand.name})
        return redirect("brands")
    context = {"section": "settings", "settings_page": "brands", "brand": brand, "form": form}
    return render(request, "brands/edit.html", context, status=400 if form.errors else 200)
