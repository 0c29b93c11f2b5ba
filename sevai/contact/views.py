"""The public contact pages: hosted per brand, embeddable in an iframe, and the confirmation.

Spam checks (sevai.contact.spam) come before any write: the honeypot pretends success and
keeps nothing; a too-fast or forged form and bad input come back with errors (400); too many
requests get 429. A valid request is one transaction (actions.submit_contact_request); once
it is committed the assistant may answer it (sevai.assistant). Then POST/redirect/GET to a
confirmation that shows only what a signed receipt in its URL says: the request number, and
the assistant's answer with "Did this answer your question?" when it gave one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from sevai.assistant.intake import answer_customer
from sevai.assistant.models import Turn
from sevai.assistant.presentation import answer_context, feedback_url
from sevai.brands.language import public_language, remember_language
from sevai.brands.models import Brand
from sevai.brands.queries import brand_by_slug
from sevai.contact import actions, queries, spam
from sevai.contact.forms import ContactForm

logger = logging.getLogger("sevai.contact")

RECEIPT_SALT = "sevai.contact.receipt"
RECEIPT_MAX_AGE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Receipt:
    """What the confirmation page may show: the request number, whether mail went out, and
    the assistant's answer (its turn) when it answered."""

    number: int
    acknowledged: bool
    turn_id: int | None = None


def receipt_token(submitted: actions.Submitted, turn: Turn | None = None) -> str:
    payload: dict[str, Any] = {"n": submitted.ticket.number, "a": submitted.acknowledged}
    if turn is not None and turn.outcome == Turn.Outcome.ANSWERED:
        payload["t"] = turn.pk
    return signing.dumps(payload, salt=RECEIPT_SALT)


def read_receipt(token: str) -> Receipt | None:
    """The receipt in a confirmation URL; None when missing, forged or expired."""
    try:
        payload = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE_SECONDS)
        turn_id = int(payload["t"]) if "t" in payload else None
        return Receipt(number=int(payload["n"]), acknowledged=bool(payload["a"]), turn_id=turn_id)
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def answer_shown(
    receipt: Receipt | None, brand: Brand, language: str, *, embed: bool
) -> dict[str, Any]:
    """The confirmation's part for the assistant's answer: empty when it gave none."""
    if receipt is None or receipt.turn_id is None:
        return {}
    turn = (
        Turn.objects.filter(pk=receipt.turn_id, ticket__number=receipt.number)
        .select_related("ticket", "translation__brand")
        .first()
    )
    if turn is None:
        return {}
    action = feedback_url(turn, language=language)
    return {"answer": answer_context(turn, brand, action=action, embed=embed)}


def confirmation_url(brand: Brand, language: str, token: str, *, embed: bool) -> str:
    """Where a sent form goes: the embedded form answers in its own (frameable) page."""
    if embed:
        query = urlencode({"lang": language, "r": token})
        return f"{reverse('contact_embed', args=[brand.slug])}?{query}"
    query = urlencode({"lang": language, "r": token} if token else {"lang": language})
    return f"{reverse('contact_sent', args=[brand.slug])}?{query}"


def _page(
    request: HttpRequest, template: str, language: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    remember_language(request, response, language)
    return response


def _contact(request: HttpRequest, brand: Brand, *, embed: bool) -> HttpResponse:
    language = public_language(request, brand)
    template = "contact/embed.html" if embed else "contact/page.html"
    context: dict[str, Any] = {"brand": brand, "embed": embed}
    if request.method != "POST":
        if embed and "r" in request.GET:
            receipt = read_receipt(request.GET["r"])
            context |= {"receipt": receipt, "sent": True}
            context |= answer_shown(receipt, brand, language, embed=True)
            return _page(request, template, language, context)
        form = ContactForm(categories=queries.categories_for(brand))
        return _page(
            request, template, language, {**context, "form": form, "token": spam.form_token()}
        )
    if spam.honeypot_filled(request.POST):
        logger.info("contact form: honeypot filled on brand %s; nothing kept", brand.slug)
        return redirect(confirmation_url(brand, language, "", embed=embed))
    form = ContactForm(request.POST, request.FILES, categories=queries.categories_for(brand))
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        problem = spam.take_rate_limit(request.META.get("REMOTE_ADDR", ""), data["email"])
        if problem:
            form.add_error(None, problem)
            status = 429
        else:
            try:
                submitted = actions.submit_contact_request(
                    brand=brand,
                    name=data["name"],
                    email=data["email"],
                    subject=data["subject"],
                    message=data["message"],
                    language=language,
                    category=data.get("category"),
                    files=data["attachments"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                turn = answer_customer(submitted.message, brand_id=brand.pk)
                token = receipt_token(submitted, turn)
                return redirect(confirmation_url(brand, language, token, embed=embed))
    context |= {"form": form, "token": spam.form_token()}
    return _page(request, template, language, context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def contact_page(request: HttpRequest, brand_slug: str | None = None) -> HttpResponse:
    """The hosted contact page (/contact/ is the default brand's)."""
    return _contact(request, brand_by_slug(brand_slug), embed=False)


# Frameable on any site. No CSRF cookie: browsers withhold our cookies from a form in another
# site's iframe. The form needs none: it is anonymous, and the signed time stamp, the honeypot
# and the rate limits guard it the same way.
@xframe_options_exempt
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def contact_embed(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """The contact form alone, for an <iframe> on the customer's own website."""
    return _contact(request, brand_by_slug(brand_slug), embed=True)


@never_cache
@require_GET
def contact_sent(request: HttpRequest, brand_slug: str) -> HttpResponse:
    """The confirmation: shows a request number only from a signed receipt."""
    brand = brand_by_slug(brand_slug)
    language = public_language(request, brand)
    receipt = read_receipt(request.GET.get("r", ""))
    context = {"brand": brand, "receipt": receipt, "sent": True}
    context |= answer_shown(receipt, brand, language, embed=False)
    return _page(request, "contact/sent.html", language, context)
