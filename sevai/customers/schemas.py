"""Request and response bodies of the customer and organization endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

from sevai.customers.models import Customer, Identity

IdentityKind = Literal[
    "email", "phone", "chat", "whatsapp", "telegram", "facebook", "twitter", "external"
]


def reject_nulls(schema: Schema, *names: str) -> None:
    """PATCH: leaving a field out keeps it; sending null is only for fields that can be empty."""
    for name in names:
        if name in schema.model_fields_set and getattr(schema, name) is None:
            raise ValueError(f"{name} cannot be null")


class OrganizationRef(Schema):
    id: int
    name: str


class OrganizationOut(Schema):
    id: int
    name: str
    domain: str
    is_vip: bool
    notes: str
    created_at: datetime


class OrganizationCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    domain: str = Field("", max_length=200)
    is_vip: bool = False
    notes: str = ""


class OrganizationUpdate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    domain: str | None = Field(None, max_length=200)
    is_vip: bool | None = None
    notes: str | None = None

    @model_validator(mode="after")
    def no_nulls(self) -> OrganizationUpdate:
        reject_nulls(self, "name", "domain", "is_vip", "notes")
        return self


class IdentityOut(Schema):
    id: int
    kind: str
    value: str
    is_primary: bool
    undeliverable: bool


class IdentityCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: IdentityKind
    value: str = Field(min_length=1, max_length=255)


class CustomerRef(Schema):
    id: int
    name: str
    contact: str = Field(description="The primary email address, else the first identity.")

    @staticmethod
    def resolve_contact(obj: Customer) -> str:
        return obj.primary_contact


class CustomerOut(Schema):
    id: int
    name: str
    organization: OrganizationRef | None
    language: str
    time_zone: str
    notes: str
    is_vip: bool
    identities: list[IdentityOut]
    merged_into_id: int | None
    created_at: datetime

    @staticmethod
    def resolve_identities(obj: Customer) -> list[Identity]:
        return list(obj.identities.all())


class CustomerCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field("", max_length=200)
    emails: list[str] = Field(default_factory=list, max_length=20)
    phones: list[str] = Field(default_factory=list, max_length=20)
    organization_id: int | None = None
    language: str = Field("", max_length=10)
    time_zone: str = Field("", max_length=64)
    notes: str = ""
    is_vip: bool = False

    @model_validator(mode="after")
    def reachable(self) -> CustomerCreate:
        if not self.emails and not self.phones:
            raise ValueError("give at least one email address or phone number")
        return self


class CustomerUpdate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, max_length=200)
    organization_id: int | None = None
    language: str | None = Field(None, max_length=10)
    time_zone: str | None = Field(None, max_length=64)
    notes: str | None = None
    is_vip: bool | None = None

    @model_validator(mode="after")
    def no_nulls(self) -> CustomerUpdate:
        reject_nulls(self, "name", "language", "time_zone", "notes", "is_vip")
        return self


class MergeInto(Schema):
    model_config = ConfigDict(extra="forbid")

    into: int = Field(description="The id of the customer to keep.")
