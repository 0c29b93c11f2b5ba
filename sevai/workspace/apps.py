from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "sevai.workspace"
    label = "workspace"
