from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "sevai.triage"
    label = "triage"
