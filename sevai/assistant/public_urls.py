"""The assistant's public pages (no sign-in): "Did this answer your question?" from a link."""

from django.urls import URLPattern, URLResolver, path

from sevai.assistant import public_views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "assistant/feedback/<str:token>/",
        public_views.feedback,
        name="assistant_feedback",
    ),
]
