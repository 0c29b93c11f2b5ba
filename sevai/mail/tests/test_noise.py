"""noise.classify: auto-replies, bounces and complaints among real and hand-made mail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sevai.mail.noise import NoiseVerdict, classify
from sevai.mail.parsing import parse_email
from sevai.testing.shared import SHARED_EMAILS

SHARED = SHARED_EMAILS
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=f"no mail fixtures at {SHARED}")


def verdict_for(path: Path) -> NoiseVerdict:
    return classify(parse_email(path.read_bytes()))


def files(pattern: str) -> list[Path]:
    return sorted(SHARED.glob(pattern)) if SHARED.is_dir() else []


def expected_kind(name: str) -> str:
    if name.startswith("arf-"):
        return "complaint"
    return "auto_reply" if name.startswith("rfc3834-") else "bounce"


SISIMAI = [p for p in files("sisimai-set-of-emails/maildir/*/*.eml") if p.parent.name != "not"]
# Noise all the same, but another kind than sisimai's.
OTHER_KIND = {
    "lhost-fml-02.eml": "a mailing-list robot's refusal (Mailing-List header): an auto-reply",
}
# Zammad's bounces and automatic mail, named in its README.
ZAMMAD_NOISE = {
    "mail018.box", "mail033-undelivered-mail-returned-to-sender.box", "mail043.box",
    "mail052.box", "mail053.box", "mail055.box", "mail063.box", "mail078.box", "mail089.box",
    "mail090.box", "mail092.box",
}  # fmt: skip
CHATWOOT_AUTO_REPLIES = {"non_utf_encoded_mail.eml"}  # X-Autoreply, Auto-Submitted, bulk


def with_kind_marks(paths: list[Path]) -> list[Any]:
    return [
        pytest.param(
            path,
            id=path.parent.name + "/" + path.name,
            marks=[pytest.mark.xfail(strict=True, reason=OTHER_KIND[path.name])]
            if path.name in OTHER_KIND
            else [],
        )
        for path in paths
    ]


@needs_shared
class TestSisimaiSet:
    @pytest.mark.parametrize("path", SISIMAI, ids=lambda p: p.parent.name + "/" + p.name)
    def test_is_never_normal_mail(self, path: Path) -> None:
        assert verdict_for(path).kind != "normal"

    @pytest.mark.parametrize("path", with_kind_marks(SISIMAI))
    def test_kind_is_bounce_auto_reply_or_complaint_as_named(self, path: Path) -> None:
        assert verdict_for(path).kind == expected_kind(path.name)

    @pytest.mark.parametrize(
        "path", files("sisimai-set-of-emails/maildir/not/*.eml"), ids=lambda p: p.name
    )
    def test_look_alikes_are_not_bounces(self, path: Path) -> None:
        assert verdict_for(path).kind != "bounce"

    @pytest.mark.parametrize(
        "path", files("sisimai-set-of-emails-rhost/maildir/*/*.eml"), ids=lambda p: p.name
    )
    def test_remote_host_bounce_is_a_bounce(self, path: Path) -> None:
        verdict = verdict_for(path)
        assert verdict.kind == "bounce"
        assert verdict.reason


def bounce_expectations(folder: str) -> list[tuple[Path, list[dict[str, Any]]]]:
    if not SHARED.is_dir():
        return []
    data = json.loads((SHARED / folder / "expected.json").read_text())["files"]
    return [
        (SHARED / folder / "maildir" / "bsd" / name, recipients)
        for name, recipients in sorted(data.items())
        if recipients and recipients[0]["reason"] not in ("feedback", "vacation")
    ]


@needs_shared
class TestBounceDetailsAgainstSisimai:
    """Shares measured on sisimai's expected.json; see the report for the figures."""

    @pytest.mark.parametrize("folder", ["sisimai-set-of-emails", "sisimai-set-of-emails-rhost"])
    def test_bounced_recipients_are_found_for_90_percent(self, folder: str) -> None:
        cases = bounce_expectations(folder)
        right = sum(1 for p, r in cases if len(verdict_for(p).bounced_recipients) == len(r))
        assert right / len(cases) >= 0.9

    @pytest.mark.parametrize("folder", ["sisimai-set-of-emails", "sisimai-set-of-emails-rhost"])
    def test_stated_status_codes_agree_for_90_percent(self, folder: str) -> None:
        cases = [
            (p, r)
            for p, r in bounce_expectations(folder)
            if not r[0]["status"].startswith(("5.0.9", "4.0.9"))  # sisimai's own pseudo codes
        ]
        right = sum(1 for p, r in cases if verdict_for(p).status == r[0]["status"])
        assert right / len(cases) >= 0.9

    @pytest.mark.parametrize("folder", ["sisimai-set-of-emails", "sisimai-set-of-emails-rhost"])
    def test_hard_or_soft_agrees_for_75_percent(self, folder: str) -> None:
        cases = bounce_expectations(folder)
        right = sum(
            1 for p, r in cases if verdict_for(p).hard == any(item["hard_bounce"] for item in r)
        )
        assert right / len(cases) >= 0.75


