"""What arrived: recent inbound mail and its raw .eml (admins), and attachment downloads (agents).

Downloads are always served as attachments with X-Content-Type-Options: nosniff and a
sandboxing Content-Security-Policy; only raster images keep their own content type (so that
the ticket page can show cid: images in <img>), anything else is application/octet-stream.
"""

from __future__ import annotations

import re
from typing import TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models.fields.json import KT
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sevai.accounts.decorators import admin_required
from sevai.mail.admin.forms import InboundFilterForm
from sevai.mail.models import Attachment, InboundMessage

RECENT_INBOUND = 100
INLINE_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
DOWNLOAD_CSP = "default-src 'none'; sandbox"
Response = TypeVar("Response", bound=HttpResponseBase)
_UNSAFE_FILENAME = re.compile(r"[\x00-\x1f\x7f/\\]+")


def safe_filename(name: str, fallback: str) -> str:
    cleaned = _UNSAFE_FILENAME.sub("_", name).strip(" .")
    return cleaned[:200] or fallback


def harden(response: Response) -> Response:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


@never_cache
@admin_required
@require_http_methods(["GET"])
def inbound_list(request: HttpRequest) -> HttpResponse:
    form = InboundFilterForm(request.GET or None)
    qs = InboundMessage.objects.select_related("mailbox", "ticket")
    if form.is_valid():
        if form.cleaned_data["mailbox"]:
            qs = qs.filter(mailbox=form.cleaned_data["mailbox"])
        if form.cleaned_data["state"]:
            qs = qs.filter(state=form.cleaned_data["state"])
    # The raw bytes and the full verdict (with the folded text) stay in the database.
    rows = (
        qs.defer("raw", "verdict")
        .annotate(
            sender=KT("verdict__sender__address"),
            subject=KT("verdict__subject"),
            action=KT("verdict__action"),
            reason=KT("verdict__reason"),
            noise=KT("verdict__noise__kind"),
            rule=KT("verdict__threading__rule"),
        )
        .order_by("-received_at", "-pk")[:RECENT_INBOUND]
    )
    context = {
        "section": "settings",
        "settings_page": "mailboxes",
        "form": form,
        "rows": rows,
        "limit": RECENT_INBOUND,
    }
    return render(request, "mail/admin/inbound.html", context)


@never_cache
@admin_required
@require_http_methods(["GET"])
def inbound_raw(request: HttpRequest, inbound_id: int) -> HttpResponse:
    """The stored bytes, exactly as they arrived."""
    raw = InboundMessage.objects.filter(pk=inbound_id).values_list("raw", flat=True).first()
    if raw is None:
        raise Http404(_("No such inbound mail."))
    response = HttpResponse(bytes(raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="inbound-{inbound_id}.eml"'
    return harden(response)


def attachment_response(
    attachment: Attachment, *, cache_control: str, missing: str
) -> FileResponse:
    """A stored attachment as a hardened download: images keep their type, anything else is
    sent as octet-stream, so nothing a customer sent can run in our origin."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(missing) from None
    content_type = attachment.content_type.lower()
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=safe_filename(attachment.filename, f"attachment-{attachment.pk}"),
        content_type=content_type
        if content_type in INLINE_IMAGE_TYPES
        else "application/octet-stream",
    )
    response["Cache-Control"] = cache_control
    return harden(response)


@login_required
@require_http_methods(["GET"])
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = get_object_or_404(Attachment, pk=attachment_id)
    if not attachment.file:
        raise Http404(_("This attachment was not kept."))
    return attachment_response(
        attachment,
        cache_control="private, max-age=3600",
        missing=_("This attachment's file is missing."),
    )
