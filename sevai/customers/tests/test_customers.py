"""Identities and merging duplicate customers without losing history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sevai.customers import actions
from sevai.customers.models import Customer, Identity
from sevai.testing.factories import CustomerFactory, OrganizationFactory, TicketFactory
from sevai.tickets import actions as ticket_actions

pytestmark = pytest.mark.django_db


class TestIdentities:
    def test_the_same_email_in_any_case_finds_the_same_customer(self):
        first, created = actions.find_or_create_customer("email", "Ani.Petrosyan@Mail.am")
        again, created_again = actions.find_or_create_customer("email", "ani.petrosyan@mail.am")
        assert created and not created_again
        assert first == again

    def test_phone_numbers_are_normalised(self):
        customer, _ = actions.find_or_create_customer("phone", "0063 917 555 0101")
        assert customer.identities.get().value == "+639175550101"

    def test_a_new_customer_joins_the_organization_of_their_email_domain(self):
        org = OrganizationFactory(domain="acme-logistics.example")
        customer, _ = actions.find_or_create_customer("email", "ops@acme-logistics.example")
        assert customer.organization == org

    def test_an_identity_of_another_customer_cannot_be_added(self, agent):
        one, other = CustomerFactory(email="one@mail.example"), CustomerFactory()
        with pytest.raises(ValidationError, match="merge"):
            actions.add_identity(other, "email", "ONE@mail.example", actor=agent)
        assert one.identities.count() == 1

    def test_invalid_email_is_refused(self, agent):
        with pytest.raises(ValidationError):
            actions.add_identity(CustomerFactory(), "email", "not-an-email", actor=agent)

    def test_the_database_keeps_identities_unique(self):
        customer = CustomerFactory(email="x@mail.example")
        with pytest.raises(IntegrityError), transaction.atomic():
            Identity.objects.create(customer=customer, kind="email", value="x@mail.example")

    def test_a_merged_customer_found_by_identity_resolves_to_the_kept_one(self, agent):
        source, target = CustomerFactory(), CustomerFactory()
        email = source.identities.get().value
        actions.merge_customers(source, target, actor=agent)
        found, _ = actions.find_or_create_customer("email", email)
        assert found == target


class TestMergingCustomers:
    def test_identities_tickets_and_messages_move_and_history_is_recorded(self, agent):
        source = CustomerFactory(name="Maria Santos", language="tl", notes="Prefers SMS.")
        target = CustomerFactory(name="", language="", notes="Business owner.")
        actions.add_identity(source, "phone", "+63 917 555 0101", actor=agent)
        ticket = TicketFactory(customer=source)
        ticket_actions.add_customer_message(ticket, "Nasaan na po ang parcel ko?", channel="chat")
        actions.merge_customers(source, target, actor=agent)
        target.refresh_from_db()
        source.refresh_from_db()
        assert source.merged_into == target
        assert target.identities.count() == 3
        assert target.tickets.get() == ticket
        assert ticket.messages.filter(author_customer=target).count() == 2
        assert target.name == "Maria Santos" and target.language == "tl"
        assert "Prefers SMS." in target.notes and "Business owner." in target.notes
        event = ticket.events.get(kind="customer")
        assert event.data["reason"] == "merge" and event.data["after_id"] == target.pk

    def test_merging_into_itself_is_refused(self, agent):
        customer = CustomerFactory()
        with pytest.raises(ValidationError):
            actions.merge_customers(customer, customer, actor=agent)
        assert Customer.objects.get(pk=customer.pk).merged_into is None
