from django.urls import URLPattern, path

from sevai.mail.admin import inbound_views, views

urlpatterns: list[URLPattern] = [
    path("settings/mailboxes/", views.mailbox_list, name="mailboxes"),
    path("settings/mailboxes/new/", views.mailbox_new, name="mailbox_new"),
    path("settings/mailboxes/<int:mailbox_id>/", views.mailbox_detail, name="mailbox"),
    path(
        "settings/mailboxes/<int:mailbox_id>/secret/", views.mailbox_secret, name="mailbox_secret"
    ),
    path("settings/mailboxes/<int:mailbox_id>/poll/", views.mailbox_poll, name="mailbox_poll"),
    path("settings/mailboxes/inbound/", inbound_views.inbound_list, name="inbound_mail"),
    path(
        "settings/mailboxes/inbound/<int:inbound_id>/raw/",
        inbound_views.inbound_raw,
        name="inbound_raw",
    ),
    path(
        "mail/attachments/<int:attachment_id>/",
        inbound_views.attachment_download,
        name="attachment_download",
    ),
]
