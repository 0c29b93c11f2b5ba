"""Read side of the assistant's admin pages: filtered turns, the deflection summary, a turn's
page, the articles an admin may pick for a correction. Fixed numbers of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sevai.assistant.admin.forms import DEFAULT_PERIOD, NO_FEEDBACK
from sevai.assistant.models import Correction, Turn
from sevai.kb.models import Article, ArticleTranslation, Status
from sevai.kb.queries import translation_for
from sevai.search.articles import search_articles, suggest_article_titles

LIST_FIELDS_DEFERRED = ("answer_text", "spans", "candidates", "summary")


def filtered_turns(filters: dict[str, Any]) -> QuerySet[Turn]:
    """Every turn matching the list page's filters, newest first."""
    qs = Turn.objects.all()
    period = filters.get("period") or DEFAULT_PERIOD
    if period != "all":
        qs = qs.filter(created_at__gte=timezone.now() - timedelta(days=int(period)))
    for name in ("outcome", "reason", "channel", "language"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    feedback = filters.get("feedback")
    if feedback == NO_FEEDBACK:
        qs = qs.filter(feedback="")
    elif feedback:
        qs = qs.filter(feedback=feedback)
    return qs.order_by("-created_at", "-id")


def turns_page(qs: QuerySet[Turn], *, page: int, size: int) -> tuple[list[Turn], bool]:
    """One page of turns with their ticket and article; whether there is a next page."""
    start = (page - 1) * size
    rows = list(
        qs.select_related("ticket", "translation").defer(*LIST_FIELDS_DEFERRED)[
            start : start + size + 1
        ]
    )
    return rows[:size], len(rows) > size


@dataclass(frozen=True)
class Deflection:
    answered: int
    solved: int  # answered and the customer said it helped
    handed_off: int

    @property
    def total(self) -> int:
        return self.answered + self.handed_off

    @property
    def share(self) -> float | None:
        """Share of questions the assistant solved on its own (None without questions)."""
        return self.solved / self.total if self.total else None


def deflection(qs: QuerySet[Turn]) -> Deflection:
    counts = qs.order_by().aggregate(
        answered=Count("pk", filter=Q(outcome=Turn.Outcome.ANSWERED)),
        solved=Count("pk", filter=Q(feedback=Turn.Feedback.YES)),
        handed_off=Count("pk", filter=Q(outcome=Turn.Outcome.HANDED_OFF)),
    )
    return Deflection(**counts)


def turn_for_page(pk: int) -> Turn:
    turn = (
        Turn.objects.select_related(
            "ticket", "ticket__customer", "translation", "article", "question", "answer"
        )
        .filter(pk=pk)
        .first()
    )
    if turn is None:
        raise Http404(_("No such assistant conversation."))
    return turn


def _with_translations(qs: QuerySet[Article]) -> QuerySet[Article]:
    return qs.prefetch_related(
        Prefetch("translations", queryset=ArticleTranslation.objects.order_by("language"))
    )


def article_title(article: Article, language: str) -> str:
    """The article's title in `language` (or its default language), from prefetched
    translations; any translation's title for an article with none published."""
    shown = translation_for(article, language, published_only=False)
    return shown.translation.title if shown else _("Article %(id)s") % {"id": article.pk}


def corrections_for(turn: Turn) -> list[tuple[Correction, str]]:
    """The turn's corrections, newest first, each with its article's title ("" for a
    hand-off correction)."""
    rows = list(
        turn.corrections.select_related("created_by").prefetch_related(
            Prefetch("article", queryset=_with_translations(Article.objects.all()))
        )
    )
    return [(c, article_title(c.article, turn.language) if c.article else "") for c in rows]


@dataclass(frozen=True)
class ArticleChoice:
    article_id: int
    title: str
    language: str
    score: float | None = None  # the assistant's score, for the turn's own candidates


def article_choices(turn: Turn, find: str, *, limit: int = 10) -> list[ArticleChoice]:
    """What an admin may pick for a correction: the turn's candidates (still published), then
    published articles matching `find` (titles as you type, else full text)."""
    found: dict[int, ArticleChoice] = {}
    for candidate in turn.candidates or []:
        article_id = candidate.get("article")
        if isinstance(article_id, int) and article_id not in found:
            found[article_id] = ArticleChoice(
                article_id, str(candidate.get("title") or ""), "", candidate.get("score")
            )
    if find.strip():
        hits = suggest_article_titles(find, language=turn.language or None, limit=limit)
        hits = hits or search_articles(find, language=turn.language or None, limit=limit)
        for hit in hits:
            found.setdefault(hit.article_id, ArticleChoice(hit.article_id, "", hit.language))
    if not found:
        return []
    articles = _with_translations(
        Article.objects.filter(pk__in=found, translations__status=Status.PUBLISHED).distinct()
    )
    by_id = {a.pk: a for a in articles}
    choices = []
    for article_id, choice in found.items():
        article = by_id.get(article_id)
        if article is None:
            continue  # no longer published
        shown = translation_for(article, turn.language)
        if shown is None:
            continue
        choices.append(
            ArticleChoice(
                article_id,
                shown.translation.title,
                shown.translation.language,
                choice.score,
            )
        )
    return choices
