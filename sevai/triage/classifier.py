"""The topic classifier: character n-grams + multilingual embeddings + a linear model, with
a calibrated confidence below which it abstains.

Features: TF-IDF over character n-grams (2-5, within words: robust to typos, inflection and
any script) and over words (1-2), plus the e5 sentence embedding (sevai.triage.embeddings),
which carries meaning across languages: a model trained on English tickets still routes a
Tamil one. A linear SVM separates the labels.

Confidence: three-fold cross-validation on the training data gives honest scores for every
example. Two signals say how sure the model is: the softmax of the scores (temperature
fitted on them) and how close the text is to the nearest training example (cosine of the
embeddings, or of the character n-grams without embeddings: off-topic text is far from
everything seen). A logistic regression on the two, fitted on the cross-validated rows,
gives the probability that the label is right; the model abstains (predicts None) below
`min_confidence`. Rows labelled None in the training data (out of scope) take part in the
calibration as rows where any answer is wrong, so the threshold learns to decline them.
"""

from __future__ import annotations

import time
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from sevai.triage.background import OFF_TOPIC
from sevai.triage.examples import Example, NotEnoughHistory, Prediction, Progress

if TYPE_CHECKING:
    from sevai.triage.examples import Embedder

__all__ = ["Example", "NotEnoughHistory", "Prediction", "Progress", "TopicClassifier"]

EMBEDDING_WEIGHT = 3.0  # the embedding block's norm beside the two TF-IDF blocks (1 each)
SVM_C = 0.5
FOLDS = 3
MIN_CONFIDENCE = 0.5  # abstain when the label is more likely wrong than right
# Text further from every training example than this share of the training examples (of
# its language) are from their nearest neighbour is out of scope: nothing like it was seen.
# Languages with fewer training examples get no such floor: across languages even a close
# translation is less similar, so a Tamil ticket on an English desk is still routed.
NOVELTY_QUANTILE = 0.01
NOVELTY_MIN_EXAMPLES = 200
BACKGROUND_MIN_EXAMPLES = 5  # a language's off-topic examples join from this many texts
MAX_CHARS = 3000


@dataclass
class TopicClassifier:
    labels: list[str]
    char_vectorizer: TfidfVectorizer
    word_vectorizer: TfidfVectorizer
    svm: LinearSVC
    temperature: float
    calibrator: LogisticRegression
    reference: npt.NDArray[np.float16] | sp.csr_matrix  # what "nearest example" looks at
    uses_embeddings: bool
    novelty_floors: dict[str, float] = field(default_factory=dict)  # by language; "" unknown
    min_confidence: float = MIN_CONFIDENCE
    info: dict[str, Any] = field(default_factory=dict)
    _reference32: Any = field(default=None, repr=False, compare=False)

    def _reference(self) -> npt.NDArray[np.float32] | sp.csr_matrix:
        """The reference rows as used for products (float32, converted once per process)."""
        if not isinstance(self.reference, np.ndarray):
            return self.reference
        if self._reference32 is None:
            self._reference32 = self.reference.astype(np.float32)
        return self._reference32

    def predict(
        self, texts: Sequence[str], *, embedder: Embedder | None = None
    ) -> list[Prediction]:
        if not texts:
            return []
        features = _features(
            self.char_vectorizer,
            self.word_vectorizer,
            list(texts),
            embedder if self.uses_embeddings else None,
        )
        scores = _scores(self.svm, features)
        best, raw = _best_and_confidence(scores, self.temperature)
        nearest = _nearest(_similarity_block(features, self.uses_embeddings), self._reference())
        calibrated = self.calibrator.predict_proba(np.c_[raw, nearest])[:, 1]
        if self.novelty_floors:  # unlike anything seen: kept below the threshold
            floors = np.array([self.novelty_floors.get(code, 0.0) for code in _languages(texts)])
            novel = nearest < floors
            cap = self.min_confidence * np.maximum(nearest, 0.0) / np.maximum(floors, 1e-9)
            calibrated = np.where(novel, np.minimum(calibrated, cap * 0.999), calibrated)
        results = []
        for index, confidence in zip(best, calibrated, strict=True):
            label = self.labels[int(index)]
            sure = float(confidence) >= self.min_confidence
            results.append(Prediction(label if sure else None, round(float(confidence), 4), label))
        return results


def usable_labels(examples: Sequence[Example], *, min_per_label: int) -> list[str]:
    counts = Counter(e.label for e in examples if e.label is not None)
    return sorted(label for label, n in counts.items() if n >= min_per_label)


