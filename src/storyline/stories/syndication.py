"""Syndicated copies: the same wire story carried by several outlets.

An agency story runs almost word for word at many outlets. Each stored article gets a
MinHash signature (datasketch) of its word 5-gram shingles; the signature is cut into
``BANDS`` bands of ``ROWS`` values and each band hashed to a key (locality-sensitive
hashing). The band keys live in an indexed table of the store, so finding the
candidates for a new article is a few index lookups, never a pass over the corpus, and
the LSH state survives restarts without being rebuilt. A candidate is a copy when
the estimated Jaccard similarity of the shingle sets is at least ``COPY_JACCARD``
and it comes from another outlet (same-outlet near-duplicates are versions).

With 16 bands of 8 rows, a pair at Jaccard 0.8 shares a band with probability
1 - (1 - 0.8^8)^16 ≈ 0.9996; at 0.5 with probability ≈ 0.06 (then rejected by the
signature check).

``carried_by`` and ``copy_roots`` are what the dossier and ledger use: a copy counts
once, as its original, and its outlet is listed as a carrier.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from storyline.model import normalize_for_id

__all__ = [
    "BANDS",
    "COPY_JACCARD",
    "MIN_WORDS",
    "ROWS",
    "band_keys",
    "carried_by",
    "copy_roots",
    "signature_of",
    "similarity",
]

BANDS = 16
ROWS = 8
NUM_PERM = BANDS * ROWS
SHINGLE_WORDS = 5
#: Texts shorter than this (in words) get no signature: teasers are too alike.
MIN_WORDS = 40
COPY_JACCARD = 0.8

_WORD = re.compile(r"\w+")


def signature_of(text: str) -> bytes | None:
    """The MinHash signature of a text's word 5-grams (``NUM_PERM`` uint64), or None."""
    words = _WORD.findall(normalize_for_id(text))
    if len(words) < MIN_WORDS:
        return None
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)
    }
    from datasketch import MinHash  # imported here: it pulls in scipy (about 1 s)

    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    minhash.update_batch([shingle.encode() for shingle in shingles])
    return bytes(np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes())


def band_keys(signature: bytes) -> list[int]:
    """One signed 64-bit key per band (fits an SQLite INTEGER)."""
    size = ROWS * 8
    keys = []
    for band in range(BANDS):
        chunk = signature[band * size : (band + 1) * size]
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    a = np.frombuffer(first, dtype=np.uint64)
    b = np.frombuffer(second, dtype=np.uint64)
    if a.shape != b.shape:
        return 0.0
    return float(np.mean(a == b))


def copy_roots(article_ids: Iterable[str], copy_of: Mapping[str, str]) -> dict[str, str]:
    """Each article's original report: itself, or the article it is a copy of."""
    return {article_id: copy_of.get(article_id, article_id) for article_id in article_ids}


def carried_by(
    article_ids: Sequence[str], copy_of: Mapping[str, str], outlet_of: Mapping[str, str]
) -> dict[str, tuple[str, ...]]:
    """For each original report among ``article_ids``: every outlet that carried it.

    Articles that are copies are folded into their original (which need not be among
    ``article_ids``: the first copy seen stands in for it).
    """
    carriers: dict[str, list[str]] = {}
    for article_id in article_ids:
        root = copy_of.get(article_id, article_id)
        outlets = carriers.setdefault(root, [])
        outlet = outlet_of.get(article_id)
        if outlet is not None and outlet not in outlets:
            outlets.append(outlet)
    return {root: tuple(outlets) for root, outlets in carriers.items()}
