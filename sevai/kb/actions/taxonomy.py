"""Categories and sections: where articles live. Names are kept per language."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sevai.accounts.models import User
from sevai.brands.models import Brand
from sevai.kb.content import clean_language
from sevai.kb.models import Category, Section
from sevai.kb.permissions import require_editor
from sevai.kb.slugs import validate_slug

MAX_NAME_CHARS = 120


def clean_names(names: Mapping[str, str]) -> dict[str, str]:
    """{language: name} without blank names, languages in a stable order."""
    cleaned: dict[str, str] = {}
    for language, name in sorted(names.items()):
        value = " ".join((name or "").split())
        if not value:
            continue
        if len(value) > MAX_NAME_CHARS:
            raise ValidationError(
                _("A name is at most %(n)d characters.") % {"n": MAX_NAME_CHARS}, code="name"
            )
        cleaned[clean_language(language)] = value
    return cleaned


@transaction.atomic
def create_category(
    *,
    actor: User | None,
    slug: str,
    names: Mapping[str, str],
    brand: Brand | None = None,
    position: int = 0,
) -> Category:
    require_editor(actor)
    validate_slug(slug)
    if Category.objects.filter(brand=brand, slug=slug).exists():
        raise ValidationError(_("A category with this address name exists."), code="slug_taken")
    return Category.objects.create(
        brand=brand, slug=slug, names=clean_names(names), position=position
    )


@transaction.atomic
def update_category(
    category: Category,
    *,
    actor: User | None,
    slug: str,
    names: Mapping[str, str],
    position: int,
) -> Category:
    require_editor(actor)
    validate_slug(slug)
    category = Category.objects.select_for_update().get(pk=category.pk)
    taken = Category.objects.filter(brand=category.brand, slug=slug).exclude(pk=category.pk)
    if taken.exists():
        raise ValidationError(_("A category with this address name exists."), code="slug_taken")
    new_names = clean_names(names)
    if (category.slug, category.names, category.position) == (slug, new_names, position):
        return category
    category.slug, category.names, category.position = slug, new_names, position
    category.save(update_fields=["slug", "names", "position"])
    return category


@transaction.atomic
def delete_category(category: Category, *, actor: User | None) -> None:
    """Its sections go too; its articles stay, without a category."""
    require_editor(actor)
    category.delete()


@transaction.atomic
def create_section(
    category: Category,
    *,
    actor: User | None,
    slug: str,
    names: Mapping[str, str],
    position: int = 0,
) -> Section:
    require_editor(actor)
    validate_slug(slug)
    if category.sections.filter(slug=slug).exists():
        raise ValidationError(
            _("This category already has a section with this address name."), code="slug_taken"
        )
    return Section.objects.create(
        category=category, slug=slug, names=clean_names(names), position=position
    )


@transaction.atomic
def update_section(
    section: Section,
    *,
    actor: User | None,
    slug: str,
    names: Mapping[str, str],
    position: int,
) -> Section:
    require_editor(actor)
    validate_slug(slug)
    section = Section.objects.select_for_update().get(pk=section.pk)
    taken = Section.objects.filter(category_id=section.category_id, slug=slug).exclude(
        pk=section.pk
    )
    if taken.exists():
        raise ValidationError(
            _("This category already has a section with this address name."), code="slug_taken"
        )
    new_names = clean_names(names)
    if (section.slug, section.names, section.position) == (slug, new_names, position):
        return section
    section.slug, section.names, section.position = slug, new_names, position
    section.save(update_fields=["slug", "names", "position"])
    return section


@transaction.atomic
def delete_section(section: Section, *, actor: User | None) -> None:
    """Its articles stay in the category, without a section."""
    require_editor(actor)
    section.delete()
