"""Signing in with a link sent by email, and signing out.

The answer to "send me a link" is the same whether or not the address is known. A link's
GET only shows a button (mail scanners that open links must not spend it); the POST spends
it. Pages about a spent or expired link answer 200, so that Django's request log, which
writes the path of every 4xx answer, never holds a link.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sevai.portal import actions, queries
from sevai.portal.forms import SignInForm
from sevai.portal.limits import over_limit
from sevai.portal.pages import (
    Page,
    client_address,
    current_customer,
    forget_customer,
    remember_customer,
)


@never_cache
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    """Signed in: the requests. Otherwise the sign-in form, which mails a link."""
    page = Page.of(request)
    if current_customer(request) is not None:
        return redirect("portal_requests")
    form = SignInForm(request.POST or None)
    if request.method != "POST":
        return page.render("portal/sign_in.html", {"form": form})
    if not form.is_valid():
        return page.render("portal/sign_in.html", {"form": form}, status=400)
    email = form.cleaned_data["email"]
    if over_limit(client_address(request), email):
        context = {"form": SignInForm(initial={"email": email}), "limited": True}
        return page.render("portal/sign_in.html", context, status=429)
    actions.request_sign_in_link(
        email, ip=client_address(request), language=page.language, query=page.brand_query
    )
    return redirect("portal_link_sent")  # known address or not: the same answer


@never_cache
@require_GET
def link_sent(request: HttpRequest) -> HttpResponse:
    context = {"minutes": settings.PORTAL_LINK_MINUTES}
    return Page.of(request).render("portal/link_sent.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    page = Page.of(request)
    if request.method == "POST":
        customer = actions.use_sign_in_link(token)
        if customer is None:
            return page.render("portal/link_invalid.html", {"form": SignInForm()})
        remember_customer(request, customer)
        return redirect("portal_requests")
    if queries.usable_link(token) is None:
        return page.render("portal/link_invalid.html", {"form": SignInForm()})
    return page.render("portal/link.html")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    forget_customer(request)
    return redirect("portal_home")
