from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrandsConfig(AppConfig):
    name = "sevai.brands"
    label = "brands"
    verbose_name = _("Brands")
    default_auto_field = "django.db.models.BigAutoField"
