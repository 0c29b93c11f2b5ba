"""Settings → Assistant (admins only): where the assistant answers, how sure it must be, and
the optional language-model endpoint with its "Test the endpoint" button.

The API key is write-only: never rendered back (empty keeps the stored one), kept out of error
reports by sensitive_post_parameters, and encrypted by the action.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from sevai.accounts.decorators import admin_required, current_user
from sevai.assistant.admin.actions import save_assistant_settings
from sevai.assistant.admin.forms import AssistantSettingsForm
from sevai.assistant.generative import EndpointConfig, endpoint_check, endpoint_config
from sevai.assistant.models import AssistantSettings
from sevai.assistant.queries import assistant_settings

TEMPLATE = "assistant/settings.html"


def _page(
    request: HttpRequest, form: AssistantSettingsForm, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"section": "settings", "settings_page": "assistant", "form": form, **extra}
    return render(request, TEMPLATE, context, status=status)


def config_from_form(form: AssistantSettingsForm, row: AssistantSettings) -> EndpointConfig:
    """The endpoint as the form would save it: the key typed in, else the stored one."""
    data = form.cleaned_data
    stored = endpoint_config(row).api_key
    key = data["api_key"] or ("" if data.get("clear_api_key") else stored)
    return EndpointConfig(
        base_url=data["generative_base_url"],
        model=str(data["generative_model"]).strip(),
        api_key=key,
        timeout=data["generative_timeout"],
    )


@never_cache
@sensitive_post_parameters("api_key")
@admin_required
@require_http_methods(["GET", "POST"])
def assistant_settings_page(request: HttpRequest) -> HttpResponse:
    row = assistant_settings()
    if request.method != "POST":
        return _page(request, AssistantSettingsForm.for_settings(row))
    form = AssistantSettingsForm.for_settings(row, request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    if "test" in request.POST:
        error = endpoint_check(config_from_form(form, row))
        return _page(
            request,
            form,
            tested=True,
            test_error=error,
            typed_key=bool(form.cleaned_data["api_key"]),
        )
    try:
        save_assistant_settings(
            form.settings_values(),
            actor=current_user(request),
            api_key=form.cleaned_data["api_key"],
            clear_api_key=bool(form.cleaned_data.get("clear_api_key")),
        )
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return _page(request, form, status=403)
    messages.success(request, _("The assistant's settings are saved."))
    return redirect("assistant_settings")
