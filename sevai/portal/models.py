"""Customer portal sign-in links. Only a hash of each link's secret is kept."""

from __future__ import annotations

from django.db import models

from sevai.customers.models import Customer


class MagicLink(models.Model):
    """A one-time sign-in link mailed to a customer: it works once, until expires_at.

    token_hash is the sha256 (hex) of the secret in the link; the secret itself is never
    stored, so a copy of the database cannot be used to sign in.
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="portal_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    requested_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["customer", "-created_at"], name="magiclink_customer")]

    def __str__(self) -> str:
        return f"sign-in link {self.pk} for customer {self.customer_id}"

    def __repr__(self) -> str:  # never show the hash
        return f"<MagicLink {self.pk} customer={self.customer_id}>"
