"""`sevai kb import` / `sevai kb export`: the folder format and the round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sevai.brands.models import Brand
from sevai.kb.actions.articles import save_translation, update_article
from sevai.kb.actions.import_export import export_folder, import_folder
from sevai.kb.models import Article, ArticleTranslation, Category, Revision, Status
from sevai.kb.tests.factories import make_article, make_category, make_section, translate

pytestmark = pytest.mark.django_db

TRACK_EN = """---
title: "Track a parcel: step by step"
slug: track-a-parcel
language: en
category: deliveries
section: tracking
status: published
tags: [tracking, Parcels]
---

Open **Track** and type the number from your receipt.

  Two spaces end this line
and the text goes on.
"""
TRACK_TA = """---
title: பார்சலைக் கண்காணிப்பது எப்படி
slug: பார்சல்-கண்காணிப்பு
language: ta
translation_of: track-a-parcel
status: published
---

ரசீதில் உள்ள எண்ணை **Track** பக்கத்தில் உள்ளிடுங்கள்.
"""
HOURS_HY = """---
title: Աշխատանքային ժամեր
slug: ashkhatanqayin-zhamer
language: hy
---
Երկուշաբթիից ուրբաթ՝ 09:00–18:00։
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build_desk() -> None:
    """Articles in four languages, categories with names, a draft, an archived one, tags."""
    deliveries = make_category("deliveries", {"en": "Deliveries", "ta": "டெலிவரி"}, position=1)
    make_category("payments", {"en": "Payments", "tl": "Mga bayad"}, position=2)
    tracking = make_section(deliveries, "tracking")
    en = make_article(
        "Track a parcel", slug="track-a-parcel", category=deliveries, section=tracking
    )
    update_article(
        en.article, actor=None, category=deliveries, section=tracking, tags=["tracking", "faq"]
    )
    translate(en.article, "ta", "பார்சலைக் கண்காணிப்பது", body="எண்ணை உள்ளிடுங்கள்.")
    translate(en.article, "tl", "Paano i-track ang padala", status=Status.DRAFT)
    translate(en.article, "hy", "Ինչպե՞ս հետևել ծանրոցին", body="Մուտքագրեք համարը։")
    make_article("Refunds: what to expect", body="Refunds take *5 days*.\n\n- card\n- cash")
    make_article("Old price list", status=Status.ARCHIVED, body="")


class TestImport:
    def test_a_folder_becomes_articles_with_translations(self, tmp_path: Path) -> None:
        write(
            tmp_path,
            {
                "deliveries/track-a-parcel.en.md": TRACK_EN,
                "deliveries/track-a-parcel.ta.md": TRACK_TA,
                "hours.hy.md": HOURS_HY,
            },
        )
        summary = import_folder(tmp_path)
        assert summary.as_dict() == {"created": 3, "updated": 0, "unchanged": 0, "errors": 0}
        en = ArticleTranslation.objects.get(language="en")
        ta = ArticleTranslation.objects.get(language="ta")
        assert ta.article_id == en.article_id and en.article.default_language == "en"
        assert en.title == "Track a parcel: step by step" and en.status == Status.PUBLISHED
        assert en.body_markdown.endswith("  Two spaces end this line\nand the text goes on.")
        assert en.article.section is not None and en.article.section.slug == "tracking"
        assert sorted(en.article.tags.values_list("name", flat=True)) == ["parcels", "tracking"]
        hours = ArticleTranslation.objects.get(language="hy")
        assert hours.status == Status.DRAFT  # no status: a draft
        assert hours.body_markdown == "Երկուշաբթիից ուրբաթ՝ 09:00–18:00։"

    def test_importing_again_updates_by_slug_and_never_duplicates(self, tmp_path: Path) -> None:
        write(tmp_path, {"a.en.md": TRACK_EN, "a.ta.md": TRACK_TA})
        import_folder(tmp_path)
        again = import_folder(tmp_path)
        assert again.as_dict() == {"created": 0, "updated": 0, "unchanged": 2, "errors": 0}
        write(tmp_path, {"a.ta.md": TRACK_TA.replace("உள்ளிடுங்கள்", "தட்டச்சு செய்யுங்கள்")})
        changed = import_folder(tmp_path)
        assert changed.as_dict() == {"created": 0, "updated": 1, "unchanged": 1, "errors": 0}
        assert (Article.objects.count(), ArticleTranslation.objects.count()) == (1, 2)
        ta = ArticleTranslation.objects.get(language="ta")
        assert "தட்டச்சு" in ta.body_markdown
        assert ta.revisions.count() == 2
        assert ta.revisions.order_by("-number")[0].note == "Imported from a.ta.md"

    def test_translations_may_come_before_their_article_in_the_folder(self, tmp_path: Path) -> None:
        write(tmp_path, {"a/first.ta.md": TRACK_TA, "z/last.en.md": TRACK_EN})
        assert import_folder(tmp_path).as_dict()["created"] == 2

    def test_bad_files_are_reported_and_the_others_imported(self, tmp_path: Path) -> None:
        write(
            tmp_path,
            {
                "good.hy.md": HOURS_HY,
                "no-front-matter.en.md": "Just text\n",
                "no-title.en.md": "---\nslug: x\nlanguage: en\n---\nText\n",
                "orphan.ta.md": TRACK_TA,
                "bad-status.en.md": TRACK_EN.replace("status: published", "status: live"),
            },
        )
        summary = import_folder(tmp_path)
        assert summary.as_dict() == {"created": 1, "updated": 0, "unchanged": 0, "errors": 4}
        text = "\n".join(summary.errors)
        assert "no-title.en.md: front matter needs `title`" in text
        assert "orphan.ta.md: translation_of: no article" in text

    def test_a_brand_gets_its_own_articles(self, tmp_path: Path) -> None:
        brand = Brand.objects.create(name="Kadal Courier", slug="kadal")
        write(tmp_path, {"a.en.md": TRACK_EN})
        import_folder(tmp_path)
        import_folder(tmp_path, brand=brand)
        assert ArticleTranslation.objects.filter(slug="track-a-parcel").count() == 2
        assert Category.objects.filter(slug="deliveries").count() == 2


