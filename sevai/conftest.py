from __future__ import annotations

import os
import socket

import pytest
from django.test import Client

from sevai.testing.asgi_server import asgi_server  # noqa: F401 (an ASGI live server)
from sevai.testing.browser import browser  # noqa: F401 (a fixture for browser tests)
from sevai.testing.dovecot import dovecot  # noqa: F401
from sevai.testing.factories import AdminFactory, LightAgentFactory, UserFactory

# `make test-postgres` (run by CI) sets this: a missing service is then an error, not a skip.
REQUIRE_SERVICES = os.environ.get("SEVAI_REQUIRE_SERVICES", "").lower() == "true"


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    redis_url = os.environ.get("REDIS_URL", "")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            if REQUIRE_SERVICES:
                raise pytest.UsageError(
                    "SEVAI_REQUIRE_SERVICES=true but the database is not PostgreSQL"
                )
            item.add_marker(
                pytest.mark.skip(
                    reason="runs only with DATABASE_URL=postgres://... (make test-postgres)"
                )
            )
        if "redis" in item.keywords and not redis_url:
            if REQUIRE_SERVICES:
                raise pytest.UsageError("SEVAI_REQUIRE_SERVICES=true but REDIS_URL is unset")
            item.add_marker(
                pytest.mark.skip(
                    reason="needs REDIS_URL (a running Redis server; make test-postgres)"
                )
            )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, request: pytest.FixtureRequest
) -> None:
    """Browser-test runs (-m browser) on SQLite use a database file, not shared-cache memory:
    the live server answers the page's parallel requests in several threads, and in-memory
    SQLite fails a reader at once ("table is locked") while another thread writes, where a
    file in WAL mode lets readers go on and writers wait (busy_timeout)."""
    from django.conf import settings

    marks = str(request.config.getoption("markexpr", "") or "")
    database = settings.DATABASES["default"]
    if "browser" in marks and "not browser" not in marks and "sqlite" in database["ENGINE"]:
        name = os.path.join(os.environ["SEVAI_DATA_DIR"], "browser-tests.sqlite3")
        database.setdefault("TEST", {})["NAME"] = name


@pytest.fixture(autouse=True)
def _stable_sidebar_counts(monkeypatch):  # type: ignore[no-untyped-def]
    """Query-count tests warm the cached sidebar counts; they must not expire mid-test."""
    monkeypatch.setattr("sevai.workspace.context_processors.COUNTS_TTL_SECONDS", 3600)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agent(db):  # type: ignore[no-untyped-def]
    return UserFactory(username="asha", first_name="Asha", last_name="Raman")


@pytest.fixture
def admin_user(db):  # type: ignore[no-untyped-def]
    return AdminFactory(username="admin", first_name="Ada", last_name="Admin")


@pytest.fixture
def light_agent(db):  # type: ignore[no-untyped-def]
    return LightAgentFactory(username="lina", first_name="Lina", last_name="Light")


@pytest.fixture
def agent_client(agent) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def admin_client_(admin_user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def light_client(light_agent) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(light_agent)
    return client
