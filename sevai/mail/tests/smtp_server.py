"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 that records what it receives.

It can be told to answer RCPT or DATA with an error (421/451 temporary, 550 permanent),
to require a login, to offer STARTTLS or to speak implicit TLS, and it can be stopped
and started again on the same port (an outage).
"""

from __future__ import annotations

import datetime
import email
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sevai.lib.crypto import encrypt
from sevai.mail.models import Mailbox


@dataclass
class Envelope:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Handler:
    received: list[Envelope] = field(default_factory=list)
    rcpt_reply: str = ""
    data_reply: str = ""
    logins: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(  # aiosmtpd hook
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply:
            return self.data_reply
        with self.lock:
            self.received.append(
                Envelope(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
            )
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd's Controller, restartable on the same port."""

    def __init__(
        self,
        *,
        login: tuple[str, str] | None = None,
        starttls: ssl.SSLContext | None = None,
        implicit_tls: ssl.SSLContext | None = None,
    ) -> None:
        self.handler = Handler()
        self.host = "127.0.0.1"
        self.port = free_port()
        self.login = login
        self.starttls = starttls
        self.implicit_tls = implicit_tls
        self.controller: Controller | None = None

    @property
    def received(self) -> list[Envelope]:
        return self.handler.received

    def answer_rcpt(self, reply: str) -> None:
        self.handler.rcpt_reply = reply

    def answer_data(self, reply: str) -> None:
        self.handler.data_reply = reply

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        given = (auth_data.login.decode(), auth_data.password.decode())
        self.handler.logins.append(given)
        return AuthResult(success=given == self.login, handled=False)

    def start(self) -> None:
        kwargs: dict[str, Any] = {}
        if self.login:
            kwargs.update(authenticator=self._authenticate, auth_require_tls=False)
        if self.starttls:
            kwargs.update(tls_context=self.starttls, require_starttls=True)
        self.controller = Controller(
            self.handler,
            hostname=self.host,
            port=self.port,
            ssl_context=self.implicit_tls,
            **kwargs,
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_smtp_server(**kwargs: Any) -> Iterator[SmtpServer]:
    server = SmtpServer(**kwargs)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def mailbox_for_server(server: SmtpServer, **fields: Any) -> Mailbox:
    """A mailbox that sends through the test server (plain SMTP unless told otherwise)."""
    password = fields.pop("password", "")
    defaults: dict[str, Any] = {
        "name": "Parcel Help",
        "address": "help@desk.example",
        "smtp_host": server.host,
        "smtp_port": server.port,
        "smtp_security": Mailbox.Security.NONE,
        "smtp_password_encrypted": encrypt(password),
    }
    return Mailbox.objects.create(**{**defaults, **fields})


def self_signed_tls(directory: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context that trusts it) for 127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_path, key_path)
    client = ssl.create_default_context(cafile=str(cert_path))
    return server, client
