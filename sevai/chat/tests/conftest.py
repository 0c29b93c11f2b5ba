"""Chat test fixtures: a customer's shop page that embeds the widget."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture
def shop_site() -> Iterator[Callable[..., str]]:
    """A customer's website on another origin (its own port), with the widget's script tag;
    `lang` is the page's language, which the widget speaks."""
    pages: dict[str, bytes] = {}

    class ShopPage(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            body = pages.get(self.path, b"")
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), ShopPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def publish(server_url: str, key: str, lang: str = "en") -> str:
        pages["/"] = (
            f"<!doctype html><html lang='{lang}'><head><title>Shop</title>"
            "<link rel='icon' href='data:,'></head><body>"
            "<h1>Parcel shop</h1>"
            f"<script src='{server_url}/chat/widget.js' data-sevai='{key}' async></script>"
            "</body></html>"
        ).encode()
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield publish
    server.shutdown()


@pytest.fixture
def assistant_off(db: None) -> None:
    """The virtual assistant answers chats first when it is on; tests of the chat between
    visitors and agents switch it off (its own tests are in test_assistant*.py)."""
    from sevai.assistant.models import AssistantSettings

    AssistantSettings.objects.update_or_create(pk=1, defaults={"on_chat": False})
