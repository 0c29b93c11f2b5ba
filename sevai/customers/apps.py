from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "sevai.customers"
    label = "customers"