@needs_shared
class TestOtherCorpora:
    @pytest.mark.parametrize(
        "path", files("mailgun-flanker/messages/bounce/*"), ids=lambda p: p.name
    )
    def test_flanker_bounce_is_a_bounce(self, path: Path) -> None:
        assert verdict_for(path).kind == "bounce"

    @pytest.mark.parametrize(
        "path", files("mailgun-flanker/messages/complaints/*"), ids=lambda p: p.name
    )
    def test_flanker_complaint_is_a_complaint(self, path: Path) -> None:
        assert verdict_for(path).kind == "complaint"

    def test_flanker_status_codes_are_read(self) -> None:
        bounces = SHARED / "mailgun-flanker/messages/bounce"
        assert verdict_for(bounces / "zed.eml").status == "5.1.1"
        assert verdict_for(bounces / "office365.eml").status == "5.1.10"
        assert verdict_for(SHARED / "mailgun-flanker/messages/signed.eml").kind == "normal"

    @pytest.mark.parametrize("path", files("chatwoot/*.eml"), ids=lambda p: p.name)
    def test_chatwoot_mail_is_noise_only_when_named_so(self, path: Path) -> None:
        kind = verdict_for(path).kind
        if path.name.startswith("bounced"):
            assert kind == "bounce"
        elif path.name.startswith("auto_reply") or path.name in CHATWOOT_AUTO_REPLIES:
            assert kind == "auto_reply"
        else:
            assert kind == "normal"

    @pytest.mark.parametrize("path", files("zammad/*.box"), ids=lambda p: p.name)
    def test_zammad_customer_mail_is_normal(self, path: Path) -> None:
        assert (verdict_for(path).kind != "normal") == (path.name in ZAMMAD_NOISE)

    @pytest.mark.parametrize(
        "path",
        files("django-helpdesk/*.eml") + files("mailgun-talon/standard_replies/*.eml"),
        ids=lambda p: p.name,
    )
    def test_peer_help_desk_mail_is_normal(self, path: Path) -> None:
        assert verdict_for(path).kind == "normal"


def mail(headers: str, body: str = "Hello,\n\nplease help.\n") -> NoiseVerdict:
    raw = f"From: Ana Lima <ana@example.com>\nTo: help@example.org\n{headers}\n\n{body}"
    return classify(parse_email(raw.encode("utf-8")))


class TestAutoReplyHeaders:
    def test_auto_submitted_auto_replied_is_an_auto_reply(self) -> None:
        verdict = mail("Subject: Hi\nAuto-Submitted: auto-replied")
        assert (verdict.kind, verdict.reason) == ("auto_reply", "Auto-Submitted: auto-replied")

    def test_auto_submitted_no_is_normal(self) -> None:
        assert mail("Subject: Hi\nAuto-Submitted: no").kind == "normal"

    @pytest.mark.parametrize("header", ["X-Autoreply: yes", "X-Autorespond: 1"])
    def test_x_autoreply_headers_make_an_auto_reply(self, header: str) -> None:
        assert mail(f"Subject: Hi\n{header}").kind == "auto_reply"

    @pytest.mark.parametrize("value", ["bulk", "junk", "list"])
    def test_mass_mail_precedence_is_never_answered(self, value: str) -> None:
        verdict = mail(f"Subject: News\nPrecedence: {value}")
        assert verdict.kind == "auto_reply"
        assert verdict.reason.startswith(f"Precedence: {value}")

    def test_mailing_list_mail_is_never_answered(self) -> None:
        verdict = mail("Subject: [users] Hi\nList-Id: <users.lists.example.com>")
        assert verdict.kind == "auto_reply"
        assert "mailing list" in verdict.reason

    def test_auto_response_suppress_alone_is_normal_mail(self) -> None:
        assert mail("Subject: Invoice\nX-Auto-Response-Suppress: All").kind == "normal"


