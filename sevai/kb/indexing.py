"""Keeping the article search index (sevai.search.articles) in step with the translations.

Called by the actions in the same transaction as the change, as tickets do with
index_message, so a rolled-back save leaves no stale index row. The assistant's passage
index (sevai.assistant.index) is kept in step here too.
"""

from __future__ import annotations

from sevai.assistant.index import refresh_translation_passages, remove_translation_passages
from sevai.kb.markdown import markdown_to_text
from sevai.kb.models import ArticleTranslation, Status
from sevai.search.articles import index_article, remove_article


def index_translation(translation: ArticleTranslation) -> None:
    index_article(
        translation.pk,
        article_id=translation.article_id,
        language=translation.language,
        title=translation.title,
        body=markdown_to_text(translation.body_markdown),
        published=translation.status == Status.PUBLISHED,
        brand_id=translation.brand_id,
    )
    refresh_translation_passages(translation)


def unindex_translation(doc_id: int) -> None:
    remove_article(doc_id)
    remove_translation_passages(doc_id)
