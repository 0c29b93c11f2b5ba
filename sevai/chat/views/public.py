"""The widget's HTTP side: its script, its settings, starting a conversation, files.

These endpoints are called from customers' sites (CORS, no cookies): the visitor token in the
body or the X-Sevai-Token header is the only credential.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sevai.brands.language import public_language
from sevai.chat.actions.conversations import (
    identify_visitor,
    post_visitor_message,
    start_conversation,
)
from sevai.chat.identity import conversation_for_token, verified_user_id, visitor_token
from sevai.chat.models import ChatWidget
from sevai.chat.queries import FILE_SALT, active_widget, agents_available
from sevai.chat.security import origin_allowed, with_cors
from sevai.chat.strings import widget_strings
from sevai.lib.ratelimit import client_network, over_limit
from sevai.mail.admin.inbound_views import attachment_response
from sevai.mail.models import Attachment
from sevai.tickets.actions.uploads import uploads_problems

NEW_CONVERSATIONS_PER_IP = 20  # per 10 minutes


@cache
def widget_script() -> bytes:
    return (Path(settings.BASE_DIR) / "static" / "sevai" / "widget.js").read_bytes()


@require_GET
def script(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(widget_script(), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json_body(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return {}
        return data if isinstance(data, dict) else {}
    return {key: request.POST.get(key, "") for key in request.POST}


def _widget_or_404(request: HttpRequest, key: str) -> ChatWidget:
    widget = active_widget(key)
    if widget is None or not origin_allowed(widget, request.headers.get("Origin", "")):
        raise Http404(key)
    return widget


def _error(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return with_cors(request, JsonResponse({"error": message}, status=status))


@csrf_exempt
@require_http_methods(["GET", "OPTIONS"])
def config(request: HttpRequest, key: str) -> HttpResponse:
    if request.method == "OPTIONS":
        return with_cors(request, HttpResponse())
    widget = _widget_or_404(request, key)
    language = public_language(request, widget.brand)
    data = {
        "language": language,
        "colour": widget.display_colour,
        "pre_chat": widget.pre_chat,
        "agents_online": agents_available(widget),
        "strings": widget_strings(widget),
    }
    return with_cors(request, JsonResponse(data))


def _new_conversation_allowed(request: HttpRequest) -> bool:
    network = client_network(request.META.get("REMOTE_ADDR", ""))
    return not over_limit(f"sevai:chat-new:{network}", NEW_CONVERSATIONS_PER_IP, 600)


@csrf_exempt
@require_http_methods(["POST", "OPTIONS"])
def session(request: HttpRequest, key: str) -> HttpResponse:
    """Resume the conversation a token names, or start one (with the pre-chat details)."""
    if request.method == "OPTIONS":
        return with_cors(request, HttpResponse())
    widget = _widget_or_404(request, key)
    data = _json_body(request)
    conversation = conversation_for_token(widget, str(data.get("token") or ""))
    if conversation is None:
        if not _new_conversation_allowed(request):
            return _error(request, _("Too many new chats from your network. Try again later."), 429)
        user_id = verified_user_id(
            widget, str(data.get("user_id") or ""), str(data.get("user_hash") or "")
        )
        if data.get("user_id") and not user_id:
            return _error(request, _("The signed user identity is not valid."), 403)
        try:
            conversation = start_conversation(
                widget,
                name=str(data.get("name") or "")[:200],
                email=str(data.get("email") or ""),
                user_id=user_id,
                language=public_language(request, widget.brand),
                page_url=str(data.get("page_url") or ""),
            )
        except ValidationError as exc:
            return _error(request, exc.messages[0], 400)
    customer = conversation.customer
    body = {
        "token": visitor_token(conversation),
        "last_seq": conversation.last_seq,
        "identified": bool(customer and customer.identities.filter(kind="email").exists()),
        "email_follow_up": conversation.email_follow_up,
    }
    return with_cors(request, JsonResponse(body))


@csrf_exempt
@require_http_methods(["POST", "OPTIONS"])
def identify(request: HttpRequest, key: str) -> HttpResponse:
    """Pre-chat details, or an address to answer by email when nobody is online."""
    if request.method == "OPTIONS":
        return with_cors(request, HttpResponse())
    widget = _widget_or_404(request, key)
    data = _json_body(request)
    conversation = conversation_for_token(widget, str(data.get("token") or ""))
    if conversation is None:
        return _error(request, _("This chat has expired. Please reload the page."), 403)
    try:
        identify_visitor(
            conversation,
            name=str(data.get("name") or "")[:200],
            email=str(data.get("email") or ""),
            follow_up=bool(data.get("follow_up")),
        )
    except ValidationError as exc:
        return _error(request, exc.messages[0], 400)
    return with_cors(request, JsonResponse({"ok": True}))


@csrf_exempt
@require_http_methods(["POST", "OPTIONS"])
def upload(request: HttpRequest, key: str) -> HttpResponse:
    if request.method == "OPTIONS":
        return with_cors(request, HttpResponse())
    widget = _widget_or_404(request, key)
    token = request.headers.get("X-Sevai-Token") or request.POST.get("token", "")
    conversation = conversation_for_token(widget, token)
    if conversation is None:
        return _error(request, _("This chat has expired. Please reload the page."), 403)
    files = request.FILES.getlist("file")
    problems = uploads_problems(files) if files else [_("Choose a file to send.")]
    if problems:
        return _error(request, " ".join(problems), 400)
    entry, _created = post_visitor_message(
        conversation,
        request.POST.get("body", ""),
        client_id=request.POST.get("client_id", ""),
        uploads=files,
    )
    return with_cors(request, JsonResponse({"seq": entry.seq, "client_id": entry.client_id}))


@require_GET
def file(request: HttpRequest, signed: str) -> FileResponse:
    try:
        pk = signing.loads(signed, salt=FILE_SALT)
    except signing.BadSignature:
        raise Http404(signed) from None
    attachment = get_object_or_404(Attachment, pk=pk, message__channel="chat")
    if not attachment.file:
        raise Http404(signed)
    # the same hardened download as agents' and the portal's (nosniff, sandboxing CSP)
    return attachment_response(attachment, cache_control="private, no-store", missing=signed)
