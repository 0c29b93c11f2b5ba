from django.urls import path

from sevai.webhooks import views

urlpatterns = [
    path("settings/webhooks/", views.webhook_list, name="webhooks"),
    path("settings/webhooks/<int:webhook_id>/", views.webhook_detail, name="webhook"),
    path("settings/webhooks/<int:webhook_id>/edit/", views.webhook_edit, name="webhook_edit"),
    path("settings/webhooks/<int:webhook_id>/test/", views.webhook_test, name="webhook_test"),
    path(
        "settings/webhooks/<int:webhook_id>/active/",
        views.webhook_set_active,
        name="webhook_set_active",
    ),
    path("settings/webhooks/<int:webhook_id>/delete/", views.webhook_delete, name="webhook_delete"),
    path(
        "settings/webhooks/<int:webhook_id>/deliveries/<int:delivery_id>/retry/",
        views.delivery_retry,
        name="webhook_delivery_retry",
    ),
]
