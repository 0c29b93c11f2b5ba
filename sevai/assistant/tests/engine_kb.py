"""A small published knowledge base for the engine's tests, imported from the demo articles
with the knowledge base's own importer (so the search and passage indexes are built as on a
desk): tracking and refunds in four languages, cash on delivery in English and Tamil,
opening hours in English and Tagalog, and two English-only articles (customs, changing a
phone number or email) that the other languages must still find."""

from __future__ import annotations

import shutil
from pathlib import Path

from sevai.kb.actions.import_export import DEMO_FOLDER, import_folder
from sevai.kb.models import Article, ArticleTranslation

FILES = [
    "deliveries/track-a-parcel.en.md",
    "deliveries/track-a-parcel.ta.md",
    "deliveries/track-a-parcel.tl.md",
    "deliveries/track-a-parcel.hy.md",
    "payments/refunds-when-and-how-you-get-your-money-back.en.md",
    "payments/refunds-when-and-how-you-get-your-money-back.ta.md",
    "payments/refunds-when-and-how-you-get-your-money-back.tl.md",
    "payments/refunds-when-and-how-you-get-your-money-back.hy.md",
    "payments/cash-on-delivery.en.md",
    "payments/cash-on-delivery.ta.md",
    "payments/customs-duties-and-taxes.en.md",
    "contact/opening-hours-and-how-to-reach-us.en.md",
    "contact/opening-hours-and-how-to-reach-us.tl.md",
    "account/change-your-phone-number-or-email.en.md",
]
TRACKING = "track-a-parcel"
REFUNDS = "refunds-when-and-how-you-get-your-money-back"
COD = "cash-on-delivery"
CUSTOMS = "customs-duties-and-taxes"
HOURS = "opening-hours-and-how-to-reach-us"
PHONE = "change-your-phone-number-or-email"


def import_engine_kb(folder: Path) -> dict[str, Article]:
    """Import FILES (copied under folder) and return the articles by English slug."""
    for name in FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(DEMO_FOLDER / name, target)
    summary = import_folder(folder)
    assert summary.errors == [], summary.errors
    return {
        t.slug: t.article
        for t in ArticleTranslation.objects.filter(language="en").select_related("article")
    }
