"""Training on the desk's own tickets, predictions at ticket creation, and corrections."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from sevai.testing.factories import CustomerFactory, TicketFactory
from sevai.tickets import actions as tickets
from sevai.tickets.models import Ticket
from sevai.triage import actions, storage
from sevai.triage.history import desk_history, pick_topic
from sevai.triage.models import TicketPrediction, TrainingRun
from sevai.triage.tasks import predict_new_ticket, train_triage_models
from sevai.triage.tests.desk import MIX, TOPICS, ticket_text
from sevai.triage.training import train_desk_models

pytestmark = pytest.mark.django_db


def build_desk(agent, per_topic: int = 20, *, solved: bool = True) -> list[Ticket]:  # type: ignore[no-untyped-def]
    """Solved tickets tagged with their topic (and noise tags triage must ignore)."""
    rng = random.Random(11)
    made = []
    at = timezone.now() - timedelta(days=30)
    for label in TOPICS:
        for i in range(per_topic):
            language = MIX[i % len(MIX)]
            text = ticket_text(label, language, rng)
            ticket = TicketFactory(
                subject=text[:40], body=text, tags=(label, "vip") if i % 4 == 0 else (label,), at=at
            )
            if solved:
                tickets.change_status(ticket, Ticket.Status.SOLVED, actor=agent)
            made.append(ticket)
    return made


class TestHistory:
    def test_the_most_specific_topic_tag_is_the_label(self) -> None:
        counts = {"delivery": 40, "not-received": 12, "vip": 3, "escalated": 2}
        from collections import Counter

        assert pick_topic(["delivery", "not-received", "vip"], Counter(counts)) == "not-received"
        assert pick_topic(["escalated", "vip"], Counter(counts)) is None

    def test_open_tickets_do_not_teach(self, agent) -> None:  # type: ignore[no-untyped-def]
        build_desk(agent, per_topic=3, solved=False)
        assert desk_history().tickets == 0


class TestTrainAndPredict:
    def test_too_little_history_gives_no_model_and_no_guess(self, agent) -> None:  # type: ignore[no-untyped-def]
        build_desk(agent, per_topic=5)
        assert train_desk_models() is None
        ticket = TicketFactory(body="Please refund the payment for order 4411.")
        prediction = actions.predict_ticket(ticket)
        assert prediction.topic == ""
        assert prediction.model_version == ""

    def test_round_trip_on_a_multilingual_desk(self, agent) -> None:  # type: ignore[no-untyped-def]
        build_desk(agent)
        models = train_desk_models()
        assert models is not None and models.topic is not None
        assert sorted(models.topic.labels) == sorted(TOPICS)  # "vip" is never a topic
        assert storage.latest_models() is not None
        assert storage.latest_metadata()["topic"]["trained"]  # type: ignore[index]
        new = TicketFactory(
            customer=CustomerFactory(language=""),
            subject="Refund",
            body="Hello po, kailan po maibabalik ang pera ko sa order 55123? Salamat po.",
        )
        prediction = actions.predict_ticket(new)
        assert prediction.topic == "refund"
        assert prediction.topic_confidence >= 0.5
        assert prediction.model_version == models.version

    def test_versions_count_up_and_old_ones_are_pruned(self, agent, settings) -> None:  # type: ignore[no-untyped-def]
        settings.TRIAGE_KEEP_MODELS = 2
        build_desk(agent)
        versions = [train_desk_models().version for _ in range(3)]  # type: ignore[union-attr]
        assert versions == ["v0001", "v0002", "v0003"]
        assert [n for n, _path in storage.versions()] == [2, 3]

    def test_a_new_ticket_is_predicted_by_the_task_after_commit(  # type: ignore[no-untyped-def]
        self, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            ticket = TicketFactory(body="URGENT!!! I need my parcel today, worst service ever")
        assert callbacks  # the prediction is queued once the ticket is committed
        assert predict_new_ticket.call(ticket.pk) == "-"
        prediction = TicketPrediction.objects.get(ticket=ticket)
        assert prediction.is_urgent and prediction.is_angry
        assert prediction.priority == "urgent"
        assert predict_new_ticket.call(ticket.pk) == "-"  # twice is fine
        assert TicketPrediction.objects.count() == 1


class TestCorrections:
    def test_a_correction_is_applied_to_the_ticket_and_kept(self, agent) -> None:  # type: ignore[no-untyped-def]
        ticket = TicketFactory(body="Where is my parcel 12345?")
        prediction = actions.correct_prediction(
            ticket, actor=agent, topic="Address-Change", priority="high"
        )
        assert prediction.corrected_topic == "address-change"
        assert prediction.corrected_priority == "high"
        assert prediction.corrected_by == agent
        ticket.refresh_from_db()
        assert ticket.priority == "high"
        assert list(ticket.tags.values_list("name", flat=True)) == ["address-change"]
        refreshed = actions.predict_ticket(ticket, refresh=True)
        assert refreshed.corrected_topic == "address-change"

    def test_corrections_feed_the_next_training(self, agent) -> None:  # type: ignore[no-untyped-def]
        desk = build_desk(agent, per_topic=20, solved=True)
        still_open = TicketFactory(body="Ծանրոց 44120-ը դեռ չի հասել։")
        actions.correct_prediction(still_open, actor=agent, topic="delay", apply=False)
        relabelled = desk[0]  # a refund ticket an agent says was about an address
        actions.correct_prediction(relabelled, actor=agent, topic="address-change", priority="low")
        history = desk_history()
        labels = {example.text: example.label for example in history.topics}
        assert labels[f"{still_open.subject}\n{still_open.messages.get().body}"] == "delay"
        first = relabelled.messages.get().body
        assert labels[f"{relabelled.subject}\n{first}"] == "address-change"
        priorities = {e.text: e.label for e in history.priorities}
        assert priorities[f"{relabelled.subject}\n{first}"] == "low"

    def test_light_agents_cannot_correct(self, light_agent) -> None:  # type: ignore[no-untyped-def]
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            actions.correct_prediction(TicketFactory(), actor=light_agent, topic="refund")


class TestBackgroundTraining:
    def test_a_queued_run_is_trained_once_by_the_worker(self, agent) -> None:  # type: ignore[no-untyped-def]
        build_desk(agent)
        run = actions.queue_training(actor=agent)
        assert train_triage_models.call(run.pk) == "done"
        assert train_triage_models.call(run.pk) == "not-queued"
        run.refresh_from_db()
        assert run.state == TrainingRun.State.DONE
        assert run.model_version == "v0001"
        assert run.summary["topic"]["trained"]

    def test_a_run_without_history_is_skipped(self) -> None:
        run = actions.queue_training()
        assert train_triage_models.call(run.pk) == "skipped"
        run.refresh_from_db()
        assert run.summary["min_tickets"] == 50
