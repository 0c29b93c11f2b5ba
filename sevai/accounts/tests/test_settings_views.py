"""Settings pages: profile, API tokens, users and teams."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sevai.accounts import actions
from sevai.accounts.models import ApiToken, Team, User
from sevai.testing.factories import AdminFactory, TeamFactory, UserFactory

ADMIN_PAGES = ["/settings/users/", "/settings/users/{agent}/", "/settings/teams/"]
USER_PAGES = ["/settings/profile/", "/settings/tokens/"]


def raw_token_in(html: str) -> str:
    found = re.findall(r"sev_[A-Za-z0-9_-]{20,}", html)
    assert len(found) == 1, found
    return found[0]


class TestSettingsPermissions:
    @pytest.mark.parametrize("url", ADMIN_PAGES)
    def test_agent_gets_403_on_admin_pages(self, agent_client: Client, agent: User, url: str):
        assert agent_client.get(url.format(agent=agent.pk)).status_code == 403

    @pytest.mark.parametrize("url", ADMIN_PAGES)
    def test_light_agent_gets_403_on_admin_pages(self, light_client: Client, agent: User, url: str):
        assert light_client.get(url.format(agent=agent.pk)).status_code == 403

    def test_agent_cannot_create_users_by_posting(self, agent_client: Client):
        response = agent_client.post("/settings/users/", {"username": "mallory", "role": "admin"})
        assert response.status_code == 403
        assert not User.objects.filter(username="mallory").exists()

    @pytest.mark.parametrize("url", ADMIN_PAGES + USER_PAGES)
    def test_anonymous_visitor_is_sent_to_login(self, client: Client, agent: User, url: str):
        response = client.get(url.format(agent=agent.pk))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("url", USER_PAGES)
    def test_light_agent_opens_own_settings(self, light_client: Client, url: str):
        assert light_client.get(url).status_code == 200

    def test_admin_opens_users_page(self, admin_client_: Client):
        response = admin_client_.get("/settings/users/")
        assert response.status_code == 200
        assert response.context["section"] == "settings"


class TestProfile:
    def test_profile_updates_locale_and_availability(self, agent_client: Client, agent: User):
        response = agent_client.post(
            "/settings/profile/",
            {
                "display_name": " Asha R ",
                "languages": ["en", "ta"],
                "other_languages": "Malayalam, malayalam, ",
                "skills": "billing, returns,billing",
                "locale": "ta",
                "time_zone": "Asia/Kolkata",
                "is_available": "on",
            },
        )
        assert response.status_code == 302
        agent.refresh_from_db()
        assert agent.locale == "ta"
        assert agent.is_available is True
        assert agent.time_zone == "Asia/Kolkata"
        assert agent.display_name == "Asha R"
        assert agent.languages == ["en", "ta", "Malayalam"]
        assert agent.skills == ["billing", "returns"]
        assert agent_client.get("/settings/profile/")["Content-Language"] == "ta"

    def test_unchecked_availability_turns_it_off(self, agent_client: Client, agent: User):
        actions.set_availability(agent, True)
        agent_client.post("/settings/profile/", {"locale": "", "time_zone": ""})
        agent.refresh_from_db()
        assert agent.is_available is False
        assert agent.locale == ""

    def test_unknown_time_zone_is_an_error_next_to_the_field(
        self, agent_client: Client, agent: User
    ):
        response = agent_client.post("/settings/profile/", {"time_zone": "Mars/Olympus"})
        assert response.status_code == 422
        assert response.context["form"].errors["time_zone"]
        agent.refresh_from_db()
        assert agent.time_zone == ""

    def test_form_shows_stored_other_languages_as_text(self, agent_client: Client, agent: User):
        actions.update_profile(agent, languages=["hy", "Spanish"])
        form = agent_client.get("/settings/profile/").context["form"]
        assert form.initial["languages"] == ["hy"]
        assert form.initial["other_languages"] == "Spanish"

    def test_availability_switch_turns_chat_on_and_off(self, agent_client: Client, agent: User):
        agent_client.post("/settings/availability/", {"available": "1"})
        agent.refresh_from_db()
        assert agent.is_available is True
        response = agent_client.post(
            "/settings/availability/", {"available": "0"}, headers={"HX-Request": "true"}
        )
        assert response.status_code == 200
        assert b"Become available" in response.content
        agent.refresh_from_db()
        assert agent.is_available is False


class TestApiTokens:
    def test_created_token_is_shown_once_and_only_its_hash_is_stored(
        self, agent_client: Client, agent: User
    ):
        response = agent_client.post("/settings/tokens/", {"name": "CRM sync"})
        assert response.status_code == 200
        html = response.content.decode()
        raw = raw_token_in(html)
        assert "no-store" in response["Cache-Control"]
        token = ApiToken.objects.get(user=agent)
        assert token.token_hash == actions.hash_token(raw)
        assert raw not in {token.name, token.prefix, token.token_hash}
        assert raw.startswith(token.prefix)
        assert actions.user_for_token(raw) == agent
        assert raw not in agent_client.get("/settings/tokens/").content.decode()

    def test_token_page_lists_tokens_and_shows_a_curl_example(
        self, agent_client: Client, agent: User
    ):
        token, _raw = actions.create_api_token(agent, "Reports")
        html = agent_client.get("/settings/tokens/").content.decode()
        assert "Reports" in html
        assert f"{token.prefix}…" in html
        assert "curl -H" in html
        assert "/api/v1/tickets" in html

    def test_token_without_a_name_is_refused(self, agent_client: Client, agent: User):
        response = agent_client.post("/settings/tokens/", {"name": "  "})
        assert response.status_code == 422
        assert response.context["form"].errors["name"]
        assert not ApiToken.objects.exists()

    def test_revoked_token_no_longer_authenticates(self, agent_client: Client, agent: User):
        token, raw = actions.create_api_token(agent, "CI")
        response = agent_client.post(f"/settings/tokens/{token.pk}/revoke/")
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert actions.user_for_token(raw) is None

    def test_cannot_revoke_someone_elses_token(self, agent_client: Client, db: None):
        other = UserFactory(username="bala")
        token, raw = actions.create_api_token(other, "Bala's script")
        response = agent_client.post(f"/settings/tokens/{token.pk}/revoke/")
        assert response.status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None
        assert actions.user_for_token(raw) == other

    def test_revoke_needs_post(self, agent_client: Client, agent: User):
        token, _raw = actions.create_api_token(agent, "CI")
        assert agent_client.get(f"/settings/tokens/{token.pk}/revoke/").status_code == 405


class TestUsersAndTeams:
    def test_admin_creates_a_user_with_a_generated_password_shown_once(self, admin_client_: Client):
        team = TeamFactory(name="Billing")
        response = admin_client_.post(
            "/settings/users/",
            {
                "username": "meera",
                "first_name": "Meera",
                "email": "meera@desk.example",
                "role": "light_agent",
                "teams": [team.pk],
                "languages": ["ta"],
                "other_languages": "Sinhala",
                "skills": "refunds",
            },
        )
        assert response.status_code == 200
        password = response.context["generated_password"]
        assert len(password) >= 12
        assert response.content.decode().count(password) == 1
        user = User.objects.get(username="meera")
        assert user.role == User.Role.LIGHT_AGENT
        assert list(user.teams.all()) == [team]
        assert user.languages == ["ta", "Sinhala"]
        assert user.skills == ["refunds"]
        assert user.check_password(password)
        assert password not in admin_client_.get("/settings/users/").content.decode()

    def test_admin_sets_the_password_and_it_is_not_echoed(self, admin_client_: Client):
        response = admin_client_.post(
            "/settings/users/",
            {"username": "tomas", "role": "agent", "password": "correct horse battery"},
        )
        assert response.status_code == 200
        assert b"correct horse battery" not in response.content
        assert User.objects.get(username="tomas").check_password("correct horse battery")

    def test_taken_username_is_an_error_next_to_the_field(self, admin_client_: Client, agent: User):
        response = admin_client_.post("/settings/users/", {"username": "ASHA", "role": "agent"})
        assert response.status_code == 422
        assert response.context["user_form"].errors["username"]

    def test_admin_creates_a_team(self, admin_client_: Client):
        response = admin_client_.post(
            "/settings/teams/", {"name": "Tamil support", "description": "Chennai desk"}
        )
        assert response.status_code == 302
        team = Team.objects.get(name="Tamil support")
        assert team.slug == "tamil-support"
        assert team.description == "Chennai desk"
        assert "Tamil support" in admin_client_.get("/settings/users/").content.decode()

    def test_team_names_are_unique_regardless_of_case(self, admin_client_: Client):
        TeamFactory(name="Billing")
        response = admin_client_.post("/settings/teams/", {"name": "billing"})
        assert response.status_code == 422
        assert response.context["team_form"].errors["name"]
        assert Team.objects.count() == 1

    def test_teams_whose_names_slugify_alike_get_distinct_slugs(self, admin_user: User):
        first = actions.create_team("Returns!", actor=admin_user)
        second = actions.create_team("Returns?", actor=admin_user)
        tamil = actions.create_team("பில்லிங்", actor=admin_user)
        assert (first.slug, second.slug) == ("returns", "returns-2")
        assert tamil.slug == "team"

    def test_admin_edits_role_teams_languages_skills_and_deactivates(
        self, admin_client_: Client, agent: User
    ):
        team = TeamFactory(name="Escalations")
        response = admin_client_.post(
            f"/settings/users/{agent.pk}/",
            {
                "role": "admin",
                "teams": [team.pk],
                "languages": ["hy"],
                "skills": "API, webhooks",
            },
        )
        assert response.status_code == 302
        agent.refresh_from_db()
        assert agent.role == User.Role.ADMIN
        assert agent.is_staff is True
        assert agent.is_active is False
        assert list(agent.teams.all()) == [team]
        assert agent.languages == ["hy"]
        assert agent.skills == ["API", "webhooks"]

    def test_deactivated_user_keeps_the_account_and_loses_the_session(
        self, admin_user: User, agent: User, agent_client: Client
    ):
        actions.update_user_by_admin(
            agent,
            actor=admin_user,
            role="agent",
            teams=[],
            is_active=False,
            languages=[],
            skills=[],
        )
        assert User.objects.filter(pk=agent.pk).exists()
        assert agent_client.get("/settings/profile/").status_code == 302

    def test_last_active_admin_cannot_be_demoted(self, admin_client_: Client, admin_user: User):
        response = admin_client_.post(
            f"/settings/users/{admin_user.pk}/", {"role": "agent", "is_active": "on"}
        )
        assert response.status_code == 422
        assert response.context["form"].non_field_errors()
        admin_user.refresh_from_db()
        assert admin_user.is_admin

    def test_an_admin_can_be_demoted_when_another_remains(
        self, admin_client_: Client, admin_user: User
    ):
        AdminFactory(username="second")
        response = admin_client_.post(
            f"/settings/users/{admin_user.pk}/", {"role": "agent", "is_active": "on"}
        )
        assert response.status_code == 302
        admin_user.refresh_from_db()
        assert admin_user.role == User.Role.AGENT

    @pytest.mark.parametrize("n", [1, 30])
    def test_users_page_query_count_is_flat(
        self, admin_client_: Client, django_assert_num_queries, n: int
    ):
        teams = TeamFactory.create_batch(3)
        for user in UserFactory.create_batch(n):
            user.teams.set(teams)
        admin_client_.get("/settings/users/")  # warm the cached sidebar counts
        # session, user, unread count, saved views, users, their teams, teams, team choices
        with django_assert_num_queries(8):
            assert admin_client_.get("/settings/users/").status_code == 200


class TestLoginRateLimit:
    @pytest.fixture(autouse=True)
    def _forget_failures(self):
        from django.core.cache import cache

        from sevai.accounts.login import failure_keys

        cache.delete_many(failure_keys("127.0.0.1", "asha"))
        yield
        cache.delete_many(failure_keys("127.0.0.1", "asha"))

    def test_repeated_wrong_passwords_lock_the_login_for_a_while(self, client, agent):
        from sevai.accounts.login import MAX_FAILURES

        for _ in range(MAX_FAILURES):
            response = client.post("/login/", {"username": "asha", "password": "wrong"})
            assert response.status_code == 200
        locked = client.post("/login/", {"username": "asha", "password": "pw-for-tests-123"})
        assert locked.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_a_correct_password_logs_in(self, client, agent):
        response = client.post("/login/", {"username": "asha", "password": "pw-for-tests-123"})
        assert response.status_code == 302
