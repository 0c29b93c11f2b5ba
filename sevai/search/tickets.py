"""Ticket search for agents: subjects, message bodies, customer names and emails, with filters.

A ticket matches when one of its messages (with the ticket subject) contains every query
word (prefix, stem or Tagalog root, see matching.py), or when its customer's name has every
word or one of its identities (email, phone) contains the query. The score is computed here,
the same way on SQLite and PostgreSQL:

    score = 2.0 if the subject has every word
          + 1.0 if the customer matched
          + 1.0 if a message matched, + 0.1 for each further matching message (up to 4)

ties broken by the newest matching message. Only the newest 2 x (offset + limit) matching
messages are ranked (filters apply inside that scan: channel, language and creation month
through filter words in the index itself, see index.py; on PostgreSQL status, assignee and
creation time through the index rows' own columns, see postgres.py), which bounds the cost
of common words at any database size. With a customer filter the customer's newest messages
are matched here instead (CUSTOMER_SCAN_MESSAGES). Three queries whatever the number of hits
(on PostgreSQL up to five: the message search may take three, see postgres.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from sevai.search.backends import is_sqlite
from sevai.search.index import filter_word, matching_messages, month_word
from sevai.search.matching import QueryTerm, highlight, parse_query, word_matches
from sevai.search.postgres import RowFilters
from sevai.search.text import iter_words
from sevai.tickets.models import Message, Ticket

CANDIDATES_PER_HIT = 2  # matching messages read per ticket wanted (offset + limit)
MAX_CANDIDATES = 2000
CANDIDATE_CUSTOMER_TICKETS = 100
CUSTOMER_SCAN_MESSAGES = 2000
MAX_MONTH_WORDS = 12
SNIPPET_CHARS = 200
MAX_LIMIT = 200
SUBJECT_BONUS, CUSTOMER_BONUS, MESSAGE_SCORE, MORE_MESSAGES = 2.0, 1.0, 1.0, 0.1


@dataclass(frozen=True)
class TicketHit:
    ticket_id: int
    score: float  # higher is better, comparable within one result list
    snippet_html: str  # escaped excerpt with <mark>…</mark> (message body or customer name)
    message_id: int | None = None  # the message the snippet comes from


@dataclass(frozen=True)
class TicketFilters:
    status: str | None = None
    assignee_id: int | None = None
    channel: str | None = None
    language: str | None = None
    created_from: date | None = None  # inclusive, in the current time zone
    created_to: date | None = None  # inclusive
    customer_id: int | None = None

    def _bounds(self) -> tuple[datetime | None, datetime | None]:
        def start(day: date) -> datetime:
            if isinstance(day, datetime):
                return day if timezone.is_aware(day) else timezone.make_aware(day)
            return timezone.make_aware(datetime.combine(day, time.min))

        low = start(self.created_from) if self.created_from else None
        high = None
        if self.created_to:
            if isinstance(self.created_to, datetime):
                high = start(self.created_to) + timedelta(microseconds=1)
            else:
                high = start(self.created_to + timedelta(days=1))
        return low, high

    def sql(self) -> tuple[list[str], list[Any]]:
        """Conditions on tickets_ticket (alias t) and their parameters."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in [
            ("t.status", self.status),
            ("t.assignee_id", self.assignee_id),
            ("t.channel", self.channel),
            ("t.language", self.language),
            ("t.customer_id", self.customer_id),
        ]:
            if value is not None and value != "":
                where.append(f"{column} = %s")
                params.append(value)
        low, high = self._bounds()
        for op, bound in ((">=", low), ("<", high)):
            if bound is not None:
                where.append(f"t.created_at {op} %s")
                params.append(connection.ops.adapt_datetimefield_value(bound))
        return where, params

    def q(self) -> Q:
        q = Q()
        for field in ("status", "assignee_id", "channel", "language", "customer_id"):
            value = getattr(self, field)
            if value is not None and value != "":
                q &= Q(**{field: value})
        low, high = self._bounds()
        if low:
            q &= Q(created_at__gte=low)
        if high:
            q &= Q(created_at__lt=high)
        return q

    def index_words(self) -> list[QueryTerm]:
        """Filter words (index.py) that every matching message must have."""
        words: list[QueryTerm] = []
        if self.channel:
            words.append((filter_word("ch", self.channel),))
        if self.language:
            words.append((filter_word("l", self.language),))
        low, high = self._bounds()
        if low and high:  # months in UTC, a day wider for the current time zone
            first, last = low - timedelta(days=1), high + timedelta(days=1)
            months = sorted(
                {month_word(first + timedelta(days=d)) for d in range((last - first).days + 1)}
            )
            if len(months) <= MAX_MONTH_WORDS:
                words.append(tuple(months))
        return words

    def row_filters(self) -> RowFilters:
        """What PostgreSQL's index rows check themselves (postgres.py)."""
        low, high = self._bounds()
        return RowFilters(self.status or None, self.assignee_id, low, high)

    def any(self) -> bool:
        return bool(self.sql()[0])


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _customer_tickets(
    query: str, terms: list[QueryTerm], filters: TicketFilters
) -> list[tuple[int, str]]:
    """(ticket id, customer name) of the tickets, newest first, of customers whose name has
    every term (as a substring) or, for a query with "@" or a digit (an email or a phone),
    one of whose identities contains the whole query. PostgreSQL: ILIKE, served by the
    trigram indexes of migration 0004. SQLite: LIKE, which folds ASCII case only, so a
    capitalised form of each non-ASCII word is tried too."""
    postgres = not is_sqlite()
    name_sql: list[str] = []
    params: list[Any] = []
    for term in terms:
        capitalised = {p.capitalize() for p in term if not postgres and not p.isascii()}
        forms = sorted(set(term) | capitalised)
        op = "ILIKE" if postgres else "LIKE"
        name_sql.append("(" + " OR ".join(f"name {op} %s ESCAPE '\\'" for _ in forms) + ")")
        params += [_like(f) for f in forms]
    match = "SELECT id FROM customers_customer WHERE " + " AND ".join(name_sql)  # noqa: S608
    raw = query.strip().lower()
    if len(raw) >= 3 and ("@" in raw or any(c.isdigit() for c in raw)):
        match += " UNION SELECT customer_id FROM customers_identity WHERE value LIKE %s ESCAPE '\\'"
        params.append(_like(raw))
    where, filter_params = filters.sql()
    filters_sql = "".join(f" AND {w}" for w in where)
    # SQLite's CROSS JOIN keeps the matching customers as the outer loop, reaching their
    # tickets through the ticket_customer_created index.
    join = "JOIN" if postgres else "CROSS JOIN"
    sql = (
        f"SELECT t.id, c.name FROM ({match}) AS m "  # noqa: S608
        f"{join} tickets_ticket t ON t.customer_id = m.id "
        "JOIN customers_customer c ON c.id = t.customer_id "
        f"WHERE 1 = 1{filters_sql} ORDER BY t.updated_at DESC, t.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *filter_params, CANDIDATE_CUSTOMER_TICKETS])
        return [(int(pk), str(name)) for pk, name in cursor.fetchall()]


def _customer_messages(
    terms: list[QueryTerm], filters: TicketFilters, limit: int
) -> list[tuple[int, int, str]]:
    """Like index.matching_messages, for one customer's tickets: their newest messages are
    matched here (a customer has few), which is faster than scanning the index for them."""
    where, params = filters.sql()
    join = "CROSS JOIN" if is_sqlite() else "JOIN"  # SQLite: the customer's tickets drive
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.ticket_id, m.id, t.subject, m.body FROM tickets_ticket t "  # noqa: S608
            f"{join} tickets_message m ON m.ticket_id = t.id WHERE {' AND '.join(where)} "
            "ORDER BY m.id DESC LIMIT %s",
            [*params, CUSTOMER_SCAN_MESSAGES],
        )
        rows = cursor.fetchall()
    found = []
    for ticket_id, message_id, subject, body in rows:
        norms = {w.norm for w in iter_words(subject)} | {w.norm for w in iter_words(body)}
        if all(any(word_matches(n, [term]) for n in norms) for term in terms):
            found.append((int(ticket_id), int(message_id), str(subject)))
            if len(found) == limit:
                break
    return found


