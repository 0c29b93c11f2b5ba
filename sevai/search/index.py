"""Full-text index of ticket messages (with their ticket's subject), for agents.

One row per message in `search_message` (migration 0003), holding the normalised words of
the ticket subject and of the message body (sevai/search/matching.py):
SQLite: a contentless FTS5 table (rowid = message id; the ticket comes from tickets_message).
PostgreSQL: a tsvector per message with a GIN index, plus ticket_id.
Internal notes are indexed too: the index is for agents only. Searching is in tickets.py.

Each row also holds filter words for what never changes on a ticket: "§ch<channel>",
"§l<language>", "§m<yyyymm of creation, UTC>". No query word can produce them (§ is not a
word character), and they let the index itself narrow a search by channel, language or
date, instead of scanning matches and dropping most of them. Filters are always re-checked
against tickets_ticket, so a stale filter word (a merged message keeps its old ticket's
words until `sevai reindex`) can hide a hit but never show a wrong one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from sevai.search.backends import fts5_query, is_sqlite, tsquery_literal, tsvector_literal
from sevai.search.matching import QueryTerm, index_words, parse_query
from sevai.tickets.models import Message, Ticket

# message id, ticket id, subject, body, filter words (ticket_filter_words)
MessageRow = tuple[int, int, str, str, list[str]]
REINDEX_BATCH = 2000
# PostgreSQL: the newest 10,000 messages are searched in id order, then the next 90,000 and
# then all older ones through the GIN index (see matching_messages).
RECENT_WINDOWS = (10_000, 100_000)
NEWEST_TTL = 60.0
_newest: tuple[int, float] | None = None
FILTER_MARK = "\u00a7"  # §
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def filter_word(kind: str, value: str) -> str:
    """filter_word("ch", "web_form") == "§chwebform": one token for FTS5's ascii tokenizer."""
    return FILTER_MARK + kind + _NOT_ALNUM.sub("", str(value).lower())


def month_word(when: datetime | str) -> str:
    """The creation-month filter word; accepts what raw cursors return (str on SQLite)."""
    text = when.isoformat() if isinstance(when, datetime) else str(when)
    return filter_word("m", text[:7])


def ticket_filter_words(channel: str, language: str, created_at: datetime | str) -> list[str]:
    return [
        filter_word("ch", channel),
        filter_word("l", language or "none"),
        month_word(created_at),
    ]


def _sqlite_row(row: MessageRow) -> tuple[int, str, str]:
    message_id, _ticket_id, subject, body, filters = row
    return message_id, " ".join([*index_words(subject), *filters]), " ".join(index_words(body))


def _postgres_row(row: MessageRow) -> tuple[int, int, str]:
    message_id, ticket_id, subject, body, filters = row
    document = tsvector_literal(
        [(index_words(subject), "A"), (index_words(body), ""), (filters, "")]
    )
    return message_id, ticket_id, document


def index_messages(rows: Sequence[MessageRow]) -> None:
    """Add messages to the index in one statement (reindexing, imports, benchmarks)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if is_sqlite():
            cursor.executemany(
                "INSERT INTO search_message (rowid, subject_words, body_words) VALUES (%s, %s, %s)",
                [_sqlite_row(r) for r in rows],
            )
        else:
            cursor.executemany(
                "INSERT INTO search_message (message_id, ticket_id, document) "
                "VALUES (%s, %s, %s::tsvector) ON CONFLICT (message_id) DO UPDATE SET "
                "ticket_id = EXCLUDED.ticket_id, document = EXCLUDED.document",
                [_postgres_row(r) for r in rows],
            )


def index_message(message: Message, ticket: Ticket) -> None:
    """Add one message (internal notes included: the index is for agents only)."""
    filters = ticket_filter_words(ticket.channel, ticket.language, ticket.created_at)
    index_messages([(message.pk, ticket.pk, ticket.subject, message.body, filters)])


def _batches(cursor: Any) -> Iterable[list[MessageRow]]:
    while True:
        rows = cursor.fetchmany(REINDEX_BATCH)
        if not rows:
            return
        yield [
            (int(m), int(t), str(s), str(b), ticket_filter_words(ch, lang, at))
            for m, t, s, b, ch, lang, at in rows
        ]


def reindex_all() -> int:
    """Rebuild the index from the messages table; returns the number of messages."""
    count = 0
    with connection.cursor() as cursor:
        if is_sqlite():
            cursor.execute("INSERT INTO search_message (search_message) VALUES ('delete-all')")
        else:
            cursor.execute("TRUNCATE search_message")
    with connection.cursor() as reader:
        reader.execute(
            "SELECT m.id, m.ticket_id, t.subject, m.body, t.channel, t.language, t.created_at "
            "FROM tickets_message m "
            "JOIN tickets_ticket t ON t.id = m.ticket_id ORDER BY m.id"
        )
        for batch in _batches(reader):
            index_messages(batch)
            count += len(batch)
    return count


def move_ticket_messages(source_ticket_id: int, target_ticket_id: int) -> None:
    """Follow messages that moved to another ticket (merges). SQLite joins tickets_message
    for the ticket, so only PostgreSQL's copy of ticket_id needs to move."""
    if is_sqlite():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_message SET ticket_id = %s WHERE ticket_id = %s",
            [target_ticket_id, source_ticket_id],
        )


