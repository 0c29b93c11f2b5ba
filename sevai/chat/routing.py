"""WebSocket routes of the chat widget."""

from django.urls import path

from sevai.chat.consumers import VisitorConsumer

websocket_urlpatterns = [path("ws/chat/<str:key>/", VisitorConsumer.as_asgi())]
