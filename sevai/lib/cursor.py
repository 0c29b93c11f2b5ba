"""Keyset pagination with opaque cursors.

A cursor is the sort key of the last row of a page, as base64url JSON (``{"id": 41}``).
The next page is the rows strictly after that key in the same order, so pages stay stable
while rows are added or removed, and no row is skipped or repeated (offsets do both).
Sort keys must be unique together and not nullable: end every order with a unique field.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field as ModelField
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from pydantic import BaseModel, ConfigDict, Field

M = TypeVar("M", bound=Model)
T = TypeVar("T")

MAX_CURSOR_CHARS = 512
INTEGER_FIELDS = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


class InvalidCursor(ValueError):
    """The cursor was not made by encode_cursor for this list (edited, truncated, foreign)."""


class PageParams(BaseModel):
    """Query parameters of every list: ?cursor= (a next_cursor) and ?limit= (1 to 200)."""

    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


class CursorPage(BaseModel, Generic[T]):
    """One page of a list: the items and the cursor of the next page (null on the last)."""

    model_config = ConfigDict(from_attributes=True)

    items: list[T]
    next_cursor: str | None


@dataclass
class Page(Generic[M]):
    items: list[M]
    next_cursor: str | None


def encode_cursor(key: dict[str, Any]) -> str:
    """An opaque, URL-safe string for a sort key (JSON values; datetimes as ISO 8601)."""
    plain = {k: v.isoformat() if isinstance(v, datetime) else v for k, v in key.items()}
    raw = json.dumps(plain, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, fields: Sequence[str]) -> dict[str, Any]:
    """The JSON sort key inside a cursor; it must hold exactly ``fields``."""
    if not cursor or len(cursor) > MAX_CURSOR_CHARS:
        raise InvalidCursor(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise InvalidCursor(cursor) from exc
    if not isinstance(key, dict) or set(key) != set(fields):
        raise InvalidCursor(cursor)
    return key


def _key_fields(order: Sequence[str]) -> list[tuple[str, bool]]:
    return [(name.lstrip("-"), name.startswith("-")) for name in order]


def _typed_value(model: type[Model], name: str, value: Any) -> Any:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if not isinstance(field, ModelField):
        raise ValueError(f"{model.__name__}.{name} cannot be a cursor key")
    if field.get_internal_type() in INTEGER_FIELDS:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidCursor(value)
        return value
    if not isinstance(value, str):
        raise InvalidCursor(value)
    try:
        typed = field.to_python(value)
    except ValidationError as exc:
        raise InvalidCursor(value) from exc
    if isinstance(typed, datetime) and timezone.is_naive(typed):
        raise InvalidCursor(value)
    return typed


def _after(keys: list[tuple[str, bool]], values: dict[str, Any]) -> Q:
    """Rows strictly after ``values`` in the order: (a > x) or (a = x and b > y) or ..."""
    condition = Q()
    for i, (name, descending) in enumerate(keys):
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[name]})
        for earlier, _desc in keys[:i]:
            step &= Q(**{earlier: values[earlier]})
        condition |= step
    return condition


def paginate(
    queryset: QuerySet[M], *, order: Sequence[str], cursor: str | None, limit: int
) -> Page[M]:
    """One page of ``queryset`` in ``order`` after ``cursor``: at most ``limit`` rows.

    Raises InvalidCursor when the cursor cannot be read for this order.
    """
    keys = _key_fields(order)
    queryset = queryset.order_by(*order)
    if cursor:
        raw = decode_cursor(cursor, [name for name, _desc in keys])
        values = {name: _typed_value(queryset.model, name, raw[name]) for name, _desc in keys}
        queryset = queryset.filter(_after(keys, values))
    rows = list(queryset[: limit + 1])
    items = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        next_cursor = encode_cursor({name: getattr(last, name) for name, _desc in keys})
    return Page(items=items, next_cursor=next_cursor)
