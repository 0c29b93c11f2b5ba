"""`sevai kb import PATH` and `sevai kb export PATH` (format: sevai/kb/files.py).

Import matches files to translations by (brand, language, slug), so importing again updates
instead of duplicating, and a file whose content is already there changes nothing (no
revision). Each file is imported in its own transaction: one bad file is reported and the
rest still go in. Export then import then export gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.brands.models import Brand
from sevai.kb.actions.articles import add_translation, create_article, save_translation
from sevai.kb.actions.articles import update_article as update_article_place
from sevai.kb.actions.taxonomy import (
    create_category,
    create_section,
    update_category,
    update_section,
)
from sevai.kb.content import clean_body, clean_language, clean_title
from sevai.kb.files import (
    CATEGORIES_FILE,
    ArticleFile,
    FormatError,
    article_files,
    article_path,
    dump_yaml,
    parse_article,
    read_categories,
    render_article,
)
from sevai.kb.models import Article, ArticleTranslation, Category, Section, Status
from sevai.tickets.actions.lifecycle import clean_tag_names

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.errors),
        }


class _Importer:
    def __init__(self, brand: Brand | None, actor: User | None) -> None:
        self.brand, self.actor = brand, actor

    def category(self, slug: str) -> Category | None:
        if not slug:
            return None
        found = Category.objects.filter(brand=self.brand, slug=slug).first()
        return found or create_category(actor=self.actor, slug=slug, names={}, brand=self.brand)

    def section(self, category: Category | None, slug: str) -> Section | None:
        if not slug:
            return None
        if category is None:
            raise ValidationError(_("A section needs a category."))
        found = category.sections.filter(slug=slug).first()
        return found or create_section(category, actor=self.actor, slug=slug, names={})

    def categories(self, rows: list[dict[str, Any]]) -> None:
        for position, row in enumerate(rows):
            names = {str(k): str(v) for k, v in (row.get("names") or {}).items()}
            slug, pos = str(row["slug"]), int(row.get("position", position))
            category = Category.objects.filter(brand=self.brand, slug=slug).first()
            if category is None:
                category = create_category(
                    actor=self.actor, slug=slug, names=names, brand=self.brand, position=pos
                )
            else:
                update_category(category, actor=self.actor, slug=slug, names=names, position=pos)
            for spos, srow in enumerate(row.get("sections") or []):
                snames = {str(k): str(v) for k, v in (srow.get("names") or {}).items()}
                sslug, sp = str(srow["slug"]), int(srow.get("position", spos))
                section = category.sections.filter(slug=sslug).first()
                if section is None:
                    create_section(
                        category, actor=self.actor, slug=sslug, names=snames, position=sp
                    )
                else:
                    update_section(section, actor=self.actor, slug=sslug, names=snames, position=sp)

    def find(self, language: str, slug: str) -> ArticleTranslation | None:
        return (
            ArticleTranslation.objects.select_related("article")
            .filter(brand=self.brand, language=language, slug=slug)
            .first()
        )

    def original(self, f: ArticleFile, language: str, status: str) -> str:
        category = self.category(f.category)
        section = self.section(category, f.section)
        tags = sorted(clean_tag_names(f.tags))
        existing = self.find(language, f.slug)
        if existing is None:
            create_article(
                actor=self.actor,
                language=language,
                title=f.title,
                body_markdown=f.body,
                slug=f.slug,
                status=status,
                brand=self.brand,
                category=category,
                section=section,
                tags=tags,
                note=_imported(f),
            )
            return "created"
        article = existing.article
        if existing.language != article.default_language:
            raise ValidationError(
                _("%(slug)s is a translation: name its article with translation_of.")
                % {"slug": f.slug}
            )
        place_changed = (
            article.category_id != (category.pk if category else None)
            or article.section_id != (section.pk if section else None)
            or sorted(article.tags.values_list("name", flat=True)) != tags
        )
        if place_changed:
            update_article_place(
                article, actor=self.actor, category=category, section=section, tags=tags
            )
        changed = self.content(existing, f, status)
        return "updated" if changed or place_changed else "unchanged"

    def translation(self, f: ArticleFile, language: str, status: str) -> str:
        originals = ArticleTranslation.objects.filter(
            brand=self.brand, slug=f.translation_of
        ).select_related("article")
        source = next((t for t in originals if t.language == t.article.default_language), None)
        if source is None:
            raise ValidationError(
                _("translation_of: no article has the address name %(slug)s.")
                % {"slug": f.translation_of}
            )
        article = source.article
        existing = article.translations.filter(language=language).first()
        if existing is None:
            add_translation(
                article,
                actor=self.actor,
                language=language,
                title=f.title,
                body_markdown=f.body,
                slug=f.slug,
                status=status,
                note=_imported(f),
            )
            return "created"
        return "updated" if self.content(existing, f, status) else "unchanged"

    def content(self, existing: ArticleTranslation, f: ArticleFile, status: str) -> bool:
        wanted = (clean_title(f.title), f.slug, clean_body(f.body), status)
        if wanted == (existing.title, existing.slug, existing.body_markdown, existing.status):
            return False
        save_translation(
            existing,
            actor=self.actor,
            title=f.title,
            slug=f.slug,
            body_markdown=f.body,
            status=status,
            note=_imported(f),
        )
        return True

    def one(self, f: ArticleFile) -> str:
        language = clean_language(f.language)
        status = f.status or Status.DRAFT
        if status not in Status.values:
            raise ValidationError(
                _("status must be one of: %(values)s.") % {"values": ", ".join(Status.values)}
            )
        if f.translation_of:
            return self.translation(f, language, status)
        return self.original(f, language, status)


def import_folder(
    folder: Path,
    *,
    brand: Brand | None = None,
    actor: User | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import every *.md under folder (and _categories.yml). Articles first, then
    translations, so a translation finds its article within the same import."""
    summary = ImportSummary()
    importer = _Importer(brand, actor)
    try:
        with transaction.atomic():
            importer.categories(read_categories(folder))
    except (FormatError, ValidationError, IntegrityError, KeyError, TypeError, ValueError) as exc:
        summary.errors.append(f"{CATEGORIES_FILE}: {_message(exc)}")
    parsed: list[ArticleFile] = []
    paths = article_files(folder)
    for path in paths:
        rel = path.relative_to(folder).as_posix()
        try:
            parsed.append(parse_article(path.read_text(encoding="utf-8"), rel))
        except (FormatError, UnicodeDecodeError) as exc:
            summary.errors.append(str(exc) if isinstance(exc, FormatError) else f"{rel}: {exc}")
    parsed.sort(key=lambda f: (bool(f.translation_of), f.path))
    total = len(paths)
    done = total - len(parsed)
    for f in parsed:
        try:
            with transaction.atomic():
                outcome = importer.one(f)
        except (ValidationError, IntegrityError) as exc:
            summary.errors.append(f"{f.path}: {_message(exc)}")
        else:
            setattr(summary, outcome, getattr(summary, outcome) + 1)
        done += 1
        if progress:
            progress(done, total)
    return summary


