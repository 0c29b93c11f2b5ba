"""The folder format of `sevai kb import` / `sevai kb export` (reading and writing text only).

One Markdown file per translation, with YAML front matter:

    deliveries/track-a-parcel.en.md        the article (default language)
    deliveries/track-a-parcel.ta.md        its Tamil translation
    refund-policy.en.md                    an article without a category
    _categories.yml                        categories and sections with their names

    ---
    title: Track a parcel
    slug: track-a-parcel
    language: en
    category: deliveries
    section: tracking
    status: published
    tags:
    - tracking
    ---

    The text, in Markdown.

A translation names its article with `translation_of: <slug of the default-language file>`
and leaves category, section and tags to it. Files are named after the default-language
slug so that translations sit next to their article; import reads only the front matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CATEGORIES_FILE = "_categories.yml"
FENCE = "---"
ARTICLE_KEYS = ("title", "slug", "language", "translation_of", "category", "section", "status")


class FormatError(ValueError):
    """A file that is not Markdown with front matter as described above."""


@dataclass(frozen=True)
class ArticleFile:
    path: str  # relative to the folder, for messages
    title: str
    slug: str
    language: str
    body: str
    status: str = ""
    category: str = ""
    section: str = ""
    tags: tuple[str, ...] = ()
    translation_of: str = ""


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1_000_000
    )


def _text(meta: dict[str, Any], key: str, path: str, *, required: bool = False) -> str:
    value = meta.get(key)
    if value is None or value == "":
        if required:
            raise FormatError(f"{path}: front matter needs `{key}`")
        return ""
    if not isinstance(value, str | int | float):
        raise FormatError(f"{path}: `{key}` must be text")
    return str(value).strip()


def parse_article(text: str, path: str) -> ArticleFile:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise FormatError(f"{path}: a file starts with front matter between two --- lines")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise FormatError(f"{path}: the front matter has no closing --- line") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as exc:
        raise FormatError(f"{path}: the front matter is not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise FormatError(f"{path}: the front matter must be `key: value` lines")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t for t in (p.strip() for p in tags.split(",")) if t]
    if not isinstance(tags, list) or not all(isinstance(t, str | int) for t in tags):
        raise FormatError(f"{path}: `tags` must be a list of words")
    return ArticleFile(
        path=path,
        title=_text(meta, "title", path, required=True),
        slug=_text(meta, "slug", path, required=True),
        language=_text(meta, "language", path, required=True),
        body="\n".join(lines[end + 1 :]),
        status=_text(meta, "status", path),
        category=_text(meta, "category", path),
        section=_text(meta, "section", path),
        tags=tuple(str(t) for t in tags),
        translation_of=_text(meta, "translation_of", path),
    )


def render_article(article: ArticleFile) -> str:
    meta: dict[str, Any] = {
        key: getattr(article, key) for key in ARTICLE_KEYS if getattr(article, key)
    }
    if article.tags:
        meta["tags"] = list(article.tags)
    head = f"{FENCE}\n{dump_yaml(meta)}{FENCE}\n"
    return f"{head}\n{article.body}\n" if article.body else head


def article_path(category: str, group_slug: str, language: str) -> Path:
    """<category>/<slug of the default-language translation>.<language>.md"""
    name = f"{group_slug}.{language}.md"
    return Path(category, name) if category else Path(name)


def read_categories(folder: Path) -> list[dict[str, Any]]:
    """The categories file as a list of {slug, position, names, sections: [...]}; [] if none."""
    path = folder / CATEGORIES_FILE
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or []
    except yaml.YAMLError as exc:
        raise FormatError(f"{CATEGORIES_FILE}: not valid YAML ({exc})") from None
    if not isinstance(data, list) or not all(isinstance(c, dict) and c.get("slug") for c in data):
        raise FormatError(f"{CATEGORIES_FILE}: expected a list of categories, each with a slug")
    return data


def article_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md") if p.is_file())
