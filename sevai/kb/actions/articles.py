"""Writing articles and their translations.

Each save of a translation that changes it records a Revision and updates the search index in
the same transaction; a save that changes nothing writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.brands.models import Brand
from sevai.kb.actions.revisions import record_revision
from sevai.kb.content import clean_body, clean_language, clean_title, language_name
from sevai.kb.indexing import index_translation, unindex_translation
from sevai.kb.models import Article, ArticleTranslation, Category, Revision, Section, Status
from sevai.kb.permissions import require_editor
from sevai.kb.slugs import make_slug, validate_slug
from sevai.tickets.actions.lifecycle import clean_tag_names
from sevai.tickets.models import Tag, Ticket


def slug_taken(slug: str, *, brand_id: int | None, language: str, exclude: int | None) -> bool:
    same_brand = Q(brand_id=brand_id) if brand_id is not None else Q(brand__isnull=True)
    qs = ArticleTranslation.objects.filter(same_brand, language=language, slug=slug)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


def free_slug(text: str, *, brand_id: int | None, language: str, exclude: int | None) -> str:
    """A slug made from text, with -2, -3… added when another article has it."""
    base = make_slug(text) or "article"
    slug, n = base, 1
    while slug_taken(slug, brand_id=brand_id, language=language, exclude=exclude):
        n += 1
        slug = f"{base}-{n}"
    return slug


def checked_slug(
    slug: str, title: str, *, brand_id: int | None, language: str, exclude: int | None
) -> str:
    """The slug asked for (which must be free), or one made from the title."""
    if not slug:
        return free_slug(title, brand_id=brand_id, language=language, exclude=exclude)
    validate_slug(slug)
    if slug_taken(slug, brand_id=brand_id, language=language, exclude=exclude):
        raise ValidationError(
            _("Another %(language)s article already uses the address name %(slug)s.")
            % {"language": language_name(language), "slug": slug},
            code="slug_taken",
        )
    return slug


def check_place(category: Category | None, section: Section | None, brand: Brand | None) -> None:
    if section is not None and category is not None and section.category_id != category.pk:
        raise ValidationError(_("That section belongs to another category."), code="section")
    if category is not None and category.brand_id not in (None, brand.pk if brand else None):
        raise ValidationError(_("That category belongs to another brand."), code="category")


def set_article_tags(article: Article, names: Iterable[str]) -> None:
    wanted = clean_tag_names(names)
    article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in wanted])


@transaction.atomic
def create_article(
    *,
    actor: User | None,
    language: str,
    title: str,
    body_markdown: str = "",
    slug: str = "",
    status: str = Status.DRAFT,
    brand: Brand | None = None,
    category: Category | None = None,
    section: Section | None = None,
    tags: Iterable[str] = (),
    source_ticket: Ticket | None = None,
    note: str = "",
    at: datetime | None = None,
) -> ArticleTranslation:
    """A new article with its first translation (which sets its default language)."""
    require_editor(actor)
    language = clean_language(language)
    if section is not None and category is None:
        category = section.category
    check_place(category, section, brand)
    at = at or timezone.now()
    article = Article.objects.create(
        brand=brand,
        category=category,
        section=section,
        default_language=language,
        created_by=actor,
        source_ticket=source_ticket,
        created_at=at,
        updated_at=at,
    )
    set_article_tags(article, tags)
    return add_translation(
        article,
        actor=actor,
        language=language,
        title=title,
        body_markdown=body_markdown,
        slug=slug,
        status=status,
        note=note or _("Created"),
        at=at,
    )


@transaction.atomic
def add_translation(
    article: Article,
    *,
    actor: User | None,
    language: str,
    title: str,
    body_markdown: str = "",
    slug: str = "",
    status: str = Status.DRAFT,
    note: str = "",
    at: datetime | None = None,
) -> ArticleTranslation:
    """The article in one more language; each language has its own slug and status."""
    require_editor(actor)
    language = clean_language(language)
    title = clean_title(title)
    if status not in Status.values:
        raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.translations.filter(language=language).exists():
        raise ValidationError(
            _("This article already has a %(language)s version.")
            % {"language": language_name(language)},
            code="language_taken",
        )
    slug = checked_slug(slug, title, brand_id=article.brand_id, language=language, exclude=None)
    at = at or timezone.now()
    translation = ArticleTranslation.objects.create(
        article=article,
        brand_id=article.brand_id,
        language=language,
        title=title,
        slug=slug,
        body_markdown=clean_body(body_markdown),
        status=status,
        author=actor,
        published_at=at if status == Status.PUBLISHED else None,
        created_at=at,
        updated_at=at,
    )
    record_revision(translation, actor=actor, note=note or _("Translation added"), at=at)
    Article.objects.filter(pk=article.pk).update(updated_at=at)
    index_translation(translation)
    return translation


@transaction.atomic
def save_translation(
    translation: ArticleTranslation,
    *,
    actor: User | None,
    title: str | None = None,
    slug: str | None = None,
    body_markdown: str | None = None,
    status: str | None = None,
    note: str = "",
    at: datetime | None = None,
) -> ArticleTranslation:
    """Change a translation (None leaves a field as it is) and keep a revision of the result."""
    require_editor(actor)
    current = ArticleTranslation.objects.select_for_update().get(pk=translation.pk)
    changes: dict[str, object] = {}
    if title is not None and clean_title(title) != current.title:
        changes["title"] = clean_title(title)
    if body_markdown is not None and clean_body(body_markdown) != current.body_markdown:
        changes["body_markdown"] = clean_body(body_markdown)
    if slug is not None and slug != current.slug:
        changes["slug"] = checked_slug(
            slug,
            current.title,
            brand_id=current.brand_id,
            language=current.language,
            exclude=current.pk,
        )
    if status is not None and status != current.status:
        if status not in Status.values:
            raise ValidationError(_("Unknown status: %(status)s") % {"status": status})
        changes["status"] = status
    if not changes:
        return current
    at = at or timezone.now()
    if not note and "status" in changes:
        note = _("Status: %(before)s → %(after)s") % {
            "before": Status(current.status).label,
            "after": Status(str(changes["status"])).label,
        }
    for field, value in changes.items():
        setattr(current, field, value)
    if changes.get("status") == Status.PUBLISHED:
        current.published_at = at
    current.author = actor or current.author
    current.updated_at = at
    current.save(update_fields=[*changes, "published_at", "author", "updated_at"])
    record_revision(current, actor=actor, note=note, at=at)
    Article.objects.filter(pk=current.article_id).update(updated_at=at)
    index_translation(current)
    return current


def change_status(
    translation: ArticleTranslation, status: str, *, actor: User | None
) -> ArticleTranslation:
    """Publish, archive or take back to draft."""
    return save_translation(translation, actor=actor, status=status)


def restore_revision(revision: Revision, *, actor: User | None) -> ArticleTranslation:
    """Put an earlier revision's title and text back, as a new revision (status unchanged)."""
    return save_translation(
        revision.translation,
        actor=actor,
        title=revision.title,
        body_markdown=revision.body_markdown,
        note=_("Restored revision %(number)d") % {"number": revision.number},
    )


