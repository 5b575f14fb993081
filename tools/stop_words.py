"""Write spaCy's English stop words to ``src/storyline/data/stop_words_en.txt``.

    .venv/bin/python tools/stop_words.py          # (re)write the file
    .venv/bin/python tools/stop_words.py --check  # exit 1 when the file differs

``stories.words.timeline_terms`` reads the file instead of importing spaCy, so that a
process that only shows stored dossiers never loads spaCy (half a second of CPU).
Run it after upgrading spaCy; ``tests/stories/test_words.py`` fails while the file and
spaCy's list differ.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

TARGET = Path(__file__).resolve().parents[1] / "src" / "storyline" / "data" / "stop_words_en.txt"

HEADER = """\
# spaCy's English stop words (spacy.lang.en.stop_words.STOP_WORDS), one a line, sorted.
# Written by tools/stop_words.py; do not edit by hand. Lines starting with "#" are comments.
"""


def stop_words_text() -> str:
    """The file's text: the header, then every stop word on its own line."""
    words = sorted(STOP_WORDS)
    odd = [w for w in words if not w or w != w.strip() or w.startswith("#") or "\n" in w]
    if odd:
        raise ValueError(f"stop words the file format cannot hold: {odd}")
    return HEADER + "".join(f"{word}\n" for word in words)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    options = parser.parse_args()
    text = stop_words_text()
    if options.check:
        same = TARGET.is_file() and TARGET.read_text("utf-8") == text
        print("up to date" if same else f"{TARGET} differs from spaCy's stop words")
        return 0 if same else 1
    TARGET.write_text(text, "utf-8")
    print(f"wrote {len(STOP_WORDS)} stop words to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
