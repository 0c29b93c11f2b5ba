from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "sevai.tickets"
    label = "tickets"
