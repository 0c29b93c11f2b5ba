"""Chat test data."""

from __future__ import annotations

import secrets

import factory

from sevai.brands.queries import default_brand
from sevai.chat.models import ChatWidget
from sevai.lib.crypto import encrypt


class ChatWidgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChatWidget

    brand = factory.LazyFunction(default_brand)
    name = factory.Sequence(lambda n: f"Website {n}")
    secret_encrypted = factory.LazyFunction(lambda: encrypt(secrets.token_urlsafe(32)))
    greeting = "Vanakkam! How can we help?"
    team_name = "Parcel help"
    pre_chat = ChatWidget.PreChat.OPTIONAL
