"""The first mailbox from SEVAI_MAILBOX_ADDRESS, SEVAI_IMAP_URL and SEVAI_SMTP_URL."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from sevai.lib.crypto import decrypt
from sevai.mail.admin.actions import configure_mailbox_from_env
from sevai.mail.envconfig import parse_mail_url
from sevai.mail.models import Mailbox


class TestParseMailUrl:
    @pytest.mark.parametrize(
        ("url", "security", "port", "folder"),
        [
            ("imaps://u:p@imap.example.com/INBOX", "tls", 993, "INBOX"),
            ("imap+starttls://u:p@imap.example.com", "starttls", 143, "INBOX"),
            ("imap://u:p@127.0.0.1:10143/", "none", 10143, "INBOX"),
            ("smtps://u:p@smtp.example.com", "tls", 465, ""),
            ("smtp+starttls://u:p@smtp.example.com", "starttls", 587, ""),
            ("SMTP://smtp.example.com", "none", 25, ""),
        ],
    )
    def test_schemes_and_default_ports(self, url, security, port, folder):
        server = parse_mail_url(url)
        assert (server["security"], server["port"], server["folder"]) == (security, port, folder)

    def test_all_parts_of_an_imap_url(self):
        assert parse_mail_url("imaps://desk:s3cret@imap.example.com:1993/Support/New") == {
            "host": "imap.example.com",
            "port": 1993,
            "security": "tls",
            "username": "desk",
            "password": "s3cret",
            "folder": "Support/New",
        }

    def test_user_password_and_folder_are_percent_decoded(self):
        server = parse_mail_url(
            "imaps://desk%40example.com:p%3Aa%2Fs%23s%40@imap.example.com/A%20B"
        )
        assert server["username"] == "desk@example.com"
        assert server["password"] == "p:a/s#s@"
        assert server["folder"] == "A B"

    def test_without_credentials(self):
        server = parse_mail_url("smtp://127.0.0.1:2525")
        assert (server["host"], server["username"], server["password"]) == ("127.0.0.1", "", "")

    @pytest.mark.parametrize(
        ("url", "message"),
        [
            ("pop3://u:p@mail.example.com", "unknown scheme 'pop3'"),
            ("imap.example.com", "unknown scheme ''"),
            ("imaps://u:p@:993/INBOX", "host name is missing"),
            ("imaps://u:p@imap.example.com:abc", "port must be a number"),
            ("imaps://u:p@imap.example.com:70000", "port must be a number"),
            ("imaps://u:p@imap.example.com:0", "port must be a number"),
            ("smtps://u:p@smtp.example.com/INBOX", "an SMTP URL has no path"),
            ("imaps://u:p@imap.example.com/INBOX?x=1", "unexpected ? or #"),
        ],
    )
    def test_bad_urls_are_rejected_without_showing_the_password(self, url, message):
        with pytest.raises(ImproperlyConfigured, match=message.replace("?", r"\?")) as exc:
            parse_mail_url(url)
        assert ":p@" not in str(exc.value)


@pytest.mark.django_db
class TestConfigureMailboxFromEnv:
    def test_nothing_happens_without_an_address(self, settings):
        settings.MAILBOX_ADDRESS = ""
        settings.MAILBOX_IMAP_URL = "imaps://u:p@imap.example.com/INBOX"
        assert configure_mailbox_from_env() is None
        assert not Mailbox.objects.exists()

    def test_creates_then_updates_one_mailbox_with_encrypted_passwords(self, settings):
        settings.MAILBOX_ADDRESS = "help@desk.example"
        settings.MAILBOX_NAME = ""
        settings.MAILBOX_IMAP_URL = "imaps://desk:imap-pw@imap.example.com/Support"
        settings.MAILBOX_SMTP_URL = "smtp+starttls://desk:smtp-pw@smtp.example.com"

        created = configure_mailbox_from_env()

        assert created is not None
        mailbox = Mailbox.objects.get()
        assert (mailbox.name, mailbox.address) == ("Support", "help@desk.example")
        assert (mailbox.imap_host, mailbox.imap_port, mailbox.imap_security) == (
            "imap.example.com", 993, Mailbox.Security.TLS,
        )  # fmt: skip
        assert (mailbox.imap_username, mailbox.imap_folder) == ("desk", "Support")
        assert (mailbox.smtp_host, mailbox.smtp_port, mailbox.smtp_security) == (
            "smtp.example.com", 587, Mailbox.Security.STARTTLS,
        )  # fmt: skip
        assert "imap-pw" not in mailbox.imap_password_encrypted
        assert decrypt(mailbox.imap_password_encrypted) == "imap-pw"
        assert decrypt(mailbox.smtp_password_encrypted) == "smtp-pw"

        # An admin's edits to fields the environment does not give stay.
        Mailbox.objects.filter(pk=mailbox.pk).update(name="Help desk", imap_processed_folder="Done")
        settings.MAILBOX_IMAP_URL = "imap+starttls://desk:new-pw@imap2.example.com:1143"
        settings.MAILBOX_SMTP_URL = ""

        updated = configure_mailbox_from_env()

        assert updated is not None and updated.pk == created.pk
        mailbox = Mailbox.objects.get()
        assert (mailbox.name, mailbox.imap_processed_folder) == ("Help desk", "Done")
        assert (mailbox.imap_host, mailbox.imap_port, mailbox.imap_security) == (
            "imap2.example.com", 1143, Mailbox.Security.STARTTLS,
        )  # fmt: skip
        assert mailbox.imap_folder == "INBOX"
        assert mailbox.imap_password == "new-pw"
        assert (mailbox.smtp_host, mailbox.smtp_password) == ("smtp.example.com", "smtp-pw")

    def test_a_name_from_the_environment_is_applied(self, settings):
        settings.MAILBOX_ADDRESS = "help@desk.example"
        settings.MAILBOX_NAME = "Kundendienst"
        settings.MAILBOX_IMAP_URL = settings.MAILBOX_SMTP_URL = ""
        configure_mailbox_from_env()
        assert Mailbox.objects.get().name == "Kundendienst"

    def test_a_bad_address_stops_start_up(self, settings):
        settings.MAILBOX_ADDRESS = "not an address"
        settings.MAILBOX_IMAP_URL = settings.MAILBOX_SMTP_URL = ""
        with pytest.raises(ImproperlyConfigured, match="SEVAI_MAILBOX_ADDRESS"):
            configure_mailbox_from_env()
        assert not Mailbox.objects.exists()
