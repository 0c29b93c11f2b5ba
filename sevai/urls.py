from django.urls import include, path

from sevai.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("sevai.accounts.urls")),
    path("", include("sevai.webhooks.urls")),
    path("", include("sevai.brands.urls")),
    path("", include("sevai.chat.urls")),
    path("", include("sevai.contact.urls")),
    path("", include("sevai.portal.urls")),
    path("", include("sevai.assistant.public_urls")),
    path("", include("sevai.assistant.urls")),
    path("", include("sevai.kb.urls")),
    path("", include("sevai.helpcenter.urls")),
    path("", include("sevai.triage.urls")),
    path("", include("sevai.mail.urls")),
    path("", include("sevai.mail.admin_urls")),
    path("", include("sevai.workspace.urls")),
]