class TestRoundTrip:
    def test_export_import_export_gives_the_same_bytes(self, tmp_path: Path) -> None:
        build_desk()
        first, second = tmp_path / "first", tmp_path / "second"
        assert export_folder(first) == 6
        summary = import_folder(first)
        assert summary.as_dict() == {"created": 0, "updated": 0, "unchanged": 6, "errors": 0}
        export_folder(second)
        assert tree(first) == tree(second)

    def test_an_empty_database_imports_the_same_desk(self, tmp_path: Path) -> None:
        build_desk()
        first, second = tmp_path / "first", tmp_path / "second"
        export_folder(first)
        Article.objects.all().delete()
        Category.objects.all().delete()
        assert import_folder(first).as_dict()["created"] == 6
        export_folder(second)
        assert tree(first) == tree(second)
        ta = ArticleTranslation.objects.get(language="ta")
        assert ta.article.default_language == "en"
        assert Category.objects.get(slug="deliveries").names == {
            "en": "Deliveries",
            "ta": "டெலிவரி",
        }

    def test_the_exported_files_follow_the_documented_layout(self, tmp_path: Path) -> None:
        build_desk()
        export_folder(tmp_path)
        assert sorted(tree(tmp_path)) == [
            "_categories.yml",
            "deliveries/track-a-parcel.en.md",
            "deliveries/track-a-parcel.hy.md",
            "deliveries/track-a-parcel.ta.md",
            "deliveries/track-a-parcel.tl.md",
            "old-price-list.en.md",
            "refunds-what-to-expect.en.md",
        ]
        ta = (tmp_path / "deliveries/track-a-parcel.ta.md").read_text(encoding="utf-8")
        assert ta.startswith("---\ntitle: பார்சலைக் கண்காணிப்பது\n")
        assert "translation_of: track-a-parcel\n" in ta and "category:" not in ta

    def test_an_edit_after_export_is_undone_by_importing_the_export(self, tmp_path: Path) -> None:
        build_desk()
        export_folder(tmp_path)
        en = ArticleTranslation.objects.get(slug="track-a-parcel", language="en")
        save_translation(en, actor=None, body_markdown="Changed in the browser.")
        summary = import_folder(tmp_path)
        assert summary.as_dict() == {"created": 0, "updated": 1, "unchanged": 5, "errors": 0}
        assert Revision.objects.filter(translation=en).count() == 3


class TestCommand:
    def test_import_prints_a_one_line_json_summary(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        write(tmp_path, {"a.en.md": TRACK_EN, "a.ta.md": TRACK_TA})
        call_command("kb", "import", str(tmp_path), verbosity=0)
        out = capsys.readouterr().out.strip().splitlines()
        assert json.loads(out[-1]) == {"created": 2, "updated": 0, "unchanged": 0, "errors": 0}

    def test_export_then_import_through_the_command(self, tmp_path: Path) -> None:
        build_desk()
        call_command("kb", "export", str(tmp_path / "out"), verbosity=0)
        call_command("kb", "import", str(tmp_path / "out"), verbosity=0)
        assert ArticleTranslation.objects.count() == 6

    def test_errors_make_the_command_fail_after_the_summary(self, tmp_path: Path) -> None:
        write(tmp_path, {"broken.en.md": "no front matter"})
        with pytest.raises(CommandError, match="1 file"):
            call_command("kb", "import", str(tmp_path), verbosity=0)

    def test_an_unknown_brand_is_an_error(self, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="No brand"):
            call_command("kb", "export", str(tmp_path), "--brand", "nope")
