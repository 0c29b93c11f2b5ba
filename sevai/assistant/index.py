"""The assistant's passage index: published translations cut into spans, with embeddings.

`refresh_translation_passages` is called by sevai.kb.indexing in the same transaction as
every change to a translation (and `remove_translation_passages` on delete), so the
passages always match what the help center shows. Only this module and the assistant's
actions write these rows.

Each passage is embedded (kind="passage") as "<title>: <passage>", so a short sentence
("Enter the tracking number.") carries its article's subject; Passage.text keeps only the
verbatim span. Unchanged passages keep their vectors when an article is edited, and an
in-process cache remembers recent vectors, so re-imports and edits embed only what changed.

`passage_matrix()` is the whole index as numpy arrays, cached per process. It is reloaded
when the index changes: a version counter in the Django cache (bumped by every change, so
a process sees its own changes and, with Redis, everyone's) plus COUNT(*) and MAX(id) of
the table (ids only grow, so any insert raises MAX(id) and any delete-only change lowers
COUNT(*): this catches other processes' changes when the cache is per process).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.core.cache import cache
from django.db import connection, transaction

from sevai.assistant.models import Passage
from sevai.assistant.passages import split_passages
from sevai.kb.models import ArticleTranslation, Status
from sevai.triage.embeddings import DIMENSIONS, embed

Progress = Callable[[int, int], None]  # (translations done, total)
Vector = npt.NDArray[np.float32]
VERSION_KEY = "assistant:passages:version"
REINDEX_CHUNK = 32  # translations per transaction in reindex_passages
MEMO_SIZE = 20_000  # passage vectors remembered per process (~30 MB)

_memo: OrderedDict[str, bytes] = OrderedDict()
_memo_lock = threading.Lock()


def passage_input(title: str, text: str, position: int) -> str:
    """What is embedded for a passage: the title alone, or "<title>: <passage>"."""
    return title if position == 0 else f"{title}: {text}"


def vector_bytes(vector: Vector) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from_bytes(raw: bytes | memoryview) -> Vector:
    return np.frombuffer(bytes(raw), dtype=np.float32)


def question_vector(text: str) -> Vector:
    """A customer's question (or a corrected one) as the index compares it."""
    row: Vector = embed([text], kind="query")[0]
    return row


def embed_passages(inputs: list[str]) -> list[bytes]:
    """Vectors (as bytes) for passage inputs, embedding only those not remembered."""
    with _memo_lock:
        missing = list(dict.fromkeys(text for text in inputs if text not in _memo))
    if missing:
        vectors = embed(missing, kind="passage")
        with _memo_lock:
            for text, vector in zip(missing, vectors, strict=True):
                _memo[text] = vector_bytes(vector)
                if len(_memo) > MEMO_SIZE:
                    _memo.popitem(last=False)
    out = []
    with _memo_lock:
        for text in inputs:
            found = _memo.get(text)
            if found is None:  # pushed out by a huge batch: embed it alone
                found = vector_bytes(embed([text], kind="passage")[0])
            _memo[text] = found
            _memo.move_to_end(text)
            out.append(found)
    return out


def _bump_version() -> None:
    def bump() -> None:
        cache.add(VERSION_KEY, 0, timeout=None)
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # evicted between add and incr
            cache.set(VERSION_KEY, 1, timeout=None)

    bump()
    transaction.on_commit(bump)


def _remember(rows: Iterable[Passage], title: str) -> None:
    """Seed the memo with a translation's current vectors, so unchanged passages are reused."""
    with _memo_lock:
        for row in rows:
            key = passage_input(title, row.text, row.position)
            if key not in _memo:
                _memo[key] = bytes(row.embedding)


def _passages_for(translation: ArticleTranslation, vectors: dict[str, bytes]) -> list[Passage]:
    return [
        Passage(
            translation_id=translation.pk,
            article_id=translation.article_id,
            brand_id=translation.brand_id,
            language=translation.language,
            position=position,
            text=text,
            embedding=vectors[passage_input(translation.title, text, position)],
        )
        for position, text in enumerate(
            split_passages(translation.title, translation.body_markdown)
        )
    ]


