"""A customer uses the help center in Tamil in a real browser (Playwright + Debian's chromium):
instant results while typing, the article, a "No" vote with a comment, then the contact form.

Buttons are found by their value (yes/no), not their label, so that the test holds before
and after the lead translates the labels.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from sevai.brands.models import Brand
from sevai.kb.actions.import_export import import_demo_articles
from sevai.kb.models import ArticleTranslation, ArticleVote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "பார்சலை எப்படிக் கண்காணிப்பது"  # "How to track a parcel", from the demo articles


@pytest.fixture
def help_center() -> ArticleTranslation:
    Brand.objects.create(name="Parcel Help", slug="parcel-help", is_default=True)
    assert import_demo_articles().as_dict()["errors"] == 0
    return ArticleTranslation.objects.get(language="ta", title=TITLE)


def test_a_customer_reads_in_tamil_votes_no_and_reaches_the_contact_form(
    live_server, browser, help_center: ArticleTranslation
):
    page = browser.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{live_server.url}/help/parcel-help/ta/")
    expect(page.locator("html")).to_have_attribute("lang", "ta")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    # Type a Tamil word: the results appear in the live region without leaving the page.
    search = page.get_by_role("searchbox")
    search.press_sequentially("பார்சலை", delay=20)
    result = page.locator("#hc-instant").get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(page.locator("#hc-instant")).to_have_attribute("aria-live", "polite")
    assert page.url == f"{live_server.url}/help/parcel-help/ta/"

    result.click()
    page.wait_for_url(re.compile(r"/help/parcel-help/ta/%E0%AE"))
    article = page.locator("article")
    expect(article).to_have_attribute("lang", "ta")
    expect(article.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(article).to_contain_text("கண்காணிப்பு எண் எங்கே இருக்கும்?")

    # "No": the page says sorry, asks what was missing and offers the contact form.
    page.locator("#feedback button[name=helpful][value=no]").click()
    page.wait_for_url(re.compile(r"\?voted=no#feedback$"))
    comment = page.locator("#feedback textarea[name=comment]")
    comment.fill("கண்காணிப்பு எண் என் ரசீதில் இல்லை.")
    page.locator("#feedback form.hc-comment button[type=submit]").click()
    page.wait_for_url(re.compile(r"commented=1#feedback$"))

    vote = ArticleVote.objects.get()
    assert vote.translation_id == help_center.pk
    assert (vote.helpful, vote.comment) == (False, "கண்காணிப்பு எண் என் ரசீதில் இல்லை.")

    page.locator("#feedback a.btn-primary").click()
    page.wait_for_url(re.compile(r"/contact/parcel-help/\?lang=ta$"))
    expect(page.locator("html")).to_have_attribute("lang", "ta")
    expect(page.locator("form.contact-form")).to_be_visible()
    assert errors == []
