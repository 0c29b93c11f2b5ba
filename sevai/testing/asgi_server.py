"""A real ASGI server (uvicorn, HTTP + WebSockets) for browser tests, in this process so
it shares the test database; pytest-django's live_server speaks WSGI only."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest


@dataclass
class AsgiServer:
    url: str
    port: int


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def asgi_server(transactional_db: None, settings: object) -> Iterator[AsgiServer]:
    import uvicorn

    from sevai.asgi import application

    port = free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="asgi-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test ASGI server did not start")
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]  # type: ignore[attr-defined]
    settings.CSRF_TRUSTED_ORIGINS = [url]  # type: ignore[attr-defined]
    try:
        yield AsgiServer(url=url, port=port)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
