"""Knowledge-base test data, made through the real actions (revisions and index included)."""

from __future__ import annotations

from typing import Any

from sevai.kb.actions.articles import add_translation, create_article
from sevai.kb.actions.taxonomy import create_category, create_section
from sevai.kb.models import Article, ArticleTranslation, Category, Section, Status

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_category(slug: str = "", names: dict[str, str] | None = None, **kw: Any) -> Category:
    slug = slug or f"category-{_next()}"
    return create_category(actor=None, slug=slug, names=names or {"en": slug.title()}, **kw)


def make_section(category: Category, slug: str = "", **kw: Any) -> Section:
    slug = slug or f"section-{_next()}"
    return create_section(category, actor=None, slug=slug, names={"en": slug.title()}, **kw)


def make_article(
    title: str = "",
    *,
    language: str = "en",
    body: str = "Open the tracking page and enter the number from your receipt.",
    status: str = Status.PUBLISHED,
    **kw: Any,
) -> ArticleTranslation:
    title = title or f"How to track parcel {_next()}"
    return create_article(
        actor=kw.pop("actor", None),
        language=language,
        title=title,
        body_markdown=body,
        status=status,
        **kw,
    )


def translate(
    article: Article,
    language: str,
    title: str,
    *,
    body: str = "",
    status: str = Status.PUBLISHED,
    slug: str = "",
) -> ArticleTranslation:
    return add_translation(
        article,
        actor=None,
        language=language,
        title=title,
        body_markdown=body or f"{title}.",
        status=status,
        slug=slug,
    )
