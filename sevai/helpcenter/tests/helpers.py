"""Small helpers for the help-center tests."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from sevai.kb.models import ArticleTranslation


def url_of(translation: ArticleTranslation, language: str = "", brand: str = "parcel-help") -> str:
    kwargs = {
        "brand": brand,
        "language": language or translation.language,
        "slug": translation.slug,
    }
    return reverse("helpcenter_article", kwargs=kwargs)


def html_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def head_links(html: str, rel: str) -> dict[str, str]:
    """{hreflang or rel: href} of the <link rel=...> tags."""
    found = {}
    for tag in re.findall(r"<link [^>]*>", html):
        if f'rel="{rel}"' not in tag:
            continue
        href = re.search(r'href="([^"]*)"', tag)
        lang = re.search(r'hreflang="([^"]*)"', tag)
        assert href is not None
        found[lang.group(1) if lang else rel] = href.group(1)
    return found


def description_in(html: str) -> str:
    found = re.search(r'<meta name="description" content="([^"]*)">', html)
    return found.group(1) if found else ""
