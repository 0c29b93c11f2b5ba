"""A real Dovecot IMAP server for tests, started once per test session (per xdist worker).

The `dovecot` fixture writes a throw-away configuration into a temporary directory and runs
Debian's `/usr/sbin/dovecot -F -c <conf>` as a subprocess:

- one user (`DovecotServer.user` / `.password`, plain-text passwd-file) with a maildir under
  the temporary directory;
- two listeners on 127.0.0.1, on free ports: `port` speaks plain IMAP (and offers STARTTLS),
  `tls_port` speaks implicit TLS (IMAPS);
- the TLS certificate is issued at fixture time, with the `cryptography` package, by a
  throw-away CA whose certificate is at `ca_file` (give it to `SEVAI_MAIL_CA_FILE` /
  `settings.MAIL_CA_FILE` so Sevai trusts it); the certificate is valid for `localhost` and
  `127.0.0.1`;
- as root, Dovecot's own unprivileged users run the processes (`dovenull` for login,
  `dovecot` for internal services) and the mail user gets the uid of `dovecot`; as any other
  user everything runs as that user.

Tests should use a folder of their own (`dovecot.new_folder()`), since the server lives for
the whole session. Without Dovecot the fixture skips; with `SEVAI_REQUIRE_SERVICES=true` it
fails instead.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DOVECOT = os.environ.get("SEVAI_DOVECOT") or shutil.which("dovecot") or "/usr/sbin/dovecot"
REQUIRE_SERVICES = os.environ.get("SEVAI_REQUIRE_SERVICES", "").lower() == "true"
START_TIMEOUT = 20.0

CONFIG = """\
# Written by sevai/testing/dovecot.py for one test session. Not for production.
base_dir = {base}/run
state_dir = {base}/state
instance_name = sevai-test-{port}
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
auth_verbose = yes
listen = 127.0.0.1
protocols = imap
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = {uid}
last_valid_uid = {uid}
first_valid_gid = 0
mail_location = maildir:~/Maildir
mail_plugins =
disable_plaintext_auth = no
auth_mechanisms = plain
# Tests log in with a wrong password on purpose: no delay (the penalty is off below).
auth_failure_delay = 0
ssl = yes
ssl_cert = <{base}/tls/cert.pem
ssl_key = <{base}/tls/key.pem
ssl_min_protocol = TLSv1.2
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  chroot =
}}
"""


@dataclass
class DovecotServer:
    host: str
    port: int  # plain IMAP; STARTTLS offered
    tls_port: int  # implicit TLS
    user: str
    password: str
    base_dir: Path
    maildir: Path
    ca_file: Path  # the CA that issued the server certificate
    log_file: Path
    _folders: Iterator[int] = field(default_factory=itertools.count, repr=False)

    @contextmanager
    def client(self, folder: str | None = None) -> Iterator[object]:
        """A logged-in IMAPClient on the plain port, with `folder` selected if given."""
        from imapclient import IMAPClient

        imap = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        try:
            imap.login(self.user, self.password)
            if folder:
                imap.select_folder(folder)
            yield imap
        finally:
            with suppress(Exception):  # already gone
                imap.logout()

    def new_folder(self, prefix: str = "Test") -> str:
        """Create an empty folder with a name no other test uses, and return it."""
        name = f"{prefix}{os.getpid()}x{next(self._folders)}"
        with self.client() as imap:
            imap.create_folder(name)  # type: ignore[attr-defined]
        return name

    def append(self, raw: bytes, folder: str = "INBOX", flags: tuple[bytes, ...] = ()) -> int:
        """Put `raw` into `folder` byte for byte (IMAP APPEND); returns its UID."""
        with self.client() as imap:
            response = imap.append(folder, raw, flags=flags)  # type: ignore[attr-defined]
        # Dovecot answers "[APPENDUID <validity> <uid>] Append completed."
        text = response.decode() if isinstance(response, bytes) else str(response)
        return int(text.split("]", 1)[0].split()[-1]) if "APPENDUID" in text else 0

    def messages(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        """UID -> flags of every message in `folder` (deleted or not), without \\Recent."""
        with self.client(folder) as imap:
            found = imap.search(["ALL"])  # type: ignore[attr-defined]
            if not found:
                return {}
            flags = imap.get_flags(found)  # type: ignore[attr-defined]
        return {int(uid): tuple(x for x in f if x != b"\\Recent") for uid, f in flags.items()}

    def folder_exists(self, folder: str) -> bool:
        with self.client() as imap:
            return bool(imap.folder_exists(folder))  # type: ignore[attr-defined]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(host: str, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited with {process.returncode}:\n{read_log(log)}")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)  # waiting for a subprocess, not for test time
    raise RuntimeError(f"dovecot did not listen on {host}:{port} in time:\n{read_log(log)}")


def read_log(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"


def write_certificates(directory: Path) -> Path:
    """A throw-away CA and a server certificate for localhost/127.0.0.1 it signed."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    directory.mkdir(mode=0o755)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sevai test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )  # fmt: skip
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    (directory / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file = directory / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)  # read by the master process (root or us) only
    ca_file = directory / "ca.pem"
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return ca_file


def accounts() -> tuple[str, str, int, int]:
    """(internal user, login user, mail uid, mail gid) for the running user."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return me.pw_name, me.pw_name, me.pw_uid, me.pw_gid
    try:
        internal = pwd.getpwnam("dovecot")
        login = pwd.getpwnam("dovenull")
    except KeyError:
        raise RuntimeError("running as root needs the `dovecot` and `dovenull` users") from None
    return internal.pw_name, login.pw_name, internal.pw_uid, internal.pw_gid


def unavailable(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"SEVAI_REQUIRE_SERVICES=true but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    if not os.access(DOVECOT, os.X_OK):
        unavailable(f"Dovecot is not installed at {DOVECOT} (apt-get install dovecot-imapd)")
    internal_user, login_user, uid, gid = accounts()
    base = Path(tempfile.mkdtemp(prefix="sevai-dovecot-"))
    base.chmod(0o755)  # the unprivileged Dovecot processes must reach their sockets
    ca_file = write_certificates(base / "tls")
    user, password = "support@desk.example", "imap-test-password"
    (base / "users").write_text(f"{user}:{{PLAIN}}{password}\n")
    (base / "users").chmod(0o644)
    home = base / "home" / user
    home.mkdir(parents=True)
    if os.geteuid() == 0:
        os.chown(home, uid, gid)
    port, tls_port = free_port(), free_port()
    conf = base / "dovecot.conf"
    conf.write_text(
        CONFIG.format(
            base=base,
            port=port,
            tls_port=tls_port,
            uid=uid,
            gid=gid,
            internal_user=internal_user,
            login_user=login_user,
        )  # fmt: skip
    )
    log = base / "dovecot.log"
    process = subprocess.Popen(  # noqa: S603 (our own binary and config)
        [DOVECOT, "-F", "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=(base / "stderr.log").open("wb"),
    )
    try:
        try:
            wait_for_port("127.0.0.1", port, process, log)
            wait_for_port("127.0.0.1", tls_port, process, log)
        except RuntimeError as exc:
            stderr = (base / "stderr.log").read_text(errors="replace")
            unavailable(f"Dovecot did not start: {exc}\n{stderr}")
        yield DovecotServer(
            host="127.0.0.1",
            port=port,
            tls_port=tls_port,
            user=user,
            password=password,
            base_dir=base,
            maildir=home / "Maildir",
            ca_file=ca_file,
            log_file=log,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(base, ignore_errors=True)
