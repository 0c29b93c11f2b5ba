"""Mailbox settings pages (admins only): list, add, edit, inbound secret, poll now.

Passwords are write-only (never rendered back; empty keeps the stored one) and the inbound
secret is shown once, on the response that generated it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from sevai.accounts.decorators import admin_required, current_user
from sevai.mail.admin import actions
from sevai.mail.admin.forms import MailboxForm
from sevai.mail.models import InboundMessage, Mailbox
from sevai.mail.transports.imap import PollResult, poll_mailbox

PASSWORD_FIELDS = ("imap_password", "smtp_password")


def page_context(**extra: Any) -> dict[str, Any]:
    return {"section": "settings", "settings_page": "mailboxes", **extra}


def add_errors(form: MailboxForm, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    elif isinstance(exc, ValidationError):
        for message in exc.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(exc) or _("You are not allowed to do this."))


def mailboxes_with_counts() -> QuerySet[Mailbox]:
    return (
        Mailbox.objects.select_related("team")
        .annotate(
            inbound_total=Count("inbound"),
            inbound_waiting=Count("inbound", filter=Q(inbound__state=InboundMessage.State.STORED)),
            inbound_flagged=Count("inbound", filter=Q(inbound__state=InboundMessage.State.FLAGGED)),
        )
        .order_by("name", "pk")
    )


def endpoint_url(mailbox: Mailbox) -> str:
    return settings.BASE_URL + reverse("mail-inbound", args=[mailbox.pk])


@never_cache
@admin_required
@require_http_methods(["GET"])
def mailbox_list(request: HttpRequest) -> HttpResponse:
    context = page_context(mailboxes=mailboxes_with_counts())
    return render(request, "mail/admin/list.html", context)


@never_cache
@sensitive_post_parameters(*PASSWORD_FIELDS)
@admin_required
@require_http_methods(["GET", "POST"])
def mailbox_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "mail/admin/new.html", page_context(form=MailboxForm()))
    form = MailboxForm(request.POST)
    if form.is_valid():
        try:
            mailbox = actions.create_mailbox(
                form.settings_values(),
                actor=current_user(request),
                imap_password=form.cleaned_data["imap_password"],
                smtp_password=form.cleaned_data["smtp_password"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The mailbox %(name)s is added.") % {"name": mailbox.name})
            return redirect("mailbox", mailbox_id=mailbox.pk)
    return render(request, "mail/admin/new.html", page_context(form=form), status=422)


def _mailbox_page(
    request: HttpRequest,
    mailbox: Mailbox,
    *,
    form: MailboxForm | None = None,
    poll_result: PollResult | None = None,
    status: int = 200,
) -> HttpResponse:
    counted = mailboxes_with_counts().get(pk=mailbox.pk)
    context = page_context(
        mailbox=counted,
        form=form or MailboxForm(instance=mailbox),
        endpoint_url=endpoint_url(mailbox),
        poll_result=poll_result,
    )
    return render(request, "mail/admin/detail.html", context, status=status)


@never_cache
@sensitive_post_parameters(*PASSWORD_FIELDS)
@admin_required
@require_http_methods(["GET", "POST"])
def mailbox_detail(request: HttpRequest, mailbox_id: int) -> HttpResponse:
    mailbox = get_object_or_404(Mailbox, pk=mailbox_id)
    if request.method != "POST":
        return _mailbox_page(request, mailbox)
    form = MailboxForm(request.POST, instance=mailbox)
    if form.is_valid():
        try:
            actions.update_mailbox(
                mailbox,
                form.settings_values(),
                actor=current_user(request),
                imap_password=form.cleaned_data["imap_password"],
                smtp_password=form.cleaned_data["smtp_password"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The mailbox is saved."))
            return redirect("mailbox", mailbox_id=mailbox.pk)
    return _mailbox_page(request, mailbox, form=form, status=422)


@never_cache
@admin_required
@require_POST
def mailbox_secret(request: HttpRequest, mailbox_id: int) -> HttpResponse:
    mailbox = get_object_or_404(Mailbox, pk=mailbox_id)
    secret = actions.rotate_inbound_secret(mailbox, actor=current_user(request))
    # The only response that ever contains the secret; never_cache keeps it out of caches.
    context = page_context(mailbox=mailbox, secret=secret, endpoint_url=endpoint_url(mailbox))
    return render(request, "mail/admin/secret.html", context)


@never_cache
@admin_required
@require_POST
def mailbox_poll(request: HttpRequest, mailbox_id: int) -> HttpResponse:
    """Poll the IMAP folder now, in this request, and show what happened."""
    mailbox = get_object_or_404(Mailbox, pk=mailbox_id)
    if not mailbox.imap_host:
        messages.error(request, _("This mailbox has no IMAP server to poll."))
        return redirect("mailbox", mailbox_id=mailbox.pk)
    result = poll_mailbox(mailbox)
    if getattr(request, "htmx", False):
        context = {"poll_result": result, "mailbox": mailbox}
        return render(request, "mail/admin/partials/poll_result.html", context)
    return _mailbox_page(request, mailbox, poll_result=result)
