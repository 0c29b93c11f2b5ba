"""The accounts REST API (/api/v1/me, /agents, /teams) and the API's own documentation."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError
from django.test import Client

from sevai.accounts import actions
from sevai.accounts.actions import create_api_token, revoke_api_token
from sevai.accounts.models import ApiToken, Team, User
from sevai.testing.api import api_client
from sevai.testing.factories import TeamFactory, UserFactory

API = "/api/v1"


@pytest.fixture
def api(agent: User) -> Client:
    return api_client(agent)


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def teams() -> list[tuple[str, str, str]]:
    return list(Team.objects.order_by("pk").values_list("name", "slug", "description"))


class TestTokens:
    def test_a_token_marks_when_it_was_last_used(self, agent: User) -> None:
        token, raw = create_api_token(agent, "script")
        Client(headers={"authorization": f"Bearer {raw}"}).get(f"{API}/me")
        token.refresh_from_db()
        assert token.last_used_at is not None

    @pytest.mark.parametrize(
        "header", ["", "Bearer", "Bearer sev_unknown", "Basic YXNoYTpwdw==", "Token sev_x"]
    )
    def test_anything_but_a_valid_token_is_a_401_json_error(self, agent: User, header: str) -> None:
        client = Client(headers={"authorization": header} if header else {})
        response = client.get(f"{API}/me")
        assert response.status_code == 401
        assert response.json() == {"error": "Missing, unknown or revoked API token."}

    def test_a_revoked_token_is_refused_and_changes_nothing(self, agent: User) -> None:
        token, raw = create_api_token(agent, "old")
        revoke_api_token(token, actor=agent)
        client = Client(headers={"authorization": f"Bearer {raw}"})
        before = teams()
        response = post(client, f"{API}/teams", {"name": "Sneaky"})
        assert response.status_code == 401
        assert teams() == before
        assert ApiToken.objects.get(pk=token.pk).last_used_at is None

    def test_a_deactivated_agents_token_is_refused(self, agent: User) -> None:
        client = api_client(agent)
        User.objects.filter(pk=agent.pk).update(is_active=False)
        assert client.get(f"{API}/me").status_code == 401


class TestMe:
    def test_describes_the_agent_behind_the_token(self, agent: User) -> None:
        team = TeamFactory(name="Billing")
        agent.teams.add(team)
        body = api_client(agent).get(f"{API}/me").json()
        assert body["username"] == "asha"
        assert body["name"] == "Asha Raman"
        assert body["role"] == "agent"
        assert body["teams"] == [{"id": team.pk, "name": "Billing"}]


class TestAgents:
    def test_lists_active_agents_with_languages_skills_and_teams(self, api: Client) -> None:
        team = TeamFactory(name="Tamil desk")
        kavya = UserFactory(
            username="kavya", languages=["ta", "en"], skills=["billing"], is_available=True
        )
        kavya.teams.add(team)
        UserFactory(username="gone", is_active=False)
        items = api.get(f"{API}/agents").json()["items"]
        assert [a["username"] for a in items] == ["asha", "kavya"]
        assert items[1]["languages"] == ["ta", "en"]
        assert items[1]["skills"] == ["billing"]
        assert items[1]["teams"] == [{"id": team.pk, "name": "Tamil desk"}]
        assert items[1]["is_available"] is True

    def test_agent_pages_follow_the_cursor(self, api: Client) -> None:
        UserFactory(username="b")
        UserFactory(username="c")
        first = api.get(f"{API}/agents?limit=2").json()
        rest = api.get(f"{API}/agents?limit=2&cursor={first['next_cursor']}").json()
        assert [a["username"] for a in first["items"] + rest["items"]] == ["asha", "b", "c"]
        assert rest["next_cursor"] is None

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(self, api: Client, django_assert_num_queries: Any, n: int) -> None:
        team = TeamFactory()
        for user in UserFactory.create_batch(n):
            user.teams.add(team)
        with django_assert_num_queries(4):
            response = api.get(f"{API}/agents?limit=200")
        assert len(response.json()["items"]) == n + 1


class TestTeams:
    def test_lists_teams_by_name(self, api: Client) -> None:
        TeamFactory(name="Sales")
        TeamFactory(name="Billing")
        names = [t["name"] for t in api.get(f"{API}/teams").json()["items"]]
        assert names == ["Billing", "Sales"]

    def test_an_admin_creates_a_team(self, admin_user: User) -> None:
        response = post(
            api_client(admin_user), f"{API}/teams", {"name": "Armenian desk", "description": "hy"}
        )
        assert response.status_code == 201, response.content
        assert response.json()["slug"] == "armenian-desk"
        assert teams() == [("Armenian desk", "armenian-desk", "hy")]

    def test_an_agent_cannot_create_teams(self, api: Client) -> None:
        response = post(api, f"{API}/teams", {"name": "Rogue"})
        assert response.status_code == 403
        assert response.json() == {"error": "Only admins manage teams."}
        assert teams() == []

    @pytest.mark.parametrize(
        "payload",
        ["{", {"name": ""}, {"name": 3}, {"name": "X", "slug": "x"}, {}, {"name": "Billing"}],
    )
    def test_bad_input_is_a_clear_error_and_creates_nothing(
        self, admin_user: User, payload: Any
    ) -> None:
        TeamFactory(name="Billing")
        before = teams()
        response = api_client(admin_user).post(
            f"{API}/teams", payload, content_type="application/json"
        )
        assert response.status_code in (400, 422)
        assert response.json()["error"]
        assert teams() == before

    def test_a_unique_conflict_the_action_missed_is_a_409(
        self, admin_user: User, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def racing_create_team(*args: object, **kwargs: object) -> Team:
            raise IntegrityError("UNIQUE constraint failed: accounts_team.slug")

        monkeypatch.setattr(actions, "create_team", racing_create_team)
        before = teams()
        response = post(api_client(admin_user), f"{API}/teams", {"name": "Billing"})
        assert response.status_code == 409
        assert response.json() == {"error": "This conflicts with existing data."}
        assert teams() == before

    @pytest.mark.parametrize("n", [1, 30])
    def test_query_count_is_flat(self, api: Client, django_assert_num_queries: Any, n: int) -> None:
        TeamFactory.create_batch(n)
        with django_assert_num_queries(3):
            api.get(f"{API}/teams")


class TestApiDocumentation:
    def test_the_openapi_schema_is_served_without_a_token(self, db: None) -> None:
        response = Client().get(f"{API}/openapi.json")
        assert response.status_code == 200
        paths = response.json()["paths"]
        for path in [
            "/api/v1/tickets",
            "/api/v1/tickets/{number}",
            "/api/v1/tickets/{number}/messages",
            "/api/v1/tickets/{number}/events",
            "/api/v1/tickets/{number}/merge",
            "/api/v1/tickets/{number}/links",
            "/api/v1/customers",
            "/api/v1/customers/{customer_id}",
            "/api/v1/customers/{customer_id}/tickets",
            "/api/v1/customers/{customer_id}/identities",
            "/api/v1/customers/{customer_id}/merge",
            "/api/v1/organizations",
            "/api/v1/organizations/{organization_id}",
            "/api/v1/teams",
            "/api/v1/agents",
            "/api/v1/me",
            "/api/v1/tags",
            "/api/v1/kb/articles",
            "/api/v1/kb/articles/{article_id}",
        ]:
            assert path in paths

    def test_every_request_body_forbids_unknown_fields(self, db: None) -> None:
        schema = Client().get(f"{API}/openapi.json").json()
        components = schema["components"]["schemas"]
        bodies = [
            op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            for item in schema["paths"].values()
            for op in item.values()
            if "requestBody" in op
        ]
        assert len(bodies) == 16  # 12 + the triage correction + 3 knowledge-base bodies
        for name in bodies:
            assert components[name].get("additionalProperties") is False, name

    def test_the_interactive_docs_are_served_without_a_token(self, db: None) -> None:
        response = Client().get(f"{API}/docs")
        assert response.status_code == 200
        assert b"openapi.json" in response.content

    def test_the_docs_page_loads_nothing_from_the_internet(self, db: None) -> None:
        html = Client().get(f"{API}/docs").content.decode()
        assert "cdn." not in html and "https://" not in html
        assert "/static/ninja/swagger-ui-bundle.js" in html


class TestRateLimit:
    def test_too_many_requests_get_a_429_json_error(self, monkeypatch, agent):
        from django.core.cache import cache

        from sevai.api import API_THROTTLE

        cache.delete(f"throttle_user_{agent.pk}")
        monkeypatch.setattr(API_THROTTLE, "num_requests", 2)
        _token, raw = create_api_token(agent, "rate")
        client = Client(headers={"authorization": f"Bearer {raw}"})
        assert client.get("/api/v1/me").status_code == 200
        assert client.get("/api/v1/me").status_code == 200
        response = client.get("/api/v1/me")
        assert response.status_code == 429
        assert response.json()["error"]
        assert int(response["Retry-After"]) > 0
        cache.delete(f"throttle_user_{agent.pk}")
