"""How likely the first candidate article is the right answer: a calibrated probability.

A logistic model over retrieval features:

- top_dense: the cosine of the first article's best passage (multilingual-e5 cosines of
  related texts sit between about 0.80 and 0.95, so it is centred on DENSE_CENTRE and
  scaled to hundredths);
- text_first: whether the full-text search ranks the same article first;
- text_found: whether the full-text search finds it at all.

Two more are computed and recorded with each decision but left out of the model, because
they did not help on the development questions: margin (the first article's best cosine
minus the best of any other article) and dense_first (the dense ranking alone puts it
first); with the text features in, their fitted weights were about zero and the
leave-one-out log loss got worse (0.228 and 0.232 against 0.223).

confidence = 1 / (1 + exp(-(BIAS + sum(weight * feature)))). BIAS and WEIGHTS were fitted by
`bench/assistant_calibrate.py` (logistic regression, L2, C=1.0) on the 136 development
questions of bench/data/assistant_faq_dev.jsonl (112 with an expected article, 24 with
none, in en/ta/tl/hy) against the demo knowledge base (sevai/kb/demo_articles): the label is
"the first article is the expected one" (always 0 when no article is expected). Left-out
predictions were calibrated (e.g. 0.96 predicted, 0.98 right above 0.8). The questions
that `sevai assistant evaluate` reports on (bench/data/assistant_faq.jsonl) were not used.
Re-run the script after changing retrieval and paste its output here.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from sevai.assistant.retrieval import Retrieval

DENSE_CENTRE = 0.85
MARGIN_SCALE = 100.0  # the margin is in cosine units: 0.01 -> 1.0
DENSE_SCALE = 100.0
# Fitted by bench/assistant_calibrate.py on bench/data/assistant_faq_dev.jsonl (see above).
BIAS = -2.8336
WEIGHTS = {
    "top_dense": 0.7716,
    "text_first": 1.9893,
    "text_found": 0.9804,
}
CORRECTED = 0.95  # an admin's correction of a question this similar is trusted


@dataclass(frozen=True)
class Features:
    top_dense: float
    margin: float
    text_first: float
    text_found: float
    dense_first: float

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


def features_of(retrieval: Retrieval) -> Features | None:
    """The features of the first candidate, None when there is none."""
    if not retrieval.candidates:
        return None
    top = retrieval.candidates[0]
    dense = max(top.dense, 0.0)
    second = max(retrieval.second_dense, 0.0)
    return Features(
        top_dense=round((dense - DENSE_CENTRE) * DENSE_SCALE, 4),
        margin=round((dense - second) * MARGIN_SCALE, 4),
        text_first=1.0 if top.text_rank == 1 else 0.0,
        text_found=1.0 if top.text_rank is not None else 0.0,
        dense_first=1.0 if top.dense_rank == 1 else 0.0,
    )


def probability(features: Features) -> float:
    z = BIAS + sum(weight * getattr(features, name) for name, weight in WEIGHTS.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def confidence_of(retrieval: Retrieval) -> float:
    """In [0, 1]: the probability that the first candidate answers the question."""
    if retrieval.correction is not None and retrieval.correction.article_id is not None:
        return CORRECTED
    features = features_of(retrieval)
    return round(probability(features), 4) if features is not None else 0.0