def _imported(f: ArticleFile) -> str:
    return _("Imported from %(path)s") % {"path": f.path}


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _file_for(t: ArticleTranslation, article: Article, default_slug: str) -> ArticleFile:
    original = t.language == article.default_language
    return ArticleFile(
        path="",
        title=t.title,
        slug=t.slug,
        language=t.language,
        body=t.body_markdown,
        status=t.status,
        category=article.category.slug if article.category and original else "",
        section=article.section.slug if article.section and original else "",
        tags=tuple(sorted(tag.name for tag in article.tags.all())) if original else (),
        translation_of="" if original else default_slug,
    )


def export_folder(folder: Path, *, brand: Brand | None = None) -> int:
    """Write the brand's articles (brand None: the shared ones) and categories under folder;
    returns the number of article files written."""
    folder.mkdir(parents=True, exist_ok=True)
    categories = Category.objects.filter(brand=brand).prefetch_related("sections")
    rows = [
        {
            "slug": c.slug,
            "position": c.position,
            "names": dict(sorted(c.names.items())),
            "sections": [
                {"slug": s.slug, "position": s.position, "names": dict(sorted(s.names.items()))}
                for s in c.sections.all()
            ],
        }
        for c in categories
    ]
    if rows:
        (folder / CATEGORIES_FILE).write_text(dump_yaml(rows), encoding="utf-8")
    articles = (
        Article.objects.filter(brand=brand)
        .select_related("category", "section")
        .prefetch_related("translations", "tags")
        .order_by("pk")
    )
    written = 0
    for article in articles:
        translations = list(article.translations.all())
        default = next((t for t in translations if t.language == article.default_language), None)
        if default is None:
            continue
        for t in translations:
            f = _file_for(t, article, default.slug)
            category = article.category.slug if article.category else ""
            path = folder / article_path(category, default.slug, t.language)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_article(f), encoding="utf-8")
            written += 1
    return written


DEMO_FOLDER = Path(__file__).resolve().parent.parent / "demo_articles"


def import_demo_articles() -> ImportSummary:
    """The demo desk's articles (used by `sevai demo`): tracking, address changes, refunds,
    opening hours and delivery times in English, Tamil, Tagalog and Armenian; missed
    deliveries, damage, lost parcels, cash on delivery, customs, returns, cancelling,
    contact details and business accounts in English, some also in one other language."""
    return import_folder(DEMO_FOLDER)
