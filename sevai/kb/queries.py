"""Read side of the knowledge base, for the agent pages and the public help center.

Language fallback: a reader asking for a language gets the published translation in that
language, else the published default-language one, marked as a fallback so the page can say
"This article is not yet available in Tamil; showing English." Articles without a brand are
shared by every brand. Functions that take articles read `article.translations.all()`, so
prefetch translations (these functions do) to keep pages at a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from sevai.brands.models import Brand
from sevai.kb.content import language_name
from sevai.kb.models import (
    Article,
    ArticleTranslation,
    ArticleVote,
    Category,
    Revision,
    Section,
    Status,
)
from sevai.lib.cursor import Page, paginate

COMMENTS_PER_PAGE = 10


@dataclass(frozen=True)
class Shown:
    """The translation a reader sees for an article asked for in `requested_language`."""

    translation: ArticleTranslation
    requested_language: str

    @property
    def article(self) -> Article:
        return self.translation.article

    @property
    def fallback(self) -> bool:
        return self.translation.language != self.requested_language

    @property
    def fallback_note(self) -> str:
        if not self.fallback:
            return ""
        return _("This article is not yet available in %(language)s; showing %(shown)s.") % {
            "language": language_name(self.requested_language),
            "shown": language_name(self.translation.language),
        }


def translation_for(
    article: Article, language: str, *, published_only: bool = True
) -> Shown | None:
    """The translation in `language` if it is published, else the default-language one
    (fallback); None when neither is. published_only=False (agents) accepts any status."""
    by_language = {t.language: t for t in article.translations.all()}

    def usable(t: ArticleTranslation | None) -> bool:
        return t is not None and (not published_only or t.status == Status.PUBLISHED)

    for code in (language, article.default_language):
        candidate = by_language.get(code)
        if candidate is not None and usable(candidate):
            candidate.article = article  # no query when the page reads shown.article
            return Shown(candidate, language)
    if not published_only and by_language:
        first = next(iter(sorted(by_language.values(), key=lambda t: t.pk)))
        first.article = article
        return Shown(first, language)
    return None


def for_brand(qs: QuerySet[Any], brand: Brand | None, field: str = "brand") -> QuerySet[Any]:
    """Rows of this brand and shared rows (no brand)."""
    if brand is None:
        return qs
    return qs.filter(Q(**{field: brand}) | Q(**{f"{field}__isnull": True}))


def with_translations(qs: QuerySet[Article]) -> QuerySet[Article]:
    return qs.select_related("category", "section").prefetch_related(
        Prefetch("translations", queryset=ArticleTranslation.objects.order_by("language"))
    )


# --- Help center (published only) -------------------------------------------------------


def categories_for(brand: Brand | None) -> list[Category]:
    """Categories with their sections, in order."""
    return list(for_brand(Category.objects.all(), brand).prefetch_related("sections"))


def published_articles(
    brand: Brand | None,
    language: str,
    *,
    category: Category | None = None,
    section: Section | None = None,
) -> list[Shown]:
    """What a reader of `language` sees, in order, falling back per article."""
    qs = (
        for_brand(Article.objects.all(), brand)
        .filter(translations__status=Status.PUBLISHED)
        .distinct()
    )
    if category is not None:
        qs = qs.filter(category=category)
    if section is not None:
        qs = qs.filter(section=section)
    shown = (translation_for(a, language) for a in with_translations(qs))
    return [s for s in shown if s is not None]


def published_by_slug(brand: Brand | None, language: str, slug: str) -> Shown:
    """The article at /<language>/<slug>: that translation, or (when the slug belongs to
    another language) the reader's language or the default, with the fallback flag. 404."""
    candidates = (
        for_brand(ArticleTranslation.objects.all(), brand)
        .filter(slug=slug, status=Status.PUBLISHED)
        .order_by("brand_id", "pk")
    )
    found = next(
        iter(sorted(candidates, key=lambda t: (t.language != language, t.brand_id is None))),
        None,
    )
    if found is not None:
        article = with_translations(Article.objects.filter(pk=found.article_id)).get()
        shown = translation_for(article, language)
        if shown is not None:
            return shown
    raise Http404(slug)