class TestOutOfOfficeSubjects:
    @pytest.mark.parametrize(
        ("subject", "language"),
        [
            ("Out of Office: Your order", "en"),
            ("Automatic reply: Your order", "en"),
            ("Abwesenheitsnotiz: Ihre Bestellung", "de"),
            ("Automatische Antwort: Ihre Bestellung", "de"),
            ("Réponse automatique : Votre commande", "fr"),
            ("Respuesta automática: Su pedido", "es"),
            ("Resposta automática: O seu pedido", "pt"),
            ("Risposta automatica: Il tuo ordine", "it"),
            ("Automatisch antwoord: Uw bestelling", "nl"),
            ("Automatiskt svar: Din beställning", "sv"),
            ("Automatyczna odpowiedź: Zamówienie", "pl"),
            ("Автоматический ответ: Ваш заказ", "ru"),
            ("自动回复: 您的订单", "zh"),
            ("Awtomatikong tugon: Ang iyong order", "tl"),
        ],
    )
    def test_out_of_office_subject_is_an_auto_reply(self, subject: str, language: str) -> None:
        verdict = mail(f"Subject: {subject}")
        assert verdict.kind == "auto_reply"
        assert f"({language})" in verdict.reason

    def test_out_of_office_in_the_middle_of_a_subject_is_normal(self) -> None:
        assert mail("Subject: Question about your out of office policy").kind == "normal"


class TestBounces:
    DSN = (
        "Subject: Undelivered Mail Returned to Sender\n"
        "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b"'
    )
    DSN_BODY = (
        "--b\nContent-Type: text/plain\n\nI'm sorry.\n\n"
        "--b\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; gone@example.net\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: User unknown\n\n"
        "Final-Recipient: rfc822; full@example.net\nAction: failed\nStatus: 5.2.2\n"
        "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\n\n--b--\n"
    )

    def test_delivery_status_report_names_failed_recipients(self) -> None:
        verdict = classify(parse_email(f"To: a@b.c\n{self.DSN}\n\n{self.DSN_BODY}".encode()))
        assert verdict.kind == "bounce"
        assert verdict.bounced_recipients == ["gone@example.net", "full@example.net"]
        assert (verdict.status, verdict.hard) == ("5.1.1", True)

    def test_delayed_delivery_is_a_soft_bounce(self) -> None:
        body = self.DSN_BODY.replace("failed", "delayed").replace("5.1.1", "4.4.1")
        verdict = classify(parse_email(f"To: a@b.c\n{self.DSN}\n\n{body}".encode()))
        assert (verdict.kind, verdict.hard) == ("bounce", False)

    def test_x_failed_recipients_makes_a_bounce(self) -> None:
        verdict = mail("Subject: Mail delivery failed\nX-Failed-Recipients: Gone@Example.net")
        assert verdict.bounced_recipients == ["gone@example.net"]

    def test_free_text_bounce_from_mailer_daemon_is_read(self) -> None:
        raw = (
            "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: help@example.org\n"
            "Subject: Mail delivery failed: returning message to sender\n"
            "Auto-Submitted: auto-replied\n\n"
            "The following address(es) failed:\n\n  gone@example.net\n"
            "    SMTP error from remote mail server after RCPT TO:<gone@example.net>:\n"
            "    550 5.1.1 User unknown\n"
        )
        verdict = classify(parse_email(raw.encode()))
        assert (verdict.kind, verdict.bounced_recipients) == ("bounce", ["gone@example.net"])
        assert verdict.hard

    def test_customer_asking_about_a_bounce_is_normal(self) -> None:
        verdict = mail("Subject: Undeliverable: error 550 when I write to you")
        assert verdict.kind == "normal"


class TestComplaints:
    def test_feedback_report_is_a_complaint(self) -> None:
        raw = (
            "From: abuse@isp.example\nTo: help@example.org\nSubject: Abuse report\n"
            "MIME-Version: 1.0\n"
            'Content-Type: multipart/report; report-type=feedback-report; boundary="b"\n\n'
            "--b\nContent-Type: text/plain\n\nA complaint.\n"
            "--b\nContent-Type: message/feedback-report\n\n"
            "Feedback-Type: abuse\nOriginal-Rcpt-To: <user@isp.example>\n--b--\n"
        )
        verdict = classify(parse_email(raw.encode()))
        assert (verdict.kind, verdict.bounced_recipients) == ("complaint", ["user@isp.example"])


class TestOrdinaryMail:
    def test_plain_customer_mail_is_normal(self) -> None:
        verdict = mail("Subject: My invoice")
        assert (verdict.kind, verdict.bounced_recipients, verdict.hard) == ("normal", [], False)
