from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sevai.demo"
    label = "demo"
