from django.urls import URLPattern, path

from sevai.mail.transports import http

urlpatterns: list[URLPattern] = [
    path("mail/inbound/<int:mailbox_id>/", http.inbound, name="mail-inbound"),
]
