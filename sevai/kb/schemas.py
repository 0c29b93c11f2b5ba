"""Request and response bodies of the knowledge-base endpoints (/kb/...)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

from sevai.customers.schemas import reject_nulls
from sevai.kb.markdown import render_markdown
from sevai.kb.models import Article, ArticleTranslation, Category

Status = Literal["draft", "published", "archived"]


class ArticleFilters(Schema):
    """Query parameters of GET /kb/articles. language and status together: articles with a
    translation in that language with that status."""

    language: str | None = Field(None, max_length=10)
    status: Status | None = None
    category_id: int | None = None
    brand_id: int | None = None
    q: str | None = Field(
        None,
        max_length=200,
        description="Words in the title or text (drafts too). With q the best matches come "
        "first, on one page: next_cursor is null.",
    )


class TranslationSummary(Schema):
    id: int
    language: str
    title: str
    slug: str
    status: Status
    published_at: datetime | None
    updated_at: datetime
    view_count: int
    helpful_count: int
    unhelpful_count: int


class TranslationOut(TranslationSummary):
    body_markdown: str
    body_html: str = Field(description="The text as readers see it (sanitized HTML).")
    author_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_body_html(obj: ArticleTranslation) -> str:
        return render_markdown(obj.body_markdown)


class ArticleOut(Schema):
    id: int
    brand_id: int | None = Field(description="null: shared by every brand.")
    category_id: int | None
    section_id: int | None
    default_language: str = Field(description="The language readers fall back to.")
    tags: list[str]
    source_ticket: int | None = Field(description="Number of the ticket it was written from.")
    created_at: datetime
    updated_at: datetime
    translations: list[TranslationSummary]

    @staticmethod
    def resolve_tags(obj: Article) -> list[str]:
        return [tag.name for tag in obj.tags.all()]

    @staticmethod
    def resolve_source_ticket(obj: Article) -> int | None:
        return obj.source_ticket.number if obj.source_ticket else None

    @staticmethod
    def resolve_translations(obj: Article) -> list[ArticleTranslation]:
        return list(obj.translations.all())


class ArticleDetail(ArticleOut):
    translations: list[TranslationOut]  # type: ignore[assignment]


class TranslationCreate(Schema):
    """A new translation. An empty slug is made from the title."""

    model_config = ConfigDict(extra="forbid")

    language: str = Field(min_length=2, max_length=10)
    title: str = Field(min_length=1, max_length=200)
    body_markdown: str = ""
    slug: str = Field("", max_length=200)
    status: Status = "draft"


class ArticleCreate(TranslationCreate):
    """A new article with its first translation, whose language becomes the default.
    A section alone puts the article in the section's category."""

    brand_id: int | None = None
    category_id: int | None = None
    section_id: int | None = None
    tags: list[str] = Field(default_factory=list, max_length=50)


class TranslationUpdate(Schema):
    """Only the fields sent change; a change keeps a revision (with the note). Publish and
    archive have their own endpoints."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(None, min_length=1, max_length=200)
    slug: str | None = Field(None, min_length=1, max_length=200)
    body_markdown: str | None = None
    note: str = Field("", max_length=200)

    @model_validator(mode="after")
    def no_nulls(self) -> TranslationUpdate:
        reject_nulls(self, "title", "slug", "body_markdown")
        return self


class SectionOut(Schema):
    id: int
    slug: str
    position: int
    names: dict[str, str]


class CategoryOut(Schema):
    id: int
    brand_id: int | None
    slug: str
    position: int
    names: dict[str, str] = Field(description="The category's name per language.")
    sections: list[SectionOut]

    @staticmethod
    def resolve_sections(obj: Category) -> list[object]:
        return list(obj.sections.all())
