"""Search: a results page that works without JavaScript, and the partial that the search
box fills in as the reader types (static/helpcenter/instant.js)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from sevai.helpcenter import links
from sevai.helpcenter.forms import clean_query
from sevai.helpcenter.queries import results_for
from sevai.helpcenter.views.common import base_context, page_brand, page_language, shared_page
from sevai.search.articles import search_articles, suggest_article_titles

RESULTS_LIMIT = 20
INSTANT_LIMIT = 8


@require_safe
def search(request: HttpRequest, brand: str, language: str) -> HttpResponse:
    the_brand, language = page_brand(brand), page_language(request, language)
    query = clean_query(request.GET.get("q"))
    hits = search_articles(query, language=language, brand_id=the_brand.pk, limit=RESULTS_LIMIT)
    context = base_context(the_brand, language) | {
        "query": query,
        "results": results_for(hits, the_brand, language),
        "language_links": links.same_page_links(
            language,
            {code: links.search_url(the_brand.slug, code, query) for code in links.languages()},
        ),
    }
    return shared_page(request, "helpcenter/search.html", context, language=language)


@require_safe
def instant(request: HttpRequest, brand: str, language: str) -> HttpResponse:
    """Titles that start with what was typed; when none does, the best full-text matches."""
    the_brand, language = page_brand(brand), page_language(request, language)
    query = clean_query(request.GET.get("q"))
    hits = suggest_article_titles(
        query, language=language, brand_id=the_brand.pk, limit=INSTANT_LIMIT
    ) or search_articles(query, language=language, brand_id=the_brand.pk, limit=INSTANT_LIMIT)
    context = base_context(the_brand, language) | {
        "query": query,
        "results": results_for(hits, the_brand, language),
        "all_results_url": links.search_url(the_brand.slug, language, query),
    }
    return shared_page(request, "helpcenter/partials/instant.html", context, language=language)
