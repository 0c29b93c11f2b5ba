"""Bad input comes back as the same form with the input kept, a clear error next to the field
and in the summary, status 400, and nothing written."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.test.utils import override_settings

from sevai.brands.models import Brand
from sevai.contact.forms import MAX_MESSAGE_CHARS
from sevai.contact.tests.factories import ContactCategoryFactory, form_data, row_counts, upload

pytestmark = pytest.mark.django_db

URL = "/contact/parcel-help/"


def refused(client: Client, url: str = URL, **overrides: object) -> str:
    before = row_counts()
    response = client.post(url, form_data(**overrides))
    assert response.status_code == 400
    assert row_counts() == before
    return response.content.decode()


def field_error(html: str, field: str) -> str:
    """The text of the error list tied to a field (id_<field>_error), "" when there is none."""
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)).strip() if found else ""


class TestMessageLimits:
    def test_a_message_over_the_public_limit_is_refused_with_its_length(
        self, client: Client, brand: Brand
    ):
        html = refused(client, message="a" * (MAX_MESSAGE_CHARS + 1))
        assert "Your message is too long: 20,001 characters" in field_error(html, "message")
        assert 'aria-describedby="id_message_helptext id_message_error"' in html

    def test_a_message_far_over_the_tickets_limit_is_refused_the_same_way(
        self, client: Client, brand: Brand
    ):
        html = refused(client, message="ա" * 250_000)
        assert "Your message is too long" in field_error(html, "message")

    def test_line_breaks_count_once_as_the_browser_counts_them(self, client: Client, brand: Brand):
        line = "b" * 99
        message = "\r\n".join([line] * 200)  # 19,999 characters with LF, 20,199 with CRLF
        response = client.post(URL, form_data(message=message))
        assert response.status_code == 302

    def test_an_overlong_subject_is_refused(self, client: Client, brand: Brand):
        html = refused(client, subject="s" * 201)
        assert "at most 200 characters" in field_error(html, "subject")

    @pytest.mark.parametrize("field", ["name", "email", "subject", "message"])
    def test_a_missing_required_field_is_named(self, client: Client, brand: Brand, field: str):
        html = refused(client, **{field: "   "})
        assert field_error(html, field)
        assert f'href="#id_{field}"' in html  # the summary links to the field

    def test_the_users_input_is_kept(self, client: Client, brand: Brand):
        html = refused(client, email="not-an-address", message="Mein Paket ist verloren.")
        assert 'value="Mariam Petrosyan"' in html
        assert "Mein Paket ist verloren.</textarea>" in html
        assert 'value="not-an-address"' in html


class TestEmailAddress:
    @pytest.mark.parametrize(
        "email", ["not-an-address", "mariam@", "@mail.example", "mariam@mail..example", "a b@c.d"]
    )
    def test_an_invalid_address_is_refused(self, client: Client, brand: Brand, email: str):
        html = refused(client, email=email)
        assert "Enter an email address such as name@example.com." in field_error(html, "email")
        assert 'aria-invalid="true"' in html

    def test_an_address_longer_than_an_identity_holds_is_refused(
        self, client: Client, brand: Brand
    ):
        html = refused(client, email=f"{'m' * 64}@{'d' * 63}.{'e' * 63}.{'x' * 63}.example")
        assert "at most 254 characters" in field_error(html, "email")


class TestAttachments:
    @pytest.mark.parametrize("name", ["invoice.exe", "tracking.js", "receipt.html", "x.SVG"])
    def test_forbidden_file_types_are_refused(self, client: Client, brand: Brand, name: str):
        html = refused(client, attachments=[upload("photo.jpg"), upload(name)])
        assert f"{name}: files of this type are not accepted." in field_error(html, "attachments")
        assert "please choose your files again" in html

    def test_a_file_over_the_size_limit_is_refused(self, client: Client, brand: Brand):
        with override_settings(UPLOAD_MAX_BYTES=1024 * 1024):
            html = refused(client, attachments=[upload("scan.pdf", 1024 * 1024 + 1)])
        assert "scan.pdf is too large (at most 1 MB)." in field_error(html, "attachments")

    def test_an_empty_file_is_refused(self, client: Client, brand: Brand):
        html = refused(client, attachments=[upload("empty.txt", 0)])
        assert "empty.txt is empty." in field_error(html, "attachments")

    def test_more_than_five_files_are_refused(self, client: Client, brand: Brand):
        files = [upload(f"photo{i}.jpg") for i in range(6)]
        html = refused(client, attachments=files)
        assert "At most 5 files can be attached." in field_error(html, "attachments")


class TestTopic:
    def test_a_topic_is_required_when_the_brand_offers_topics(self, client: Client, brand):
        ContactCategoryFactory(brand=brand, name="Refunds")
        html = refused(client)
        assert "Please choose the topic closest to your question." in field_error(html, "category")

    def test_another_brands_topic_is_refused(self, client: Client, brand: Brand):
        from sevai.contact.tests.factories import BrandFactory

        mine = ContactCategoryFactory(brand=brand, name="Refunds")
        theirs = ContactCategoryFactory(brand=BrandFactory(slug="other"), name="Secret")
        html = refused(client, category=str(theirs.pk))
        assert "Choose one of the topics in the list." in field_error(html, "category")
        assert f'<option value="{mine.pk}">Refunds</option>' in html
        assert "Secret" not in html
