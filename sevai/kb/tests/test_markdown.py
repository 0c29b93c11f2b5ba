"""Article Markdown: the title is the page's only <h1>, so the text's headings move down."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sevai.kb.markdown import render_markdown
from sevai.kb.tests.factories import make_article, translate

BODY = "# Intro\n\nOpen the page.\n\n## Steps\n\n1. Enter the number.\n"


class TestHeadingLevels:
    @pytest.mark.parametrize(
        ("markdown", "tag"),
        [
            ("# One", "h2"),
            ("## Two", "h3"),
            ("### Three", "h4"),
            ("#### Four", "h5"),
            ("##### Five", "h6"),
            ("###### Six", "h6"),
            ("Underlined\n==========", "h2"),
            ("Underlined\n----------", "h3"),
            ("> # Quoted", "h2"),
        ],
    )
    def test_each_heading_is_one_level_lower_capped_at_h6(self, markdown: str, tag: str) -> None:
        html = render_markdown(markdown)
        assert re.search(rf"<{tag}>[^<]+</{tag}>", html), html
        assert "<h1" not in html

    def test_a_hash_inside_code_is_not_a_heading(self) -> None:
        html = render_markdown("```\n# not a heading\n```")
        assert "<h2" not in html and "# not a heading" in html


@pytest.mark.django_db
class TestOneH1OnTheAgentsArticlePage:
    def test_the_title_is_the_only_h1_and_the_text_starts_at_h2(self, agent_client: Client) -> None:
        en = make_article("Track a parcel", body=BODY)
        translate(en.article, "ta", "பார்சலைக் கண்காணிப்பது", body="# அறிமுகம்\n\nஉரை.")
        for lang in ("en", "ta"):
            html = agent_client.get(f"/kb/articles/{en.article_id}/?lang={lang}").content.decode()
            assert html.count("<h1") == 1, lang
            assert re.search(r"<h1>.*Track a parcel.*</h1>", html)
        html = agent_client.get(f"/kb/articles/{en.article_id}/").content.decode()
        assert "<h2>Intro</h2>" in html and "<h3>Steps</h3>" in html

    def test_the_translate_page_keeps_one_h1(self, agent_client: Client) -> None:
        en = make_article("Track a parcel", body=BODY)
        html = agent_client.get(f"/kb/articles/{en.article_id}/translate/").content.decode()
        assert html.count("<h1") == 1 and "<h2>Intro</h2>" in html

    def test_the_editor_preview_has_no_h1(self, agent_client: Client) -> None:
        html = agent_client.post("/kb/preview/", {"body_markdown": BODY}).content.decode()
        assert "<h1" not in html and "<h2>Intro</h2>" in html
