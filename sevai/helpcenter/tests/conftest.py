from __future__ import annotations

import uuid

import pytest

from sevai.brands.models import Brand
from sevai.kb.actions.import_export import ImportSummary, import_demo_articles


@pytest.fixture(autouse=True)
def _fresh_vote_limits(monkeypatch):  # type: ignore[no-untyped-def]
    """Vote counters live in the cache, which outlives a test's database: each test counts
    under its own prefix. (cache.clear() would flush a Redis shared by all workers.)"""
    from sevai.helpcenter import limits

    monkeypatch.setattr(limits, "KEY_PREFIX", f"helpcenter-votes-test-{uuid.uuid4().hex}")


@pytest.fixture
def brand(db) -> Brand:  # type: ignore[no-untyped-def]
    return Brand.objects.create(name="Parcel Help", slug="parcel-help", is_default=True)


@pytest.fixture
def other_brand(db) -> Brand:  # type: ignore[no-untyped-def]
    return Brand.objects.create(name="Rice Mart", slug="rice-mart", colour="#b45309")


@pytest.fixture
def demo(db) -> ImportSummary:  # type: ignore[no-untyped-def]
    """The demo articles (shared by every brand) in English, Tamil, Tagalog and Armenian."""
    summary = import_demo_articles()
    assert summary.as_dict()["errors"] == 0
    return summary
