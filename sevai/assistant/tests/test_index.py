"""The passage index: kept in step with published translations, cached per process."""

from __future__ import annotations

import numpy as np
import pytest

from sevai.assistant.index import (
    passage_input,
    passage_matrix,
    reindex_passages,
    vector_from_bytes,
)
from sevai.assistant.models import Passage
from sevai.assistant.passages import split_passages
from sevai.kb.actions.articles import change_status
from sevai.kb.models import Status
from sevai.kb.tests.factories import make_article, translate

pytestmark = pytest.mark.django_db
BODY = (
    "Open the tracking page. Enter the number from your receipt.\n\n- Scans appear within an hour."
)


class TestPassageRows:
    def test_a_published_translation_is_cut_into_verbatim_passages(self) -> None:
        en = make_article("Track a parcel", body=BODY)
        rows = list(Passage.objects.filter(translation=en).order_by("position"))
        assert [r.text for r in rows] == split_passages(en.title, BODY)
        assert rows[0].text == "Track a parcel" and rows[0].position == 0
        assert {(r.article_id, r.language, r.brand_id) for r in rows} == {
            (en.article_id, "en", None)
        }
        vector = vector_from_bytes(rows[1].embedding)
        assert vector.shape == (384,) and np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-3)

    def test_drafts_have_no_passages_until_published(self) -> None:
        en = make_article("Track a parcel", body=BODY)
        ta = translate(en.article, "ta", "பார்சல்", body="ரசீதில் எண் இருக்கும்.", status=Status.DRAFT)
        assert not Passage.objects.filter(translation=ta).exists()
        change_status(ta, Status.PUBLISHED, actor=None)
        assert Passage.objects.filter(translation=ta).count() == 2
        change_status(ta, Status.DRAFT, actor=None)
        assert not Passage.objects.filter(translation=ta).exists()

    def test_reindexing_rebuilds_every_published_translation(self) -> None:
        en = make_article("Track a parcel", body=BODY)
        make_article("Old news", body="Gone.", status=Status.ARCHIVED)
        before = {p.text: bytes(p.embedding) for p in Passage.objects.all()}
        Passage.objects.all().delete()
        done: list[tuple[int, int]] = []
        assert reindex_passages(progress=lambda d, t: done.append((d, t))) == len(before)
        after = {p.text: bytes(p.embedding) for p in Passage.objects.filter(translation=en)}
        assert after == before and done[-1] == (1, 1)

    def test_the_title_gives_each_passage_its_subject(self) -> None:
        assert passage_input("Track a parcel", "Enter the number.", 3) == (
            "Track a parcel: Enter the number."
        )
        assert passage_input("Track a parcel", "Track a parcel", 0) == "Track a parcel"


class TestMatrixCache:
    def test_it_is_reused_while_nothing_changes(self) -> None:
        make_article("Track a parcel", body=BODY)
        first = passage_matrix()
        assert passage_matrix() is first
        assert len(first) == Passage.objects.count()
        assert first.vectors.shape == (len(first), 384)

    def test_a_change_made_elsewhere_is_seen(self) -> None:
        """Another process's change bumps no counter this process can see (without Redis);
        the row count and the newest id still tell."""
        en = make_article("Track a parcel", body=BODY)
        before = passage_matrix()
        Passage.objects.filter(translation=en, position=1).delete()
        after = passage_matrix()
        assert len(after) == len(before) - 1
        assert after.row_of(int(before.ids[0])) == 0 and after.row_of(10**9) is None


class TestCommands:
    def test_reindex_reports_the_passages_written(self) -> None:
        from io import StringIO

        from django.core.management import call_command

        make_article("Track a parcel", body=BODY)
        out = StringIO()
        call_command("assistant", "reindex", "--quiet", stdout=out)
        assert out.getvalue().strip() == f'{{"passages": {Passage.objects.count()}}}'

    def test_ask_says_what_the_assistant_would_do(self) -> None:
        import json
        from io import StringIO

        from django.core.management import call_command

        en = make_article("Track a parcel", body=BODY)
        out = StringIO()
        call_command("assistant", "ask", "how do I track my parcel", stdout=out)
        result = json.loads(out.getvalue())
        assert result["language"] == "en" and result["outcome"] in ("answered", "handed_off")
        assert result["candidates"][0]["article"] == en.article_id
