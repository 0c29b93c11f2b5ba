""" "Was this helpful?": one vote per reader and translation, a comment, then the way on.

A reader is known by a random id in a long-lived cookie, hashed (sevai.kb voter_key) before
it is stored. Votes are counted per client address (sevai.helpcenter.limits) before any write.
The answer is POST/redirect/GET back to the article, whose feedback box then says thanks,
asks what was missing after a "No", and offers the contact form.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sevai.helpcenter import limits, links
from sevai.helpcenter.forms import VoteForm
from sevai.helpcenter.queries import clean_slug
from sevai.helpcenter.views.common import own_page, page_brand, page_language
from sevai.helpcenter.views.pages import article_context
from sevai.kb.actions.votes import cast_vote, voter_key
from sevai.kb.queries import published_by_slug

READER_COOKIE = "sevai_reader"
READER_COOKIE_MAX_AGE = 365 * 24 * 3600


class SeeOther(HttpResponseRedirect):
    status_code = 303


def reader_id(request: HttpRequest) -> tuple[str, bool]:
    """The reader's id from the cookie, or a new one (True: set the cookie)."""
    known = request.COOKIES.get(READER_COOKIE, "")
    if 16 <= len(known) <= 64 and known.isalnum():
        return known, False
    return secrets.token_hex(16), True


@require_POST
def vote(request: HttpRequest, brand: str, language: str, slug: str) -> HttpResponse:
    the_brand, language = page_brand(brand), page_language(request, language)
    shown = published_by_slug(the_brand, language, clean_slug(slug))
    form = VoteForm(request.POST)
    problem, status = "", 400
    if not limits.take_vote(request.META.get("REMOTE_ADDR", "")):
        problem, status = _("Many votes came from your network just now. Please try later."), 429
    elif form.is_valid():
        reader, new_reader = reader_id(request)
        comment = form.cleaned_data["comment"]
        cast_vote(
            shown.translation,
            helpful=form.is_helpful,
            voter=voter_key("helpcenter", reader),
            comment=comment,
        )
        query = {"voted": form.cleaned_data["helpful"]} | ({"commented": "1"} if comment else {})
        url = links.article_url(the_brand.slug, language, shown.translation.slug)
        response = SeeOther(f"{url}?{urlencode(query)}#feedback")
        if new_reader:
            response.set_cookie(
                READER_COOKIE,
                reader,
                max_age=READER_COOKIE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
    answer = str(request.POST.get("helpful", ""))
    context = article_context(the_brand, language, shown) | {
        "voted": answer if answer in ("yes", "no") and not problem else "",
        "form": form,
        "problem": problem,
    }
    return own_page(request, "helpcenter/article.html", context, language=language, status=status)
