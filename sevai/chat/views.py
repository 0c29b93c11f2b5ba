"""Chat widget settings (admins)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from sevai.accounts.decorators import admin_required


@never_cache
@admin_required
def widget_list(request: HttpRequest) -> HttpResponse:
    return render(request, "chat/widgets.html", {"section": "settings", "settings_page": "chat"})
