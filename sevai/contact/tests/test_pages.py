"""The hosted page, the embeddable page and the confirmation: framing, CSRF, language,
accessible markup and query counts."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from sevai.brands.models import Brand
from sevai.contact.tests.factories import BrandFactory, ContactCategoryFactory, form_data
from sevai.tickets.models import Ticket

pytestmark = pytest.mark.django_db


class Labels(HTMLParser):
    """Form controls without a label, and the ids present on the page."""

    def __init__(self) -> None:
        super().__init__()
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.controls: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append(a)

    def unlabelled(self) -> list[str]:
        return [str(c.get("name")) for c in self.controls if c.get("id") not in self.label_for]

    def dangling_descriptions(self) -> list[str]:
        wanted = [i for c in self.controls for i in (c.get("aria-describedby") or "").split()]
        return [i for i in wanted if i not in self.ids]


def parsed(html: str) -> Labels:
    parser = Labels()
    parser.feed(html)
    return parser


class TestFraming:
    def test_the_hosted_page_may_not_be_framed(self, client: Client, brand: Brand):
        assert client.get("/contact/parcel-help/")["X-Frame-Options"] == "DENY"

    def test_the_confirmation_may_not_be_framed(self, client: Client, brand: Brand):
        assert client.get("/contact/parcel-help/sent/")["X-Frame-Options"] == "DENY"

    def test_the_embed_page_may_be_framed(self, client: Client, brand: Brand):
        response = client.get("/contact/parcel-help/embed/")
        assert response.status_code == 200
        assert "X-Frame-Options" not in response
        assert "public-top" not in response.content.decode()  # no site header in the frame

    def test_the_embedded_form_answers_inside_the_frame(self, brand: Brand):
        client = Client(enforce_csrf_checks=True)  # a framed form gets no CSRF cookie
        response = client.post("/contact/parcel-help/embed/?lang=ta", form_data())
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == "/contact/parcel-help/embed/"
        assert parse_qs(location.query)["lang"] == ["ta"]
        page = client.get(response["Location"])
        assert "X-Frame-Options" not in page
        assert f"#{Ticket.objects.get().number}" in page.content.decode()
        assert page["Content-Language"] == "ta"

    def test_the_embedded_honeypot_pretends_success_inside_the_frame(self, brand: Brand):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/contact/parcel-help/embed/", form_data(website="x"), follow=True)
        assert response.status_code == 200
        assert "Thank you, your message was sent" in response.content.decode()
        assert "X-Frame-Options" not in response
        assert Ticket.objects.count() == 0

    def test_the_hosted_form_keeps_csrf_protection(self, brand: Brand):
        client = Client(enforce_csrf_checks=True)
        assert client.post("/contact/parcel-help/", form_data()).status_code == 403
        assert Ticket.objects.count() == 0


class TestPages:
    def test_an_unknown_brand_is_404(self, client: Client, brand: Brand):
        assert client.get("/contact/no-such-brand/").status_code == 404
        assert client.get("/contact/no-such-brand/embed/").status_code == 404

    def test_the_page_speaks_the_chosen_language_and_remembers_it(
        self, client: Client, brand: Brand
    ):
        response = client.get("/contact/parcel-help/?lang=hy")
        assert response["Content-Language"] == "hy"
        assert '<html lang="hy">' in response.content.decode()
        assert response.cookies["django_language"].value == "hy"

    def test_the_brands_language_is_the_default(self, client: Client):
        BrandFactory(slug="tamil-desk", default_language="ta")
        assert client.get("/contact/tamil-desk/")["Content-Language"] == "ta"

    def test_the_page_is_not_cached(self, client: Client, brand: Brand):
        assert "no-store" in client.get("/contact/parcel-help/")["Cache-Control"]

    def test_the_sent_page_without_a_receipt_only_thanks(self, client: Client, brand: Brand):
        html = client.get("/contact/parcel-help/sent/").content.decode()
        assert "Thank you, your message was sent" in html
        assert "request number" not in html


class TestAccessibleMarkup:
    @pytest.mark.parametrize("url", ["/contact/parcel-help/", "/contact/parcel-help/embed/"])
    def test_every_control_has_a_label(self, client: Client, brand: Brand, url: str):
        ContactCategoryFactory(brand=brand, name="Refunds")
        page = parsed(client.get(url).content.decode())
        assert {c.get("name") for c in page.controls} >= {
            "name",
            "email",
            "category",
            "subject",
            "message",
            "attachments",
            "website",
        }
        assert page.unlabelled() == []
        assert page.dangling_descriptions() == []

    def test_errors_are_summarised_at_the_top_and_described_on_the_fields(
        self, client: Client, brand: Brand
    ):
        html = client.post("/contact/parcel-help/", form_data(email="x", subject="")).content
        page = html.decode()
        summary = re.search(r'<div class="error-summary"[^>]*>', page)
        assert summary is not None
        assert 'role="alert"' in summary.group(0)
        assert "autofocus" in summary.group(0)
        assert page.index("error-summary") < page.index('name="name"')
        assert '<a href="#id_email">' in page
        assert '<a href="#id_subject">' in page
        assert parsed(page).dangling_descriptions() == []
        assert "<title>Error: Contact us" in page


class TestQueryCount:
    @pytest.mark.parametrize("n", [1, 20])
    @pytest.mark.parametrize("url", ["/contact/parcel-help/", "/contact/parcel-help/embed/"])
    def test_the_form_page_query_count_is_flat(
        self, client: Client, brand: Brand, django_assert_num_queries, n: int, url: str
    ):
        ContactCategoryFactory.create_batch(n, brand=brand)
        ContactCategoryFactory.create_batch(n, brand=None)
        with django_assert_num_queries(2):  # the brand, its topics
            response = client.get(url)
        assert response.content.decode().count("<option value=") == 2 * n + 1

    def test_the_confirmation_reads_only_the_brand(
        self, client: Client, brand: Brand, django_assert_num_queries
    ):
        location = client.post("/contact/parcel-help/", form_data())["Location"]
        with django_assert_num_queries(1):
            client.get(location)
