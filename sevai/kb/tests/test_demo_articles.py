"""The demo desk's articles (sevai/kb/demo_articles): they import cleanly, in four languages,
and they are already in the exact form `sevai kb export` writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from sevai.kb.actions.import_export import DEMO_FOLDER, export_folder, import_demo_articles
from sevai.kb.models import Article, Status
from sevai.kb.queries import published_articles, translation_for
from sevai.kb.tests.test_import_export import tree

pytestmark = pytest.mark.django_db


class TestDemoArticles:
    def test_they_import_in_four_languages_and_are_published(self) -> None:
        summary = import_demo_articles()
        assert summary.as_dict() == {"created": 33, "updated": 0, "unchanged": 0, "errors": 0}
        everywhere = 0
        for article in Article.objects.prefetch_related("translations"):
            languages = {t.language: t.status for t in article.translations.all()}
            assert "en" in languages and set(languages.values()) == {Status.PUBLISHED}
            if set(languages) == {"en", "hy", "ta", "tl"}:
                everywhere += 1
                shown = translation_for(article, "ta")
                assert shown is not None and not shown.fallback
        # 5 articles in all four languages; the others in English and at most one more
        # (the assistant's cross-language retrieval is measured on those)
        assert everywhere == 5
        assert len(published_articles(None, "hy")) == 14

    def test_importing_them_again_changes_nothing(self) -> None:
        import_demo_articles()
        assert import_demo_articles().as_dict()["unchanged"] == 33

    def test_they_are_written_as_the_exporter_writes(self, tmp_path: Path) -> None:
        import_demo_articles()
        export_folder(tmp_path)
        assert tree(tmp_path) == tree(DEMO_FOLDER)
