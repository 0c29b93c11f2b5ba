"""An answer made only of an article's own sentences.

For the chosen article, the translation is the customer's language when it is published,
else the article's default language, else any published one (`fallback` says so). Its
passages are scored against the question (cosine with the question's vector, mixed with
their section heading's, plus a little for each question word they contain); the best one
is kept with up to two neighbours that belong with it, in article order:

- a heading stands for its section: the section's first sentences are used instead;
- a sentence that announces a list ("We refund you when:") brings the list's first items,
  and a list item brings the sentence that announces it;
- other passages of the same section that score almost as well are added.

`Answer.text` is the spans joined by newlines: nothing else, so every word of it can be
found in the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from sevai.assistant.index import Vector, question_vector, vector_from_bytes
from sevai.assistant.models import Passage
from sevai.assistant.passages import SpanKind, split_spans
from sevai.assistant.retrieval import STOP_WORDS, Candidate
from sevai.kb.models import Article, ArticleTranslation, Status
from sevai.search.matching import parse_query, word_matches
from sevai.search.text import words

MAX_SPANS = 3
SEPARATOR = "\n"
CLOSE_SCORE = 0.015  # other passages of the section this close to the best join it
# A passage's score mixes in its heading's (above the first heading: the title's).
SECTION_SHARE = 0.25
WORD_BONUS = 0.01  # per question word found in a passage, up to WORD_BONUS_MAX
WORD_BONUS_MAX = 0.03


@dataclass(frozen=True)
class Answer:
    translation: ArticleTranslation  # what the answer quotes (its article: .article_id)
    text: str  # the spans' texts joined by SEPARATOR
    spans: list[dict[str, object]] = field(default_factory=list)  # {"passage", "text"}
    fallback: bool = False  # not in the customer's language
    score: float = 0.0  # the best span's score
    generated: bool = False  # written by a language model (sevai.assistant.generative)

    @property
    def empty(self) -> bool:
        return not self.spans

    @property
    def article_id(self) -> int:
        return self.translation.article_id

    @property
    def translation_id(self) -> int:
        return self.translation.pk

    @property
    def language(self) -> str:
        return self.translation.language

    @property
    def title(self) -> str:
        return self.translation.title

    @property
    def slug(self) -> str:
        return self.translation.slug


@dataclass(frozen=True)
class _Scored:
    passage_id: int
    position: int
    text: str
    kind: SpanKind
    section: int  # index of the heading above it (0: before any heading)
    score: float


def choose_translation(article: Article, language: str) -> ArticleTranslation | None:
    """The published translation to answer in (prefetch article.translations)."""
    published = [t for t in article.translations.all() if t.status == Status.PUBLISHED]
    by_language = {t.language: t for t in published}
    for code in (language, article.default_language):
        if code in by_language:
            return by_language[code]
    return min(published, key=lambda t: t.pk, default=None)


@lru_cache(maxsize=1024)
def _layout(title: str, body: str) -> tuple[tuple[SpanKind, tuple[str, ...]], ...]:
    """Each span's kind and normalised words (by position), remembered per text."""
    return tuple((span.kind, tuple(words(span.text))) for span in split_spans(title, body))


def _scored(translation: ArticleTranslation, vector: Vector, question: str) -> list[_Scored]:
    rows = list(
        Passage.objects.filter(translation=translation)
        .order_by("position")
        .values_list("id", "position", "text", "embedding")
    )
    layout = _layout(translation.title, translation.body_markdown)
    wanted = " ".join(w for w in words(question[:500]) if len(w) >= 3 and w not in STOP_WORDS)
    terms = parse_query(wanted, min_chars=3)
    out, section, context = [], 0, 0.0
    for passage_id, position, text, raw in rows:
        kind, span_words = layout[position] if position < len(layout) else ("text", ())
        cosine = float(vector_from_bytes(raw) @ vector)
        if kind in ("title", "heading"):
            section, context = position, cosine
        matched = sum(1 for term in terms if any(word_matches(w, [term]) for w in span_words))
        score = (1 - SECTION_SHARE) * cosine + SECTION_SHARE * context
        score += min(WORD_BONUS_MAX, WORD_BONUS * matched)
        out.append(_Scored(passage_id, position, text, kind, section, score))
    return out


def _select(scored: list[_Scored]) -> list[_Scored]:
    body = [s for s in scored if s.kind != "title"]
    if not body:
        return []
    best = max(body, key=lambda s: s.score)
    at = body.index(best)
    chosen: list[_Scored] = []
    if best.kind == "heading":
        chosen = [s for s in body[at + 1 :] if s.section == best.position][:MAX_SPANS]
        return chosen or [best]
    chosen = [best]
    if best.kind == "item":
        intro = next((s for s in reversed(body[:at]) if s.kind != "item"), None)
        if intro is not None and intro.kind == "text" and intro.text.endswith((":", "՝")):
            chosen.insert(0, intro)
    if best.text.endswith((":", "՝")):
        chosen += [s for s in body[at + 1 : at + MAX_SPANS] if s.kind == "item"]
    others = sorted(
        (
            s
            for s in body
            if s not in chosen
            and s.kind != "heading"
            and s.section == best.section
            and s.score >= best.score - CLOSE_SCORE
        ),
        key=lambda s: -s.score,
    )
    chosen += others[: max(0, MAX_SPANS - len(chosen))]
    return sorted(chosen[:MAX_SPANS], key=lambda s: s.position)


def compose_answer(
    question: str,
    candidate: Candidate,
    *,
    language: str,
    vector: Vector | None = None,
) -> Answer | None:
    """The answer from the candidate's article, or None when it has no published text."""
    article = (
        Article.objects.filter(pk=candidate.article_id).prefetch_related("translations").first()
    )
    if article is None:
        return None
    translation = choose_translation(article, language)
    if translation is None:
        return None
    vector = question_vector(question) if vector is None else vector
    chosen = _select(_scored(translation, np.asarray(vector, dtype=np.float32), question))
    spans: list[dict[str, object]] = [{"passage": s.passage_id, "text": s.text} for s in chosen]
    translation.article = article
    return Answer(
        translation=translation,
        text=SEPARATOR.join(s.text for s in chosen),
        spans=spans,
        fallback=bool(language) and translation.language != language,
        score=round(max((s.score for s in chosen), default=0.0), 6),
    )
