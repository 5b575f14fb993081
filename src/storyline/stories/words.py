"""Content words of a text: one tokenizer, set three ways for the three uses in ``stories``.

A tokenizer normalizes the text, finds its words with a pattern, cleans each word,
drops stop words and words shorter than a minimum, and reduces the rest to a stem.
Each use sets these for what it compares:

- ``grouping_terms`` (grouping features, TF-IDF over whole articles): letter words
  (with inner apostrophes and hyphens) and numbers of two digits or more, a possessive
  "'s" dropped, at least three letters, a long stop list of function words and of
  words every news report uses ("said", "week", "people"), a light plural stemmer;
- ``timeline_terms`` (timeline sentence vectors): every run of letters or digits of two
  characters or more, spaCy's English stop words (a copy in ``data/stop_words_en.txt``,
  so that building a dossier never imports spaCy), no stemming;
- ``ledger_words`` (whether two statements say the same): every ``\\w`` run of the text
  normalized as for ids (NFKC, case folded), function words and speech verbs out, a
  final plural "s" dropped.

``stories.contradictions`` sets it twice more for its propositions: every word with
negators kept, and the salient words (no negators, hedges or reporting words), stemmed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from importlib import resources

from storyline.model import normalize_for_id

__all__ = [
    "GROUPING_STOPWORDS",
    "LEDGER_FUNCTION_WORDS",
    "ContentWords",
    "drop_plural_s",
    "grouping_terms",
    "ledger_words",
    "light_singular",
    "spacy_stop_words",
    "timeline_terms",
    "without_possessive",
]

#: How many distinct words each tokenizer remembers the term of (memory stays bounded).
_TERM_CACHE = 1 << 17


class ContentWords:
    """A content-word tokenizer (see the module doc); call it on a text for its terms,
    in text order, repeats kept."""

    def __init__(
        self,
        pattern: str,
        *,
        stop_words: Callable[[], frozenset[str]],
        min_length: int = 1,
        normalize: Callable[[str], str] = str.casefold,
        clean: Callable[[str], str] | None = None,
        stem: Callable[[str], str] | None = None,
    ) -> None:
        self._pattern = re.compile(pattern)
        self._load_stop_words = stop_words  # read on first use (a data file for one)
        self._min_length = min_length
        self._normalize = normalize
        self._clean = clean
        self._stem = stem
        self._term = lru_cache(maxsize=_TERM_CACHE)(self._uncached_term)

    @cached_property
    def stop_words(self) -> frozenset[str]:
        return self._load_stop_words()

    def _uncached_term(self, word: str) -> str | None:
        if self._clean is not None:
            word = self._clean(word)
        if len(word) < self._min_length or word in self.stop_words:
            return None
        return self._stem(word) if self._stem is not None else word

    def __call__(self, text: str) -> list[str]:
        terms = map(self._term, self._pattern.findall(self._normalize(text)))
        return [term for term in terms if term is not None]


_POSSESSIVE = re.compile(r"['’]s$")


def without_possessive(text: str) -> str:
    """Straight apostrophes, and no final possessive: "Kremlin’s" -> "Kremlin"."""
    return _POSSESSIVE.sub("", text.replace("’", "'"))


def light_singular(word: str) -> str:
    """A light plural stripper: 'missiles' -> 'missile', 'countries' -> 'country'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def drop_plural_s(word: str) -> str:
    """A final plural "s" dropped from words of four letters or more ('talks' -> 'talk')."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Function words and words every news report uses whatever it reports.
_GROUPING_STOPWORD_TEXT = """
    a about above after again against all also although am among an and another any are
    around as at be because been before being below between both but by can could did do
    does doing done down during each either else even ever every few for from further get
    gets got had has have having he her here hers herself him himself his how however i if
    in into is it its itself just least less like made make many may me might more most
    much must my myself near neither never no nor not now of off often on once one only or
    other others our ours ourselves out over own per perhaps put quite rather said same say
    saying says see seen shall she should since so some still such than that the their
    theirs them themselves then there these they this those though through thus to too
    toward towards under until up upon us very via was we were what whatever when where
    whether which while who whom whose why will with within without would yet you your
    yours yourself yourselves mr mrs ms dr told tell tells according reported reports report
    reporting news week weeks day days year years month months today yesterday tomorrow
    time times monday tuesday wednesday thursday friday saturday sunday new first last two
    three four five six seven eight nine ten several including include includes included
    people percent part well back way lot take took taken come came going go went according
    added add adding don't didn't can't won't isn't wasn't aren't it's
"""
GROUPING_STOPWORDS = frozenset(_GROUPING_STOPWORD_TEXT.split())

_LEDGER_FUNCTION_WORD_TEXT = """
    a an the and or but of to in on at by for with from as that this these those it its
    is are was were be been being has have had do does did will would shall should can
    could may might must not no he she they we i you his her their our my your him them
    us me who which what when where there here than then so if also very just about into
    over after before said says say
"""
LEDGER_FUNCTION_WORDS = frozenset(_LEDGER_FUNCTION_WORD_TEXT.split())


#: spaCy's English stop words, as ``tools/stop_words.py`` copied them (a test keeps the
#: copy equal to spaCy's list).
SPACY_STOP_WORDS_FILE = "stop_words_en.txt"


def spacy_stop_words() -> frozenset[str]:
    """spaCy's English stop words, read from the package's copy (spaCy is not imported)."""
    text = resources.files("storyline").joinpath("data", SPACY_STOP_WORDS_FILE).read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


grouping_terms = ContentWords(
    r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d{2,}(?:[.,]\d+)?",
    stop_words=lambda: GROUPING_STOPWORDS,
    min_length=3,
    clean=without_possessive,
    stem=light_singular,
)
timeline_terms = ContentWords(r"[^\W_]+", stop_words=spacy_stop_words, min_length=2)
ledger_words = ContentWords(
    r"\w+",
    stop_words=lambda: LEDGER_FUNCTION_WORDS,
    normalize=normalize_for_id,
    stem=drop_plural_s,
)
