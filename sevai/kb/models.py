"""The knowledge base: categories, sections, articles and their translations, revisions, votes.

An Article is the language-independent part (where it lives, tags, the ticket it came from).
Each language is an ArticleTranslation with its own slug, status and revisions. An article
with no brand is shared by every brand. Only sevai.kb.actions writes these tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sevai.brands.models import Brand
from sevai.kb.slugs import validate_slug
from sevai.tickets.models import Tag, Ticket


def pick_name(names: dict[str, str], language: str, fallback_language: str) -> str:
    """names[language], else names[fallback_language], else any name, else ""."""
    return names.get(language) or names.get(fallback_language) or next(iter(names.values()), "")


class Category(models.Model):
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("brand"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kb_categories",
    )
    slug = models.CharField(_("address name"), max_length=100, validators=[validate_slug])
    position = models.PositiveIntegerField(_("position"), default=0)
    names = models.JSONField(_("names"), default=dict, blank=True)  # {language: name}
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "slug"],
                condition=models.Q(brand__isnull=False),
                name="kb_category_brand_slug",
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(brand__isnull=True), name="kb_category_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name_in(settings.LANGUAGE_CODE)

    def name_in(self, language: str) -> str:
        return pick_name(self.names, language, settings.LANGUAGE_CODE) or self.slug


class Section(models.Model):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="sections"
    )
    slug = models.CharField(_("address name"), max_length=100, validators=[validate_slug])
    position = models.PositiveIntegerField(_("position"), default=0)
    names = models.JSONField(_("names"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="kb_section_slug"),
        ]

    def __str__(self) -> str:
        return self.name_in(settings.LANGUAGE_CODE)

    def name_in(self, language: str) -> str:
        return pick_name(self.names, language, settings.LANGUAGE_CODE) or self.slug


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Article(models.Model):
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("brand"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="kb_articles",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    default_language = models.CharField(_("default language"), max_length=10)
    tags = models.ManyToManyField(Tag, related_name="kb_articles", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("written from ticket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kb_articles",
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["-updated_at", "-id"], name="kb_article_updated")]

    def __str__(self) -> str:
        return f"article {self.pk}"


class ArticleTranslation(models.Model):
    """One language of an article. `brand` repeats article.brand so that slugs can be unique
    per brand and language in the database (the actions keep the two equal)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="translations")
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, null=True, related_name="+")
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    slug = models.CharField(_("address name"), max_length=200, validators=[validate_slug])
    body_markdown = models.TextField(_("text (Markdown)"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    view_count = models.PositiveIntegerField(default=0)
    helpful_count = models.PositiveIntegerField(default=0)
    unhelpful_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["language"]
        indexes = [
            models.Index(
                fields=["language", "status", "-view_count"], name="kb_translation_popular"
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="kb_translation_language"),
            models.UniqueConstraint(
                fields=["brand", "language", "slug"],
                condition=models.Q(brand__isnull=False),
                name="kb_translation_brand_slug",
            ),
            models.UniqueConstraint(
                fields=["language", "slug"],
                condition=models.Q(brand__isnull=True),
                name="kb_translation_slug",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "archived"]),
                name="kb_translation_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} [{self.language}]"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED


class Revision(models.Model):
    """The content of a translation after one save. Restoring adds a new revision."""

    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body_markdown = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "number"], name="kb_revision_number"),
        ]

    def __str__(self) -> str:
        return f"revision {self.number} of {self.translation_id}"


class ArticleVote(models.Model):
    """A reader's "was this helpful?" answer. voter_key is a hash (never an address or id)."""

    translation = models.ForeignKey(
        ArticleTranslation, on_delete=models.CASCADE, related_name="votes"
    )
    helpful = models.BooleanField()
    comment = models.TextField(blank=True)
    voter_key = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["translation", "voter_key"], name="kb_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{'+' if self.helpful else '-'} on {self.translation_id}"
