"""Read side of the help center, on top of sevai.kb.queries (which does the language fallback).

Each function runs a fixed number of queries, whatever the number of articles: the home page
loads a few articles per category, a category page one page of them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from sevai.brands.models import Brand
from sevai.helpcenter.links import article_url, category_url
from sevai.kb.models import Article, ArticleTranslation, Category, Status
from sevai.kb.queries import (
    Shown,
    for_brand,
    translation_for,
    visible_articles,
    with_translations,
    with_views,
)
from sevai.search.articles import ArticleHit

HOME_ARTICLES_PER_CATEGORY = 5
CATEGORY_PAGE_SIZE = 30


def clean_slug(slug: str) -> str:
    """A slug from a URL as the kb stores slugs: NFC, lowercase."""
    return unicodedata.normalize("NFC", slug).lower()


def category_by_slug(brand: Brand, slug: str) -> Category:
    """The brand's category with this slug (its own before a shared one), or 404."""
    found: Category | None = (
        for_brand(Category.objects.all(), brand)
        .filter(slug=clean_slug(slug))
        .prefetch_related("sections")
        .order_by(F("brand_id").asc(nulls_last=True))  # the brand's own before a shared one
        .first()
    )
    if found is None:
        raise Http404(slug)
    return found


@dataclass
class SectionGroup:
    name: str
    articles: list[Shown] = field(default_factory=list)


@dataclass
class CategoryGroup:
    """A category's articles for one reader: loose ones, then by section."""

    category: Category
    name: str
    url: str
    articles: list[Shown] = field(default_factory=list)  # not in a section
    sections: list[SectionGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.articles) + sum(len(s.articles) for s in self.sections)


def group_by_category(
    brand: Brand, language: str, categories: list[Category], shown: list[Shown]
) -> tuple[list[CategoryGroup], list[Shown]]:
    """Non-empty categories in order (sections prefetched, in order), and the articles that
    are in none of them."""
    groups: dict[int, CategoryGroup] = {}
    sections: dict[int, SectionGroup] = {}
    for category in categories:
        group = CategoryGroup(
            category,
            category.name_in(language),
            category_url(brand.slug, language, category.slug),
        )
        groups[category.pk] = group
        for section in category.sections.all():
            sections[section.pk] = SectionGroup(section.name_in(language))
            group.sections.append(sections[section.pk])
    others = []
    for item in shown:
        group_for = groups.get(item.article.category_id or 0)
        if group_for is None:
            others.append(item)
        elif item.article.section_id in sections:
            sections[item.article.section_id].articles.append(item)
        else:
            group_for.articles.append(item)
    for group in groups.values():
        group.sections = [s for s in group.sections if s.articles]
    return [g for g in groups.values() if g.count], others


@dataclass
class Topic:
    """A category on the home page: its most read articles, and how many it has in all.
    category None: the articles in no category (they have no page of their own)."""

    category: Category | None
    name: str
    url: str
    top: list[Shown]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.top)


def top_articles_by_category(
    brand: Brand, language: str, *, per_category: int = HOME_ARTICLES_PER_CATEGORY
) -> dict[int | None, Topic]:
    """{category id (None: no category): its `per_category` most read articles and how many
    it has}, for the categories a reader of `language` sees articles in. Two queries: the
    articles ranked (and counted) within their category, and their translations."""
    in_category = [F("category_id")]
    ranked = with_views(visible_articles(brand, language)).annotate(
        rank=Window(
            RowNumber(), partition_by=in_category, order_by=[F("views").desc(), F("pk").asc()]
        ),
        in_category=Window(Count("pk"), partition_by=in_category),
    )
    top = with_translations(ranked.filter(rank__lte=per_category))
    topics: dict[int | None, Topic] = {}
    for article in sorted(top, key=lambda a: (-getattr(a, "views", 0), a.pk)):
        topic = topics.setdefault(
            article.category_id,
            Topic(article.category, "", "", [], int(getattr(article, "in_category", 0))),
        )
        shown = translation_for(article, language)
        if shown is not None:
            topic.top.append(shown)
    return topics


def home_topics(
    brand: Brand, language: str, categories: list[Category]
) -> tuple[list[Topic], Topic | None]:
    """The categories with articles for this reader, in order, and the articles in none."""
    top = top_articles_by_category(brand, language)
    topics = [
        Topic(
            category,
            category.name_in(language),
            category_url(brand.slug, language, category.slug),
            top[category.pk].top,
            top[category.pk].count,
        )
        for category in categories
        if category.pk in top
    ]
    return topics, top.get(None)


def category_articles(brand: Brand, language: str, category: Category) -> QuerySet[Article]:
    """A category's articles for a reader: loose ones, then by section in order, the most
    recently updated first within each."""
    return with_translations(visible_articles(brand, language).filter(category=category)).order_by(
        F("section__position").asc(nulls_first=True),
        F("section__slug").asc(nulls_first=True),
        F("section_id").asc(nulls_first=True),
        "-updated_at",
        "-id",
    )


def category_page(
    brand: Brand, language: str, category: Category, number: str | int | None
) -> tuple[Page[Article], CategoryGroup | None]:
    """One page (?page=, from 1; out of range: the last) of a category's articles, grouped
    by section. Four queries, whatever the size of the category."""
    paginator = Paginator(category_articles(brand, language, category), CATEGORY_PAGE_SIZE)
    page = paginator.get_page(number)
    shown = [s for s in (translation_for(a, language) for a in page) if s is not None]
    groups, _others = group_by_category(brand, language, [category], shown)
    return page, (groups[0] if groups else None)


@dataclass(frozen=True)
class Result:
    """A search hit with the address a reader of `language` should open."""

    url: str
    language: str
    title_html: str  # escaped by the search service, with <mark>
    snippet_html: str


def results_for(hits: list[ArticleHit], brand: Brand, language: str) -> list[Result]:
    """One result per article, best first. The link goes to the reader's language when the
    article has it, else to the fallback page; hits the database no longer has published
    (or that belong to another brand) are dropped. One query."""
    if not hits:
        return []
    rows = (
        for_brand(ArticleTranslation.objects.all(), brand)
        .filter(article_id__in={hit.article_id for hit in hits}, status=Status.PUBLISHED)
        .values_list("pk", "article_id", "language", "slug", "article__default_language")
    )
    published: dict[int, str] = {}
    by_language: dict[tuple[int, str], str] = {}
    default_of: dict[int, str] = {}
    for pk, article_id, code, slug, default_language in rows:
        published[pk] = slug
        by_language[(article_id, code)] = slug
        default_of[article_id] = default_language
    results, seen = [], set()
    for hit in hits:
        if hit.doc_id not in published or hit.article_id in seen:
            continue
        seen.add(hit.article_id)
        slug = by_language.get((hit.article_id, language)) or by_language.get(
            (hit.article_id, default_of[hit.article_id])
        )
        url = (
            article_url(brand.slug, language, slug)
            if slug  # the reader's language, or the fallback page in the reader's language
            else article_url(brand.slug, hit.language, published[hit.doc_id])
        )
        results.append(Result(url, hit.language, hit.title_html, hit.snippet_html))
    return results