def refresh_translation_passages(translation: ArticleTranslation) -> int:
    """Replace the translation's passages (none unless it is published); returns how many."""
    existing = Passage.objects.filter(translation_id=translation.pk)
    if translation.status != Status.PUBLISHED:
        removed, _by_model = existing.delete()
        if removed:
            _bump_version()
        return 0
    _remember(existing.only("text", "position", "embedding"), translation.title)
    spans = split_passages(translation.title, translation.body_markdown)
    inputs = [passage_input(translation.title, text, i) for i, text in enumerate(spans)]
    vectors = dict(zip(inputs, embed_passages(inputs), strict=True))
    existing.delete()
    rows = Passage.objects.bulk_create(_passages_for(translation, vectors))
    _bump_version()
    return len(rows)


def remove_translation_passages(translation_id: int) -> None:
    """Drop a deleted translation's passages (the foreign key usually has already)."""
    removed, _by_model = Passage.objects.filter(translation_id=translation_id).delete()
    _bump_version()


def reindex_passages(progress: Progress | None = None) -> int:
    """Rebuild every passage from the published translations; returns the passage count.
    Vectors of unchanged passages are reused, the rest are embedded in batches."""
    published = list(
        ArticleTranslation.objects.filter(status=Status.PUBLISHED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        Passage.objects.exclude(translation__status=Status.PUBLISHED).delete()
    total = 0
    for start in range(0, len(published), REINDEX_CHUNK):
        chunk = list(
            ArticleTranslation.objects.filter(pk__in=published[start : start + REINDEX_CHUNK])
        )
        old = Passage.objects.filter(translation__in=chunk).only(
            "translation_id", "text", "position", "embedding"
        )
        titles = {t.pk: t.title for t in chunk}
        for row in old:
            _remember([row], titles[row.translation_id])
        inputs = [
            passage_input(t.title, text, i)
            for t in chunk
            for i, text in enumerate(split_passages(t.title, t.body_markdown))
        ]
        vectors = dict(zip(inputs, embed_passages(inputs), strict=True))
        with transaction.atomic():
            Passage.objects.filter(translation__in=chunk).delete()
            rows = [p for t in chunk for p in _passages_for(t, vectors)]
            Passage.objects.bulk_create(rows, batch_size=500)
        total += len(rows)
        if progress:
            progress(min(start + REINDEX_CHUNK, len(published)), len(published))
    _bump_version()
    return total


@dataclass(frozen=True)
class PassageMatrix:
    """Every passage as parallel arrays; vectors[i] @ question is passage i's cosine."""

    ids: npt.NDArray[np.int64]
    article_ids: npt.NDArray[np.int64]
    translation_ids: npt.NDArray[np.int64]
    brand_ids: npt.NDArray[np.int64]  # -1: shared by every brand
    positions: npt.NDArray[np.int64]
    languages: list[str]
    vectors: npt.NDArray[np.float32]  # (n, 384)
    key: tuple[object, ...]

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self, passage_id: int) -> int | None:
        at = int(np.searchsorted(self.ids, passage_id))
        return at if at < len(self.ids) and self.ids[at] == passage_id else None


_matrix: PassageMatrix | None = None
_matrix_lock = threading.Lock()


def _index_key() -> tuple[object, ...]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {Passage._meta.db_table}")  # noqa: S608
        count, top = cursor.fetchone()
    return (cache.get(VERSION_KEY, 0), count, top, connection.vendor, connection.alias)


def _load(key: tuple[object, ...]) -> PassageMatrix:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, article_id, translation_id, brand_id, position, language, embedding "  # noqa: S608
            f"FROM {Passage._meta.db_table} ORDER BY id"
        )
        rows = cursor.fetchall()
    n = len(rows)

    def column(i: int) -> npt.NDArray[np.int64]:
        return np.fromiter((-1 if r[i] is None else r[i] for r in rows), dtype=np.int64, count=n)

    raw = b"".join(bytes(r[6]) for r in rows)
    vectors = np.frombuffer(raw, dtype=np.float32).reshape(n, DIMENSIONS) if n else None
    return PassageMatrix(
        ids=column(0),
        article_ids=column(1),
        translation_ids=column(2),
        brand_ids=column(3),
        positions=column(4),
        languages=[str(r[5]) for r in rows],
        vectors=vectors if vectors is not None else np.zeros((0, DIMENSIONS), dtype=np.float32),
        key=key,
    )


def passage_matrix() -> PassageMatrix:
    """The passage index of this process, reloaded when the table has changed."""
    global _matrix
    key = _index_key()
    current = _matrix
    if current is not None and current.key == key:
        return current
    with _matrix_lock:
        if _matrix is None or _matrix.key != key:
            _matrix = _load(key)
        return _matrix
