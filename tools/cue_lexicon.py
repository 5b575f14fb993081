"""How often each verb lemma is an attribution cue in a PolNeAR split (train only).

    PYTHONPATH=src:benchmarks/src python tools/cue_lexicon.py ../shared/data/polnear/train

Parses every text with storyline's English model and prints, per verb lemma seen at
least ``--min-count`` times, how often it is (part of) a gold cue, its precision as a
cue (cue occurrences / occurrences) and whether storyline's lexicon has it. The cue
lists of ``storyline.pipeline.statements.cues`` were checked against this table on the
*train* split; never run it on a test split.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from storyline.pipeline.nlp import load_english
from storyline.pipeline.statements.cues import cue_class
from storyline_benchmarks.attribution import load_polnear


def _cue_positions(text: str, spans: list[tuple[tuple[int, int], ...]]) -> set[int]:
    return {i for span in spans for start, end in span for i in range(start, end)}


def count_cues(folder: Path, limit: int | None) -> tuple[Counter[str], Counter[str]]:
    """Per verb lemma: occurrences, and occurrences inside a gold cue."""
    seen: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    nlp = load_english()
    documents = load_polnear(folder, limit)
    texts = (document.text for document in documents)
    for document, doc in zip(documents, nlp.pipe(texts, batch_size=16), strict=True):
        cues = _cue_positions(document.text, [a.cue for a in document.attributions if a.cue])
        for token in doc:
            if token.pos_ != "VERB":
                continue
            lemma = token.lemma_.lower()
            seen[lemma] += 1
            if token.idx in cues:
                cued[lemma] += 1
    return seen, cued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("folder", type=Path, help="a PolNeAR split folder (train)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--min-count", type=int, default=8)
    parser.add_argument("--min-precision", type=float, default=0.5)
    arguments = parser.parse_args()
    seen, cued = count_cues(arguments.folder, arguments.limit)
    print("lemma\tcue\tseen\tprecision\tin_lexicon")
    for lemma, count in sorted(seen.items(), key=lambda item: -cued[item[0]]):
        precision = cued[lemma] / count
        if count < arguments.min_count or precision < arguments.min_precision:
            continue
        known = "yes" if cue_class(lemma) is not None else "no"
        print(f"{lemma}\t{cued[lemma]}\t{count}\t{precision:.2f}\t{known}")


if __name__ == "__main__":
    main()
