from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "sevai.assistant"
    label = "assistant"
