"""Revisions: every save of a translation keeps its content; restoring adds a new revision."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Max

from sevai.accounts.models import User
from sevai.kb.models import ArticleTranslation, Revision

MAX_NOTE_CHARS = 200


def record_revision(
    translation: ArticleTranslation, *, actor: User | None, note: str, at: datetime
) -> Revision:
    """Keep the translation's current content; callers hold the translation's row lock."""
    last = translation.revisions.aggregate(n=Max("number"))["n"] or 0
    return Revision.objects.create(
        translation=translation,
        number=last + 1,
        title=translation.title,
        body_markdown=translation.body_markdown,
        status=translation.status,
        author=actor,
        note=" ".join(note.split())[:MAX_NOTE_CHARS],
        created_at=at,
    )
