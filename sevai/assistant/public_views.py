"""The public "Did this answer your question?" page behind the signed links in the assistant's
emails (and the buttons of the contact confirmation).

GET only shows the question with two buttons: mail scanners and link previews follow links,
so nothing is ever done on GET. POST (with CSRF) records the answer once, then redirects back
to the page, which shows what happened. A bad or expired token is a 404; requests per client
address are limited (429), counted whether or not the token is good.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from sevai.assistant.actions import record_feedback
from sevai.assistant.presentation import answer_context, brand_for_turn
from sevai.assistant.queries import turn_for_feedback_token
from sevai.brands.language import public_language, remember_language
from sevai.brands.models import Brand
from sevai.brands.queries import default_brand
from sevai.lib.ratelimit import client_network, over_limit

FEEDBACK_PER_IP = 60  # page views and answers per client network and window
WINDOW_SECONDS = 10 * 60
KEY_PREFIX = "assistant-feedback"


def _over_limit(request: HttpRequest) -> bool:
    client = client_network(str(request.META.get("REMOTE_ADDR", "")))
    return over_limit(f"{KEY_PREFIX}:ip:{client}", FEEDBACK_PER_IP, WINDOW_SECONDS)


def _page(
    request: HttpRequest, brand: Brand, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    language = public_language(request, brand)
    context = {"brand": brand, **context}
    response = render(request, "assistant/public/feedback.html", context, status=status)
    remember_language(request, response, language)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    if _over_limit(request):
        return _page(request, default_brand(), {"limited": True}, status=429)
    turn = turn_for_feedback_token(token)
    if turn is None:
        raise Http404(_("This link is not valid or has expired."))
    brand = brand_for_turn(turn)
    if request.method == "POST":
        helpful = request.POST.get("helpful", "")
        if helpful in ("yes", "no"):
            record_feedback(turn, helpful=helpful == "yes")
        return redirect(request.get_full_path())
    answer = answer_context(turn, brand, action=request.get_full_path())
    answer["chosen"] = request.GET.get("answer", "")  # the link clicked in the email
    return _page(request, brand, {"answer": answer})
