"""Revisions: one per change, diffs between them, restoring an old one."""

from __future__ import annotations

import pytest

from sevai.accounts.models import User
from sevai.kb.actions.articles import change_status, restore_revision, save_translation
from sevai.kb.diff import diff_lines, diff_revisions
from sevai.kb.models import Status
from sevai.kb.tests.factories import make_article
from sevai.search.articles import search_articles

pytestmark = pytest.mark.django_db

V1 = "Parcels arrive in 3 days.\n\nCall us if it is late."
V2 = "Parcels arrive in 2 days.\n\nCall us if it is late.\n\nOr write to us."


class TestRevisions:
    def test_creating_keeps_the_first_revision(self) -> None:
        en = make_article("Delivery times", body=V1)
        (first,) = en.revisions.all()
        assert (first.number, first.title, first.body_markdown) == (1, "Delivery times", V1)

    def test_every_save_that_changes_the_text_keeps_a_revision(self, agent: User) -> None:
        en = make_article("Delivery times", body=V1)
        save_translation(en, actor=agent, body_markdown=V2, note="Faster now")
        save_translation(en, actor=agent, title="Delivery times in Chennai")
        revisions = list(en.revisions.order_by("number"))
        assert [r.number for r in revisions] == [1, 2, 3]
        assert revisions[1].body_markdown == V2 and revisions[1].note == "Faster now"
        assert revisions[2].title == "Delivery times in Chennai"
        assert revisions[2].author == agent

    def test_a_save_without_changes_writes_nothing(self, agent: User) -> None:
        en = make_article("Delivery times", body=V1)
        before = en.updated_at
        saved = save_translation(en, actor=agent, title="Delivery times", body_markdown=V1 + "\n")
        assert en.revisions.count() == 1
        assert saved.updated_at == before

    def test_a_status_change_is_a_revision_with_a_note(self, agent: User) -> None:
        draft = make_article("Delivery times", status=Status.DRAFT)
        change_status(draft, Status.PUBLISHED, actor=agent)
        latest = draft.revisions.order_by("-number").first()
        assert latest is not None
        assert latest.status == Status.PUBLISHED and latest.note == "Status: Draft → Published"

    def test_restoring_adds_a_new_revision_with_the_old_content(self, agent: User) -> None:
        en = make_article("Delivery times", body=V1)
        save_translation(en, actor=agent, title="Wrong title", body_markdown="Oops")
        first = en.revisions.get(number=1)
        restored = restore_revision(first, actor=agent)
        assert (restored.title, restored.body_markdown) == ("Delivery times", V1)
        latest = restored.revisions.order_by("-number").first()
        assert latest is not None
        assert latest.number == 3 and latest.note == "Restored revision 1"
        assert restored.status == Status.PUBLISHED

    def test_restoring_updates_the_search_index(self, agent: User) -> None:
        en = make_article("Delivery times", body="Ask at the counter.")
        save_translation(en, actor=agent, body_markdown="Ask the locker machine.")
        assert search_articles("counter") == []
        restore_revision(en.revisions.get(number=1), actor=agent)
        assert [h.doc_id for h in search_articles("counter")] == [en.pk]


class TestDiff:
    def test_changed_lines_show_as_removed_and_added(self) -> None:
        lines = diff_lines(V1, V2)
        assert [(line.kind, line.text) for line in lines] == [
            ("remove", "Parcels arrive in 3 days."),
            ("add", "Parcels arrive in 2 days."),
            ("same", ""),
            ("same", "Call us if it is late."),
            ("add", ""),
            ("add", "Or write to us."),
        ]

    def test_far_apart_changes_are_separated_by_a_gap(self) -> None:
        old = "\n".join(f"line {n}" for n in range(1, 21))
        new = old.replace("line 2\n", "line two\n").replace("line 19", "line nineteen")
        kinds = [line.kind for line in diff_lines(old, new)]
        assert kinds.count("gap") == 1 and kinds.count("add") == 2

    def test_a_revision_diff_counts_lines_and_notices_the_title(self, agent: User) -> None:
        en = make_article("Delivery times", body=V1)
        save_translation(en, actor=agent, title="Delivery", body_markdown=V2)
        diff = diff_revisions(en.revisions.get(number=1), en.revisions.get(number=2))
        assert diff.title_changed and (diff.added, diff.removed) == (3, 1)
