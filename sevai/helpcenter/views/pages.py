"""The help center's pages: entry redirects, home, category and article."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from sevai.brands.language import public_language, remember_language
from sevai.brands.models import Brand
from sevai.brands.queries import default_brand
from sevai.helpcenter import links
from sevai.helpcenter.forms import VoteForm
from sevai.helpcenter.queries import category_by_slug, category_page, clean_slug, home_topics
from sevai.helpcenter.seo import meta_description
from sevai.helpcenter.views.common import (
    base_context,
    own_page,
    page_brand,
    page_language,
    shared_page,
)
from sevai.kb.actions.votes import count_view
from sevai.kb.queries import Shown, categories_for, popular_articles, published_by_slug

POPULAR_COUNT = 5


def _to_home(request: HttpRequest, brand: Brand) -> HttpResponse:
    language = public_language(request, brand)
    response = redirect(links.home_url(brand.slug, language))
    remember_language(request, response, language)
    return response


@require_safe
def help_root(request: HttpRequest) -> HttpResponse:
    """/help/: the default brand's help center, in the visitor's language."""
    return _to_home(request, default_brand())


@require_safe
def brand_root(request: HttpRequest, brand: str) -> HttpResponse:
    """/help/<brand>/: that brand's help center, in the visitor's language."""
    return _to_home(request, page_brand(brand))


@require_safe
def home(request: HttpRequest, brand: str, language: str) -> HttpResponse:
    the_brand, language = page_brand(brand), page_language(request, language)
    topics, others = home_topics(the_brand, language, categories_for(the_brand))
    popular = [
        shown
        for shown in popular_articles(the_brand, language, limit=POPULAR_COUNT)
        if getattr(shown.article, "views", 0)
    ]
    context = base_context(the_brand, language) | {
        "topics": topics,
        "others": others,
        "popular": popular,
        "language_links": links.same_page_links(
            language, {code: links.home_url(the_brand.slug, code) for code in links.languages()}
        ),
    }
    return shared_page(request, "helpcenter/home.html", context, language=language)


@require_safe
def category(request: HttpRequest, brand: str, language: str, slug: str) -> HttpResponse:
    the_brand, language = page_brand(brand), page_language(request, language)
    found = category_by_slug(the_brand, slug)
    if found.slug != slug:
        return HttpResponsePermanentRedirect(
            links.category_url(the_brand.slug, language, found.slug)
        )
    page, group = category_page(the_brand, language, found, request.GET.get("page"))
    context = base_context(the_brand, language) | {
        "category": found,
        "name": found.name_in(language),
        "group": group,
        "page": page,
        "language_links": links.same_page_links(
            language,
            {
                code: links.category_url(the_brand.slug, code, found.slug)
                for code in links.languages()
            },
        ),
    }
    return shared_page(request, "helpcenter/category.html", context, language=language)


def article_context(brand: Brand, language: str, shown: Shown) -> dict[str, Any]:
    """Everything the article page shows, from the article and its prefetched translations."""
    translation, article = shown.translation, shown.article
    category_link = ""
    if article.category is not None:
        category_link = links.category_url(brand.slug, language, article.category.slug)
    return base_context(brand, language) | {
        "shown": shown,
        "translation": translation,
        "article": article,
        "category_url": category_link,
        "canonical_url": links.article_url(brand.slug, translation.language, translation.slug),
        "vote_url": links.vote_url(brand.slug, language, translation.slug),
        "description": meta_description(translation.body_markdown),
        "alternates": links.alternates(brand.slug, article),
        "language_links": links.article_language_links(brand.slug, article, language),
    }


@require_safe
def article(request: HttpRequest, brand: str, language: str, slug: str) -> HttpResponse:
    """An article in the reader's language, or in its default language with a note (the
    fallback page, whose canonical address is the original's)."""
    the_brand, language = page_brand(brand), page_language(request, language)
    shown = published_by_slug(the_brand, language, clean_slug(slug))
    if shown.translation.slug != slug:  # another language's slug, or not in canonical form
        return HttpResponsePermanentRedirect(
            links.article_url(the_brand.slug, language, shown.translation.slug)
        )
    voted = request.GET.get("voted", "")
    if request.method == "GET" and not voted:
        count_view(shown.translation.pk)
    context = article_context(the_brand, language, shown) | {
        "voted": voted if voted in ("yes", "no") else "",
        "commented": bool(request.GET.get("commented")),
        "form": VoteForm(initial={"helpful": voted}),
    }
    return own_page(request, "helpcenter/article.html", context, language=language)
