"""Full-text index of ticket subjects and message bodies.

SQLite: an FTS5 table with the trigram tokenizer (substring matches in any script, so
Tamil, Armenian, Tagalog and English all work without a word splitter).
PostgreSQL: the same rows in an ordinary table with a pg_trgm GIN index.
Both answer the same contract: ticket ids whose subject or messages contain the query.
"""

from __future__ import annotations

from django.db import connection

from sevai.tickets.models import Message, Ticket

MIN_QUERY_CHARS = 3


def index_message(message: Message, ticket: Ticket) -> None:
    """Add one message (internal notes included: the index is for agents only)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO search_message_text (message_id, ticket_id, body) VALUES (%s, %s, %s)",
            [message.pk, ticket.pk, message.body],
        )


def _like_pattern(query: str) -> str:
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def ticket_ids_matching_text(query: str, limit: int = 50) -> list[int]:
    """Ticket ids whose messages contain query, newest message first."""
    query = query.strip()
    if len(query) < MIN_QUERY_CHARS:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            phrase = '"' + query.replace('"', '""') + '"'
            cursor.execute(
                "SELECT ticket_id FROM search_message_text WHERE search_message_text MATCH %s "
                "GROUP BY ticket_id ORDER BY MAX(message_id) DESC LIMIT %s",
                [phrase, limit],
            )
        else:
            cursor.execute(
                "SELECT ticket_id FROM search_message_text WHERE body ILIKE %s ESCAPE '\\' "
                "GROUP BY ticket_id ORDER BY MAX(message_id) DESC LIMIT %s",
                [_like_pattern(query), limit],
            )
        return [row[0] for row in cursor.fetchall()]


def reindex_all() -> int:
    """Rebuild the index from the messages table."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_message_text")
        cursor.execute(
            "INSERT INTO search_message_text (message_id, ticket_id, body) "
            "SELECT id, ticket_id, body FROM tickets_message"
        )
        return int(cursor.rowcount)


def move_ticket_messages(source_ticket_id: int, target_ticket_id: int) -> None:
    """Follow messages that moved to another ticket (merges)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE search_message_text SET ticket_id = %s WHERE ticket_id = %s",
            [target_ticket_id, source_ticket_id],
        )