def train_classifier(
    examples: Sequence[Example],
    *,
    min_examples: int = 50,
    min_per_label: int = 5,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    seed: int = 0,
) -> TopicClassifier:
    """Fit on labelled examples. Labels with fewer than min_per_label examples are left out
    (their examples count as out of scope for calibration). Raises NotEnoughHistory."""
    started = time.monotonic()
    report = progress or (lambda stage, done, total: None)
    languages = _languages([e.text for e in examples])
    off_topic = _background_texts(languages)
    background = [Example(text, None) for _language, text in off_topic]
    examples = [*examples, *background]
    languages += [language for language, _text in off_topic]
    labels = usable_labels(examples, min_per_label=min_per_label)
    known = set(labels)
    in_scope = [e for e in examples if e.label in known]
    if len(in_scope) < min_examples or len(labels) < 2:
        raise NotEnoughHistory(
            f"{len(in_scope)} usable examples in {len(labels)} labels "
            f"(needs {min_examples} examples and 2 labels with {min_per_label} each)"
        )
    texts = [_clip(e.text) for e in examples]
    index = {label: i for i, label in enumerate(labels)}
    y = np.array([index.get(e.label, -1) if e.label is not None else -1 for e in examples])
    char_vec, word_vec = _vectorizers(len(in_scope))
    scope = y >= 0
    char_vec.fit([t for t, s in zip(texts, scope, strict=True) if s])
    word_vec.fit([t for t, s in zip(texts, scope, strict=True) if s])
    report("embed", 0, len(texts))
    x = _features(char_vec, word_vec, texts, embedder, progress=report)
    similar = _similarity_block(x, embedder is not None)
    scores, nearest = _cross_validated(x, y, similar, len(labels), seed=seed, progress=report)
    temperature = _fit_temperature(scores[scope], y[scope])
    best, raw = _best_and_confidence(scores, temperature)
    right = (best == y) & scope
    calibrator = _fit_calibrator(np.c_[raw, nearest], right)
    report("fit", 0, 1)
    svm = LinearSVC(C=SVM_C).fit(x[scope], y[scope])
    report("fit", 1, 1)
    cv_accuracy = float(np.mean(best[scope] == y[scope]))
    extra = np.arange(len(y)) >= len(y) - len(background)
    floors = _novelty_floors(languages, nearest, scope, extra)
    return TopicClassifier(
        labels=labels,
        char_vectorizer=char_vec,
        word_vectorizer=word_vec,
        svm=svm,
        temperature=temperature,
        calibrator=calibrator,
        reference=_reference(similar[scope]),
        uses_embeddings=embedder is not None,
        novelty_floors=floors,
        info={
            "examples": int(scope.sum()),
            "out_of_scope_examples": int((~scope).sum()) - len(background),
            "background_examples": len(background),
            "label_counts": dict(Counter(str(e.label) for e in in_scope)),
            "cross_validated_accuracy": round(cv_accuracy, 4),
            "temperature": round(temperature, 4),
            "novelty_floors": floors,
            "train_seconds": round(time.monotonic() - started, 2),
        },
    )


def _languages(texts: Sequence[str]) -> list[str]:
    from sevai.triage.language import detect_language

    return [detect_language(text) for text in texts]


def _background_texts(languages: list[str]) -> list[tuple[str, str]]:
    """Off-topic texts in the languages the training data has enough of (only those: a
    language the desk never wrote in would otherwise look off-topic as a whole)."""
    counts = Counter(languages)
    return [
        (language, text)
        for language, texts in OFF_TOPIC.items()
        if counts[language] >= BACKGROUND_MIN_EXAMPLES
        for text in texts
    ]


def _novelty_floors(
    languages: list[str],
    nearest: npt.NDArray[np.float64],
    scope: npt.NDArray[np.bool_],
    background: npt.NDArray[np.bool_],
) -> dict[str, float]:
    """Per language: the NOVELTY_QUANTILE of the in-scope rows' nearest similarity, but never
    above the most similar off-topic background text (a desk of near-identical tickets
    would otherwise call every new wording novel)."""
    codes = np.array(languages)
    floors = {}
    for code in np.unique(codes[scope]):
        mine = nearest[scope & (codes == code)]
        if len(mine) < NOVELTY_MIN_EXAMPLES:
            continue
        floor = float(np.quantile(mine, NOVELTY_QUANTILE))
        off_topic = nearest[background & (codes == code)]
        if off_topic.size:
            floor = min(floor, float(off_topic.max()))
        floors[str(code)] = round(floor, 4)
    return floors


def _clip(text: str) -> str:
    return " ".join((text or "").split())[:MAX_CHARS]


def _vectorizers(n: int) -> tuple[TfidfVectorizer, TfidfVectorizer]:
    min_df = 2 if n >= 200 else 1
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        sublinear_tf=True,
        min_df=min_df,
        max_features=300_000,
        dtype=np.float32,
    )
    word = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b",  # noqa: S106 (a regular expression, not a password)
        max_features=200_000,
        dtype=np.float32,
    )
    return char, word