def visible_articles(brand: Brand | None, language: str) -> QuerySet[Article]:
    """Articles a reader of `language` can open (translation_for finds a published
    translation in that language or the default one), as one filter: no join, no duplicates."""
    published = ArticleTranslation.objects.filter(
        Q(language=language) | Q(language=OuterRef("default_language")),
        article=OuterRef("pk"),
        status=Status.PUBLISHED,
    )
    return for_brand(Article.objects.all(), brand).filter(Exists(published))


def with_views(qs: QuerySet[Article]) -> QuerySet[Article]:
    """`views`: how often the article's published translations were read, all languages."""
    published_views = Sum(
        "translations__view_count", filter=Q(translations__status=Status.PUBLISHED)
    )
    return qs.annotate(views=Coalesce(published_views, 0))


def popular_articles(brand: Brand | None, language: str, *, limit: int = 5) -> list[Shown]:
    """Most viewed articles (all languages counted), shown in the reader's language."""
    qs = with_views(visible_articles(brand, language)).order_by(F("views").desc(), "pk")
    shown = (translation_for(a, language) for a in with_translations(qs)[:limit])
    return [s for s in shown if s is not None]


# --- Agent pages ------------------------------------------------------------------------


def article_list(
    filters: dict[str, Any], *, search_ids: list[int] | None = None
) -> QuerySet[Article] | list[Article]:
    """Articles for the agent list. search_ids (from the search index) keep their order."""
    qs = Article.objects.all()
    translation_filter = {
        f"translations__{key}": filters[key] for key in ("status", "language") if filters.get(key)
    }
    if translation_filter:  # one join: a translation in that language with that status
        qs = qs.filter(**translation_filter)
    if filters.get("category"):
        qs = qs.filter(category_id=filters["category"])
    if filters.get("brand"):
        qs = qs.filter(brand_id=filters["brand"])
    if search_ids is not None:
        qs = qs.filter(pk__in=search_ids)
    qs = with_translations(qs.distinct()).select_related("source_ticket").prefetch_related("tags")
    if search_ids is not None:
        rank = {pk: i for i, pk in enumerate(search_ids)}
        return sorted(qs, key=lambda a: rank.get(a.pk, len(rank)))
    return qs.order_by("-updated_at", "-id")


def article_for(pk: int) -> Article:
    """One article with everything its page shows, or 404."""
    qs = (
        with_translations(Article.objects.filter(pk=pk))
        .select_related("brand", "created_by", "source_ticket")
        .prefetch_related("tags")
    )
    article = qs.first()
    if article is None:
        raise Http404(_("No such article."))
    return article


def translation_for_edit(pk: int) -> ArticleTranslation:
    translation = (
        ArticleTranslation.objects.select_related(
            "article", "article__category", "article__section", "author"
        )
        .filter(pk=pk)
        .first()
    )
    if translation is None:
        raise Http404(_("No such article."))
    return translation


def revisions_of(translation: ArticleTranslation) -> list[Revision]:
    return list(translation.revisions.select_related("author").order_by("-number"))


def languages_in_use() -> list[str]:
    return sorted(set(ArticleTranslation.objects.values_list("language", flat=True)))


def vote_comments(
    article_id: int, *, cursor: str | None = None, limit: int = COMMENTS_PER_PAGE
) -> Page[ArticleVote]:
    """Readers' comments on every translation of an article, newest first, helpful or not:
    one page after `cursor` (a next_cursor), in one query. Raises InvalidCursor."""
    votes = (
        ArticleVote.objects.filter(translation__article_id=article_id)
        .exclude(comment="")
        .select_related("translation")
        .only("helpful", "comment", "created_at", "translation__language")
    )
    return paginate(votes, order=["-created_at", "-id"], cursor=cursor, limit=limit)
