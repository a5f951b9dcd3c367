"""Near-copies of one story: MinHash over character shingles (works for Chinese, which
has no spaces) with LSH (datasketch), so a readout syndicated on many sites with
different boilerplate is linked to one ``story_id``.

Exact copies never get here: they have the same SHA-256 and are one document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.6
SCHEME = "affine32"  # stored signatures must be compared with the scheme that made them
_DROP = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return _DROP.sub("", text)


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    t = normalise(text)
    if len(t) <= k:
        return {t.encode("utf-8")} if t else set()
    return {t[i : i + k].encode("utf-8") for i in range(len(t) - k + 1)}


def signature(text: str):
    """MinHash of a text (None for texts too short to compare)."""
    from datasketch import MinHash

    sh = shingles(text)
    if len(sh) < 10:
        return None
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(sh))
    return m


def to_bytes(m) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes):
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64).copy())


class StoryIndex:
    """LSH index of document signatures → the story each document belongs to."""

    def __init__(self, threshold: float = THRESHOLD):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.story: dict[str, str] = {}
        self.sigs: dict[str, object] = {}

    def add(self, doc_id: str, sig, story_id: str) -> None:
        if sig is None or doc_id in self.story:
            return
        self.lsh.insert(doc_id, sig)
        self.story[doc_id] = story_id
        self.sigs[doc_id] = sig

    def load(self, rows: Iterable[tuple[str, bytes | None, str | None]]) -> None:
        for doc_id, blob, story_id in rows:
            if blob:
                self.add(doc_id, from_bytes(blob), story_id or doc_id)

    def story_for(self, doc_id: str, sig) -> str:
        """The story of the most similar indexed document above the threshold, else a new story (the doc's id)."""
        if sig is None:
            return doc_id
        best, best_sim = None, 0.0
        for other in self.lsh.query(sig):
            sim = sig.jaccard(self.sigs[other])
            if sim >= self.threshold and (sim > best_sim or (sim == best_sim and other < (best or other))):
                best, best_sim = other, sim
        return self.story[best] if best else doc_id
