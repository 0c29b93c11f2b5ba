"""Knowledge-base article index: the help center, instant search and agent suggestions.

The kb app calls these functions; it needs nothing else from this app. One row per article
translation (doc_id), in the raw table `search_article` (migration 0002):
SQLite FTS5 ranked by bm25 with the title weighted 10x; PostgreSQL tsvector + GIN ranked by
ts_rank with the title weighted 10x. Words are matched by prefix after the same
normalisation on both sides (sevai/search/text.py, stemming.py), so பார்சல் finds பார்சலை,
"ծանրոց" finds "ծանրոցը։", "padala" finds "ipinadala" and "delivered" finds "delivery".
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from django.db import connection

from sevai.search.backends import fts5_query, is_sqlite, tsquery_literal, tsvector_literal
from sevai.search.matching import QueryTerm, highlight, index_words, parse_query
from sevai.search.text import iter_words

TITLE_WEIGHT = 10.0
SNIPPET_CHARS = 200
MAX_LIMIT = 100


@dataclass(frozen=True)
class ArticleHit:
    doc_id: int  # the kb's translation row id
    article_id: int
    language: str
    score: float  # higher is better, comparable within one result list
    title_html: str  # escaped title with <mark>…</mark> around matches
    snippet_html: str  # escaped body excerpt (~200 chars) with <mark>…</mark>


def index_article(
    doc_id: int,
    *,
    article_id: int,
    language: str,
    title: str,
    body: str,
    published: bool,
    brand_id: int | None = None,
) -> None:
    """Add or replace one article translation. Body is plain text (strip markup first)."""
    title_words, body_words = index_words(title), index_words(body)
    with connection.cursor() as cursor:
        if is_sqlite():
            cursor.execute("DELETE FROM search_article WHERE rowid = %s", [doc_id])
            cursor.execute(
                "INSERT INTO search_article (rowid, title_words, body_words, article_id, "
                "language, brand_id, published, title, body) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    doc_id,
                    " ".join(title_words),
                    " ".join(body_words),
                    article_id,
                    language,
                    brand_id,
                    int(published),
                    title,
                    body,
                ],
            )
            return
        cursor.execute(
            "INSERT INTO search_article (doc_id, article_id, language, brand_id, published, "
            "title, body, document) VALUES (%s, %s, %s, %s, %s, %s, %s, %s::tsvector) "
            "ON CONFLICT (doc_id) DO UPDATE SET article_id = EXCLUDED.article_id, "
            "language = EXCLUDED.language, brand_id = EXCLUDED.brand_id, "
            "published = EXCLUDED.published, title = EXCLUDED.title, body = EXCLUDED.body, "
            "document = EXCLUDED.document",
            [
                doc_id,
                article_id,
                language,
                brand_id,
                published,
                title,
                body,
                tsvector_literal([(title_words, "A"), (body_words, "")]),
            ],
        )


def remove_article(doc_id: int) -> None:
    """Drop one article translation from the index (no error if it is not there)."""
    column = "rowid" if is_sqlite() else "doc_id"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM search_article WHERE {column} = %s", [doc_id])  # noqa: S608


def _run(
    terms: list[QueryTerm],
    *,
    title_only: bool,
    language: str | None,
    published_only: bool,
    brand_id: int | None,
    limit: int,
    any_term: bool = False,
) -> list[tuple[Any, ...]]:
    where, params = [], []
    if published_only:
        where.append("published = %s")
        params.append(1 if is_sqlite() else True)
    if brand_id is not None:
        where.append("(brand_id = %s OR brand_id IS NULL)")
        params.append(brand_id)
    order = "rank DESC"
    order_params: list[Any] = []
    if language:
        order = "CASE WHEN language = %s THEN 0 ELSE 1 END, rank DESC"
        order_params = [language]
    filters = "".join(f" AND {w}" for w in where)
    limit = max(1, min(limit, MAX_LIMIT))
    if is_sqlite():
        sql = (
            "SELECT rowid, article_id, language, title, body, "  # noqa: S608
            f"-bm25(search_article, {TITLE_WEIGHT}, 1.0) AS rank FROM search_article "
            f"WHERE search_article MATCH %s{filters} ORDER BY {order}, rowid LIMIT %s"
        )
        match = fts5_query(terms, column="title_words" if title_only else None)
        if any_term:
            match = " OR ".join(fts5_query([term]) for term in terms)
        args = [match, *params, *order_params, limit]
    else:
        sql = (
            "SELECT doc_id, article_id, language, title, body, "  # noqa: S608
            f"ts_rank('{{0.1, 0.1, 0.1, {TITLE_WEIGHT / 10}}}', document, q) AS rank "
            "FROM search_article, CAST(%s AS tsquery) AS q "
            f"WHERE document @@ q{filters} ORDER BY {order}, doc_id LIMIT %s"
        )
        match = tsquery_literal(terms, weights="A" if title_only else "")
        if any_term:
            match = " | ".join(tsquery_literal([term]) for term in terms)
        args = [match, *params, *order_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return list(cursor.fetchall())


def _hits(rows: list[tuple[Any, ...]], terms: list[QueryTerm]) -> list[ArticleHit]:
    return [
        ArticleHit(
            doc_id=int(doc_id),
            article_id=int(article_id),
            language=str(language),
            score=round(float(rank), 6),
            title_html=highlight(str(title), terms),
            snippet_html=highlight(str(body), terms, max_chars=SNIPPET_CHARS),
        )
        for doc_id, article_id, language, title, body, rank in rows
    ]


def search_articles(
    query: str,
    *,
    language: str | None = None,
    published_only: bool = True,
    brand_id: int | None = None,
    limit: int = 10,
) -> list[ArticleHit]:
    """Articles whose title or body contains every query word (by prefix or stem).

    Best first: title matches outrank body matches, then bm25 / ts_rank.
    language=None searches every language. With a language, articles in that language come
    first and the others follow (a Tamil reader still finds an English-only article); pass
    the results through a filter on ArticleHit.language to exclude them.
    brand_id=None searches every brand; with a brand, that brand's articles and articles
    without a brand. published_only=False includes drafts (agents' suggestions).
    Queries whose words are all shorter than 2 characters return [].
    """
    terms = parse_query(query)
    if not terms:
        return []
    rows = _run(
        terms,
        title_only=False,
        language=language,
        published_only=published_only,
        brand_id=brand_id,
        limit=limit,
    )
    return _hits(rows, terms)


def suggest_article_titles(
    prefix: str,
    *,
    language: str | None = None,
    brand_id: int | None = None,
    limit: int = 8,
) -> list[ArticleHit]:
    """Instant search as you type: published articles whose title has every word of prefix
    as the start of a word ("parc" -> "Parcel delayed"). Same language and brand rules as
    search_articles; one letter is enough."""
    terms = parse_query(prefix, min_chars=1)
    if not terms:
        return []
    rows = _run(
        terms,
        title_only=True,
        language=language,
        published_only=True,
        brand_id=brand_id,
        limit=limit,
    )
    return _hits(rows, terms)


def search_articles_any(
    query: str,
    *,
    published_only: bool = True,
    brand_id: int | None = None,
    limit: int = 20,
    ignore: frozenset[str] = frozenset(),
    min_chars: int = 3,
    max_words: int = 12,
) -> list[ArticleHit]:
    """Articles containing ANY of the query's words (by prefix or stem), best first by bm25 /
    ts_rank (title matches weigh 10x, so an article matching more and rarer words wins).

    For natural questions ("how long does a refund take"), where search_articles' every-word
    rule finds nothing. Words shorter than min_chars and normalised words in `ignore` (stop
    words) are dropped; the first max_words distinct words are searched (the cost stays
    bounded).
    Every language is searched; brand and published rules as in search_articles. For
    ranking, not for showing: title_html is the escaped title and snippet_html is empty (no
    highlighting, which would cost more than the query).
    """
    terms: list[QueryTerm] = []
    for word in iter_words(query[:1000]):
        if len(word.norm) < min_chars or word.norm in ignore:
            continue
        for term in parse_query(word.norm, min_chars=min_chars):
            if term not in terms and len(terms) < max_words:
                terms.append(term)
    if not terms:
        return []
    rows = _run(
        terms,
        title_only=False,
        language=None,
        published_only=published_only,
        brand_id=brand_id,
        limit=limit,
        any_term=True,
    )
    return [
        ArticleHit(
            doc_id=int(doc_id),
            article_id=int(article_id),
            language=str(language),
            score=round(float(rank), 6),
            title_html=escape(str(title)),
            snippet_html="",
        )
        for doc_id, article_id, language, title, _body, rank in rows
    ]
