"""Settings → Assistant: who may open it, what it saves, the write-only key, the endpoint
test button (against a real local server)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from sevai.accounts.models import User
from sevai.assistant.admin.actions import save_assistant_settings
from sevai.assistant.generative import endpoint_config
from sevai.assistant.models import AssistantSettings
from sevai.assistant.queries import assistant_settings
from sevai.assistant.tests.chat_server import ChatServer, chat_server
from sevai.lib.crypto import decrypt, encrypt
from sevai.mail.models import Mailbox

pytestmark = pytest.mark.django_db

URL = "/settings/assistant/"
KEY = "sk-local-test-key-7f3a"


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "on_chat": "on",
        "on_portal": "on",
        "min_confidence": "0.6",
        "generative_base_url": "",
        "generative_model": "",
        "api_key": "",
        "generative_timeout": "20",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def server() -> Iterator[ChatServer]:
    with chat_server() as running:
        yield running


class TestWhoMayOpenIt:
    def test_anonymous_visitors_go_to_the_login_page(self, client: Client) -> None:
        response = client.get(URL)
        assert response.status_code == 302
        assert "/login/" in response["Location"]

    @pytest.mark.parametrize("who", ["light_client", "agent_client"])
    def test_agents_may_not_open_it(self, request: pytest.FixtureRequest, who: str) -> None:
        user_client: Client = request.getfixturevalue(who)
        assert user_client.get(URL).status_code == 403
        assert user_client.post(URL, form_data()).status_code == 403

    def test_admins_see_the_form_linked_from_the_settings_navigation(
        self, admin_client_: Client
    ) -> None:
        response = admin_client_.get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'href="/settings/assistant/" aria-current="page"' in html
        assert 'name="min_confidence"' in html
        assert 'name="test"' in html
        assert response.headers["Cache-Control"].startswith("max-age=0")

    def test_the_settings_navigation_links_it_for_admins(self, admin_client_: Client) -> None:
        assert (
            'href="/settings/assistant/"' in admin_client_.get("/settings/brands/").content.decode()
        )


class TestSaving:
    def test_the_values_are_saved(self, admin_client_: Client) -> None:
        mailbox = Mailbox.objects.create(name="Support", address="support@desk.example")
        data = form_data(
            on_portal=None,
            email_mailboxes=[mailbox.pk],
            min_confidence="0.65",
            generative_enabled="on",
            generative_base_url="http://127.0.0.1:11434/v1/",
            generative_model=" qwen2.5:3b-instruct ",
            generative_timeout="12",
        )
        response = admin_client_.post(URL, data)
        assert response.status_code == 302
        row = assistant_settings()
        assert (row.on_chat, row.on_web_form, row.on_portal) == (True, False, False)
        assert list(row.email_mailboxes.all()) == [mailbox]
        assert row.min_confidence == 0.65
        assert row.generative_enabled
        assert row.generative_base_url == "http://127.0.0.1:11434/v1"
        assert row.generative_model == "qwen2.5:3b-instruct"
        assert row.generative_timeout == 12

    def test_the_key_is_stored_encrypted_and_never_shown_back(self, admin_client_: Client) -> None:
        admin_client_.post(URL, form_data(api_key=KEY))
        row = assistant_settings()
        assert KEY not in row.generative_key_encrypted
        assert decrypt(row.generative_key_encrypted) == KEY
        html = admin_client_.get(URL).content.decode()
        assert KEY not in html
        assert row.generative_key_encrypted not in html
        assert "Leave empty to keep the current one." in html

    def test_an_empty_key_field_keeps_the_stored_key(self, admin_client_: Client) -> None:
        admin_client_.post(URL, form_data(api_key=KEY))
        admin_client_.post(URL, form_data(min_confidence="0.7"))
        row = assistant_settings()
        assert row.min_confidence == 0.7
        assert decrypt(row.generative_key_encrypted) == KEY

    def test_the_stored_key_can_be_removed(self, admin_client_: Client) -> None:
        admin_client_.post(URL, form_data(api_key=KEY))
        admin_client_.post(URL, form_data(clear_api_key="on"))
        assert assistant_settings().generative_key_encrypted == ""

    def test_the_key_is_kept_out_of_error_reports(self, admin_client_: Client) -> None:
        response = admin_client_.post(URL, form_data(api_key=KEY))
        assert response.wsgi_request.sensitive_post_parameters == ("api_key",)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        "changes",
        [
            {"min_confidence": "1.5"},
            {"generative_enabled": "on", "generative_model": "m"},
            {"generative_enabled": "on", "generative_base_url": "http://127.0.0.1:1/v1"},
            {"generative_base_url": "ftp://models.example/v1"},
            {"generative_base_url": "https://me:sk-secret@api.example/v1"},
            {"generative_timeout": "0"},
        ],
    )
    def test_bad_values_are_refused(self, admin_client_: Client, changes: dict[str, str]) -> None:
        before = assistant_settings().updated_at
        response = admin_client_.post(URL, form_data(**changes))
        assert response.status_code == 400
        assert assistant_settings().updated_at == before

    def test_saving_needs_the_csrf_token(self, admin_user: User) -> None:
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(admin_user)
        assert browser.post(URL, form_data(min_confidence="0.9")).status_code == 403
        assert assistant_settings().min_confidence != 0.9

    def test_only_admins_may_save(self, agent: User, admin_user: User) -> None:
        with pytest.raises(PermissionDenied):
            save_assistant_settings({"min_confidence": 0.9}, actor=agent)
        row = save_assistant_settings({"min_confidence": 0.9}, actor=admin_user)
        assert AssistantSettings.objects.get(pk=row.pk).min_confidence == 0.9


class TestTheEndpointButton:
    def endpoint(self, server: ChatServer, **changes: object) -> dict[str, object]:
        return form_data(
            test="1",
            generative_base_url=server.base_url,
            generative_model="qwen2.5:3b-instruct",
            generative_timeout="5",
            **changes,
        )

    def test_a_working_endpoint_is_reported_and_nothing_is_saved(
        self, admin_client_: Client, server: ChatServer
    ) -> None:
        server.required_key = KEY
        response = admin_client_.post(URL, self.endpoint(server, api_key=KEY))
        assert response.status_code == 200
        assert "The endpoint answered." in response.content.decode()
        assert server.received[0].headers["authorization"] == f"Bearer {KEY}"
        assert KEY not in response.content.decode()
        assert assistant_settings().generative_base_url == ""

    def test_the_stored_key_is_used_when_none_is_typed(
        self, admin_client_: Client, admin_user: User, server: ChatServer
    ) -> None:
        save_assistant_settings({}, actor=admin_user, api_key=KEY)
        server.required_key = KEY
        response = admin_client_.post(URL, self.endpoint(server))
        assert "The endpoint answered." in response.content.decode()

    def test_a_refused_key_is_reported_without_the_key(
        self, admin_client_: Client, server: ChatServer
    ) -> None:
        server.required_key = KEY
        wrong = "sk-wrong-key-0001"
        response = admin_client_.post(URL, self.endpoint(server, api_key=wrong))
        html = response.content.decode()
        assert "The endpoint test failed:" in html
        assert "401" in html
        assert wrong not in html

    def test_a_missing_model_is_a_form_error(self, admin_client_: Client) -> None:
        response = admin_client_.post(
            URL,
            form_data(test="1", generative_enabled="on", generative_base_url="http://x.example/v1"),
        )
        assert response.status_code == 400


def test_an_undecryptable_key_is_treated_as_none() -> None:
    row = AssistantSettings(generative_key_encrypted=encrypt(KEY)[:-4] + "AAAA")
    assert endpoint_config(row).api_key == ""
