from __future__ import annotations

import uuid

import pytest
from django.test import Client

from sevai.customers.models import Customer
from sevai.mail.models import Mailbox
from sevai.portal.tests.factories import portal_client
from sevai.testing.factories import CustomerFactory


@pytest.fixture(autouse=True)
def _fresh_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rate-limit counters live in the cache, which outlives a test's database: each test
    counts under its own prefix (cache.clear() would flush a Redis shared by all workers)."""
    from sevai.portal import limits

    monkeypatch.setattr(limits, "KEY_PREFIX", f"portal-links-test-{uuid.uuid4().hex}")


@pytest.fixture
def mailbox(db: None) -> Mailbox:
    return Mailbox.objects.create(name="Parcel Help", address="help@desk.example")


@pytest.fixture
def customer(db: None) -> Customer:
    return CustomerFactory(name="Mariam", email="mariam@mail.example")


@pytest.fixture
def other_customer(db: None) -> Customer:
    return CustomerFactory(name="Tigran", email="tigran@mail.example")


@pytest.fixture
def client_for(customer: Customer) -> Client:
    """A browser signed in to the portal as `customer`."""
    return portal_client(customer)
