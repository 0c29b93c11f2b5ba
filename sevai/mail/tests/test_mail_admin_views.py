"""Mailbox settings pages: admins only, write-only passwords, a secret shown once, poll now."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client

from sevai.accounts.models import User
from sevai.lib.crypto import encrypt
from sevai.mail.admin import actions
from sevai.mail.models import InboundMessage, Mailbox
from sevai.testing.factories import TicketFactory
from sevai.workspace.tests.test_accessibility import Audit

pytestmark = pytest.mark.django_db

RAW = (
    b"From: Tigran <tigran@customer.example>\r\nTo: help@desk.example\r\n"
    b"Subject: Invoice\r\nMessage-ID: <inv-1@customer.example>\r\n\r\nHello \xe9\r\n"
)


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Help desk",
        "address": "help@desk.example",
        "team": "",
        "is_active": "on",
        "send_acknowledgement": "on",
        "imap_host": "imap.desk.example",
        "imap_port": 993,
        "imap_security": "tls",
        "imap_username": "help@desk.example",
        "imap_password": "s3cret-imap",
        "imap_folder": "INBOX",
        "imap_processed_folder": "",
        "smtp_host": "smtp.desk.example",
        "smtp_port": 587,
        "smtp_security": "starttls",
        "smtp_username": "help@desk.example",
        "smtp_password": "s3cret-smtp",
    }
    data.update(overrides)
    return data


@pytest.fixture
def mailbox(admin_user: User) -> Mailbox:
    return actions.create_mailbox(
        {"name": "Help desk", "address": "help@desk.example", "imap_host": "imap.desk.example",
         "imap_username": "help@desk.example"},
        actor=admin_user,
        imap_password="s3cret-imap",
    )  # fmt: skip


def inbound(mailbox: Mailbox | None, **fields: object) -> InboundMessage:
    raw = fields.pop("raw", RAW)
    assert isinstance(raw, bytes)
    return InboundMessage.objects.create(
        mailbox=mailbox,
        source=fields.pop("source", "imap"),
        raw=raw,
        size=len(raw),
        sha256=hashlib.sha256(raw).hexdigest(),
        message_id=fields.pop("message_id", "inv-1@customer.example"),
        **fields,
    )


def pages(mailbox: Mailbox) -> list[str]:
    return [
        "/settings/mailboxes/",
        "/settings/mailboxes/new/",
        f"/settings/mailboxes/{mailbox.pk}/",
        "/settings/mailboxes/inbound/",
    ]


class TestMailboxPagesAreForAdminsOnly:
    def test_agents_get_403_everywhere(self, agent_client: Client, mailbox: Mailbox):
        for url in pages(mailbox):
            assert agent_client.get(url).status_code == 403, url
        item = inbound(mailbox)
        assert agent_client.get(f"/settings/mailboxes/inbound/{item.pk}/raw/").status_code == 403
        for action in ("secret", "poll"):
            url = f"/settings/mailboxes/{mailbox.pk}/{action}/"
            assert agent_client.post(url).status_code == 403, url
        assert agent_client.post("/settings/mailboxes/new/", form_data()).status_code == 403
        assert Mailbox.objects.count() == 1

    def test_anonymous_visitors_are_sent_to_login(self, client: Client, mailbox: Mailbox):
        response = client.get("/settings/mailboxes/")
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_the_settings_tabs_show_mailboxes_to_admins_only(
        self, admin_client_: Client, agent_client: Client
    ):
        assert b'href="/settings/mailboxes/"' in admin_client_.get("/settings/profile/").content
        assert b'href="/settings/mailboxes/"' not in agent_client.get("/settings/profile/").content


class TestAddAndEditMailboxes:
    def test_an_admin_adds_a_mailbox_with_encrypted_passwords(self, admin_client_: Client):
        response = admin_client_.post("/settings/mailboxes/new/", form_data())
        mailbox = Mailbox.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/settings/mailboxes/{mailbox.pk}/"
        assert mailbox.imap_password == "s3cret-imap" and mailbox.smtp_password == "s3cret-smtp"
        assert "s3cret" not in mailbox.imap_password_encrypted + mailbox.smtp_password_encrypted

    def test_passwords_are_never_rendered_and_blank_keeps_them(
        self, admin_client_: Client, mailbox: Mailbox
    ):
        url = f"/settings/mailboxes/{mailbox.pk}/"
        page = admin_client_.get(url).content.decode()
        assert "s3cret-imap" not in page and mailbox.imap_password_encrypted not in page
        assert re.search(r'<input type="password" name="imap_password"[^>]*>', page)
        assert 'value="' not in re.search(r'<input type="password" name="imap_password"[^>]*>',
                                          page).group(0)  # fmt: skip

        data = form_data(name="Renamed", imap_password="", smtp_password="")
        assert admin_client_.post(url, data).status_code == 302
        mailbox.refresh_from_db()
        assert mailbox.name == "Renamed" and mailbox.imap_password == "s3cret-imap"

        admin_client_.post(url, form_data(imap_password="n3w-one"))
        mailbox.refresh_from_db()
        assert mailbox.imap_password == "n3w-one"

    def test_views_that_take_passwords_hide_them_from_error_reports(
        self, admin_client_: Client, mailbox: Mailbox
    ):
        for url in ("/settings/mailboxes/new/", f"/settings/mailboxes/{mailbox.pk}/"):
            response = admin_client_.post(url, form_data(address="not-an-address"))
            assert response.status_code == 422
            assert set(response.wsgi_request.sensitive_post_parameters) == {
                "imap_password", "smtp_password",
            }  # fmt: skip
            assert b"s3cret" not in response.content

    def test_bad_settings_are_refused_and_nothing_changes(
        self, admin_client_: Client, mailbox: Mailbox
    ):
        url = f"/settings/mailboxes/{mailbox.pk}/"
        bad = form_data(imap_username="", imap_processed_folder="INBOX", imap_port=70000)
        response = admin_client_.post(url, bad)
        assert response.status_code == 422
        errors = response.context["form"].errors
        assert {"imap_username", "imap_processed_folder", "imap_port"} <= set(errors)
        mailbox.refresh_from_db()
        assert mailbox.imap_port == 993

    def test_a_second_mailbox_with_the_same_address_is_refused(
        self, admin_client_: Client, mailbox: Mailbox
    ):
        response = admin_client_.post("/settings/mailboxes/new/", form_data())
        assert response.status_code == 422
        assert "address" in response.context["form"].errors
        assert Mailbox.objects.count() == 1


class TestInboundSecret:
    def test_the_secret_is_shown_once_and_only_its_hash_is_kept(
        self, admin_client_: Client, mailbox: Mailbox
    ):
        response = admin_client_.post(f"/settings/mailboxes/{mailbox.pk}/secret/")
        secret = response.context["secret"]
        page = response.content.decode()
        assert secret in page and f"/mail/inbound/{mailbox.pk}/" in page
        assert "--data-binary @message.eml" in page
        assert response["Cache-Control"].startswith("max-age=0")
        mailbox.refresh_from_db()
        assert mailbox.inbound_secret_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert (
            secret not in admin_client_.get(f"/settings/mailboxes/{mailbox.pk}/").content.decode()
        )

    def test_the_generated_secret_opens_the_http_endpoint(
        self, admin_client_: Client, client: Client, mailbox: Mailbox
    ):
        secret = admin_client_.post(f"/settings/mailboxes/{mailbox.pk}/secret/").context["secret"]
        response = client.post(
            f"/mail/inbound/{mailbox.pk}/",
            RAW,
            content_type="message/rfc822",
            HTTP_AUTHORIZATION=f"Bearer {secret}",
        )
        assert response.status_code == 202
        assert bytes(InboundMessage.objects.get(mailbox=mailbox, source="http").raw) == RAW


class TestPollNow:
    def test_poll_now_fetches_from_the_server_and_shows_the_result(
        self, admin_client_: Client, admin_user: User, dovecot
    ):
        folder = dovecot.new_folder()
        mailbox = actions.create_mailbox(
            {"name": "Dovecot", "address": "dovecot@desk.example", "imap_host": dovecot.host,
             "imap_port": dovecot.port, "imap_security": "none", "imap_username": dovecot.user,
             "imap_folder": folder},
            actor=admin_user,
            imap_password=dovecot.password,
        )  # fmt: skip
        dovecot.append(RAW, folder)
        response = admin_client_.post(
            f"/settings/mailboxes/{mailbox.pk}/poll/", HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200
        assert b"1 fetched, 1 stored as new, 0 already stored" in response.content
        assert b"<html" not in response.content
        assert InboundMessage.objects.filter(mailbox=mailbox).count() == 1

    def test_without_htmx_the_page_shows_the_error_of_a_failed_poll(
        self, admin_client_: Client, mailbox: Mailbox
    ):
        Mailbox.objects.filter(pk=mailbox.pk).update(imap_host="127.0.0.1", imap_port=1)
        response = admin_client_.post(f"/settings/mailboxes/{mailbox.pk}/poll/")
        assert response.status_code == 200
        assert b"Cannot connect to 127.0.0.1:1" in response.content
        mailbox.refresh_from_db()
        assert mailbox.last_error.startswith("Cannot connect")

    def test_a_mailbox_without_imap_server_is_not_polled(
        self, admin_client_: Client, mailbox: Mailbox
    ):
        Mailbox.objects.filter(pk=mailbox.pk).update(imap_host="")
        response = admin_client_.post(f"/settings/mailboxes/{mailbox.pk}/poll/", follow=True)
        assert b"no IMAP server to poll" in response.content
        mailbox.refresh_from_db()
        assert mailbox.last_polled_at is None


class TestInboundMailPage:
    def test_lists_state_flags_verdict_and_ticket(self, admin_client_: Client, mailbox: Mailbox):
        ticket = TicketFactory()
        inbound(
            mailbox, state="flagged", flags=["possible mail loop"], ticket=ticket,
            verdict={"sender": {"address": "tigran@customer.example"}, "action": "new_ticket",
                     "subject": "Invoice", "threading": {"rule": "subject-token"}},
        )  # fmt: skip
        page = admin_client_.get("/settings/mailboxes/inbound/").content.decode()
        assert "tigran@customer.example" in page and "possible mail loop" in page
        assert "Opened a new ticket" in page and "Ticket number in the subject" in page
        assert f'href="/tickets/{ticket.number}/"' in page

    def test_filters_by_state(self, admin_client_: Client, mailbox: Mailbox):
        inbound(mailbox, state="flagged", message_id="a@x")
        inbound(mailbox, state="processed", raw=RAW + b"other", message_id="b@x")
        rows = admin_client_.get("/settings/mailboxes/inbound/?state=flagged").context["rows"]
        assert [r.message_id for r in rows] == ["a@x"]

    def test_the_raw_mail_downloads_byte_for_byte(self, admin_client_: Client, mailbox: Mailbox):
        item = inbound(mailbox)
        response = admin_client_.get(f"/settings/mailboxes/inbound/{item.pk}/raw/")
        assert response.content == RAW
        assert response["Content-Type"] == "message/rfc822"
        assert response["Content-Disposition"] == f'attachment; filename="inbound-{item.pk}.eml"'
        assert response["X-Content-Type-Options"] == "nosniff"

    @pytest.mark.parametrize("n", [1, 20])
    def test_query_count_is_flat(
        self, admin_client_: Client, mailbox: Mailbox, django_assert_num_queries, n: int
    ):
        for i in range(n):
            inbound(mailbox, raw=RAW + str(i).encode(), message_id=f"{i}@x", ticket=TicketFactory())
        admin_client_.get("/settings/mailboxes/inbound/")  # warm the cached sidebar counts
        # session, user, unread count, saved views, mailbox choices, inbound rows
        with django_assert_num_queries(6):
            assert admin_client_.get("/settings/mailboxes/inbound/").status_code == 200


class TestMailboxListQueryCount:
    @pytest.mark.parametrize("n", [1, 20])
    def test_query_count_is_flat(
        self, admin_client_: Client, admin_user: User, django_assert_num_queries, n: int
    ):
        for i in range(n):
            box = Mailbox.objects.create(
                name=f"Box {i}", address=f"box{i}@desk.example", last_error="timed out",
                imap_host="imap.example", imap_password_encrypted=encrypt("pw"),
            )  # fmt: skip
            inbound(box, raw=RAW + str(i).encode(), message_id=f"{i}@x", state="flagged")
        admin_client_.get("/settings/mailboxes/")  # warm the cached sidebar counts
        # session, user, unread count, saved views, mailboxes with their counts
        with django_assert_num_queries(5):
            response = admin_client_.get("/settings/mailboxes/")
        assert response.content.decode().count("timed out") == n


class TestAccessibleMailPages:
    def test_every_mailbox_page_labels_its_controls(self, admin_client_: Client, mailbox: Mailbox):
        inbound(mailbox)
        for url in pages(mailbox):
            response = admin_client_.get(url)
            assert response.status_code == 200, url
            audit = Audit()
            audit.feed(response.content.decode())
            assert audit.unlabelled() == [], url
            assert audit.h1 == 1 and audit.main == 1, url
            assert audit.images_without_alt == 0, url
        secret_page = admin_client_.post(f"/settings/mailboxes/{mailbox.pk}/secret/")
        audit = Audit()
        audit.feed(secret_page.content.decode())
        assert audit.unlabelled() == [] and audit.h1 == 1
