from __future__ import annotations

import uuid

import pytest

from sevai.brands.models import Brand
from sevai.contact.tests.factories import BrandFactory
from sevai.mail.models import Mailbox


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch):  # type: ignore[no-untyped-def]
    """Rate-limit counters live in the cache, which outlives a test's database: each test
    counts under its own prefix. (cache.clear() would flush a Redis shared by all workers.)"""
    from sevai.contact import spam

    monkeypatch.setattr(spam, "KEY_PREFIX", f"contact-rate-test-{uuid.uuid4().hex}")


@pytest.fixture
def brand(db) -> Brand:  # type: ignore[no-untyped-def]
    return BrandFactory(name="Parcel Help", slug="parcel-help", colour="#7c3aed")


@pytest.fixture
def mailbox(db) -> Mailbox:  # type: ignore[no-untyped-def]
    return Mailbox.objects.create(name="Parcel Help", address="help@parcel.example")
