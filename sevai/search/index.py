"""Full-text index of ticket messages (with their ticket's subject), for agents.

One row per message in `search_message` (migration 0003), holding the normalised words of
the ticket subject and of the message body (sevai/search/matching.py):
SQLite: a contentless FTS5 table (rowid = message id; the ticket comes from tickets_message).
PostgreSQL: a tsvector per message with a GIN index, plus copies of the ticket's id, status,
assignee and creation time (migration 0005), so a filtered search reads the newest rows of
one filter through a btree index without joining every match to its ticket (postgres.py).
Every action that changes a ticket's status or assignee calls sync_ticket; merges call
move_ticket_messages. Internal notes are indexed too: the index is for agents only.
Searching is in tickets.py.

Each row also holds filter words for what never changes on a ticket: "§ch<channel>",
"§l<language>", "§m<yyyymm of creation, UTC>". No query word can produce them (§ is not a
word character), and they let the index itself narrow a search by channel, language or
date, instead of scanning matches and dropping most of them. Filters are always re-checked
against tickets_ticket, so a stale filter word (a merged message keeps its old ticket's
words until `sevai reindex`) can hide a hit but never show a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from sevai.search.backends import fts5_query, is_sqlite, tsquery_literal, tsvector_literal
from sevai.search.matching import QueryTerm, index_words, parse_query
from sevai.search.postgres import NO_FILTERS, RowFilters, newest_matches
from sevai.tickets.models import Message, Ticket

# message id, ticket id, subject, body, filter words (ticket_filter_words)
MessageRow = tuple[int, int, str, str, list[str]]
REINDEX_BATCH = 2000
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


def _postgres_row(row: MessageRow) -> tuple[int, str, int]:
    message_id, ticket_id, subject, body, filters = row
    document = tsvector_literal(
        [(index_words(subject), "A"), (index_words(body), ""), (filters, "")]
    )
    return message_id, document, ticket_id


# PostgreSQL: the ticket's columns are copied from tickets_ticket as the row is written.
_UPSERT = (
    "INSERT INTO search_message (message_id, document, ticket_id, status, assignee_id, "
    "created_at) SELECT %s, %s::tsvector, t.id, t.status, t.assignee_id, t.created_at "
    "FROM tickets_ticket t WHERE t.id = %s ON CONFLICT (message_id) DO UPDATE SET "
    "document = EXCLUDED.document, ticket_id = EXCLUDED.ticket_id, status = EXCLUDED.status, "
    "assignee_id = EXCLUDED.assignee_id, created_at = EXCLUDED.created_at"
)


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
            cursor.executemany(_UPSERT, [_postgres_row(r) for r in rows])


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


def sync_ticket(ticket_id: int) -> None:
    """Copy a ticket's status and assignee onto its index rows, in the transaction that
    changed them. PostgreSQL only: SQLite's search joins the ticket for those filters."""
    if is_sqlite():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_message s SET status = t.status, assignee_id = t.assignee_id "
            "FROM tickets_ticket t WHERE t.id = %s AND s.ticket_id = t.id "
            "AND (s.status, s.assignee_id) IS DISTINCT FROM (t.status, t.assignee_id)",
            [ticket_id],
        )


def move_ticket_messages(source_ticket_id: int, target_ticket_id: int) -> None:
    """Follow messages that moved to another ticket (merges). SQLite joins tickets_message
    for the ticket, so only PostgreSQL's copies of the ticket's columns need to change."""
    if is_sqlite():
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_message s SET ticket_id = t.id, status = t.status, "
            "assignee_id = t.assignee_id, created_at = t.created_at "
            "FROM tickets_ticket t WHERE t.id = %s AND s.ticket_id = %s",
            [target_ticket_id, source_ticket_id],
        )


def matching_messages(
    terms: list[QueryTerm],
    *,
    exact: Sequence[QueryTerm] = (),
    where: Sequence[str] = (),
    params: Sequence[Any] = (),
    row_filters: RowFilters = NO_FILTERS,
    limit: int,
) -> list[tuple[int, int, str]]:
    """(ticket id, message id, ticket subject) of the newest messages whose ticket subject
    or body has every query term (by prefix) and every `exact` term (filter words), newest
    first. `where`: SQL conditions on the ticket (alias t), with their `params`;
    `row_filters`: the same status, assignee and creation conditions, which PostgreSQL
    checks on its index rows (postgres.py)."""
    if not is_sqlite():
        query = tsquery_literal(terms, exact=exact)
        return newest_matches(query, row_filters, where=where, params=params, limit=limit)
    filters = "".join(f" AND {w}" for w in where)
    with connection.cursor() as cursor:
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


def ticket_ids_matching_text(query: str, limit: int = 50) -> list[int]:
    """Ticket ids whose subject or messages contain every word of query, newest first."""
    terms = parse_query(query)
    if not terms:
        return []
    rows = matching_messages(terms, limit=limit * 4)
    return list(dict.fromkeys(row[0] for row in rows))[:limit]
