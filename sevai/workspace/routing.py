"""WebSocket routes of the agent workspace."""

from django.urls import path

from sevai.workspace.consumers import WorkspaceConsumer

websocket_urlpatterns = [path("ws/workspace/", WorkspaceConsumer.as_asgi())]
