"""Honeypot, time to submit and rate limits: refused before anything is written."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.test.utils import override_settings

from sevai.brands.models import Brand
from sevai.contact import spam
from sevai.contact.tests.factories import form_data, row_counts
from sevai.tickets.models import Ticket

pytestmark = pytest.mark.django_db

URL = "/contact/parcel-help/"


def token_on(html: str) -> str:
    found = re.search(r'name="started" value="([^"]+)"', html)
    assert found, "no time stamp on the form"
    return found.group(1)


class TestHoneypot:
    def test_a_filled_honeypot_pretends_success_and_keeps_nothing(
        self, client: Client, brand: Brand
    ):
        before = row_counts()
        response = client.post(URL, form_data(website="http://cheap-pills.example"), follow=True)
        assert response.redirect_chain[0][0] == "/contact/parcel-help/sent/?lang=en"
        assert response.status_code == 200
        assert "Thank you, your message was sent" in response.content.decode()
        assert row_counts() == before

    def test_the_honeypot_is_hidden_from_people_and_assistive_technology(
        self, client: Client, brand: Brand
    ):
        html = client.get(URL).content.decode()
        trap = re.search(r'<div class="hp" aria-hidden="true">(.*?)</div>', html, re.S)
        assert trap is not None
        assert 'tabindex="-1"' in trap.group(1)
        assert 'autocomplete="off"' in trap.group(1)
        assert 'name="website"' in trap.group(1)


class TestTimeToSubmit:
    def test_the_page_time_stamp_is_accepted_after_a_human_pause(
        self, client: Client, brand: Brand
    ):
        with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False) as clock:
            token = token_on(client.get(URL).content.decode())
            clock.shift(spam.MIN_SECONDS)
            response = client.post(URL, form_data(started=token))
        assert response.status_code == 302
        assert Ticket.objects.count() == 1

    def test_a_form_sent_back_too_fast_is_refused_with_a_clear_message(
        self, client: Client, brand: Brand
    ):
        before = row_counts()
        with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=UTC), tick=False) as clock:
            token = token_on(client.get(URL).content.decode())
            clock.shift(spam.MIN_SECONDS - 1)
            response = client.post(URL, form_data(started=token))
        assert response.status_code == 400
        html = response.content.decode()
        assert "That was faster than anyone can type." in html
        assert 'value="Mariam Petrosyan"' in html  # the input is kept
        assert token_on(html) != token  # and a fresh time stamp issued
        assert row_counts() == before

    @pytest.mark.parametrize(
        "token",
        [
            "",
            "garbage",
            signing.dumps({"t": 1}, salt="another.salt"),
            signing.dumps({"x": 1}, salt=spam.TOKEN_SALT),
            signing.dumps("1", salt=spam.TOKEN_SALT),
        ],
        ids=["missing", "garbage", "other-salt", "no-time", "not-a-dict"],
    )
    def test_a_missing_or_forged_time_stamp_is_refused(
        self, client: Client, brand: Brand, token: str
    ):
        before = row_counts()
        response = client.post(URL, form_data(started=token))
        assert response.status_code == 400
        assert "This form has expired or could not be checked." in response.content.decode()
        assert row_counts() == before

    def test_a_time_stamp_older_than_a_day_is_refused(self, client: Client, brand: Brand):
        response = client.post(URL, form_data(seconds_ago=spam.MAX_AGE_SECONDS + 60))
        assert response.status_code == 400
        assert "This form has expired" in response.content.decode()
        assert Ticket.objects.count() == 0

    def test_a_time_stamp_from_the_future_is_refused(self, client: Client, brand: Brand):
        response = client.post(URL, form_data(seconds_ago=-600))
        assert response.status_code == 400
        assert Ticket.objects.count() == 0


class TestRateLimits:
    @override_settings(CONTACT_RATE_IP=2, CONTACT_RATE_ADDRESS=100)
    def test_too_many_requests_from_one_address_get_429(self, client: Client, brand: Brand):
        for i in range(2):
            response = client.post(URL, form_data(email=f"p{i}@mail.example"))
            assert response.status_code == 302
        before = row_counts()
        response = client.post(URL, form_data(email="p3@mail.example"))
        assert response.status_code == 429
        html = response.content.decode()
        assert "Please wait 10 minutes and try again." in html
        assert 'value="p3@mail.example"' in html
        assert row_counts() == before
        other = client.post(URL, form_data(email="p4@mail.example"), REMOTE_ADDR="198.51.100.9")
        assert other.status_code == 302

    @override_settings(CONTACT_RATE_IP=100, CONTACT_RATE_ADDRESS=2)
    def test_too_many_requests_for_one_email_address_get_429(self, client: Client, brand: Brand):
        for i in range(2):
            address = f"203.0.113.{i}"
            assert client.post(URL, form_data(), REMOTE_ADDR=address).status_code == 302
        before = row_counts()
        response = client.post(URL, form_data(email="MARIAM@mail.example"), REMOTE_ADDR="::1")
        assert response.status_code == 429
        assert "several messages from this email address" in response.content.decode()
        assert row_counts() == before
        assert client.post(URL, form_data(email="ani@mail.example")).status_code == 302

    @override_settings(CONTACT_RATE_IP=1, CONTACT_RATE_ADDRESS=100)
    def test_ipv6_clients_are_counted_by_their_64_network(self, client: Client, brand: Brand):
        ok = client.post(URL, form_data(), REMOTE_ADDR="2001:db8:1:2::10")
        assert ok.status_code == 302
        same_home = client.post(URL, form_data(), REMOTE_ADDR="2001:db8:1:2:ffff::1")
        assert same_home.status_code == 429
        elsewhere = client.post(URL, form_data(), REMOTE_ADDR="2001:db8:1:3::10")
        assert elsewhere.status_code == 302

    @override_settings(CONTACT_RATE_IP=1, CONTACT_RATE_ADDRESS=1)
    def test_invalid_forms_do_not_use_up_the_limit(self, client: Client, brand: Brand):
        for _ in range(3):
            assert client.post(URL, form_data(email="nope")).status_code == 400
        assert client.post(URL, form_data()).status_code == 302

    @override_settings(CONTACT_RATE_IP=0, CONTACT_RATE_ADDRESS=0)
    def test_zero_turns_the_limits_off(self, client: Client, brand: Brand):
        for _ in range(6):
            assert client.post(URL, form_data()).status_code == 302
        assert Ticket.objects.count() == 6

    def test_cache_keys_hold_no_personal_data(self, monkeypatch: pytest.MonkeyPatch):
        assert spam.client_network("2001:db8::1") == "2001:db8::/64"
        assert spam.client_network("192.0.2.1") == "192.0.2.1"
        assert spam.client_network("") == "unknown"
        keys: list[str] = []

        class Recording:
            def add(self, key: str, value: int, timeout: int) -> bool:
                keys.append(key)
                return True

        from sevai.lib import ratelimit

        monkeypatch.setattr(ratelimit, "cache", Recording())
        with override_settings(CONTACT_RATE_IP=1, CONTACT_RATE_ADDRESS=1):
            assert spam.take_rate_limit("192.0.2.1", "mariam@mail.example") == ""
        assert len(keys) == 2
        assert not [k for k in keys if "mariam" in k or "192.0.2.1" in k]
