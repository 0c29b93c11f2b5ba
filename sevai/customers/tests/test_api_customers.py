"""The customers REST API: /api/v1/customers and /api/v1/organizations."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sevai.accounts.models import User
from sevai.customers import actions
from sevai.customers.models import Customer, Identity, Organization
from sevai.testing.api import api_client
from sevai.testing.factories import CustomerFactory, OrganizationFactory, TicketFactory
from sevai.tickets.models import Ticket

URL = "/api/v1/customers"
ORGS = "/api/v1/organizations"


@pytest.fixture
def api(agent: User) -> Client:
    return api_client(agent)


def send(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


def snapshot() -> dict[str, object]:
    """Everything these endpoints could write, to prove a refused request changed nothing."""
    return {
        "customers": list(
            Customer.objects.order_by("pk").values_list(
                "pk", "name", "organization_id", "notes", "is_vip", "merged_into_id", "time_zone"
            )
        ),
        "identities": list(
            Identity.objects.order_by("pk").values_list("pk", "customer_id", "kind", "value")
        ),
        "tickets": list(Ticket.objects.order_by("pk").values_list("pk", "customer_id")),
        "organizations": list(Organization.objects.order_by("pk").values()),
    }


class TestListCustomers:
    def test_lists_customers_newest_first_without_merged_ones(
        self, api: Client, agent: User
    ) -> None:
        org = OrganizationFactory(name="Acme")
        old = CustomerFactory(organization=org)
        new = CustomerFactory()
        merged = CustomerFactory()
        actions.merge_customers(merged, old, actor=agent)
        response = api.get(URL)
        assert response.status_code == 200
        items = response.json()["items"]
        assert [c["id"] for c in items] == [new.pk, old.pk]
        assert items[1]["organization"] == {"id": org.pk, "name": "Acme"}
        assert {i["value"] for i in items[1]["identities"]} == {
            f"customer{old.pk}@mail.example",
            f"customer{merged.pk}@mail.example",
        }

    def test_searches_by_name_and_by_identity(self, api: Client) -> None:
        mira = CustomerFactory(name="Mira Sarkisyan", email="ms@example.org")
        tamil = CustomerFactory(name="கார்த்திக்", email="karthik@example.in")
        CustomerFactory(name="Someone Else")
        assert [c["id"] for c in api.get(f"{URL}?q=sarkis").json()["items"]] == [mira.pk]
        assert [c["id"] for c in api.get(f"{URL}?q=KARTHIK@").json()["items"]] == [tamil.pk]
        assert [c["id"] for c in api.get(f"{URL}?q=கார்த்").json()["items"]] == [tamil.pk]

    def test_filters_by_organization(self, api: Client) -> None:
        org = OrganizationFactory()
        member = CustomerFactory(organization=org)
        CustomerFactory()
        items = api.get(f"{URL}?organization_id={org.pk}").json()["items"]
        assert [c["id"] for c in items] == [member.pk]

    def test_pages_follow_the_cursor_and_end_empty(self, api: Client) -> None:
        customers = CustomerFactory.create_batch(3)
        first = api.get(f"{URL}?limit=2").json()
        rest = api.get(f"{URL}?limit=2&cursor={first['next_cursor']}").json()
        assert [c["id"] for c in first["items"] + rest["items"]] == [
            c.pk for c in reversed(customers)
        ]
        assert rest["next_cursor"] is None

    def test_a_bad_cursor_is_a_400(self, api: Client) -> None:
        response = api.get(f"{URL}?cursor=eyJpZCI6")
        assert response.status_code == 400
        assert response.json()["error"].startswith("Invalid cursor")

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(self, api: Client, django_assert_num_queries: Any, n: int) -> None:
        org = OrganizationFactory()
        for customer in CustomerFactory.create_batch(n, organization=org):
            actions.add_identity(customer, "phone", f"+4420{customer.pk:07d}", actor=None)
        with django_assert_num_queries(4):
            response = api.get(URL)
        assert len(response.json()["items"]) == n


class TestCreateCustomer:
    def test_creates_a_customer_with_every_identity_and_field(self, api: Client) -> None:
        org = OrganizationFactory()
        response = send(
            api,
            "post",
            URL,
            {
                "name": "Ani",
                "emails": ["Ani@Example.am", "ani.work@example.am"],
                "phones": ["+374 10 123456"],
                "organization_id": org.pk,
                "language": "hy",
                "time_zone": "Asia/Yerevan",
                "notes": "Prefers Armenian.",
                "is_vip": True,
            },
        )
        assert response.status_code == 201, response.content
        body = response.json()
        assert (body["name"], body["language"], body["time_zone"], body["is_vip"]) == (
            "Ani",
            "hy",
            "Asia/Yerevan",
            True,
        )
        assert body["organization"]["id"] == org.pk
        assert sorted((i["kind"], i["value"]) for i in body["identities"]) == [
            ("email", "ani.work@example.am"),
            ("email", "ani@example.am"),
            ("phone", "+37410123456"),
        ]

    @pytest.mark.parametrize(
        "payload",
        [
            "{oops",
            {"name": "X"},
            {"emails": "x@example.org"},
            {"emails": ["x@example.org"], "vip": True},
            {"emails": ["x@example.org"], "is_vip": "very"},
            {"emails": ["not-an-email"]},
            {"phones": ["12"]},
            {"emails": ["x@example.org"], "organization_id": 999},
            {"emails": ["taken@example.org"]},
            {"emails": ["fresh@example.org", "taken@example.org"]},
        ],
    )
    def test_bad_input_is_a_clear_error_and_creates_nothing(
        self, api: Client, payload: Any
    ) -> None:
        CustomerFactory(email="taken@example.org")
        before = snapshot()
        response = send(api, "post", URL, payload)
        assert response.status_code in (400, 422), response.content
        assert response.json()["error"]
        assert snapshot() == before

    def test_a_light_agent_cannot_create_customers(self, light_agent: User) -> None:
        response = send(api_client(light_agent), "post", URL, {"emails": ["x@example.org"]})
        assert response.status_code == 403
        assert Customer.objects.count() == 0


class TestGetAndUpdateCustomer:
    def test_shows_one_customer(self, api: Client) -> None:
        customer = CustomerFactory(name="Juan")
        body = api.get(f"{URL}/{customer.pk}").json()
        assert (body["id"], body["name"], body["merged_into_id"]) == (customer.pk, "Juan", None)

    def test_an_unknown_customer_is_a_404_json_error(self, api: Client) -> None:
        response = api.get(f"{URL}/424242")
        assert response.status_code == 404
        assert response.json() == {"error": "Customer 424242 not found."}

    def test_changes_only_the_fields_sent(self, api: Client) -> None:
        org = OrganizationFactory()
        customer = CustomerFactory(name="Juan", language="tl", organization=org)
        response = send(api, "patch", f"{URL}/{customer.pk}", {"notes": "Call after 5pm"})
        assert response.status_code == 200, response.content
        customer.refresh_from_db()
        assert (customer.name, customer.language, customer.organization_id) == (
            "Juan",
            "tl",
            org.pk,
        )
        assert customer.notes == "Call after 5pm"

    def test_null_organization_clears_it(self, api: Client) -> None:
        customer = CustomerFactory(organization=OrganizationFactory())
        body = send(api, "patch", f"{URL}/{customer.pk}", {"organization_id": None}).json()
        assert body["organization"] is None

    @pytest.mark.parametrize(
        "payload",
        ["{", {"name": None}, {"email": "x@y.example"}, {"is_vip": []}, {"organization_id": 999}],
    )
    def test_bad_input_changes_nothing(self, api: Client, payload: Any) -> None:
        customer = CustomerFactory()
        before = snapshot()
        response = send(api, "patch", f"{URL}/{customer.pk}", payload)
        assert response.status_code in (400, 422)
        assert response.json()["error"]
        assert snapshot() == before

    def test_a_light_agent_cannot_change_customers(self, light_agent: User) -> None:
        customer = CustomerFactory()
        before = snapshot()
        response = send(api_client(light_agent), "patch", f"{URL}/{customer.pk}", {"name": "Z"})
        assert response.status_code == 403
        assert snapshot() == before


class TestCustomerTickets:
    def test_lists_only_that_customers_tickets_newest_first(self, api: Client) -> None:
        customer = CustomerFactory()
        first, second = TicketFactory(customer=customer), TicketFactory(customer=customer)
        TicketFactory()
        items = api.get(f"{URL}/{customer.pk}/tickets").json()["items"]
        assert [t["number"] for t in items] == [second.number, first.number]

    def test_an_unknown_customer_is_a_404(self, api: Client) -> None:
        assert api.get(f"{URL}/424242/tickets").status_code == 404

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(self, api: Client, django_assert_num_queries: Any, n: int) -> None:
        customer = CustomerFactory()
        TicketFactory.create_batch(n, customer=customer, tags=("x",))
        with django_assert_num_queries(6):
            api.get(f"{URL}/{customer.pk}/tickets")


class TestIdentitiesAndMerge:
    def test_adds_an_identity(self, api: Client) -> None:
        customer = CustomerFactory()
        response = send(
            api,
            "post",
            f"{URL}/{customer.pk}/identities",
            {"kind": "phone", "value": "0044 20 7946"},
        )
        assert response.status_code == 201
        assert (response.json()["kind"], response.json()["value"]) == ("phone", "+44207946")

    @pytest.mark.parametrize(
        "payload",
        [
            {"kind": "email", "value": "taken@example.org"},
            {"kind": "pigeon", "value": "coo"},
            {"kind": "email"},
            {"kind": "email", "value": "a@b.example", "primary": True},
        ],
    )
    def test_a_bad_identity_changes_nothing(self, api: Client, payload: dict[str, Any]) -> None:
        CustomerFactory(email="taken@example.org")
        customer = CustomerFactory()
        before = snapshot()
        response = send(api, "post", f"{URL}/{customer.pk}/identities", payload)
        assert response.status_code == 422
        assert response.json()["error"]
        assert snapshot() == before

    def test_merging_moves_tickets_and_identities(self, api: Client) -> None:
        duplicate, kept = CustomerFactory(), CustomerFactory()
        ticket = TicketFactory(customer=duplicate)
        response = send(api, "post", f"{URL}/{duplicate.pk}/merge", {"into": kept.pk})
        assert response.status_code == 200, response.content
        assert len(response.json()["identities"]) == 2
        ticket.refresh_from_db()
        assert ticket.customer_id == kept.pk
        assert api.get(f"{URL}/{duplicate.pk}").json()["merged_into_id"] == kept.pk

    @pytest.mark.parametrize("into", ["self", 424242, None])
    def test_a_bad_merge_changes_nothing(self, api: Client, into: object) -> None:
        customer = CustomerFactory()
        TicketFactory(customer=customer)
        before = snapshot()
        target = customer.pk if into == "self" else into
        response = send(api, "post", f"{URL}/{customer.pk}/merge", {"into": target})
        assert response.status_code == 422
        assert snapshot() == before

    def test_a_light_agent_cannot_merge(self, light_agent: User) -> None:
        a, b = CustomerFactory(), CustomerFactory()
        before = snapshot()
        response = send(api_client(light_agent), "post", f"{URL}/{a.pk}/merge", {"into": b.pk})
        assert response.status_code == 403
        assert snapshot() == before


class TestOrganizations:
    def test_lists_organizations_by_name_and_searches(self, api: Client) -> None:
        OrganizationFactory(name="Zeta", domain="zeta.example")
        acme = OrganizationFactory(name="Acme", domain="acme.example")
        names = [o["name"] for o in api.get(ORGS).json()["items"]]
        assert names == ["Acme", "Zeta"]
        assert [o["id"] for o in api.get(f"{ORGS}?q=acme.ex").json()["items"]] == [acme.pk]

    def test_shows_one_organization_or_a_404(self, api: Client) -> None:
        org = OrganizationFactory(name="Acme")
        assert api.get(f"{ORGS}/{org.pk}").json()["name"] == "Acme"
        assert api.get(f"{ORGS}/424242").status_code == 404

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(self, api: Client, django_assert_num_queries: Any, n: int) -> None:
        OrganizationFactory.create_batch(n)
        with django_assert_num_queries(3):
            api.get(ORGS)

    @pytest.mark.parametrize(
        ("method", "path", "payload"),
        [
            ("post", "", {"name": "Acme", "colour": "red"}),
            ("post", "", {"name": ""}),
            ("post", "", {"name": 5}),
            ("patch", "/{pk}", {"name": None}),
            ("patch", "/{pk}", {"slogan": "x"}),
        ],
    )
    def test_bad_organization_input_is_a_422(
        self, api: Client, method: str, path: str, payload: dict[str, Any]
    ) -> None:
        org = OrganizationFactory()
        before = snapshot()
        response = send(api, method, ORGS + path.format(pk=org.pk), payload)
        assert response.status_code == 422
        assert snapshot() == before

    def test_creates_and_changes_an_organization(self, api: Client) -> None:
        response = send(api, "post", ORGS, {"name": "Acme", "domain": "acme.example"})
        assert response.status_code == 201, response.content
        org_id = response.json()["id"]
        response = send(api, "patch", f"{ORGS}/{org_id}", {"is_vip": True})
        assert response.status_code == 200, response.content
        assert Organization.objects.get(pk=org_id).is_vip is True
