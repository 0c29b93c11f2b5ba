"""Webhook settings pages (admins only). The secret is shown once, at creation, never after."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sevai.accounts.decorators import admin_required, current_user
from sevai.webhooks import actions
from sevai.webhooks.forms import WebhookForm
from sevai.webhooks.models import Delivery, Webhook

RECENT_DELIVERIES = 50


def page_context(**extra: Any) -> dict[str, Any]:
    return {"section": "settings", "settings_page": "webhooks", **extra}


def add_errors(form: WebhookForm, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(exc) or _("You are not allowed to do this."))


def webhooks_with_last_delivery() -> QuerySet[Webhook]:
    latest = Delivery.objects.filter(webhook=OuterRef("pk")).order_by("-created_at", "-pk")
    return Webhook.objects.annotate(
        last_state=Subquery(latest.values("state")[:1]),
        last_delivery_at=Subquery(latest.values("created_at")[:1]),
    ).order_by("-created_at")


def _list_page(request: HttpRequest, form: WebhookForm, status: int = 200) -> HttpResponse:
    labels = dict(Delivery.State.choices)
    webhooks = list(webhooks_with_last_delivery())
    for webhook in webhooks:
        webhook.last_state_label = labels.get(webhook.last_state or "", "")  # type: ignore[attr-defined]
    context = page_context(webhooks=webhooks, form=form)
    return render(request, "webhooks/list.html", context, status=status)


@never_cache
@admin_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _list_page(request, WebhookForm())
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=422)
    data = form.cleaned_data
    try:
        webhook, secret = actions.create_webhook(
            data["url"], data["events"], actor=current_user(request)
        )
    except (ValidationError, PermissionDenied) as exc:
        add_errors(form, exc)
        return _list_page(request, form, status=422)
    # The only response that ever contains the secret; never_cache keeps it out of caches.
    return render(request, "webhooks/created.html", page_context(webhook=webhook, secret=secret))


def _detail_page(
    request: HttpRequest, webhook: Webhook, form: WebhookForm | None = None, status: int = 200
) -> HttpResponse:
    deliveries = webhook.deliveries.prefetch_related("attempt_log").order_by("-created_at", "-pk")
    context = page_context(
        webhook=webhook,
        form=form or WebhookForm.for_webhook(webhook),
        deliveries=deliveries[:RECENT_DELIVERIES],
        ping_event=actions.PING_EVENT,
    )
    return render(request, "webhooks/detail.html", context, status=status)


@admin_required
@require_http_methods(["GET"])
def webhook_detail(request: HttpRequest, webhook_id: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook.objects.select_related("created_by"), pk=webhook_id)
    return _detail_page(request, webhook)


@admin_required
@require_POST
def webhook_edit(request: HttpRequest, webhook_id: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=webhook_id)
    form = WebhookForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_webhook(
                webhook, url=data["url"], events=data["events"], actor=current_user(request)
            )
        except (ValidationError, PermissionDenied) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The webhook is saved."))
            return redirect("webhook", webhook_id=webhook.pk)
    return _detail_page(request, webhook, form, status=422)


@admin_required
@require_POST
def webhook_test(request: HttpRequest, webhook_id: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=webhook_id)
    actions.send_test_delivery(webhook, actor=current_user(request))
    messages.success(request, _("A test delivery is on its way; it appears below."))
    return redirect("webhook", webhook_id=webhook.pk)


@admin_required
@require_POST
def webhook_set_active(request: HttpRequest, webhook_id: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=webhook_id)
    active = request.POST.get("active") == "1"
    actions.set_webhook_active(webhook, active, actor=current_user(request))
    if active:
        messages.success(request, _("The webhook is active: new events are sent."))
    else:
        messages.success(request, _("The webhook is deactivated: no new events are sent."))
    return redirect("webhook", webhook_id=webhook.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def webhook_delete(request: HttpRequest, webhook_id: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=webhook_id)
    if request.method != "POST":
        context = page_context(webhook=webhook, delivery_count=webhook.deliveries.count())
        return render(request, "webhooks/confirm_delete.html", context)
    actions.delete_webhook(webhook, actor=current_user(request))
    messages.success(request, _("The webhook %(url)s is deleted.") % {"url": webhook.url})
    return redirect("webhooks")


@admin_required
@require_POST
def delivery_retry(request: HttpRequest, webhook_id: int, delivery_id: int) -> HttpResponse:
    delivery = get_object_or_404(Delivery, pk=delivery_id, webhook_id=webhook_id)
    try:
        actions.retry_delivery(delivery, actor=current_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The delivery is queued to be sent again."))
    return redirect("webhook", webhook_id=webhook_id)
