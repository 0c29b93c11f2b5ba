"""The widget's HTTP endpoints and the admin pages."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sevai.chat.identity import conversation_for_token, user_hash
from sevai.chat.models import ChatWidget, Conversation
from sevai.chat.tests.factories import ChatWidgetFactory
from sevai.mail.models import Attachment
from sevai.tickets.models import Ticket

pytestmark = pytest.mark.django_db
ORIGIN = "https://shop.example.com"


@pytest.fixture(autouse=True)
def _forget_rate_counters():  # type: ignore[no-untyped-def]
    # Only our key: clearing the whole cache would disturb parallel workers sharing Redis.
    cache.delete("sevai:chat-new:127.0.0.1")


def call(path: str, data: dict | None = None, **headers: str):  # type: ignore[no-untyped-def]
    client = Client()
    if data is None:
        return client.get(path, HTTP_ORIGIN=ORIGIN, **headers)
    return client.post(
        path, json.dumps(data), content_type="application/json", HTTP_ORIGIN=ORIGIN, **headers
    )


def start(widget: ChatWidget, **data: str) -> str:
    response = call(f"/chat/api/{widget.key}/session", data)
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


class TestWidgetEndpoints:
    def test_the_script_is_served_to_any_site(self):
        response = Client().get("/chat/widget.js")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/javascript")
        assert b"data-sevai" in response.content

    def test_config_is_in_the_visitors_language_with_the_widgets_look(self, agent):
        widget = ChatWidgetFactory(colour="#aa3300")
        agent.is_available = True
        agent.save()
        response = call(f"/chat/api/{widget.key}/config?lang=fil")
        data = response.json()
        assert response["Access-Control-Allow-Origin"] == ORIGIN
        assert (data["language"], data["colour"], data["agents_online"]) == ("tl", "#aa3300", True)
        assert data["strings"]["title"] == "Parcel help"
        assert data["strings"]["greeting"] == widget.greeting

    @pytest.mark.parametrize(
        ("lang", "label"),
        [("ta", "எங்களுடன் சாட் செய்யுங்கள்"), ("hy-AM", "Զրուցեք մեզ հետ"), ("fil", "Mag-chat sa amin")],
    )
    def test_the_widgets_words_come_in_the_pages_language(self, lang, label):
        widget = ChatWidgetFactory()
        assert call(f"/chat/api/{widget.key}/config?lang={lang}").json()["strings"]["open"] == label

    def test_nobody_available_means_offline(self):
        widget = ChatWidgetFactory()
        assert call(f"/chat/api/{widget.key}/config").json()["agents_online"] is False

    def test_an_unknown_or_switched_off_widget_is_404(self):
        widget = ChatWidgetFactory(is_active=False)
        assert call(f"/chat/api/{widget.key}/config").status_code == 404
        assert call("/chat/api/nope/config").status_code == 404

    def test_a_session_resumes_with_its_token(self):
        widget = ChatWidgetFactory()
        token = start(widget)
        again = call(f"/chat/api/{widget.key}/session", {"token": token}).json()
        conversation = Conversation.objects.get()  # one conversation: resumed, not a new one
        assert conversation_for_token(widget, again["token"]) == conversation

    def test_a_wrong_user_hash_is_refused(self):
        widget = ChatWidgetFactory()
        response = call(f"/chat/api/{widget.key}/session", {"user_id": "42", "user_hash": "0" * 64})
        assert response.status_code == 403
        assert not Conversation.objects.exists()

    def test_a_right_user_hash_identifies_the_user(self):
        widget = ChatWidgetFactory()
        start(widget, user_id="42", user_hash=user_hash(widget, "42"), email="u42@example.com")
        customer = Conversation.objects.get().customer
        assert sorted(customer.identities.values_list("kind", flat=True)) == ["email", "external"]

    def test_new_chats_per_address_are_limited(self):
        widget = ChatWidgetFactory()
        statuses = [call(f"/chat/api/{widget.key}/session", {}).status_code for _ in range(22)]
        assert statuses[:20] == [200] * 20
        assert statuses[-1] == 429

    def test_leaving_an_email_for_a_follow_up(self):
        widget = ChatWidgetFactory()
        token = start(widget)
        bad = call(
            f"/chat/api/{widget.key}/identify", {"token": token, "email": "x", "follow_up": True}
        )
        assert bad.status_code == 400 and "email" in bad.json()["error"].lower()
        good = call(
            f"/chat/api/{widget.key}/identify",
            {"token": token, "email": "ana@example.com", "follow_up": True},
        )
        assert good.status_code == 200
        assert Conversation.objects.get().email_follow_up

    def test_an_upload_becomes_a_message_with_a_signed_download(self):
        widget = ChatWidgetFactory()
        token = start(widget)
        response = Client().post(
            f"/chat/api/{widget.key}/upload",
            {
                "file": SimpleUploadedFile("label.pdf", b"%PDF-1.4 label", "application/pdf"),
                "client_id": "u1",
            },
            HTTP_X_SEVAI_TOKEN=token,
            HTTP_ORIGIN=ORIGIN,
        )
        assert response.status_code == 200, response.content
        attachment = Attachment.objects.get()
        assert Ticket.objects.get().messages.get().attachments.get() == attachment
        from sevai.chat.queries import file_url

        download = Client().get(file_url(attachment))
        assert b"".join(download.streaming_content) == b"%PDF-1.4 label"
        assert download["Content-Type"] == "application/octet-stream"
        assert download["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in download["Content-Security-Policy"]
        assert Client().get(f"/chat/files/{attachment.pk}/").status_code == 404

    def test_a_forbidden_file_type_is_refused_and_nothing_is_stored(self):
        widget = ChatWidgetFactory()
        token = start(widget)
        response = Client().post(
            f"/chat/api/{widget.key}/upload",
            {"file": SimpleUploadedFile("invoice.exe", b"MZ...", "application/octet-stream")},
            HTTP_X_SEVAI_TOKEN=token,
        )
        assert response.status_code == 400
        assert "not accepted" in response.json()["error"]
        assert not Ticket.objects.exists()


class TestAdminPages:
    def test_an_admin_adds_a_widget_and_sees_its_script_tag(self, admin_client_):
        from sevai.brands.queries import default_brand

        response = admin_client_.post(
            "/settings/chat/",
            {
                "name": "Main site",
                "brand": default_brand().pk,
                "pre_chat": "optional",
                "colour": "#123456",
                "allowed_origins": "https://shop.example.com/\n",
                "is_active": "on",
            },
        )
        widget = ChatWidget.objects.get()
        assert response.status_code == 302
        assert widget.allowed_origins == ["https://shop.example.com"]
        page = admin_client_.get(f"/settings/chat/{widget.pk}/").content.decode()
        assert f'data-sevai="{widget.key}"' in page

    def test_a_bad_origin_is_explained(self, admin_client_):
        from sevai.brands.queries import default_brand

        response = admin_client_.post(
            "/settings/chat/",
            {
                "name": "x",
                "brand": default_brand().pk,
                "pre_chat": "off",
                "allowed_origins": "shop",
            },
        )
        assert response.status_code == 400
        assert not ChatWidget.objects.exists()

    def test_agents_cannot_open_the_settings(self, agent_client):
        assert agent_client.get("/settings/chat/").status_code == 403
