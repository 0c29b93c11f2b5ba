from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sevai.accounts"
    label = "accounts"