def _filtered_tickets(filters: TicketFilters, offset: int, limit: int) -> list[TicketHit]:
    ids = Ticket.objects.filter(filters.q()).order_by("-updated_at", "-pk")
    page = ids.values_list("pk", flat=True)[offset : offset + limit]
    return [TicketHit(int(pk), 0.0, "") for pk in page]


def _subject_matches(
    subject: str, terms: list[QueryTerm], seen: dict[tuple[str, QueryTerm], bool]
) -> bool:
    """True when every term matches a word of subject; `seen` caches words across calls."""
    left = set(terms)
    for word in iter_words(subject):
        for term in list(left):
            key = (word.norm, term)
            if key not in seen:
                seen[key] = word_matches(word.norm, [term])
            if seen[key]:
                left.discard(term)
        if not left:
            return True
    return False


def search_tickets(
    query: str,
    *,
    status: str | None = None,
    assignee_id: int | None = None,
    channel: str | None = None,
    language: str | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    customer_id: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> list[TicketHit]:
    """Best matching tickets first (see the module docs for the score).

    Filters combine with AND; None or "" means any. created_from/created_to are inclusive
    dates (or datetimes). An empty query with filters lists the filtered tickets, most
    recently updated first. cursor: the `next_cursor(...)` of the previous page.
    """
    filters = TicketFilters(
        status, assignee_id, channel, language, created_from, created_to, customer_id
    )
    offset = int(cursor) if cursor and cursor.isdigit() else 0
    limit = max(1, min(limit, MAX_LIMIT))
    terms = parse_query(query)
    if not terms:
        return _filtered_tickets(filters, offset, limit) if filters.any() else []
    candidates = min(MAX_CANDIDATES, CANDIDATES_PER_HIT * (offset + limit))
    if filters.customer_id is not None:
        rows = _customer_messages(terms, filters, candidates)
    else:
        where, params = filters.sql()
        rows = matching_messages(
            terms, exact=filters.index_words(), where=where, params=params,
            row_filters=filters.row_filters(), limit=candidates,
        )  # fmt: skip
    scores: dict[int, float] = {}
    newest: dict[int, int] = {}
    best_message: dict[int, int] = {}
    extra: dict[int, int] = {}
    seen: dict[tuple[str, QueryTerm], bool] = {}
    for ticket_id, message_id, subject in rows:
        if ticket_id not in scores:
            newest[ticket_id] = message_id
            best_message[ticket_id] = message_id
            scores[ticket_id] = MESSAGE_SCORE
            if _subject_matches(subject, terms, seen):
                scores[ticket_id] += SUBJECT_BONUS
        elif extra.get(ticket_id, 0) < 4:
            extra[ticket_id] = extra.get(ticket_id, 0) + 1
            scores[ticket_id] += MORE_MESSAGES
    customer_names: dict[int, str] = {}
    for ticket_id, name in _customer_tickets(query, terms, filters):
        customer_names[ticket_id] = name
        scores[ticket_id] = scores.get(ticket_id, 0.0) + CUSTOMER_BONUS
        newest.setdefault(ticket_id, 0)
    ordered = sorted(scores, key=lambda t: (-scores[t], -newest[t], -t))
    page = ordered[offset : offset + limit]
    wanted = [best_message[t] for t in page if t in best_message]
    bodies = dict(Message.objects.filter(pk__in=wanted).order_by().values_list("pk", "body"))
    hits = []
    for ticket_id in page:
        shown = best_message.get(ticket_id)
        if shown is not None:
            snippet = highlight(bodies.get(shown, ""), terms, max_chars=SNIPPET_CHARS)
        else:
            snippet = highlight(customer_names[ticket_id], terms)
        hits.append(TicketHit(ticket_id, round(scores[ticket_id], 6), snippet, shown))
    return hits


def next_cursor(cursor: str | None, hits: list[TicketHit], limit: int) -> str | None:
    """The cursor of the page after `hits`, or None when this page was not full."""
    if len(hits) < limit:
        return None
    offset = int(cursor) if cursor and cursor.isdigit() else 0
    return str(offset + len(hits))
