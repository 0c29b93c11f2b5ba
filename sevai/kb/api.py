"""The knowledge base: /kb/articles (with their translations) and /kb/categories.

Reads use sevai.kb.queries (the same filters and search as the agents' list); every write goes
through sevai.kb.actions, which also checks who may write: light agents read only (403).
A translation is named by its article and language: /kb/articles/{id}/translations/{language}.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from sevai.accounts.api import current_user
from sevai.brands.models import Brand
from sevai.kb.actions import articles as actions
from sevai.kb.models import Article, ArticleTranslation, Category, Section, Status
from sevai.kb.permissions import require_editor
from sevai.kb.queries import article_for, article_list
from sevai.kb.schemas import (
    ArticleCreate,
    ArticleDetail,
    ArticleFilters,
    ArticleOut,
    CategoryOut,
    TranslationCreate,
    TranslationOut,
    TranslationUpdate,
)
from sevai.lib.cursor import CursorPage, Page, PageParams, paginate
from sevai.search.articles import search_articles

router = Router(tags=["knowledge base"])

MAX_SEARCH_HITS = 100
M = TypeVar("M", bound=Model)


def _named(model: type[M], pk: int | None) -> M | None:
    """A brand, category or section named by id in a request body (422 when unknown)."""
    if pk is None:
        return None
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise ValidationError(
            _("Unknown %(kind)s: %(id)d.") % {"kind": model._meta.verbose_name, "id": pk}
        )
    return found


def _translation(article_id: int, language: str) -> ArticleTranslation:
    translation = (
        ArticleTranslation.objects.select_related("article")
        .filter(article_id=article_id, language=language.lower())
        .first()
    )
    if translation is None:
        article_for(article_id)  # 404 when the article itself does not exist
        raise Http404(
            _("This article has no translation in %(language)s.") % {"language": language}
        )
    return translation


@router.get("/kb/articles", response=CursorPage[ArticleOut], summary="Articles, last changed first")
def list_articles(
    request: HttpRequest, filters: Query[ArticleFilters], page: Query[PageParams]
) -> object:
    language = (filters.language or "").lower()
    search_ids = None
    if filters.q:
        hits = search_articles(
            filters.q,
            language=language or None,
            published_only=False,
            brand_id=filters.brand_id,
            limit=MAX_SEARCH_HITS,
        )
        search_ids = list(dict.fromkeys(hit.article_id for hit in hits))
    wanted = {
        "language": language,
        "status": filters.status,
        "category": filters.category_id,
        "brand": filters.brand_id,
    }
    articles = article_list(wanted, search_ids=search_ids)
    if isinstance(articles, list):  # search results, best first, on one page
        return Page(items=articles[: page.limit], next_cursor=None)
    return paginate(articles, order=["-updated_at", "-id"], cursor=page.cursor, limit=page.limit)


@router.get("/kb/articles/{article_id}", response=ArticleDetail, summary="One article")
def get_article(request: HttpRequest, article_id: int) -> Article:
    return article_for(article_id)


@router.post("/kb/articles", response={201: ArticleDetail}, summary="Write an article")
def create_article(request: HttpRequest, payload: ArticleCreate) -> tuple[int, Article]:
    actor = current_user(request)
    require_editor(actor)
    created = actions.create_article(
        actor=actor,
        language=payload.language,
        title=payload.title,
        body_markdown=payload.body_markdown,
        slug=payload.slug,
        status=payload.status,
        brand=_named(Brand, payload.brand_id),
        category=_named(Category, payload.category_id),
        section=_named(Section, payload.section_id),
        tags=payload.tags,
    )
    return 201, article_for(created.article_id)


@router.post(
    "/kb/articles/{article_id}/translations",
    response={201: TranslationOut},
    summary="Add a translation in another language",
)
def add_translation(
    request: HttpRequest, article_id: int, payload: TranslationCreate
) -> tuple[int, ArticleTranslation]:
    actor = current_user(request)
    require_editor(actor)
    translation = actions.add_translation(
        article_for(article_id),
        actor=actor,
        language=payload.language,
        title=payload.title,
        body_markdown=payload.body_markdown,
        slug=payload.slug,
        status=payload.status,
    )
    return 201, translation


@router.patch(
    "/kb/articles/{article_id}/translations/{language}",
    response=TranslationOut,
    summary="Change a translation (keeps a revision)",
)
def update_translation(
    request: HttpRequest, article_id: int, language: str, payload: TranslationUpdate
) -> ArticleTranslation:
    actor = current_user(request)
    require_editor(actor)
    return actions.save_translation(
        _translation(article_id, language),
        actor=actor,
        title=payload.title,
        slug=payload.slug,
        body_markdown=payload.body_markdown,
        note=payload.note,
    )


@router.post(
    "/kb/articles/{article_id}/translations/{language}/publish",
    response=TranslationOut,
    summary="Publish a translation in the help center",
)
def publish_translation(request: HttpRequest, article_id: int, language: str) -> ArticleTranslation:
    actor = current_user(request)
    require_editor(actor)
    return actions.change_status(_translation(article_id, language), Status.PUBLISHED, actor=actor)


@router.post(
    "/kb/articles/{article_id}/translations/{language}/archive",
    response=TranslationOut,
    summary="Archive a translation (readers no longer see it)",
)
def archive_translation(request: HttpRequest, article_id: int, language: str) -> ArticleTranslation:
    actor = current_user(request)
    require_editor(actor)
    return actions.change_status(_translation(article_id, language), Status.ARCHIVED, actor=actor)


@router.get(
    "/kb/categories",
    response=CursorPage[CategoryOut],
    summary="Categories and their sections, in order",
)
def list_categories(request: HttpRequest, page: Query[PageParams]) -> object:
    categories = Category.objects.prefetch_related("sections")
    return paginate(
        categories, order=["position", "slug", "id"], cursor=page.cursor, limit=page.limit
    )
