"""Readers' votes and page views (for the help center). Counters move with F() updates, so
concurrent votes do not overwrite each other."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sevai.kb.models import ArticleTranslation, ArticleVote

MAX_COMMENT_CHARS = 2000


def voter_key(*parts: str) -> str:
    """A stable, non-reversible key for a reader (e.g. session key, or address + agent)."""
    data = "\x1f".join([settings.SECRET_KEY, *parts]).encode()
    return hashlib.sha256(data).hexdigest()


def _counter(helpful: bool) -> str:
    return "helpful_count" if helpful else "unhelpful_count"


@transaction.atomic
def cast_vote(
    translation: ArticleTranslation,
    *,
    helpful: bool,
    voter: str,
    comment: str = "",
    at: datetime | None = None,
) -> ArticleVote:
    """One vote per reader and translation; voting again changes the vote."""
    at = at or timezone.now()
    comment = comment.strip()[:MAX_COMMENT_CHARS]
    vote = (
        ArticleVote.objects.select_for_update()
        .filter(translation=translation, voter_key=voter)
        .first()
    )
    counts = ArticleTranslation.objects.filter(pk=translation.pk)
    if vote is None:
        vote = ArticleVote.objects.create(
            translation=translation,
            helpful=helpful,
            comment=comment,
            voter_key=voter,
            created_at=at,
        )
        counts.update(**{_counter(helpful): F(_counter(helpful)) + 1})
        return vote
    if vote.helpful != helpful:
        counts.update(
            **{
                _counter(helpful): F(_counter(helpful)) + 1,
                _counter(vote.helpful): F(_counter(vote.helpful)) - 1,
            }
        )
    vote.helpful, vote.comment, vote.created_at = helpful, comment or vote.comment, at
    vote.save(update_fields=["helpful", "comment", "created_at"])
    return vote


def count_view(translation_id: int) -> None:
    ArticleTranslation.objects.filter(pk=translation_id).update(view_count=F("view_count") + 1)
