"""PostgreSQL: the newest messages matching a query, with the agent's filters.

A GIN index finds every match but cannot return them newest first, and building its bitmap
costs time in proportion to how common the words are (30-150 ms for two words that each
appear in a fifth of a million messages); fetching every match to sort it costs more still.
So each row of search_message also carries its ticket's status, assignee and creation time
(index.py keeps them in step), and a search takes one to three queries:

1. Scan: the newest rows of the filter that narrows most (the creation days of a short date
   window, else the assignee, else the status, else all rows), newest first through a
   btree index, checking the words and every filter on each row, until `limit` rows match
   or SCAN_ROWS rows were read (SCAN_INDEX_ROWS for assignee and status, whose rows lie
   scattered). Common words, filtered or not, end here.
2. When the scan found some matches but not enough, and at that rate the rest lies within
   MORE_ROWS budgets, it reads on from where it stopped.
3. Otherwise one GIN query over all messages, sorted by message id. The words are rare
   among the filter's rows by then (under about limit / budget), so it fetches few rows.

Every path gives the same rows: the newest `limit` matches. Filters are re-checked against
tickets_ticket on the rows returned (a stale row can hide a hit but never show a wrong one).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection

SCAN_ROWS = 10_000  # rows read in message order (all rows, or the days of a date window)
SCAN_INDEX_ROWS = 4_000  # rows read through the assignee or status index (scattered)
MORE_ROWS = 3  # budgets the scan may read on for, when its matches so far say it pays
MAX_SCAN_DAYS = 45  # a longer date window is scanned in message order with the others
COLUMNS = "message_id, ticket_id, document, status, assignee_id, created_at"
DAY = "(created_at AT TIME ZONE 'UTC')::date"  # as in the index of migration 0005

Row = tuple[int, int, str]  # ticket id, message id, ticket subject


@dataclass(frozen=True)
class RowFilters:
    """The filters that search_message rows carry themselves (PostgreSQL only)."""

    status: str | None = None
    assignee_id: int | None = None
    created_from: datetime | None = None  # inclusive, aware
    created_before: datetime | None = None  # exclusive, aware

    def sql(self, alias: str) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for column, op, value in [
            ("status", "=", self.status),
            ("assignee_id", "=", self.assignee_id),
            ("created_at", ">=", self.created_from),
            ("created_at", "<", self.created_before),
        ]:
            if value is not None and value != "":
                where.append(f"{alias}.{column} {op} %s")
                params.append(value)
        return where, params

    def days(self) -> list[date] | None:
        """The UTC creation days of a date window, newest first, when it is short."""
        if self.created_from is None or self.created_before is None:
            return None
        first = self.created_from.astimezone(UTC).date()
        last = (self.created_before - timedelta(microseconds=1)).astimezone(UTC).date()
        count = (last - first).days + 1
        if not 0 < count <= MAX_SCAN_DAYS:
            return None
        return [last - timedelta(days=d) for d in range(count)]


NO_FILTERS = RowFilters()


def _budget(filters: RowFilters) -> int:
    indexed = filters.assignee_id is not None or bool(filters.status)
    return SCAN_INDEX_ROWS if indexed and filters.days() is None else SCAN_ROWS


def _driver(filters: RowFilters, budget: int, before: int | None) -> tuple[str, list[Any]]:
    """The newest `budget` rows (older than message `before`) of the most selective filter:
    the days of a short date window, else the assignee, else the status, else all rows."""
    older, older_params = ("", []) if before is None else (" AND message_id < %s", [before])
    days = filters.days()
    if days is not None:  # one ordered index scan per day, merged (Merge Append)
        branch = (
            f"(SELECT {COLUMNS} FROM search_message WHERE {DAY} = %s{older} "  # noqa: S608
            "ORDER BY message_id DESC LIMIT %s)"
        )
        union = " UNION ALL ".join([branch] * len(days))
        sql = f"SELECT * FROM ({union}) d ORDER BY message_id DESC LIMIT %s"  # noqa: S608
        return sql, [*(p for day in days for p in (day, *older_params, budget)), budget]
    where, params = "TRUE", []
    for column, value in (("assignee_id", filters.assignee_id), ("status", filters.status)):
        if value is not None and value != "":
            where, params = f"{column} = %s", [value]
            break
    return (
        f"SELECT {COLUMNS} FROM search_message WHERE {where}{older} "  # noqa: S608
        "ORDER BY message_id DESC LIMIT %s",
        [*params, *older_params, budget],
    )


def _scan(
    query: str,
    filters: RowFilters,
    check: tuple[str, Sequence[Any]],
    *,
    limit: int,
    budget: int,
    before: int | None = None,
) -> tuple[list[Row], int | None]:
    """Steps 1 and 2: (matching rows newest first, and the id of the last row read when the
    budget ran out before `limit` rows matched, else None). The row numbered `budget` is
    returned even when it does not match, as that marker."""
    driver, driver_params = _driver(filters, budget, before)
    checks, check_params = filters.sql("a")
    recheck, params = check
    sql = (
        f"SELECT x.ticket_id, x.message_id, t.subject, x.hit AND ({recheck}), x.last "  # noqa: S608
        "FROM (SELECT h.ticket_id, h.message_id, h.hit, h.rn = %s AS last FROM ("
        "SELECT a.ticket_id, a.message_id, "
        f"(a.document @@ CAST(%s AS tsquery){''.join(f' AND {c}' for c in checks)}) AS hit, "
        f"row_number() OVER (ORDER BY a.message_id DESC) AS rn FROM ({driver}) a"
        ") h WHERE h.hit OR h.rn = %s ORDER BY h.message_id DESC LIMIT %s"
        ") x JOIN tickets_ticket t ON t.id = x.ticket_id ORDER BY x.message_id DESC"
    )
    args = [*params, budget, query, *check_params, *driver_params, budget, limit + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        rows = cursor.fetchall()
    hits = [(int(t), int(m), str(s)) for t, m, s, ok, _last in rows if ok]
    last = next((int(m) for _t, m, _s, _ok, last in rows if last), None)
    return hits[:limit], last if len(hits) < limit else None


def _gin(
    query: str, filters: RowFilters, check: tuple[str, Sequence[Any]], *, limit: int
) -> list[Row]:
    """Step 3: every match through the GIN index ("+ 0": not the id order), newest first."""
    checks, check_params = filters.sql("s")
    recheck, params = check
    sql = (
        f"SELECT x.ticket_id, x.message_id, t.subject, ({recheck}) FROM ("  # noqa: S608
        "SELECT s.ticket_id, s.message_id FROM search_message s "
        f"WHERE s.document @@ CAST(%s AS tsquery){''.join(f' AND {c}' for c in checks)} "
        "ORDER BY s.message_id + 0 DESC LIMIT %s"
        ") x JOIN tickets_ticket t ON t.id = x.ticket_id ORDER BY x.message_id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, query, *check_params, limit])
        return [(int(t), int(m), str(s)) for t, m, s, ok in cursor.fetchall() if ok]


def newest_matches(
    query: str,
    filters: RowFilters,
    *,
    where: Sequence[str] = (),
    params: Sequence[Any] = (),
    limit: int,
) -> list[Row]:
    """The newest `limit` messages matching the tsquery `query` and `filters`; `where`:
    conditions on the ticket (alias t), with their `params`, re-checked on the result."""
    check = (" AND ".join(where) or "TRUE", params)
    budget = _budget(filters)
    rows, last = _scan(query, filters, check, limit=limit, budget=budget)
    if last is None:
        return rows
    if rows:  # the rest of the page is probably within MORE_ROWS budgets: read on
        needed = (limit - len(rows)) * budget // len(rows) + 1
        if needed <= MORE_ROWS * budget:
            more, last = _scan(
                query, filters, check, limit=limit - len(rows),
                budget=min(2 * needed, MORE_ROWS * budget), before=last,
            )  # fmt: skip
            if last is None:
                return rows + more
    return _gin(query, filters, check, limit=limit)
