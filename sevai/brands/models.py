"""Brands: the public face of a desk (name, colour, languages). The contact page, the chat
widget, the customer portal and the help center each show one brand."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sevai.accounts.models import Team

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #0f766e."))


class Brand(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("address name"), unique=True)
    colour = models.CharField(_("colour"), max_length=7, default="#0f766e", validators=[HEX_COLOUR])
    default_language = models.CharField(_("default language"), max_length=10, default="en")
    team = models.ForeignKey(
        Team,
        verbose_name=_("team for new requests"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    support_email = models.EmailField(_("support email address"), blank=True)
    is_default = models.BooleanField(_("default brand"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_brand"
            )
        ]

    def __str__(self) -> str:
        return self.name
