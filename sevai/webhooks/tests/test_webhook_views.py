"""Webhook settings pages: permissions, the secret shown once, buttons wired to actions."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sevai.accounts.models import User
from sevai.webhooks import actions
from sevai.webhooks.models import Delivery, DeliveryAttempt, Webhook

HOOK_URL = "https://crm.example.com/hooks/sevai"


@pytest.fixture
def webhook(admin_user: User) -> Webhook:
    hook, _secret = actions.create_webhook(
        HOOK_URL, ["ticket.created", "message.added"], actor=admin_user
    )
    return hook


def delivery_for(
    webhook: Webhook, state: str = Delivery.State.FAILED, status_code: int = 500
) -> Delivery:
    now = timezone.now()
    delivery = Delivery.objects.create(
        webhook=webhook,
        event="ticket.created",
        payload={"event": "ticket.created"},
        state=state,
        attempts=1,
        next_attempt_at=now,
    )
    DeliveryAttempt.objects.create(
        delivery=delivery,
        attempted_at=now,
        status_code=status_code,
        error=f"HTTP {status_code}",
        duration_ms=42,
    )
    return delivery


def pages(webhook: Webhook) -> list[str]:
    return [
        "/settings/webhooks/",
        f"/settings/webhooks/{webhook.pk}/",
        f"/settings/webhooks/{webhook.pk}/delete/",
    ]


def posts(webhook: Webhook, delivery: Delivery) -> list[str]:
    base = f"/settings/webhooks/{webhook.pk}/"
    return [
        "/settings/webhooks/",
        base + "edit/",
        base + "test/",
        base + "active/",
        base + "delete/",
        base + f"deliveries/{delivery.pk}/retry/",
    ]


class TestWebhookPermissions:
    @pytest.mark.parametrize("who", ["agent_client", "light_client"])
    def test_agents_get_403_on_every_page(self, request, webhook: Webhook, who: str):
        client: Client = request.getfixturevalue(who)
        for url in pages(webhook):
            assert client.get(url).status_code == 403, url

    def test_agents_cannot_change_anything(self, agent_client: Client, webhook: Webhook):
        delivery = delivery_for(webhook)
        for url in posts(webhook, delivery):
            response = agent_client.post(url, {"url": "https://evil.example/", "active": "0"})
            assert response.status_code == 403, url
        webhook.refresh_from_db()
        assert webhook.url == HOOK_URL and webhook.is_active
        assert Webhook.objects.count() == 1
        assert Delivery.objects.get().state == Delivery.State.FAILED

    def test_anonymous_visitor_is_sent_to_login(self, client: Client, webhook: Webhook):
        for url in pages(webhook):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))


class TestRegisterWebhook:
    def test_secret_is_shown_once_with_how_to_verify_it(self, admin_client_: Client):
        response = admin_client_.post(
            "/settings/webhooks/", {"url": HOOK_URL, "events": ["ticket.created"]}
        )
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        html = response.content.decode()
        [secret] = set(re.findall(r"whsec_[A-Za-z0-9_-]+", html))
        assert html.count(secret) == 1
        assert "X-Sevai-Signature" in html
        webhook = Webhook.objects.get()
        assert webhook.secret == secret
        assert webhook.events == ["ticket.created"]
        for url in ("/settings/webhooks/", f"/settings/webhooks/{webhook.pk}/"):
            assert secret not in admin_client_.get(url).content.decode()

    def test_missing_events_and_bad_url_are_shown_next_to_the_fields(self, admin_client_: Client):
        response = admin_client_.post("/settings/webhooks/", {"url": "not a url"})
        assert response.status_code == 422
        errors = response.context["form"].errors
        assert errors["url"] and errors["events"]
        assert not Webhook.objects.exists()

    def test_refusal_from_the_action_is_shown_on_the_form(self, admin_client_: Client, settings):
        settings.WEBHOOK_ALLOW_PRIVATE = False
        response = admin_client_.post(
            "/settings/webhooks/", {"url": "http://127.0.0.1:8080/", "events": ["ticket.solved"]}
        )
        assert response.status_code == 422
        assert response.context["form"].non_field_errors()
        assert not Webhook.objects.exists()


class TestWebhookPages:
    def test_list_shows_active_flag_and_last_delivery_state(
        self, admin_client_: Client, webhook: Webhook
    ):
        delivery_for(webhook, Delivery.State.SUCCEEDED, 200)
        html = admin_client_.get("/settings/webhooks/").content.decode()
        assert HOOK_URL in html
        assert "Active" in html
        assert "Delivered" in html

    def test_detail_lists_deliveries_with_their_attempts(
        self, admin_client_: Client, webhook: Webhook
    ):
        delivery_for(webhook)
        response = admin_client_.get(f"/settings/webhooks/{webhook.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Ticket created" in html
        assert "Failed" in html
        assert "HTTP 500" in html
        assert "42 ms" in html
        assert "Retry" in html

    def test_edit_changes_url_and_events(self, admin_client_: Client, webhook: Webhook):
        response = admin_client_.post(
            f"/settings/webhooks/{webhook.pk}/edit/",
            {"url": "https://crm.example.com/v2", "events": ["ticket.solved"]},
        )
        assert response.status_code == 302
        webhook.refresh_from_db()
        assert (webhook.url, webhook.events) == ("https://crm.example.com/v2", ["ticket.solved"])

    def test_send_test_delivery_queues_a_ping(
        self, admin_client_: Client, webhook: Webhook, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client_.post(f"/settings/webhooks/{webhook.pk}/test/")
        assert response.status_code == 302
        delivery = Delivery.objects.get()
        assert (delivery.event, delivery.state) == ("ping", Delivery.State.PENDING)
        task = DBTaskResult.objects.get(task_path__endswith="deliver_webhook")
        assert task.args_kwargs["args"] == [delivery.pk]
        assert "Test (ping)" in admin_client_.get(response["Location"]).content.decode()

    def test_retry_puts_a_failed_delivery_back_in_the_queue(
        self, admin_client_: Client, webhook: Webhook, django_capture_on_commit_callbacks
    ):
        delivery = delivery_for(webhook)
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client_.post(
                f"/settings/webhooks/{webhook.pk}/deliveries/{delivery.pk}/retry/"
            )
        assert response.status_code == 302
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.PENDING
        assert delivery.next_attempt_at <= timezone.now()
        assert DBTaskResult.objects.filter(task_path__endswith="deliver_webhook").count() == 1

    def test_retry_of_a_delivered_delivery_is_refused(
        self, admin_client_: Client, webhook: Webhook
    ):
        delivery = delivery_for(webhook, Delivery.State.SUCCEEDED, 200)
        response = admin_client_.post(
            f"/settings/webhooks/{webhook.pk}/deliveries/{delivery.pk}/retry/", follow=True
        )
        assert "Only a failed delivery can be retried." in response.content.decode()
        delivery.refresh_from_db()
        assert delivery.state == Delivery.State.SUCCEEDED
        assert not DBTaskResult.objects.exists()

    def test_retry_checks_the_delivery_belongs_to_the_webhook(
        self, admin_client_: Client, webhook: Webhook, admin_user: User
    ):
        other, _ = actions.create_webhook(
            "https://b.example.com/", ["ticket.solved"], actor=admin_user
        )
        delivery = delivery_for(other)
        response = admin_client_.post(
            f"/settings/webhooks/{webhook.pk}/deliveries/{delivery.pk}/retry/"
        )
        assert response.status_code == 404

    def test_deactivate_and_activate_again(self, admin_client_: Client, webhook: Webhook):
        url = f"/settings/webhooks/{webhook.pk}/active/"
        admin_client_.post(url, {"active": "0"})
        webhook.refresh_from_db()
        assert webhook.is_active is False
        admin_client_.post(url, {"active": "1"})
        webhook.refresh_from_db()
        assert webhook.is_active is True

    def test_delete_asks_first_then_removes_the_webhook_and_its_log(
        self, admin_client_: Client, webhook: Webhook
    ):
        delivery_for(webhook)
        url = f"/settings/webhooks/{webhook.pk}/delete/"
        confirm = admin_client_.get(url)
        assert confirm.status_code == 200
        assert Webhook.objects.exists()
        response = admin_client_.post(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("webhooks")
        assert not Webhook.objects.exists()
        assert not Delivery.objects.exists()

    @pytest.mark.parametrize("n", [1, 20])
    def test_list_query_count_is_flat(
        self, admin_client_: Client, admin_user: User, django_assert_num_queries, n: int
    ):
        for i in range(n):
            hook, _ = actions.create_webhook(
                f"https://h{i}.example.com/", ["ticket.created"], actor=admin_user
            )
            delivery_for(hook)
        admin_client_.get("/settings/webhooks/")  # warm the cached sidebar counts
        # session, user, unread count, saved views, webhooks with their last delivery
        with django_assert_num_queries(5):
            assert admin_client_.get("/settings/webhooks/").status_code == 200

    @pytest.mark.parametrize("n", [1, 20])
    def test_detail_query_count_is_flat(
        self, admin_client_: Client, webhook: Webhook, django_assert_num_queries, n: int
    ):
        for _ in range(n):
            delivery_for(webhook)
        url = f"/settings/webhooks/{webhook.pk}/"
        admin_client_.get(url)  # warm the cached sidebar counts
        # session, user, unread count, saved views, webhook, deliveries, their attempts
        with django_assert_num_queries(7):
            assert admin_client_.get(url).status_code == 200
