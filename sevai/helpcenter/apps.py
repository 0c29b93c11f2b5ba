from django.apps import AppConfig


class HelpcenterConfig(AppConfig):
    name = "sevai.helpcenter"
    label = "helpcenter"
    default_auto_field = "django.db.models.BigAutoField"
