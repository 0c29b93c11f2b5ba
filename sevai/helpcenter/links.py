"""Addresses of help-center pages, and the language links between them (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language_info

from sevai.kb.models import Article
from sevai.kb.queries import translation_for


def languages() -> list[str]:
    """The languages the help center is served in (settings.LANGUAGES), in order."""
    return [code for code, _name in settings.LANGUAGES]


def home_url(brand_slug: str, language: str) -> str:
    return reverse("helpcenter_home", kwargs={"brand": brand_slug, "language": language})


def category_url(brand_slug: str, language: str, slug: str) -> str:
    kwargs = {"brand": brand_slug, "language": language, "slug": slug}
    return reverse("helpcenter_category", kwargs=kwargs)


def article_url(brand_slug: str, language: str, slug: str) -> str:
    kwargs = {"brand": brand_slug, "language": language, "slug": slug}
    return reverse("helpcenter_article", kwargs=kwargs)


def vote_url(brand_slug: str, language: str, slug: str) -> str:
    kwargs = {"brand": brand_slug, "language": language, "slug": slug}
    return reverse("helpcenter_vote", kwargs=kwargs)


def search_url(brand_slug: str, language: str, query: str = "") -> str:
    url = reverse("helpcenter_search", kwargs={"brand": brand_slug, "language": language})
    return f"{url}?{urlencode({'q': query})}" if query else url


def instant_url(brand_slug: str, language: str) -> str:
    return reverse("helpcenter_instant", kwargs={"brand": brand_slug, "language": language})


def contact_url(brand_slug: str, language: str) -> str:
    return f"{reverse('contact', args=[brand_slug])}?{urlencode({'lang': language})}"


@dataclass(frozen=True)
class LanguageLink:
    """One entry of the language switcher: the same page in another language."""

    code: str
    url: str
    current: bool
    translated: bool  # the page exists in that language (hreflang applies)

    @property
    def name(self) -> str:
        return str(get_language_info(self.code)["name_local"])


def same_page_links(current: str, url_for: dict[str, str]) -> list[LanguageLink]:
    """Switcher links for a page that exists in every language (home, category, search)."""
    return [LanguageLink(code, url_for[code], code == current, True) for code in languages()]


def article_language_links(brand_slug: str, article: Article, current: str) -> list[LanguageLink]:
    """For each language: the article's translation; else the fallback page (the default
    language, introduced in that language); else that language's help-center home."""
    links = []
    for code in languages():
        shown = translation_for(article, code)
        if shown is None:
            links.append(LanguageLink(code, home_url(brand_slug, code), code == current, False))
            continue
        url = article_url(brand_slug, code, shown.translation.slug)
        links.append(LanguageLink(code, url, code == current, not shown.fallback))
    return links


def alternates(brand_slug: str, article: Article) -> list[tuple[str, str]]:
    """(hreflang, path) for every published translation served here, plus x-default (the
    article's default language)."""
    served = set(languages())
    pairs = [
        (t.language, article_url(brand_slug, t.language, t.slug))
        for t in article.translations.all()
        if t.is_published and t.language in served
    ]
    default = dict(pairs).get(article.default_language)
    if default and len(pairs) > 1:
        pairs.append(("x-default", default))
    return pairs
