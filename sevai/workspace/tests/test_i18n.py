"""The workspace ships complete Tamil, Tagalog and Armenian translations, chosen well."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from sevai.accounts.middleware import language_from_header

LOCALE = Path(settings.BASE_DIR) / "locale"
SHIPPED = ["ta", "tl", "hy"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\}")


def catalogue(lang: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("lang", SHIPPED)
class TestCatalogues:
    def test_every_string_is_translated_and_none_is_fuzzy(self, lang):
        po = catalogue(lang)
        assert [e.msgid for e in po.untranslated_entries()] == []
        assert [e.msgid for e in po.fuzzy_entries()] == []

    def test_placeholders_survive_translation(self, lang):
        for entry in catalogue(lang).translated_entries():
            expected = sorted(PLACEHOLDER.findall(entry.msgid))
            translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            for text in translations:
                found = sorted(PLACEHOLDER.findall(text))
                if entry.msgid_plural:  # a plural form may drop the count
                    assert set(found) <= set(expected + PLACEHOLDER.findall(entry.msgid_plural))
                else:
                    assert found == expected, (entry.msgid, text)

    def test_the_compiled_catalogue_matches_the_source(self, lang):
        po = catalogue(lang)
        mo = polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))
        compiled = {e.msgid: (e.msgstr, e.msgstr_plural) for e in mo}
        for entry in po.translated_entries():
            assert entry.msgid in compiled, f"{lang}: run `make messages` ({entry.msgid!r})"
            assert compiled[entry.msgid][0] == entry.msgstr, f"{lang}: run `make messages`"


class TestChoosingTheLanguage:
    @pytest.mark.parametrize(
        ("header", "expected"),
        [
            ("fil-PH,fil;q=0.9,en;q=0.8", "tl"),
            ("tl", "tl"),
            ("hy-AM,hy;q=0.9", "hy"),
            ("ta-IN", "ta"),
            ("de-DE,de;q=0.9", "en"),
            ("en;q=0.5,ta;q=0.9", "ta"),
            ("", "en"),
        ],
    )
    def test_the_browser_language_picks_a_shipped_catalogue(self, header, expected):
        assert language_from_header(header) == expected

    def test_a_filipino_browser_gets_the_tagalog_login_page(self, client):
        response = client.get("/login/", HTTP_ACCEPT_LANGUAGE="fil-PH,fil;q=0.9")
        assert response["Content-Language"] == "tl"
        assert 'lang="tl"' in response.content.decode()

    def test_the_agent_profile_language_wins_over_the_browser(self, agent, agent_client):
        agent.locale = "hy"
        agent.save(update_fields=["locale"])
        response = agent_client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="ta")
        assert response["Content-Language"] == "hy"
        title = catalogue("hy").find("All open").msgstr
        assert title and title in response.content.decode()