@transaction.atomic
def update_article(
    article: Article,
    *,
    actor: User | None,
    category: Category | None,
    section: Section | None,
    tags: Iterable[str],
    default_language: str | None = None,
    at: datetime | None = None,
) -> Article:
    """Where the article lives, its tags and which language the others fall back to."""
    require_editor(actor)
    article = (
        Article.objects.select_for_update(of=("self",)).select_related("brand").get(pk=article.pk)
    )
    if section is not None and category is None:
        category = section.category
    check_place(category, section, article.brand)
    if default_language and default_language != article.default_language:
        if not article.translations.filter(language=default_language).exists():
            raise ValidationError(
                _("The default language needs a translation first."), code="default_language"
            )
        article.default_language = default_language
    article.category = category
    article.section = section
    article.updated_at = at or timezone.now()
    article.save(update_fields=["category", "section", "default_language", "updated_at"])
    set_article_tags(article, tags)
    return article


@transaction.atomic
def delete_translation(translation: ArticleTranslation, *, actor: User | None) -> None:
    """Delete one language; deleting the default language's version deletes the article."""
    require_editor(actor)
    article = translation.article
    if translation.language == article.default_language:
        delete_article(article, actor=actor)
        return
    doc_id = translation.pk
    translation.delete()
    unindex_translation(doc_id)


@transaction.atomic
def delete_article(article: Article, *, actor: User | None) -> None:
    require_editor(actor)
    doc_ids = list(article.translations.values_list("pk", flat=True))
    article.delete()
    for doc_id in doc_ids:
        unindex_translation(doc_id)
