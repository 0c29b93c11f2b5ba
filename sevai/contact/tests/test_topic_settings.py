"""Admins manage the topics of the contact form; brands show the embed code."""

from __future__ import annotations

import html as htmllib

import pytest
from django.conf import settings
from django.test import Client

from sevai.accounts.models import User
from sevai.brands.models import Brand
from sevai.contact.models import ContactCategory
from sevai.contact.tests.factories import ContactCategoryFactory
from sevai.testing.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(brand: Brand) -> ContactCategory:
    return ContactCategoryFactory(brand=brand, name="Refunds", tag="refund")


class TestPermissions:
    @pytest.mark.parametrize("path", ["/settings/contact/", "/settings/contact/{pk}/"])
    def test_agents_get_403(self, agent_client: Client, topic: ContactCategory, path: str):
        assert agent_client.get(path.format(pk=topic.pk)).status_code == 403

    def test_agents_cannot_add_or_delete_by_posting(
        self, agent_client: Client, topic: ContactCategory
    ):
        assert agent_client.post("/settings/contact/", {"name": "Spam"}).status_code == 403
        assert agent_client.post(f"/settings/contact/{topic.pk}/delete/").status_code == 403
        assert list(ContactCategory.objects.values_list("name", flat=True)) == ["Refunds"]

    def test_anonymous_visitors_go_to_the_login_page(self, client: Client):
        response = client.get("/settings/contact/")
        assert response.status_code == 302
        assert response["Location"].startswith("/login")


class TestManagingTopics:
    def test_an_admin_adds_a_topic_with_a_tidy_tag(
        self, admin_client_: Client, brand: Brand, admin_user: User
    ):
        team = TeamFactory(name="Billing")
        response = admin_client_.post(
            "/settings/contact/",
            {
                "name": "Refunds",
                "brand": brand.pk,
                "tag": "  Refund  Request ",
                "team": team.pk,
                "position": 2,
            },
        )
        assert response.status_code == 302
        topic = ContactCategory.objects.get()
        assert (topic.name, topic.brand, topic.tag, topic.team, topic.position) == (
            "Refunds",
            brand,
            "refund request",
            team,
            2,
        )

    def test_a_topic_without_a_name_is_refused(self, admin_client_: Client):
        response = admin_client_.post("/settings/contact/", {"name": "", "position": 0})
        assert response.status_code == 400
        assert ContactCategory.objects.count() == 0

    def test_an_admin_edits_and_removes_a_topic(
        self, admin_client_: Client, topic: ContactCategory
    ):
        response = admin_client_.post(
            f"/settings/contact/{topic.pk}/", {"name": "Money back", "tag": "refund", "position": 1}
        )
        assert response.status_code == 302
        topic.refresh_from_db()
        assert (topic.name, topic.brand) == ("Money back", None)
        assert admin_client_.post(f"/settings/contact/{topic.pk}/delete/").status_code == 302
        assert ContactCategory.objects.count() == 0

    def test_removing_needs_a_post(self, admin_client_: Client, topic: ContactCategory):
        assert admin_client_.get(f"/settings/contact/{topic.pk}/delete/").status_code == 405

    def test_the_settings_nav_links_to_the_page(self, admin_client_: Client):
        html = admin_client_.get("/settings/brands/").content.decode()
        assert 'href="/settings/contact/"' in html

    @pytest.mark.parametrize("n", [1, 20])
    def test_the_list_query_count_is_flat(
        self, admin_client_: Client, brand: Brand, django_assert_num_queries, n: int
    ):
        team = TeamFactory(name="Billing")
        ContactCategoryFactory.create_batch(n, brand=brand, team=team)
        ContactCategoryFactory.create_batch(n, brand=None)
        admin_client_.get("/settings/contact/")  # warms the cached sidebar counts
        with django_assert_num_queries(7):
            response = admin_client_.get("/settings/contact/")
        assert response.content.decode().count("/settings/contact/") >= 2 * n


class TestEmbedCode:
    def test_the_brand_page_shows_the_iframe_code(self, admin_client_: Client, brand: Brand):
        brand.name = 'Parcel "Help" <Desk>'
        brand.save()
        response = admin_client_.get(f"/settings/brands/{brand.pk}/")
        assert response.status_code == 200
        page = response.content.decode()
        code = page.split('<textarea id="contact-embed-code"', 1)[1].split("</textarea>", 1)[0]
        assert "<iframe" not in code  # shown as text, not as a live frame
        text = htmllib.unescape(code.split(">", 1)[1])
        assert text.startswith(f'<iframe src="{settings.BASE_URL}/contact/parcel-help/embed/"')
        assert 'title="Contact Parcel &quot;Help&quot; &lt;Desk&gt;"' in text