def _features(
    char_vec: TfidfVectorizer,
    word_vec: TfidfVectorizer,
    texts: list[str],
    embedder: Embedder | None,
    *,
    progress: Progress | None = None,
) -> sp.csr_matrix:
    texts = [_clip(t) for t in texts]
    blocks = [char_vec.transform(texts), word_vec.transform(texts)]
    if embedder is not None:
        vectors = np.zeros((len(texts), 0), dtype=np.float32)
        chunks = []
        step = 256
        for start in range(0, len(texts), step):
            chunks.append(embedder(texts[start : start + step]))
            if progress:
                progress("embed", min(start + step, len(texts)), len(texts))
        vectors = np.vstack(chunks) if chunks else vectors
        blocks.append(sp.csr_matrix(vectors * EMBEDDING_WEIGHT))
    return sp.hstack(blocks, format="csr")


def _scores(svm: LinearSVC, x: sp.csr_matrix) -> npt.NDArray[np.float64]:
    scores = np.asarray(svm.decision_function(x), dtype=np.float64).reshape(x.shape[0], -1)
    if scores.shape[1] == 1:  # two labels: one column, positive = the second
        scores = np.hstack([-scores, scores])
    return scores


def _similarity_block(x: sp.csr_matrix, embedded: bool) -> sp.csr_matrix:
    """The embedding columns (the last 384) when present, else all the TF-IDF columns."""
    from sevai.triage.embeddings import DIMENSIONS

    block = x[:, x.shape[1] - DIMENSIONS :] if embedded else x
    norms = np.sqrt(np.asarray(block.multiply(block).sum(axis=1))).ravel()
    return sp.csr_matrix(sp.diags(1.0 / np.maximum(norms, 1e-12)) @ block)


def _reference(block: sp.csr_matrix) -> npt.NDArray[np.float16] | sp.csr_matrix:
    from sevai.triage.embeddings import DIMENSIONS

    if block.shape[1] == DIMENSIONS:
        return np.asarray(block.todense(), dtype=np.float16)
    return block


def _nearest(
    block: sp.csr_matrix, reference: npt.NDArray[np.float16 | np.float32] | sp.csr_matrix
) -> npt.NDArray[np.float64]:
    """Cosine similarity of each row to its nearest reference row."""
    if reference.shape[0] == 0:
        return np.zeros(block.shape[0])
    if isinstance(reference, np.ndarray):
        dense = np.asarray(block.todense(), dtype=np.float32)
        return np.asarray((reference.astype(np.float32, copy=False) @ dense.T).max(axis=0)).ravel()
    product = reference @ block.T.tocsc()  # (references x rows): no copy of the references
    return np.asarray(product.max(axis=0).todense(), dtype=np.float64).ravel()


def _cross_validated(
    x: sp.csr_matrix,
    y: npt.NDArray[np.int_],
    similar: sp.csr_matrix,
    n_labels: int,
    *,
    seed: int,
    progress: Progress,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Decision scores and nearest-example similarity for every row, from folds that never
    saw it."""
    scores = np.zeros((len(y), n_labels))
    nearest = np.zeros(len(y))
    folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    # Out-of-scope rows (-1) are spread over the folds like a label of their own.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "least populated class" of few -1s
        splits = list(folds.split(np.zeros(len(y)), y))
    progress("calibrate", 0, FOLDS)
    for done, (train, test) in enumerate(splits, start=1):
        train = train[y[train] >= 0]
        present = np.unique(y[train])
        svm = LinearSVC(C=SVM_C).fit(x[train], y[train])
        block = np.full((len(test), n_labels), -10.0)
        block[:, present] = _scores(svm, x[test])
        scores[test] = block
        nearest[test] = _nearest(similar[test], _reference(similar[train]))
        progress("calibrate", done, FOLDS)
    return scores, nearest


def _fit_calibrator(
    signals: npt.NDArray[np.float64], right: npt.NDArray[np.bool_]
) -> LogisticRegression:
    if right.all() or not right.any():  # one outcome only: no slope to learn
        signals = np.vstack([signals, [[0.0, 0.0], [1.0, 1.0]]])
        right = np.r_[right, False, True]
    return LogisticRegression(C=10.0, max_iter=1000).fit(signals, right)


def _softmax(scores: npt.NDArray[np.float64], temperature: float) -> npt.NDArray[np.float64]:
    z = scores / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]


def _best_and_confidence(
    scores: npt.NDArray[np.float64], temperature: float
) -> tuple[npt.NDArray[np.int_], npt.NDArray[np.float64]]:
    probabilities = _softmax(scores, temperature)
    return probabilities.argmax(axis=1), probabilities.max(axis=1)


def _fit_temperature(scores: npt.NDArray[np.float64], y: npt.NDArray[np.int_]) -> float:
    """The softmax temperature with the lowest negative log-likelihood (a 1-D search)."""
    best_t, best_nll = 1.0, float("inf")
    for t in np.geomspace(0.02, 5.0, 40):
        p = _softmax(scores, float(t))[np.arange(len(y)), y]
        nll = float(-np.mean(np.log(np.maximum(p, 1e-12))))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t
