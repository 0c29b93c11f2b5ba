"""ASGI entry point: HTTP through Django, WebSockets through Channels."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sevai.settings")

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.urls import path  # noqa: E402

django_application = get_asgi_application()

from sevai.chat.routing import websocket_urlpatterns as chat_routes  # noqa: E402
from sevai.workspace.routing import websocket_urlpatterns as workspace_routes  # noqa: E402

# The chat widget runs on customers' own sites, so its socket accepts other origins (each
# widget may list the sites allowed to embed it); the agents' sockets accept only ours.
application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": URLRouter(
            [
                *chat_routes,
                *[
                    path(
                        str(route.pattern),
                        AllowedHostsOriginValidator(AuthMiddlewareStack(route.callback)),
                    )
                    for route in workspace_routes
                ],
            ]
        ),
    }
)
