"""Customers, their identities on every channel, and organizations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    domain = models.CharField(_("email domain"), max_length=200, blank=True, db_index=True)
    is_vip = models.BooleanField(_("VIP"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="customers",
        verbose_name=_("organization"),
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    # False: learned from the language of the customer's messages (sevai.triage).
    language_set_by_hand = models.BooleanField(default=False)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_vip = models.BooleanField(_("VIP"), default=False)
    value = models.DecimalField(
        _("lifetime value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name or self.primary_contact or f"#{self.pk}"

    @property
    def primary_contact(self) -> str:
        identities = getattr(self, "_prefetched_objects_cache", {}).get("identities")
        if identities is None:
            identities = self.identities.all()
        for identity in identities:
            if identity.kind == Identity.Kind.EMAIL:
                return identity.value
        return identities[0].value if identities else ""

    @property
    def is_effectively_vip(self) -> bool:
        return self.is_vip or bool(self.organization and self.organization.is_vip)


class Identity(models.Model):
    """One way to reach a customer. (kind, value) is unique across all customers."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        CHAT = "chat", _("Chat visitor")
        WHATSAPP = "whatsapp", _("WhatsApp")
        TELEGRAM = "telegram", _("Telegram")
        FACEBOOK = "facebook", _("Facebook")
        TWITTER = "twitter", _("X / Twitter")
        EXTERNAL = "external", _("External id")

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    value = models.CharField(_("value"), max_length=255)
    is_primary = models.BooleanField(default=False)
    undeliverable = models.BooleanField(_("undeliverable"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "value"], name="identity_unique_kind_value"),
            models.CheckConstraint(
                condition=models.Q(
                    kind__in=[
                        "email",
                        "phone",
                        "chat",
                        "whatsapp",
                        "telegram",
                        "facebook",
                        "twitter",
                        "external",
                    ]
                ),
                name="identity_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"
