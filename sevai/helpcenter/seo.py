"""Search-engine basics: meta descriptions and the sitemap's entries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial

from markdown_it import MarkdownIt

from sevai.brands.models import Brand
from sevai.helpcenter.links import article_url, category_url, home_url, languages
from sevai.kb.models import ArticleTranslation, Category, Status
from sevai.kb.queries import for_brand

DESCRIPTION_CHARS = 155


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False})


def first_paragraph(markdown: str) -> str:
    """The words of a Markdown text's first paragraph (not a heading), markup removed."""
    tokens = _parser().parse(markdown or "")
    for i, token in enumerate(tokens[:-1]):
        if token.type == "paragraph_open":
            children = tokens[i + 1].children or []
            return "".join(
                " " if c.type in ("softbreak", "hardbreak") else c.content
                for c in children
                if c.type in ("text", "code_inline", "softbreak", "hardbreak")
            )
    return ""


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """Whitespace collapsed; cut at a word boundary with "…" when over `limit` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-") + "…"


def meta_description(markdown: str) -> str:
    return shorten(first_paragraph(markdown))


@dataclass(frozen=True)
class SitemapUrl:
    loc: str
    lastmod: datetime | None
    alternates: list[tuple[str, str]]  # (hreflang, absolute address), this one included


def sitemap_urls(brand: Brand, absolute: Callable[[str], str]) -> list[SitemapUrl]:
    """The brand's home and category pages in every language, and every published
    translation, each with its translations as alternates. Two queries."""
    rows = list(
        for_brand(ArticleTranslation.objects.all(), brand)
        .filter(status=Status.PUBLISHED, language__in=languages())
        .order_by("article_id", "language")
        .values_list(
            "article_id",
            "language",
            "slug",
            "updated_at",
            "article__default_language",
            "article__category_id",
        )
    )
    category_ids = {row[5] for row in rows if row[5]}
    categories = list(
        for_brand(Category.objects.filter(pk__in=category_ids), brand).values_list(
            "slug", flat=True
        )
    )
    urls = _in_every_language(partial(home_url, brand.slug), absolute)
    for slug in categories:
        urls += _in_every_language(partial(category_url, brand.slug, slug=slug), absolute)
    by_article: dict[int, list[tuple[str, str, datetime, str]]] = defaultdict(list)
    for article_id, code, slug, updated_at, default_language, _category in rows:
        url = absolute(article_url(brand.slug, code, slug))
        by_article[article_id].append((code, url, updated_at, default_language))
    for translations in by_article.values():
        pairs = [(code, url) for code, url, _at, _default in translations]
        default = dict(pairs).get(translations[0][3])
        if default and len(pairs) > 1:
            pairs.append(("x-default", default))
        urls += [
            SitemapUrl(url, updated_at, pairs if len(translations) > 1 else [])
            for _code, url, updated_at, _default in translations
        ]
    return urls


def _in_every_language(
    path_for: Callable[[str], str], absolute: Callable[[str], str]
) -> list[SitemapUrl]:
    pairs = [(code, absolute(path_for(code))) for code in languages()]
    return [SitemapUrl(url, None, pairs) for _code, url in pairs]
