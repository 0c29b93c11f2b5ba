"""factory_boy factories for tests and benchmarks."""

from __future__ import annotations

import factory
from django.utils import timezone

from sevai.accounts.models import Team, User
from sevai.customers.models import Customer, Identity, Organization
from sevai.tickets import actions
from sevai.tickets.models import Channel, Ticket


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    slug = factory.Sequence(lambda n: f"team-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"agent{n}")
    first_name = factory.Sequence(lambda n: f"Agent{n}")
    last_name = "Tester"
    email = factory.LazyAttribute(lambda o: f"{o.username}@desk.example")
    role = User.Role.AGENT
    password = factory.django.Password("pw-for-tests-123")


class AdminFactory(UserFactory):
    role = User.Role.ADMIN
    is_staff = True


class LightAgentFactory(UserFactory):
    role = User.Role.LIGHT_AGENT


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    domain = factory.Sequence(lambda n: f"org{n}.example")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Customer {n}")
    language = "en"

    @factory.post_generation
    def email(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create:
            Identity.objects.create(
                customer=self,
                kind=Identity.Kind.EMAIL,
                value=extracted or f"customer{self.pk}@mail.example",
                is_primary=True,
            )


class TicketFactory(factory.Factory):
    """Creates tickets through the real action, so events and the index are written too."""

    class Meta:
        model = Ticket

    customer = factory.SubFactory(CustomerFactory)
    subject = factory.Sequence(lambda n: f"Parcel {n} has not arrived")
    body = "Hello, my parcel has not arrived yet. Can you check where it is?"
    channel = Channel.EMAIL
    priority = Ticket.Priority.NORMAL
    team = None
    tags: tuple[str, ...] = ()
    at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: type, **kwargs: object) -> Ticket:
        return actions.open_ticket(**kwargs)  # type: ignore[arg-type]

    @classmethod
    def _build(cls, model_class: type, **kwargs: object) -> Ticket:
        return actions.open_ticket(**kwargs)  # type: ignore[arg-type]
