from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "sevai.mail"
    label = "mail"
