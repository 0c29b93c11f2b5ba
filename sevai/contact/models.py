"""Topics customers choose on the contact form. A topic tags the new ticket and may route it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sevai.accounts.models import Team
from sevai.brands.models import Brand


class ContactCategory(models.Model):
    brand = models.ForeignKey(
        Brand,
        verbose_name=_("brand"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty to offer this topic on every brand's contact page."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What customers see in the list of topics.")
    )
    tag = models.CharField(
        _("tag to apply"),
        max_length=64,
        blank=True,
        help_text=_("Added to every ticket opened with this topic."),
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty to use the brand's team for new requests."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Topics are listed from the lowest number up.")
    )

    class Meta:
        ordering = ["position", "name", "pk"]
        verbose_name = _("contact form topic")
        verbose_name_plural = _("contact form topics")

    def __str__(self) -> str:
        return self.name
