from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sevai.search"
    label = "search"
