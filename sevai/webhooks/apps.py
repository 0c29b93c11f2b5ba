from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "sevai.webhooks"
    label = "webhooks"