def _newest_message_id(cursor: Any) -> int:
    """The highest message id, re-read at most every NEWEST_TTL seconds per process. A stale
    value only moves work between the two halves of the PostgreSQL search, never changes
    its results."""
    global _newest
    now = time.monotonic()
    if _newest is None or now - _newest[1] > NEWEST_TTL:
        cursor.execute("SELECT COALESCE(MAX(message_id), 0) FROM search_message")
        _newest = (int(cursor.fetchone()[0]), now)
    return _newest[0]


def matching_messages(
    terms: list[QueryTerm],
    *,
    exact: Sequence[QueryTerm] = (),
    where: Sequence[str] = (),
    params: Sequence[Any] = (),
    limit: int,
) -> list[tuple[int, int, str]]:
    """(ticket id, message id, ticket subject) of the newest messages whose ticket subject
    or body has every query term (by prefix) and every `exact` term (filter words), newest
    first. `where`: SQL conditions on the ticket (alias t), with their `params`."""
    filters = "".join(f" AND {w}" for w in where)
    with connection.cursor() as cursor:
        if is_sqlite():
            # CROSS JOIN keeps the full-text scan as the outer loop, newest message first,
            # so LIMIT stops it early; each hit then costs two primary-key lookups.
            cursor.execute(
                "SELECT m.ticket_id, s.rowid, t.subject "  # noqa: S608
                "FROM search_message s CROSS JOIN tickets_message m ON m.id = s.rowid "
                "CROSS JOIN tickets_ticket t ON t.id = m.ticket_id "
                f"WHERE search_message MATCH %s{filters} ORDER BY s.rowid DESC LIMIT %s",
                [fts5_query(terms, exact=exact), *params, limit],
            )
            return [(int(t), int(m), str(s)) for t, m, s in cursor.fetchall()]
        # PostgreSQL cannot read a GIN index in message order, so the newest messages are
        # searched in id order first (this stops early for common words), then, only while
        # the page is not full, older and older slices through the GIN index.
        top = _newest_message_id(cursor)
        bounds = [top - size for size in RECENT_WINDOWS]
        select = (
            "SELECT s.ticket_id, s.message_id, t.subject FROM search_message s "
            "JOIN tickets_ticket t ON t.id = s.ticket_id WHERE s.document @@ CAST(%s AS tsquery)"
        )
        query = tsquery_literal(terms, exact=exact)
        cursor.execute(
            f"{select} AND s.message_id > %s{filters} ORDER BY s.message_id DESC LIMIT %s",
            [query, bounds[0], *params, limit],
        )
        rows = cursor.fetchall()
        for high, low in zip(bounds, [*bounds[1:], None], strict=True):
            if len(rows) >= limit or high <= 0:
                break
            older = "" if low is None else " AND s.message_id > %s"
            cursor.execute(  # "+ 0": not in id order, so through the GIN index
                f"{select} AND s.message_id <= %s{older}{filters} "
                "ORDER BY s.message_id + 0 DESC LIMIT %s",
                [query, high, *([] if low is None else [low]), *params, limit - len(rows)],
            )
            rows += cursor.fetchall()
        return [(int(t), int(m), str(s)) for t, m, s in rows]


def ticket_ids_matching_text(query: str, limit: int = 50) -> list[int]:
    """Ticket ids whose subject or messages contain every word of query, newest first."""
    terms = parse_query(query)
    if not terms:
        return []
    rows = matching_messages(terms, limit=limit * 4)
    return list(dict.fromkeys(row[0] for row in rows))[:limit]
